"""HTML to readable text: blocks on their own lines, table rows as "cell | cell".

Outlook and webmail bodies nest layout tables, spans and `&nbsp;`; a later step must
still read a "Name | Title | E-mail | Attendance" table row by row. Blockquotes become
"> " lines so that quote detection treats them like quoted plain text.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from bot import patterns

_SKIP = {"script", "style", "head", "title", "template", "noscript", "xml", "svg", "object"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "pre", "address", "center", "section", "article", "header", "footer", "form",
    "fieldset", "caption", "tbody", "thead", "tfoot", "body", "html", "o:p",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
_MAX_DEPTH = 200
_SPACES = patterns.compile(r"[ \t\r\n\f\v\u00a0\u200b\u2007\u202f]+")


class _Buffer:
    """Text being collected for the document, a table cell or a blockquote."""

    def __init__(self, kind: str):
        self.kind = kind
        self.chunks: list[str] = []

    def text(self) -> str:
        return _tidy("".join(self.chunks))


class _Table:
    def __init__(self) -> None:
        self.rows: list[str] = []
        self.cells: list[str] | None = None  # the open row

    def close_row(self) -> None:
        if self.cells is None:
            return
        cells = [c.strip() for c in self.cells]
        self.cells = None
        filled = [c for c in cells if c]
        if not filled:
            return
        if len(filled) == 1:
            self.rows.append(filled[0])
        elif any("\n" in c for c in filled):
            # A layout row (whole blocks side by side): read the blocks one after another.
            self.rows.append("\n".join(filled))
        else:
            while cells and not cells[-1]:
                cells.pop()
            while cells and not cells[0]:
                cells.pop(0)
            self.rows.append(" | ".join(cells))


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buffers = [_Buffer("root")]
        self.tables: list[_Table] = []
        self.skip = 0
        self.pre = 0
        self.depth = 0
        self.list_depth = 0

    # -- structure -------------------------------------------------------------------
    def _newline(self) -> None:
        self.buffers[-1].chunks.append("\n")

    def _open_cell(self) -> None:
        table = self.tables[-1]
        self._close_cell()
        if table.cells is None:
            table.cells = []
        self.buffers.append(_Buffer("cell"))

    def _close_cell(self) -> None:
        if self.buffers[-1].kind == "cell" and self.tables:
            cell = self.buffers.pop()
            table = self.tables[-1]
            if table.cells is None:
                table.cells = []
            table.cells.append(cell.text())

    def _close_table(self) -> None:
        # Close whatever the author left open inside the table.
        while self.buffers[-1].kind == "quote" and len(self.buffers) > 1:
            self._close_quote()
        self._close_cell()
        table = self.tables.pop()
        table.close_row()
        block = "\n".join(table.rows)
        if block:
            self.buffers[-1].chunks.append("\n" + block + "\n")

    def _close_quote(self) -> None:
        quote = self.buffers.pop()
        lines = quote.text().split("\n")
        block = "\n".join(("> " + line) if line else ">" for line in lines)
        if block.strip("> \n"):
            self.buffers[-1].chunks.append("\n" + block + "\n")

    # -- parser callbacks ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag in _SKIP:
                self.skip += 1
            return
        if tag in _SKIP:
            self.skip = 1
            return
        if tag not in _VOID:
            self.depth += 1
        if self.depth > _MAX_DEPTH:
            return
        if tag == "table":
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self._close_cell()
            self.tables[-1].close_row()
            self.tables[-1].cells = []
        elif tag in ("td", "th") and self.tables:
            self._open_cell()
        elif tag == "blockquote":
            self.buffers.append(_Buffer("quote"))
        elif tag == "li":
            self._newline()
            self.buffers[-1].chunks.append("- ")
        elif tag == "pre":
            self.pre += 1
            self._newline()
        elif tag in _BLOCK:
            self._newline()
        elif tag == "img":
            pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag in ("br", "hr", "p", "div"):
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in _SKIP:
                self.skip -= 1
            return
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag == "table":
            if self.tables:
                self._close_table()
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr" and self.tables:
            self._close_cell()
            self.tables[-1].close_row()
        elif tag == "blockquote":
            if self.buffers[-1].kind == "cell":
                return  # an unbalanced end tag inside a cell: ignore it
            if len(self.buffers) > 1 and self.buffers[-1].kind == "quote":
                self._close_quote()
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self._newline()
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if self.pre:
            self.buffers[-1].chunks.append(data.replace("\u00a0", " ").replace("\r\n", "\n"))
        else:
            self.buffers[-1].chunks.append(_SPACES.sub(" ", data))

    def finish(self) -> str:
        self.close()
        while self.tables or len(self.buffers) > 1:
            if self.tables and (self.buffers[-1].kind == "cell" or len(self.buffers) == 1):
                self._close_table()
            elif len(self.buffers) > 1 and self.buffers[-1].kind == "quote":
                self._close_quote()
            elif self.buffers[-1].kind == "cell":
                # A cell without its table (should not happen): keep its text.
                cell = self.buffers.pop()
                self.buffers[-1].chunks.append("\n" + cell.text() + "\n")
            else:
                break
        return self.buffers[0].text()


def _tidy(text: str) -> str:
    """Strip each line, keep at most one blank line in a row."""
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = line.replace("\u00a0", " ").strip(" \t\r")
        if not line:
            if out and not blank:
                out.append("")
            blank = True
            continue
        blank = False
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def html_to_text(html: str) -> str:
    """Readable text of an HTML document or fragment; never raises on malformed HTML."""
    # Outlook's conditional comments and VML are noise; the parser drops comments itself.
    converter = _Converter()
    try:
        converter.feed(html)
        return converter.finish()
    except Exception:  # html.parser is lenient, but a pathological input must not break reading
        return _tidy(re.sub(r"<[^>]*>", " ", html))


def charset_from_meta(data: bytes) -> str | None:
    """The charset an HTML document declares in a <meta> tag, if any."""
    head = data[:4096].decode("ascii", errors="ignore")
    match = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", head, re.I)
    return match.group(1) if match else None
