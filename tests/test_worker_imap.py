"""The whole path on real servers: Dovecot INBOX → worker → database → SMTP replies."""
from __future__ import annotations

import csv
import io
import os
import signal
import time

import pytest
from sqlalchemy import create_engine, text

from tests.intake_helpers import fixture, intake, intake_env, nomination_for, spawn

FIVE = (
    "complete-nomination-en.eml",
    "incomplete-designation-fr.eml",
    "out-of-office-auto-submitted.eml",
    "dsn-delivery-failure.eml",
    "visa-question.eml",
)


def test_five_messages_get_exactly_two_replies_and_all_leave_the_inbox(imap_user, smtp, tmp_path):
    for name in FIVE:
        imap_user.append(fixture("worker", name))
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    env = intake_env(imap_user.url, smtp.url, db)

    intake("run", "--once", env=env)

    replies = smtp.wait_for(2, timeout=10)
    time.sleep(0.3)
    assert len(smtp.messages) == 2
    by_to = {r.rcpt_tos[0]: r.message for r in replies}
    assert set(by_to) == {"intl@labour.gov.tt", "cabinet@travail.gouv.tg"}
    confirm, missing = by_to["intl@labour.gov.tt"], by_to["cabinet@travail.gouv.tg"]
    assert confirm["In-Reply-To"] == "<worker-tt-complete@labour.gov.tt>"
    assert missing["In-Reply-To"] == "<worker-tg-incomplete@travail.gouv.tg>"
    for reply in (confirm, missing):
        assert reply["Auto-Submitted"] == "auto-replied"
        assert reply["X-Auto-Response-Suppress"] == "All"
        assert "[TMAI-2026/" in reply["Subject"]
    assert confirm["Content-Language"] == "en" and "Darren Ramsaran" in confirm.get_content()
    assert missing["Content-Language"] == "fr"
    assert "mode de participation" in missing.get_content()

    assert imap_user.uids("INBOX") == []
    filed = sum(len(imap_user.uids(f)) for f in ("Processed", "Review", "Ignored"))
    assert filed == 5
    engine = create_engine(db)
    with engine.connect() as c:
        statuses = dict(c.execute(text("select message_id, status from inbound")).all())
    engine.dispose()
    assert len(statuses) == 5
    assert statuses["<worker-ooo@mddsz.gov.si>"] == "ignored"
    assert statuses["<worker-dsn@mx.example.net>"] == "ignored"
    assert statuses["<worker-lk-visa@mfa.gov.lk>"] == "review"

    intake("run", "--once", env=env)
    time.sleep(0.5)
    assert len(smtp.messages) == 2

    out = intake("export", "--format", "csv", env=env).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(out)))
    confirmed = {r["name"] for r in rows if r["status"] == "confirmed"}
    assert confirmed == {"Darren Ramsaran", "Alicia Baptiste"}
    assert {r["member_state"] for r in rows if r["status"] == "confirmed"} == {"TT"}


def test_sigkill_mid_batch_loses_nothing_and_sends_nothing_twice(imap_user, smtp, tmp_path):
    total = 120
    with imap_user.client() as c:
        for n in range(total):
            c.append("INBOX", nomination_for(n))
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    env = intake_env(imap_user.url, smtp.url, db)

    worker = spawn("run", env=env, log=tmp_path / "worker.log")
    try:
        smtp.wait_for(3, timeout=60)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.communicate()
    got_before_kill = len(smtp.messages)
    assert got_before_kill < total, "the batch finished before the kill: the test proved nothing"

    intake("run", "--once", env=env)
    time.sleep(0.5)

    engine = create_engine(db)
    with engine.connect() as c:
        ledger = c.execute(text("select count(*), count(distinct message_id) from inbound")).one()
        statuses = dict(c.execute(text("select status, count(*) from inbound group by status")).all())
        outbox = dict(c.execute(text("select status, count(*) from outbox group by status")).all())
        per_message = c.execute(text("select count(*) from outbox group by inbound_id having count(*) > 1")).all()
    engine.dispose()
    assert ledger == (total, total)
    assert statuses == {"processed": total}
    assert per_message == []
    ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == len(set(ids)), "a reply was sent twice"
    # Every reply went, except one caught between "sending" and "sent" by the kill, which
    # is held for a person rather than risk sending it twice.
    sent, uncertain = outbox.get("sent", 0), outbox.get("uncertain", 0)
    assert sent <= len(ids) <= sent + uncertain
    assert sent + uncertain == total
    assert outbox.get("uncertain", 0) <= 1
    assert imap_user.uids("INBOX") == []
    assert len(imap_user.uids("Processed")) == total


def test_a_message_appended_while_idling_is_answered_within_two_seconds(imap_user, smtp, tmp_path):
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    env = intake_env(imap_user.url, smtp.url, db)
    worker = spawn("run", env=env)
    try:
        deadline = time.time() + 20
        line = b""
        while b"worker.waiting" not in line and time.time() < deadline:
            line = worker.stderr.readline()
        assert b"worker.waiting" in line, "the worker never started waiting"
        time.sleep(0.3)
        start = time.monotonic()
        imap_user.append(fixture("worker", "complete-nomination-en.eml"))
        smtp.wait_for(1, timeout=5)
        elapsed = time.monotonic() - start
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except Exception:
            worker.kill()
        worker.communicate()
    assert elapsed < 2.0, f"reply after {elapsed:.2f} s"
    assert worker.returncode == 0


@pytest.mark.parametrize("bad", ["wrong-password"])
def test_a_refused_login_names_the_mailbox_and_what_to_check(imap_user, smtp, tmp_path, bad):
    url = imap_user.url.replace(f":{imap_user.password}@", f":{bad}@")
    env = intake_env(url, smtp.url, f"sqlite:///{tmp_path / 'intake.db'}")
    from tests.intake_helpers import ROOT
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--once"], cwd=ROOT, env=env,
                          capture_output=True, timeout=60)
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert "login" in err and imap_user.name in err
    assert bad not in err, "the password leaked into the output"
