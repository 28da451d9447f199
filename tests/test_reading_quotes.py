"""Splitting a body into own text, quoted mail and forwarded messages (bot/reading/quotes.py)."""
from __future__ import annotations

from bot.reading.html import html_to_text
from bot.reading.quotes import Ours, split_text

OURS = Ours(frozenset({"sectoral-meetings@ilo.test"}), "[TMAI-2026/")


def test_interleaved_answers_stay_in_text_and_quoted_lines_do_not() -> None:
    text = ("Hello,\n\nOn Fri, 20 Mar 2026, Secretariat <sectoral-meetings@ilo.test> wrote:\n"
            "> Please send the adviser's e-mail.\n\nIt is ana.ruiz@trabajo.example.es\n\n> And the attendance?\n\nRemote.\n")
    split = split_text(text, "Re: Missing items", "jefe@trabajo.example.es", OURS)
    assert "ana.ruiz@trabajo.example.es" in split.text and "Remote." in split.text
    assert "Please send" not in split.text and "wrote:" not in split.text
    assert "> Please send the adviser's e-mail." in split.quoted
    assert split.forwards == []


def test_an_answer_typed_below_our_mail_quoted_under_its_header_is_the_senders_own() -> None:
    text = ("-----Original Message-----\nFrom: sectoral-meetings@ilo.test\nSubject: Nomination [TMAI-2026/4]\n\n"
            "> Dear Sir or Madam,\n> The Office has recorded the following nomination.\n\n"
            "Good day\n\nMs Nangolo will no longer travel to Geneva; she will take part online.\n")
    split = split_text(text, "RE: Nomination [TMAI-2026/4]", "intl@mol.example.na", OURS)
    assert "she will take part online" in split.text and "Office has recorded" not in split.text
    assert "> The Office has recorded the following nomination." in split.quoted


def test_a_reply_quoting_the_senders_own_earlier_mail_is_quoted() -> None:
    text = ("Correction: she will attend remotely.\n\n-----Original Message-----\nFrom: Jean Dupont <jd@travail.example.fr>\n"
            "Sent: Monday, March 2, 2026 10:00 AM\nTo: sectoral-meetings@ilo.test\nSubject: Nomination\n\nWe nominate Ms. X.\n")
    split = split_text(text, "RE: Nomination", "jd@travail.example.fr", OURS)
    assert split.text == "Correction: she will attend remotely."
    assert "We nominate Ms. X." in split.quoted


def test_an_original_message_from_a_third_party_is_passed_on() -> None:
    text = ("For your action.\n\n-----Message d'origine-----\nDe : Cabinet <cabinet@travail.example.fr>\n"
            "Envoyé : lundi 2 mars 2026 10:00\nÀ : mission@diplo.example.fr\nObjet : Désignation\n\nNous désignons Mme Y.\n")
    split = split_text(text, "Désignation", "mission@diplo.example.fr", OURS)
    assert split.text == "For your action."
    (fwd,) = split.forwards
    assert "Nous désignons Mme Y." in fwd.text
    assert fwd.headers["from"] == "Cabinet <cabinet@travail.example.fr>"


def test_a_forward_of_our_own_mail_is_quoted_not_forwarded() -> None:
    text = ("See below, we already answered.\n\n---------- Forwarded message ---------\n"
            "From: Sectoral Meetings <sectoral-meetings@ilo.test>\nDate: Tue, Mar 3, 2026\nSubject: Confirmation [TMAI-2026/4]\n"
            "To: <a@b.example>\n\nWe recorded Mr. Z.\n")
    split = split_text(text, "Fwd: Confirmation [TMAI-2026/4]", "a@b.example", OURS)
    assert split.forwards == []
    assert "We recorded Mr. Z." in split.quoted


def test_an_invitation_pasted_without_headers_is_quoted() -> None:
    text = "We nominate Mr. Q.\n\nA TODOS LOS ESTADOS MIEMBROS DE LA OIT\n\nSeñora, Señor:\n"
    split = split_text(text, "", "x@y.example", OURS)
    assert split.text == "We nominate Mr. Q."
    assert split.quoted.startswith("A TODOS LOS ESTADOS MIEMBROS")


def test_an_html_reply_blockquote_becomes_quoted_lines() -> None:
    html = ("<div>Our adviser is b.lee@labour.example.sg</div><div class='gmail_quote'>On Mon, 2 Mar 2026 at 10:00, "
            "Sectoral Meetings &lt;sectoral-meetings@ilo.test&gt; wrote:<br><blockquote class='gmail_quote'>"
            "<p>Please send the adviser [TMAI-2026/9]</p></blockquote></div>")
    split = split_text(html_to_text(html), "Re: x", "s@labour.example.sg", OURS)
    assert split.text == "Our adviser is b.lee@labour.example.sg"
    assert "> Please send the adviser [TMAI-2026/9]" in split.quoted


def test_an_apple_mail_forward_in_a_blockquote_is_passed_on() -> None:
    html = ("<div>FYI</div><div>Begin forwarded message:</div><blockquote type='cite'><div><b>From: </b>Ministry "
            "&lt;dir@labour.example.ng&gt;</div><div><b>Subject: </b>Nomination</div><div><b>Date: </b>2 March 2026</div>"
            "<div><b>To: </b>mission@mfa.example.ng</div><br><div>Nigeria nominates Mrs. Ngozi Okafor.</div></blockquote>")
    split = split_text(html_to_text(html), "Fwd: Nomination", "mission@mfa.example.ng", OURS)
    assert split.text == "FYI"
    (fwd,) = split.forwards
    assert "Nigeria nominates Mrs. Ngozi Okafor." in fwd.text
    assert not fwd.text.lstrip().startswith(">")


def test_plain_text_without_quotes_is_left_alone() -> None:
    text = "Representative: Ms. A\nFrom: the Ministry of Labour\nDate of arrival: 12 April"
    split = split_text(text, "", "x@y.example", OURS)
    assert split.text == text and split.quoted == "" and split.forwards == []
