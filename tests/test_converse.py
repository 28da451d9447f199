"""converse, record and reply run as steps on SQLite alone (no mail server): a Context with
a database session goes through the reading and then the steps after it. The delegation
rules decide the outcome; the reading the steps before found is never rewritten."""
from __future__ import annotations

import hashlib
from email import message_from_bytes
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import handlers
from bot.db import Database
from bot.models import Delegation, Event, Inbound, Outbox
from bot.states import load_states
from tests.conversations import GH, GH_BOTH, en_letter
from tests.test_conversation import MEETING, letter

STATES = load_states()
LATER = "Wed, 18 Mar 2026 10:00:00 +0100"


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    yield database
    database.dispose()


def through_the_steps(db: Database, raw: bytes) -> SimpleNamespace:
    """One message through READING then AFTER_READING, as the worker runs them, in one
    transaction; what came out, read before the session closes."""
    mid = str(message_from_bytes(raw)["Message-ID"]).strip()
    with db.session() as s, s.begin():
        row = Inbound(meeting_id=MEETING.id, message_id=mid, sha256=hashlib.sha256(raw).hexdigest(),
                      mailbox="steps", server_key=mid, raw=raw, size=len(raw))
        s.add(row)
        s.flush()
        ctx = handlers.Context(raw=raw, meeting=MEETING, states=STATES, session=s, inbound=row)
        handlers.run(handlers.READING, ctx)
        reading = ctx.result.model_copy(deep=True)
        with s.no_autoflush:
            handlers.run(handlers.AFTER_READING, ctx)
        assert ctx.result == reading, "the steps after the reading changed what it found"
        s.flush()
        d = s.get(Delegation, row.delegation_id) if row.delegation_id else None
        return SimpleNamespace(
            reading=reading, outcome=ctx.outcome, status=row.status, kind=row.kind, reasons=list(row.reasons),
            extraction=row.extraction,
            replies=s.scalars(select(Outbox.template).where(Outbox.inbound_id == row.id)).all(),
            events=s.scalars(select(Event.action).where(Event.inbound_id == row.id).order_by(Event.id)).all(),
            delegation=d.status if d else None,
            people=[(p.role, p.name, p.attendance, p.status) for p in d.participants] if d else [])


def nominate(db: Database) -> SimpleNamespace:
    return through_the_steps(db, letter(GH, "Nomination", GH_BOTH))


def test_a_first_nomination_is_recorded_confirmed_and_answered(db):
    out = nominate(db)
    assert (out.reading.kind, out.reading.decision) == ("nomination", "confirm")
    assert (out.outcome.kind, out.outcome.decision, out.outcome.template, out.outcome.status) == (
        "nomination", "confirm", "confirm", "processed")
    assert (out.status, out.kind, out.delegation, out.replies) == ("processed", "nomination", "confirmed", ["confirm"])
    assert out.events == ["nomination.recorded"]
    assert out.people == [("representative", "Kwame Mensah Boateng", "in_person", "active"),
                          ("adviser", "Abena Owusu", "remote", "active")]


def test_the_same_nomination_again_is_already_recorded(db):
    nominate(db)
    out = through_the_steps(db, letter(GH, "Nomination", GH_BOTH, date=LATER))
    assert (out.outcome.decision, out.outcome.template, out.status) == ("confirm", "already_recorded", "processed")
    assert out.replies == ["already_recorded"] and out.events == ["nomination.duplicate"]


def test_an_amendment_replaces_the_person_it_names(db):
    nominate(db)
    out = through_the_steps(db, letter(GH, "Change", en_letter(
        "Ms Akosua Darko, Director of Labour (akosua.darko@melr.gov.gh), will replace Mr Kwame Mensah Boateng as "
        "representative. She will attend in person."), date=LATER))
    assert out.reading.kind == "amendment" and "amendment_without_record" in out.reading.reasons
    assert (out.outcome.kind, out.outcome.template, out.status) == ("amendment", "confirm", "processed")
    # The record settles what the reading could not: no "nothing on record" left.
    assert not any(r.endswith("_without_record") for r in out.reasons)
    assert out.events == ["amendment.applied"] and out.replies == ["confirm"]
    assert ("representative", "Akosua Darko", "in_person", "active") in out.people
    assert ("representative", "Kwame Mensah Boateng", "in_person", "replaced") in out.people


def test_a_statement_read_as_an_inquiry_is_an_amendment_in_the_outcome_only(db):
    nominate(db)
    out = through_the_steps(db, letter(GH, "Attendance", en_letter("The adviser will now attend in person."), date=LATER))
    assert out.reading.kind == "inquiry"
    assert out.outcome.kind == "amendment" and out.kind == "amendment" and out.extraction["kind"] == "amendment"
    assert "inquiry" not in out.reasons
    assert ("adviser", "Abena Owusu", "in_person", "active") in out.people


def test_a_withdrawal_of_the_delegation_is_applied_and_acknowledged(db):
    nominate(db)
    out = through_the_steps(db, letter(GH, "Withdrawal", en_letter(
        "We regret to inform you that the Government of Ghana withdraws its participation."), date=LATER))
    assert out.reading.kind == "withdrawal"
    assert (out.outcome.template, out.status, out.delegation) == ("withdrawal", "processed", "withdrawn")
    assert out.replies == ["withdrawal"]
    assert all(status == "withdrawn" for *_, status in out.people)


def test_a_change_without_our_servers_word_is_held_and_unanswered(db):
    nominate(db)
    out = through_the_steps(db, letter(GH, "Attendance", en_letter("The adviser will now attend in person."),
                                       date=LATER, authenticated=False))
    assert (out.outcome.decision, out.outcome.template, out.status) == ("review", None, "review")
    assert "not_authenticated" in out.reasons and out.replies == []
    assert ("adviser", "Abena Owusu", "remote", "active") in out.people


def test_a_nomination_that_may_not_be_answered_is_recorded_and_left_to_a_person(db):
    raw = letter(GH, "Nomination", GH_BOTH).replace(b"From:", b"X-Auto-Response-Suppress: All\nFrom:", 1)
    out = through_the_steps(db, raw)
    assert (out.outcome.decision, out.outcome.template, out.status) == ("confirm", "confirm", "review")
    assert "reply_withheld:suppress_auto_response" in out.reasons and out.replies == []
    assert out.delegation == "confirmed"
