"""The worker on the embedded Maildir, over SQLite and PostgreSQL: ledger, retries, quarantine."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

import handlers
from bot.db import Database
from bot.mailbox import MaildirMailbox, deliver_to_maildir
from bot.meeting import load_meeting
from bot.models import Event, Inbound, Outbox
from bot.outbox import MaildirTransport
from bot.states import load_states
from bot.worker import Worker
from tests.intake_helpers import PEER_MAILS, fixture, nomination


@pytest.fixture
def setup(tmp_path: Path, db_url: str):
    db = Database(db_url)
    box = MaildirMailbox(tmp_path / "mailbox")
    worker = Worker(meeting=load_meeting("config/meeting.yaml"), states=load_states(), db=db, mailbox=box,
                    transport=MaildirTransport(tmp_path / "outbox"))
    yield worker, box, db, tmp_path
    db.dispose()


def count(db: Database, model, *where) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_the_raw_message_is_kept_and_filed_after_commit(setup):
    worker, box, db, tmp = setup
    raw = nomination(1)
    deliver_to_maildir(box.path, raw)
    worker.drain()
    with db.session() as s:
        row = s.scalar(select(Inbound))
    assert row.raw == raw and row.acked and row.message_id == "<batch-1@labour.gov.tt>"
    assert list(box._inbox_files()) == []
    assert len(box.folder_files(row.folder)) == 1


def test_the_same_message_twice_is_recorded_once(setup):
    worker, box, db, tmp = setup
    deliver_to_maildir(box.path, nomination(2))
    worker.drain()
    deliver_to_maildir(box.path, nomination(2))
    worker.drain()
    assert count(db, Inbound) == 1
    assert count(db, Outbox) <= 1
    assert list(box._inbox_files()) == []


def test_in_one_chunk_a_copy_is_stored_once_and_another_message_under_the_same_id_is_kept_too(setup):
    worker, box, db, tmp = setup
    raw = nomination(5)
    other = nomination(6).replace(b"<batch-6@", b"<batch-5@")  # a broken mailer reuses the Message-ID
    for n, data in enumerate((raw, raw, other)):
        deliver_to_maildir(box.path, data, name=f"{n}.eml")
    worker.drain()
    with db.session() as s:
        rows = s.scalars(select(Inbound).order_by(Inbound.id)).all()
    assert [r.raw for r in rows] == [raw, other]
    assert rows[0].message_id == "<batch-5@labour.gov.tt>"
    assert rows[1].message_id.startswith("<batch-5@labour.gov.tt>#sha256:")
    worker.drain()  # the copy left in the INBOX is filed like its first, not stored again
    assert count(db, Inbound) == 2
    assert list(box._inbox_files()) == []


def test_a_message_that_keeps_failing_is_quarantined_after_three_attempts_and_the_rest_go_on(setup, monkeypatch):
    worker, box, db, tmp = setup
    real = handlers.load()["extract"]

    class Exploding:
        name, description, after_stop = "extract", "raises for one message", False

        def process(self, ctx):  # type: ignore[no-untyped-def]
            if b"poison" in ctx.raw:
                raise RuntimeError("boom")
            real.process(ctx)

    monkeypatch.setitem(handlers.REGISTRY, "extract", Exploding())
    deliver_to_maildir(box.path, nomination(3).replace(b"Dear Sir", b"poison Dear Sir"))
    deliver_to_maildir(box.path, nomination(4))
    for _ in range(3):
        worker.drain()
    with db.session() as s:
        rows = {r.message_id: r for r in s.scalars(select(Inbound))}
        quarantine_events = s.scalar(select(func.count()).select_from(Event).where(Event.action == "message.quarantined"))
    bad, good = rows["<batch-3@labour.gov.tt>"], rows["<batch-4@labour.gov.tt>"]
    assert bad.status == "quarantined" and bad.attempts == 3 and "boom" in bad.last_error
    assert bad.reasons == ["unprocessable"] and bad.review_state == "open"
    assert good.status != "new" and good.attempts == 1
    assert quarantine_events == 1
    assert len(box.folder_files("Quarantine")) == 1
    assert list(box._inbox_files()) == []


def test_an_out_of_office_is_recorded_and_never_answered(setup):
    worker, box, db, tmp = setup
    deliver_to_maildir(box.path, fixture("worker", "out-of-office-auto-submitted.eml"))
    worker.drain()
    with db.session() as s:
        row = s.scalar(select(Inbound))
    assert row.status == "ignored" and row.folder == "Ignored"
    assert count(db, Outbox) == 0


def test_replies_to_one_address_are_rate_limited(setup):
    worker, box, db, tmp = setup
    limit = worker.meeting.replies.per_address_per_hour
    states = ["Trinidad and Tobago", "Jamaica", "Barbados", "Guyana", "Belize", "Bahamas", "Grenada"]
    for n, state in enumerate(states[: limit + 2]):
        raw = nomination(100 + n, state=state, domain="gmail.com").replace(f"desk{100 + n}@".encode(), b"desk@")
        deliver_to_maildir(box.path, raw)
    worker.drain()
    with db.session() as s:
        to_desk = s.scalar(select(func.count()).select_from(Outbox).where(Outbox.to_addr == "desk@gmail.com"))
        limited = [r for r in s.scalars(select(Inbound)) if "rate_limited" in (r.no_reply or [])]
    assert to_desk <= limit
    assert limited, "nothing was held back"


def test_letters_are_read_ahead_in_parallel_and_each_attempt_is_counted_once(setup):
    worker, box, db, tmp = setup
    names = ("scanned-letter-png.eml", "scanned-letter-image-only-pdf.eml", "docx-letter-header-table.eml")
    for name in names:
        deliver_to_maildir(box.path, fixture("mail", name))
    worker.drain()
    with db.session() as s:
        rows = s.scalars(select(Inbound).order_by(Inbound.id)).all()
    assert len(rows) == 3
    assert all(r.status in ("processed", "review") and r.attempts == 1 for r in rows)
    import shutil

    if shutil.which("tesseract"):
        # The scans were read (by OCR), not skipped: their nominee is in the recorded reading.
        assert all(r.extraction["participants"] for r in rows[:2])


def test_a_message_processed_again_is_not_answered_again(setup):
    worker, box, db, tmp = setup
    deliver_to_maildir(box.path, nomination(7))
    worker.drain()
    with db.session() as s, s.begin():
        row = s.scalar(select(Inbound))
        row.status, row.attempts = "new", 0  # what "re-process" on the review page does
    worker.drain()
    with db.session() as s:
        row = s.scalar(select(Inbound))
        replies = s.scalars(select(Outbox)).all()
    assert row.status == "processed" and row.last_error is None
    assert [r.status for r in replies] == ["sent"]
    assert len(list((tmp / "outbox" / "new").iterdir())) == 1


@pytest.mark.skipif(not PEER_MAILS.is_dir(), reason="the shared peer-mails folder is not beside the checkout")
def test_other_projects_real_world_mail_is_all_filed_and_none_of_it_is_answered(setup):
    # Odd charsets, broken MIME, a delivery report, an Outlook message, newsletters, spam:
    # none of it a nomination.
    worker, box, db, tmp = setup
    raws = [p.read_bytes() for p in sorted(PEER_MAILS.glob("*.eml"))]
    assert len(raws) >= 40
    for raw in raws:
        deliver_to_maildir(box.path, raw)
    worker.drain()
    assert list(box._inbox_files()) == []
    assert count(db, Inbound) == len(raws)
    assert count(db, Inbound, Inbound.status.in_(("processed", "retry", "quarantined"))) == 0
    assert count(db, Inbound, Inbound.acked.is_(False)) == 0
    assert count(db, Outbox) == 0
