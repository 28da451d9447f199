"""It keeps working when things go wrong (issue 6): servers that go away and come back,
SIGTERM, two workers on one mailbox, reply loops. Real Dovecot, aiosmtpd and PostgreSQL."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.db import Database
from bot.mailbox import open_mailbox
from bot.meeting import load_meeting
from bot.outbox import SmtpTransport
from bot.states import load_states
from bot.worker import Worker
from soak.corpus import distinct_nominations
from soak.proxy import Proxy
from tests.intake_helpers import ROOT, intake_env
from tests.servers import SmtpSink, free_port


class Running:
    """A Worker in a thread of this process (servers can be cut under it); stop() to end."""

    def __init__(self, mailbox_url: str, smtp_url: str, db_url: str, meeting=None):  # type: ignore[no-untyped-def]
        self.db = Database(db_url)
        self.worker = Worker(meeting=meeting or load_meeting("config/meeting.yaml"), states=load_states(), db=self.db,
                             mailbox=open_mailbox(mailbox_url), transport=SmtpTransport(smtp_url, timeout=5),
                             poll_seconds=180, idle_seconds=540)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.worker.run()
        except BaseException as exc:  # the test asserts the worker never died
            self.error = exc

    def alive(self) -> bool:
        return self.thread.is_alive() and self.error is None

    def stop(self) -> None:
        self.worker.stopping = True
        self.thread.join(timeout=20)
        self.db.dispose()


def rows(db_url: str, sql: str) -> list[tuple]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text(sql)).all()]
    finally:
        engine.dispose()


def wait_until(check, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.1)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`intake run` with its log in a file (a pipe nobody reads would fill up and block it)."""
    with open(log, "wb") as err:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=err)


def test_imap_restarted_while_idling_is_reconnected_within_30_s_and_nothing_is_missed(dovecot, imap_user, smtp, tmp_path):
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    first, during, after, later = distinct_nominations(4)
    imap_user.append(first)
    w = Running(imap_user.url, smtp.url, db)
    try:
        smtp.wait_for(1, timeout=15)
        time.sleep(1.0)  # idling now
        # The server goes away; mail is delivered into the user's Maildir meanwhile.
        dovecot._terminate()
        maildir = next((dovecot.dir / "mail").glob(f"{imap_user.name}/Maildir"))
        (maildir / "new" / f"{time.time_ns()}.outage.eml").write_bytes(during)
        time.sleep(1.5)
        dovecot._spawn(10)
        back = time.monotonic()
        imap_user.append(after)
        smtp.wait_for(3, timeout=30)
        assert time.monotonic() - back < 30
        # IDLE is running again (not only the 180 s poll): a new message is answered at once.
        time.sleep(1.0)
        imap_user.append(later)
        smtp.wait_for(4, timeout=10)
        assert w.alive(), w.error
    finally:
        w.stop()
    assert w.error is None
    assert imap_user.uids("INBOX") == []
    assert rows(db, "select count(*), count(distinct message_id) from inbound") == [(4, 4)]


def test_replies_wait_in_the_outbox_while_smtp_is_down_and_go_when_it_is_back(imap_user, tmp_path):
    port = free_port()
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    imap_user.append(distinct_nominations(1)[0])
    w = Running(imap_user.url, f"smtp://127.0.0.1:{port}", db)
    sink = SmtpSink()
    try:
        wait_until(lambda: rows(db, "select attempts, status from outbox") == [(1, "pending")], 20,
                   "a failed send attempt")
        assert imap_user.uids("INBOX") == []  # processed and filed, with no SMTP server
        sink.port = port
        sink.start()
        # No new mail arrives: the worker must come back to the outbox by itself.
        sink.wait_for(1, timeout=20)
        assert w.alive(), w.error
    finally:
        w.stop()
        sink.stop()
    assert rows(db, "select status from outbox") == [("sent",)]


def test_while_the_database_is_away_nothing_is_acknowledged_and_all_is_processed_when_it_is_back(imap_user, smtp, pg_db):
    url = make_url(pg_db)
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432).start()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    first, *rest = distinct_nominations(3)
    imap_user.append(first)
    w = Running(imap_user.url, smtp.url, via_proxy)
    w.worker.retry_cap = 4.0  # back within seconds of the database (the default waits up to 20 s)
    try:
        smtp.wait_for(1, timeout=15)
        proxy.cut()
        for raw in rest:
            imap_user.append(raw)
        time.sleep(4)  # the worker is woken by IDLE, fails to store, backs off, retries
        assert w.alive(), w.error
        assert len(imap_user.uids("INBOX")) == 2, "a message was acknowledged without its commit"
        assert len(smtp.messages) == 1
        proxy.restore()
        smtp.wait_for(3, timeout=45)
        wait_until(lambda: imap_user.uids("INBOX") == [], 10, "the inbox emptied")
        assert w.alive(), w.error
    finally:
        w.stop()
        proxy.stop()
    assert rows(pg_db, "select count(*), count(distinct message_id), max(attempts) from inbound") == [(3, 3, 1)]


def test_sigterm_finishes_the_current_message_then_exits_cleanly(imap_user, smtp, tmp_path):
    with imap_user.client() as c:
        for raw in distinct_nominations(60):
            c.append("INBOX", raw)
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    log = tmp_path / "worker.log"
    worker = start_worker(intake_env(imap_user.url, smtp.url, db), log)
    try:
        smtp.wait_for(1, timeout=30)
        worker.send_signal(signal.SIGTERM)
        out, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    err = log.read_bytes()
    assert worker.returncode == 0, err.decode()[-2000:]
    assert b"worker.stopped" in err
    stats = json.loads(out.decode().strip().splitlines()[-1])
    # No message was left half-done: every attempt that started was finished and committed.
    assert rows(db, "select count(*) from inbound where status = 'new' and attempts > 0") == [(0,)]
    assert rows(db, "select count(*) from inbound where status != 'new' and not acked") == [(0,)]
    assert rows(db, "select count(*) from outbox where status != 'sent'") == [(0,)]
    assert stats["processed"] == rows(db, "select count(*) from inbound where status != 'new'")[0][0]


