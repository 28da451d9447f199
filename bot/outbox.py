"""Sending replies from the outbox table: each at most once, retried while it can wait."""
from __future__ import annotations

import contextlib
import smtplib
import ssl
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import structlog
from sqlalchemy import or_, select, update

from bot.db import Database
from bot.log import redact_url
from bot.mailbox import deliver_to_maildir
from bot.models import Outbox, utcnow

log = structlog.get_logger("intake.outbox")

MAX_ATTEMPTS = 50


class Transport(Protocol):
    def send(self, sender: str, to: str, raw: bytes) -> None: ...


def batch(transport: Transport) -> contextlib.AbstractContextManager:
    """One connection for a run of replies, where the transport has connections."""
    opener = getattr(transport, "batch", None)
    return opener() if opener else contextlib.nullcontext()


class MaildirTransport:
    """The embedded default: replies are written to a Maildir (var/outbox) to be looked at."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def send(self, sender: str, to: str, raw: bytes) -> None:
        deliver_to_maildir(self.path, raw)


class SmtpTransport:
    def __init__(self, url: str, timeout: float = 30.0):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"SMTP URL must be smtp://[USER:PASSWORD@]HOST:PORT or smtps://...: {redact_url(url)}")
        self.host, self.ssl = parts.hostname, parts.scheme == "smtps"
        self.port = parts.port or (465 if self.ssl else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password or "")
        self.timeout = timeout
        self._open: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self.ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if not self.ssl and smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    @contextlib.contextmanager
    def batch(self):  # type: ignore[no-untyped-def]
        """Keep one SMTP session open while a run of replies goes out."""
        try:
            yield self
        finally:
            smtp, self._open = self._open, None
            if smtp is not None:
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    smtp.quit()

    def send(self, sender: str, to: str, raw: bytes) -> None:
        if self._open is None:
            self._open = self._connect()
        try:
            self._open.sendmail(sender, [to], raw)
        except smtplib.SMTPRecipientsRefused:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._open.rset()
            raise
        except (smtplib.SMTPException, OSError):
            # The session broke: the next reply opens a fresh one.
            with contextlib.suppress(Exception):
                self._open.close()
            self._open = None
            raise


def open_transport(url: str) -> Transport:
    if url.startswith("maildir:"):
        return MaildirTransport(url[len("maildir:"):])
    return SmtpTransport(url)


def recover(db: Database) -> int:
    """After a crash: a reply caught between "sending" and "sent" may or may not have gone.
    It is never re-sent automatically (at most once); a person decides on the review page."""
    with db.session() as s, s.begin():
        n = s.execute(update(Outbox).where(Outbox.status == "sending").values(status="uncertain")).rowcount
    if n:
        log.warning("outbox.uncertain", count=n, hint="check these replies on the review page")
    return n or 0


def send_pending(db: Database, transport: Transport, sender: str, limit: int = 100) -> int:
    """Send what is due; returns how many went."""
    sent = 0
    now = utcnow()
    with db.session() as s:
        ids = s.scalars(
            select(Outbox.id)
            .where(Outbox.status == "pending", or_(Outbox.next_try_at.is_(None), Outbox.next_try_at <= now))
            .order_by(Outbox.id)
            .limit(limit)
        ).all()
    with batch(transport):
        for oid in ids:
            outcome = _send_one(db, transport, sender, oid)
            if outcome == "down":
                break  # the server is away: the rest waits too
            sent += outcome == "sent"
    return sent


def _send_one(db: Database, transport: Transport, sender: str, oid: int) -> str:
    """Claim, send and mark one reply: "sent", "skipped" (claimed elsewhere or refused for
    good), or "down" (try again later)."""
    with db.session() as s, s.begin():
        # Claim the row: only one sender moves it from pending to sending.
        claimed = s.execute(
            update(Outbox).where(Outbox.id == oid, Outbox.status == "pending").values(status="sending")
        ).rowcount
    if not claimed:
        return "skipped"
    with db.session() as s:
        row = s.get(Outbox, oid)
        assert row is not None
        to, raw, mid = row.to_addr, row.raw, row.message_id
    try:
        transport.send(sender, to, raw)
    except (OSError, smtplib.SMTPException) as exc:
        refused = isinstance(exc, smtplib.SMTPRecipientsRefused)
        with db.session() as s, s.begin():
            row = s.get(Outbox, oid)
            assert row is not None
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:500]
            permanent = refused or row.attempts >= MAX_ATTEMPTS
            row.status = "failed" if permanent else "pending"
            row.next_try_at = utcnow() + timedelta(seconds=min(600, 5 * 2 ** min(row.attempts, 7)))
        log.warning("outbox.send_failed", outbox_id=oid, reply_message_id=mid, error=str(exc),
                    will_retry=not permanent)
        return "skipped" if refused else "down"
    with db.session() as s, s.begin():
        row = s.get(Outbox, oid)
        assert row is not None
        row.status, row.sent_at, row.attempts = "sent", datetime.now(timezone.utc), row.attempts + 1
    log.info("outbox.sent", outbox_id=oid, reply_message_id=mid, to=to)
    return "sent"
