"""decide: confirm only what was read surely; everything doubtful goes to a person."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyse import analyse
from bot.meeting import load_meeting
from bot.states import load_states

FIXTURES = Path(__file__).parent / "fixtures" / "nominations"


def read(name: str):
    return analyse((FIXTURES / name).read_bytes(), load_meeting("config/meeting.yaml"), load_states()).result


@pytest.mark.parametrize("name", [
    "prose-en-honour-to-nominate.eml", "labels-fr-nom-fonction-courriel.eml",
    "prose-es-two-line-title-delegation.eml", "html-table-delegation.eml", "self-nomination-signature.eml",
])
def test_a_complete_nomination_is_confirmed(name):
    r = read(name)
    assert (r.decision, r.missing, r.reasons) == ("confirm", [], [])


@pytest.mark.parametrize("name, reason", [
    ("conditional-attendance-visa.eml", "conditional_attendance"),
    ("over-quota-two-advisers.eml", "over_quota"),
    ("late-nomination-fr.eml", "late"),
    ("accessibility-sign-language.eml", "accessibility_request"),
    ("ngo-observer-request.eml", "organization"),
    ("inquiry-hotel-list.eml", "inquiry"),
    ("amendment-replacement.eml", "amendment_without_record"),
    ("withdrawal-note.eml", "withdrawal_without_record"),
])
def test_doubtful_messages_go_to_review_with_the_reason(name, reason):
    r = read(name)
    assert r.decision == "review"
    assert reason in r.reasons
    assert r.missing == []


@pytest.mark.parametrize("name", ["auto-reply-header.eml", "bounce-multipart-report.eml"])
def test_machine_mail_is_ignored(name):
    assert read(name).decision == "ignore"


def test_an_incomplete_nomination_asks_for_the_missing_items():
    raw = (FIXTURES / "prose-en-honour-to-nominate.eml").read_bytes().replace(
        b" She will attend the meeting in person.", b"")
    r = analyse(raw, load_meeting("config/meeting.yaml"), load_states()).result
    assert (r.decision, r.missing) == ("request_missing", ["representative.attendance"])


def test_an_address_unrelated_to_the_name_is_not_confirmed():
    raw = (FIXTURES / "prose-en-honour-to-nominate.eml").read_bytes().replace(
        b"mcsantos@dole.gov.ph", b"info@dole.gov.ph")
    r = analyse(raw, load_meeting("config/meeting.yaml"), load_states()).result
    assert r.decision == "review"
    assert "unsure:representative.email" in r.reasons
