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


def _decide(body: str, sender: str = "desk@labour.gov.sn") -> dict:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"Desk <{sender}>", "sectoral-meetings@ilo.test", "Désignation réunion technique OIT"
    msg["Date"], msg["Message-ID"] = "Tue, 10 Mar 2026 10:00:00 +0000", "<x1@labour.gov.sn>"
    msg.set_content(body)
    return analyse(msg.as_bytes(), load_meeting("config/meeting.yaml"), load_states()).result.public()


def test_an_address_nobody_was_given_sends_a_request_for_missing_items_to_review():
    r = _decide("Madame, Monsieur,\n\nLe Gouvernement du Sénégal désigne :\n\n"
                "Représentant : DIOUF, Mamadou – Directeur général du Travail – mamadou.diouf@travail.gov.sn – en présentiel\n\n"
                "Cordialement,\n")
    assert r["decision"] == "review" and "unassigned_address" in r["reasons"]


def test_a_self_designation_naming_who_designated():
    r = _decide("Dear Sir/Madam,\n\nI have been designated by the Ministry of Labour as the representative of the "
                "Government of Senegal. I will attend the meeting in person.\n\nKind regards,\n\nAmadou Ba\n"
                "Director of Labour\namadou.ba@labour.gov.sn\n", sender="amadou.ba@labour.gov.sn")
    assert [(p["role"], p["name"], p["email"], p["attendance"]) for p in r["participants"]] == [
        ("representative", "Amadou Ba", "amadou.ba@labour.gov.sn", "in_person")]
