"""validate: quotas, the deadline, accessibility requests and the missing items."""
from __future__ import annotations

from pathlib import Path

from bot.analyse import analyse
from bot.meeting import load_meeting
from bot.schema import Extraction, Participant
from bot.states import load_states
from handlers.validate import missing_items

FIXTURES = Path(__file__).parent / "fixtures" / "nominations"


def read(name: str):
    return analyse((FIXTURES / name).read_bytes(), load_meeting("config/meeting.yaml"), load_states()).result


def test_two_advisers_are_over_quota():
    assert "over_quota" in read("over-quota-two-advisers.eml").flags


def test_a_nomination_after_the_deadline_is_late():
    assert read("late-nomination-fr.eml").flags == ["late"]


def test_a_nomination_on_time_is_not_late():
    assert "late" not in read("prose-en-honour-to-nominate.eml").flags


def test_a_sign_language_need_is_an_accessibility_request():
    assert read("accessibility-sign-language.eml").flags == ["accessibility_request"]


def test_missing_items_name_role_and_field():
    r = Extraction(kind="nomination", capacity="member", participants=[
        Participant(role="representative", name="A B", title="Director", email="a@b.gov", attendance=None),
        Participant(role="adviser", name="C D", title=None, email=None, attendance="remote"),
    ])
    assert missing_items(r) == ["representative.attendance", "adviser.title", "adviser.email"]


def test_no_representative_at_all_is_missing_representative():
    r = Extraction(kind="nomination", capacity="member", participants=[
        Participant(role="adviser", name="C D", title="Officer", email="c@d.gov", attendance="remote")])
    assert missing_items(r) == ["representative"]
