"""The watchdog's figures and the purge of a finished meeting."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from bot.db import Database
from bot.mailbox import MaildirMailbox, deliver_to_maildir
from bot.meeting import load_meeting
from bot.models import Event, Inbound, InboundAttachment, Person
from bot.outbox import MaildirTransport
from bot.purge import purge
from bot.states import load_states
from bot.status import status
from bot.worker import Worker
from tests.intake_helpers import fixture, intake, intake_env, nomination


def worker_for(tmp_path, db: Database) -> Worker:
    return Worker(meeting=load_meeting("config/meeting.yaml"), states=load_states(), db=db,
                  mailbox=MaildirMailbox(tmp_path / "mb"), transport=MaildirTransport(tmp_path / "out"))


def test_status_counts_what_waits_and_says_when_mail_was_last_seen(tmp_path, db_url):
    db = Database(db_url)
    w = worker_for(tmp_path, db)
    assert status(db, w.meeting.id)["last_fetched"] is None
    deliver_to_maildir(w.mailbox.path, nomination(1))
    deliver_to_maildir(w.mailbox.path, fixture("worker", "visa-question.eml"))
    for f in w.mailbox.fetch_new():
        w.store([f])
    before = status(db, w.meeting.id)
    assert before["queued"] == 2 and before["last_fetched"] is not None and before["last_processed"] is None
    w.settle()
    after = status(db, w.meeting.id)
    assert after["queued"] == 0 and after["last_processed"] is not None
    assert after["review_open"] >= 1
    db.dispose()


def test_purge_removes_personal_data_and_keeps_the_counts(tmp_path, db_url):
    db = Database(db_url)
    w = worker_for(tmp_path, db)
    for n, (state, domain) in enumerate([("Jamaica", "mlss.gov.jm"), ("Barbados", "labour.gov.bb"),
                                         ("Guyana", "labour.gov.gy")]):
        deliver_to_maildir(w.mailbox.path, nomination(n, state=state, domain=domain))
    w.drain()
    with db.session() as s:
        assert all(r.view["headers"] for r in s.scalars(select(Inbound)))  # what the page shows, until the purge
    with db.session() as s:
        people = s.scalar(select(func.count()).select_from(Person))
    assert people >= 3
    result = purge(db, w.meeting.id, datetime.now(timezone.utc) + timedelta(seconds=1))
    assert result["messages"] == 3
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert all(r.raw == b"" and r.from_addr is None and r.view is None for r in s.scalars(select(Inbound)))
        assert s.scalar(select(func.count()).select_from(InboundAttachment)) == 0
        event = s.scalar(select(Event).where(Event.action == "meeting.purged"))
    assert sum(p["count"] for p in event.detail["counts"]["participants"]) == people
    assert "Number" not in json.dumps(event.detail)
    db.dispose()


def test_intake_status_reports_a_refused_login(tmp_path, imap_user):
    env = intake_env(imap_user.url.replace(imap_user.password, "nope"), "maildir:" + str(tmp_path / "o"),
                     f"sqlite:///{tmp_path / 'x.db'}")
    import subprocess
    import sys

    from tests.intake_helpers import ROOT

    proc = subprocess.run([sys.executable, "-m", "bot.cli", "status", "--check-login"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["login"].startswith("failed")
    env_ok = intake_env(imap_user.url, "maildir:" + str(tmp_path / "o"), f"sqlite:///{tmp_path / 'x.db'}")
    out = json.loads(intake("status", "--check-login", env=env_ok).stdout)
    assert out["login"] == "ok"
