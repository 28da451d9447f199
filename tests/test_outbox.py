"""The outbox sender: at most once, retried while the server is away, over real SMTP."""
from __future__ import annotations

from sqlalchemy import select

from bot.db import Database
from bot.models import Outbox
from bot.outbox import SmtpTransport, recover, send_pending
from tests.servers import SmtpSink, free_port


def queue(db: Database, n: int) -> None:
    with db.session() as s, s.begin():
        for i in range(n):
            s.add(Outbox(meeting_id="M", message_id=f"<r{i}@x>", to_addr=f"p{i}@example.org", template="confirm",
                         language="en", subject="s", raw=f"Subject: s\r\nMessage-ID: <r{i}@x>\r\n\r\nhi\r\n".encode()))


def statuses(db: Database) -> list[str]:
    with db.session() as s:
        return [r.status for r in s.scalars(select(Outbox).order_by(Outbox.id))]


def test_each_reply_is_sent_once(db_url, smtp):
    db = Database(db_url)
    queue(db, 3)
    assert send_pending(db, SmtpTransport(smtp.url), "me@ilo.test") == 3
    assert send_pending(db, SmtpTransport(smtp.url), "me@ilo.test") == 0
    smtp.wait_for(3)
    assert sorted(m["Message-ID"] for m in smtp.messages) == ["<r0@x>", "<r1@x>", "<r2@x>"]
    assert statuses(db) == ["sent"] * 3
    db.dispose()


def test_a_reply_another_worker_claimed_is_left_to_it_and_the_one_before_is_marked_sent(db_url, smtp):
    db = Database(db_url)
    queue(db, 2)

    class OtherWorkerClaims(SmtpTransport):
        """While the first reply goes, another worker claims the second."""

        def send(self, sender: str, to: str, raw: bytes) -> None:
            super().send(sender, to, raw)
            with db.session() as s, s.begin():
                s.get(Outbox, 2).status = "sending"

    assert send_pending(db, OtherWorkerClaims(smtp.url), "me@ilo.test") == 1
    smtp.wait_for(1)
    assert [m["Message-ID"] for m in smtp.messages] == ["<r0@x>"]
    with db.session() as s:
        first, second = s.scalars(select(Outbox).order_by(Outbox.id)).all()
    assert (first.status, first.attempts, first.sent_at is not None) == ("sent", 1, True)
    assert (second.status, second.attempts, second.sent_at) == ("sending", 0, None)
    db.dispose()


def test_a_backlog_larger_than_one_read_is_sent_in_one_call(db_url, smtp):
    db = Database(db_url)
    queue(db, 5)
    assert send_pending(db, SmtpTransport(smtp.url), "me@ilo.test", limit=2) == 5
    assert len(smtp.wait_for(5)) == 5
    assert statuses(db) == ["sent"] * 5
    db.dispose()


def test_replies_wait_while_the_smtp_server_is_down_and_go_when_it_is_back(db_url):
    db = Database(db_url)
    queue(db, 2)
    port = free_port()
    transport = SmtpTransport(f"smtp://127.0.0.1:{port}", timeout=2)
    assert send_pending(db, transport, "me@ilo.test") == 0
    assert statuses(db) == ["pending", "pending"]  # the first failed; the second waited
    with db.session() as s, s.begin():
        for r in s.scalars(select(Outbox)):
            r.next_try_at = None
    sink = SmtpSink()
    sink.port = port
    sink.start()
    try:
        assert send_pending(db, transport, "me@ilo.test") == 2
        assert len(sink.wait_for(2)) == 2
    finally:
        sink.stop()
    assert statuses(db) == ["sent", "sent"]
    db.dispose()


def test_a_reply_caught_mid_send_by_a_crash_is_never_sent_again_automatically(db_url, smtp):
    db = Database(db_url)
    queue(db, 1)
    with db.session() as s, s.begin():
        s.scalar(select(Outbox)).status = "sending"
    assert recover(db) == 1
    assert send_pending(db, SmtpTransport(smtp.url), "me@ilo.test") == 0
    assert statuses(db) == ["uncertain"]
    db.dispose()
