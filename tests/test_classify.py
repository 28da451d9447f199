"""classify: machine mail by headers, kinds and languages by the sender's own text."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyse import analyse
from bot.meeting import load_meeting
from bot.states import load_states

FIXTURES = Path(__file__).parent / "fixtures" / "nominations"


def read(name: str):
    return analyse((FIXTURES / name).read_bytes(), load_meeting("config/meeting.yaml"), load_states()).result


def test_it_ignores_an_auto_reply_told_by_its_headers():
    r = read("auto-reply-header.eml")
    assert (r.kind, r.decision, r.participants) == ("auto_reply", "ignore", [])


def test_it_ignores_a_delivery_report():
    r = read("bounce-multipart-report.eml")
    assert (r.kind, r.decision, r.member_state) == ("bounce", "ignore", None)


def test_it_tells_an_inquiry_without_nominees():
    r = read("inquiry-hotel-list.eml")
    assert (r.kind, r.language, r.participants, r.capacity) == ("inquiry", "fr", [], None)
    assert r.member_state == "SN"


def test_it_tells_a_withdrawal_and_keeps_the_state():
    r = read("withdrawal-note.eml")
    assert (r.kind, r.language, r.member_state, r.participants) == ("withdrawal", "es", "MX", [])


def test_it_tells_an_amendment_naming_a_replacement():
    r = read("amendment-replacement.eml")
    assert r.kind == "amendment"
    assert [p.name for p in r.participants] == ["Ramon Dela Cruz"]


@pytest.mark.parametrize("name, lang", [
    ("prose-en-honour-to-nominate.eml", "en"),
    ("labels-fr-nom-fonction-courriel.eml", "fr"),
    ("prose-es-two-line-title-delegation.eml", "es"),
])
def test_it_reads_the_language_of_a_nomination(name, lang):
    r = read(name)
    assert (r.kind, r.language) == ("nomination", lang)


def test_unrelated_mail_is_other_and_ignored():
    raw = (b"From: shop@deals.example\r\nTo: sectoral-meetings@ilo.test\r\nSubject: Big sale\r\n"
           b"Message-ID: <x@deals.example>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n\r\n"
           b"Buy two pairs of shoes and get the third one free. Unsubscribe here.\r\n")
    r = analyse(raw, load_meeting("config/meeting.yaml"), load_states()).result
    assert (r.kind, r.decision) == ("other", "ignore")


def _mail(sender: str, subject: str, body: str):
    raw = (f"From: {sender}\r\nTo: sectoral-meetings@ilo.test\r\nSubject: {subject}\r\n"
           f"Date: Mon, 23 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}").encode()
    return analyse(raw, load_meeting("config/meeting.yaml"), load_states()).result


def test_mail_from_a_government_domain_is_never_other():
    r = _mail("ir@mcil.gov.ws", "Thanks", "Thank you for your message. We look forward to it.\r\n\r\nRegards")
    assert (r.kind, r.member_state, r.decision) == ("inquiry", "WS", "review")


def test_a_labelled_person_block_is_never_other():
    r = _mail("someone@example.org", "Details", "Representative: Ms Ana Silva\r\nE-mail: ana.silva@example.org\r\n")
    assert r.kind != "other" and r.decision != "ignore"


def test_a_company_mail_about_nothing_is_still_other():
    r = _mail("tom@company.de", "Lunch", "Hi Tom, lunch on Friday? Cheers")
    assert (r.kind, r.decision) == ("other", "ignore")


@pytest.mark.parametrize("subject,body,name,lang", [
    ("RE : Désignation incomplète : Niger [TMAI-2026/1]", "Mme Aïcha Moussa Issoufou participera en présentiel.", "Aïcha Moussa Issoufou", "fr"),
    ("RE: Incomplete nomination: Togo [TMAI-2026/7]", "Mr Kossi Agbeko will attend in person.", "Kossi Agbeko", "en"),
    ("RE: Designación incompleta: Panamá [TMAI-2026/3]", "El Sr. Castillo participará de forma presencial.", "Castillo", "es"),
])
def test_a_one_line_follow_up_names_the_person_and_attendance_for_review(subject, body, name, lang):
    r = _mail("dg@travail.gouv.tg", subject, body)
    assert r.kind == "nomination" and r.language == lang
    (p,) = r.participants
    assert (p.name, p.attendance, p.role) == (name, "in_person", "representative")
    assert p.confidence("role") < 0.8 and r.decision == "review"
