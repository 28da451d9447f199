"""Reply texts and the reply message itself."""
from __future__ import annotations

import email
import email.policy

import pytest

from bot.meeting import load_meeting
from bot.replies import build, find_token, is_own_message_id, render, reply_message_id, token

MEETING = load_meeting("config/meeting.yaml")
PEOPLE = [
    {"role": "representative", "name": "Kossi Agbeko", "title": "Directeur", "email": "k@travail.gouv.tg",
     "attendance": None},
]


@pytest.mark.parametrize("lang, words", [
    ("en", ["attendance (in person or remote)", "Kossi Agbeko"]),
    ("fr", ["mode de participation", "Kossi Agbeko"]),
    ("es", ["modalidad de participación", "Kossi Agbeko"]),
])
def test_missing_items_are_listed_in_the_senders_language(lang, words):
    subject, body = render(MEETING, "request_missing", lang, state_name="Togo", token="[TMAI-2026/4]",
                           participants=PEOPLE, missing=["representative.attendance"])
    assert subject.endswith("[TMAI-2026/4]")
    for w in words:
        assert w in body


def test_an_unknown_language_is_answered_in_the_first_meeting_language():
    subject, _ = render(MEETING, "confirm", "other", state_name="Togo", token="[TMAI-2026/4]", participants=PEOPLE)
    assert subject.startswith("Nomination recorded")


def test_a_missing_representative_is_asked_for_whole():
    _, body = render(MEETING, "request_missing", "en", state_name="Togo", token="[T/1]", participants=[],
                     missing=["representative"])
    assert "the name, title, e-mail address and attendance" in body


def test_the_reference_token_threads_back_whatever_the_prefix():
    t = token(MEETING, 42)
    assert find_token(MEETING, f"RE : TR: {t} Nomination") == 42
    assert find_token(MEETING, f"RÉF : RV: {t.lower()}") == 42
    assert find_token(MEETING, "RV: [OTHER-2025/42] x") is None


def test_a_reply_carries_the_headers_that_keep_machines_quiet():
    mid = reply_message_id(MEETING, 7, "confirm")
    raw = build(MEETING, to="desk@labour.gov.tt", subject="S", body="B", message_id=mid, language="fr",
                in_reply_to="<orig@labour.gov.tt>", references=["<older@labour.gov.tt>"])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["In-Reply-To"] == "<orig@labour.gov.tt>"
    assert msg["References"] == "<older@labour.gov.tt> <orig@labour.gov.tt>"
    assert msg["Message-ID"] == mid and is_own_message_id(MEETING, mid)
    assert not is_own_message_id(MEETING, "<orig@labour.gov.tt>")
