"""HTML to text (bot/reading/html.py): tables, layout, broken markup."""
from __future__ import annotations

from bot.reading.html import html_to_text


def lines(html: str) -> list[str]:
    """Non-blank lines (paragraphs are separated by one blank line)."""
    return [line for line in html_to_text(html).splitlines() if line]


def test_unclosed_cells_and_rows_still_give_rows() -> None:
    html = "<table><tr><td>Name<td>E-mail<tr><td>Ana Ruiz<td>ana@x.example</table>"
    assert html_to_text(html).splitlines() == ["Name | E-mail", "Ana Ruiz | ana@x.example"]


def test_a_layout_table_reads_its_blocks_in_order() -> None:
    html = "<table><tr><td><p>Left one</p><p>Left two</p></td><td><p>Right</p></td></tr></table>"
    assert lines(html) == ["Left one", "Left two", "Right"]


def test_empty_middle_cells_keep_the_columns() -> None:
    html = "<table><tr><td>A</td><td></td><td>a@x.example</td></tr></table>"
    assert html_to_text(html) == "A |  | a@x.example"


def test_entities_breaks_lists_and_hidden_content() -> None:
    html = ("<head><title>T</title><style>p{}</style></head><p>M.&nbsp;Jean&#160;Dupont&nbsp;&amp; co<br>ligne 2</p>"
            "<ul><li>un</li><li>deux</li></ul><script>x()</script>")
    assert lines(html) == ["M. Jean Dupont & co", "ligne 2", "- un", "- deux"]


def test_garbage_markup_does_not_raise() -> None:
    for html in ("<table><td></blockquote></tr></table></table>", "<<<>>>", "<blockquote>" * 500, "</td>" * 50):
        html_to_text(html)
