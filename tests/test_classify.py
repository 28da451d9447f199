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