def test_two_workers_on_one_mailbox_process_every_message_once_and_only_one_fetches(imap_user, smtp, pg_db, tmp_path):
    batch = distinct_nominations(80)
    with imap_user.client() as c:
        for raw in batch[:60]:
            c.append("INBOX", raw)
    env = intake_env(imap_user.url, smtp.url, pg_db)
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [start_worker(env, logs[0])]
    try:
        wait_until(lambda: b"worker.waiting" in logs[0].read_bytes() or len(smtp.messages) > 0, 30, "worker a runs")
        workers.append(start_worker(env, logs[1]))  # (both at once race on the migrations: see the report)
        smtp.wait_for(60, timeout=60)
        fetchers = [i for i, log in enumerate(logs) if b"worker.fetcher" in log.read_bytes()]
        assert len(fetchers) == 1, fetchers
        # The fetcher dies; the other takes the mailbox lock over and fetches what comes next.
        dead = workers[fetchers[0]]
        dead.send_signal(signal.SIGKILL)
        dead.wait(timeout=10)
        for raw in batch[60:]:
            imap_user.append(raw)
        smtp.wait_for(80, timeout=60)
        survivor = workers[1 - fetchers[0]]
        survivor.send_signal(signal.SIGTERM)
        out, _ = survivor.communicate(timeout=30)
        assert survivor.returncode == 0
    finally:
        for p in workers:
            if p.poll() is None:
                p.kill()
            p.communicate()
    assert b"worker.fetcher" in logs[1 - fetchers[0]].read_bytes()
    stats = json.loads(out.decode().strip().splitlines()[-1])
    assert stats["fetched"] >= 20
    assert rows(pg_db, "select count(*), count(distinct message_id) from inbound") == [(80, 80)]
    assert rows(pg_db, "select status, count(*) from inbound group by status") == [("processed", 80)]
    # Each message was attempted once, except at most one the SIGKILL interrupted.
    assert rows(pg_db, "select count(*) from inbound where attempts > 1")[0][0] <= 1
    assert rows(pg_db, "select count(*) from outbox group by inbound_id having count(*) > 1") == []
    ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == len(set(ids)) == 80
    assert imap_user.uids("INBOX") == []


def test_a_reply_loop_with_autoresponders_ends_after_one_reply_and_replies_are_rate_limited(imap_user, smtp, tmp_path):
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    sender = "desk@gmail.com"
    first, *more = distinct_nominations(5, sender=sender)
    imap_user.append(first)
    w = Running(imap_user.url, smtp.url, db)
    try:
        ours = smtp.wait_for(1, timeout=15)[0]
        rid, subject = ours["Message-ID"], ours["Subject"]
        answers = [
            # An out-of-office that says what it is.
            f"From: Desk <{sender}>\r\nTo: sectoral-meetings@ilo.test\r\nSubject: Automatic reply: {subject}\r\n"
            f"Auto-Submitted: auto-replied\r\nIn-Reply-To: {rid}\r\nMessage-ID: <ooo-1@gmail.com>\r\n\r\n"
            "I am out of the office.\r\n",
            # A naive one that says nothing in its headers.
            f"From: Desk <{sender}>\r\nTo: sectoral-meetings@ilo.test\r\nSubject: Out of office: {subject}\r\n"
            f"In-Reply-To: {rid}\r\nReferences: {rid}\r\nMessage-ID: <ooo-2@gmail.com>\r\n\r\n"
            "I am out of the office until Monday and will answer on my return.\r\n",
        ]
        for raw in answers:
            imap_user.append(raw.encode())
        imap_user.append(ours.raw)  # our own reply, come back to our mailbox
        wait_until(lambda: imap_user.uids("INBOX") == [], 20, "the answers filed")
        time.sleep(1.5)
        assert len(smtp.messages) == 1, [m["Subject"] for m in smtp.messages]
        # Four more nominations from the same address in the hour: at most 3 replies in all.
        for raw in more:
            imap_user.append(raw)
        wait_until(lambda: imap_user.uids("INBOX") == [], 20, "the nominations filed")
        time.sleep(1.5)
    finally:
        w.stop()
    to_sender = [m for m in smtp.messages if m.rcpt_tos == [sender]]
    assert len(to_sender) == MEETING.replies.per_address_per_hour == 3
    assert rows(db, "select count(*) from inbound where status != 'new'") == [(8,)]


MEETING = load_meeting("config/meeting.yaml")


def test_a_reply_to_address_behind_many_senders_outside_their_domain_gets_no_reply(imap_user, smtp, tmp_path):
    db = f"sqlite:///{tmp_path / 'intake.db'}"
    victim = "victim@example.org"
    for raw in distinct_nominations(5):
        imap_user.append(raw.replace(b"\nTo: ", f"\nReply-To: {victim}\nTo: ".encode(), 1))
    w = Running(imap_user.url, smtp.url, db)
    try:
        wait_until(lambda: imap_user.uids("INBOX") == [], 20, "the nominations filed")
        time.sleep(1.5)
    finally:
        w.stop()
    to_victim = [m for m in smtp.messages if victim in m.rcpt_tos]
    assert to_victim == []  # Reply-To counts only within From's domain: the replies go to From
    assert sorted(r for m in smtp.messages for r in m.rcpt_tos) == sorted(
        f"desk{n}@labour.gov.{code}" for n, code in enumerate(["ae", "af", "ag", "al", "am"]))
