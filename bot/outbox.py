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
from sqlalchemy import and_, case, or_, select, update

from bot.db import Database
from bot.log import redact_url
from bot.mailbox import deliver_to_maildir
from bot.models import Outbox, utcnow
from bot.oauth import TokenError, TokenSource, xoauth2

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


# A login the server refused, or no token to log in with: not the reply's fault, so it is
# not counted against the reply; the watchdog reports it (`login_error`).
LOGIN_ERRORS = (smtplib.SMTPAuthenticationError, TokenError)


class SmtpTransport:
    """smtp://USER:PASSWORD@HOST:PORT logs in with the password; smtp://USER@HOST:PORT with
    XOAUTH2 when a token source is given; smtp://HOST:PORT does not log in."""

    def __init__(self, url: str, timeout: float = 30.0, oauth2_token: TokenSource | None = None):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"SMTP URL must be smtp://[USER:PASSWORD@]HOST:PORT or smtps://...: {redact_url(url)}")
        self.host, self.ssl = parts.hostname, parts.scheme == "smtps"
        self.port = parts.port or (465 if self.ssl else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password or "")
        self.oauth2_token = oauth2_token if self.user and not self.password else None
        self.timeout = timeout
        self._open: smtplib.SMTP | None = None
        # For the watchdog: why the last login failed (None once one succeeded), and whether
        # one did.
        self.login_failure: Exception | None = None
        self.logged_in = False

    def _connect(self) -> smtplib.SMTP:
        try:
            smtp = self._session()
        except LOGIN_ERRORS as exc:
            self.login_failure, self.logged_in = exc, False
            raise
        self.login_failure, self.logged_in = None, True
        return smtp

    def _session(self) -> smtplib.SMTP:
        token = self.oauth2_token() if self.oauth2_token is not None else None
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
            if token is not None:
                user = self.user or ""
                # Initial response first; a server that answers 334 with an error gets an
                # empty line back, then refuses (RFC 7628 style).
                smtp.auth("XOAUTH2", lambda challenge=None: "" if challenge is not None else xoauth2(user, token))
            elif self.user:
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


def login_problem(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"SMTP login refused: {exc.smtp_code} {text}"[:300]
    return f"no token for SMTP: {exc}"[:300]


def open_transport(url: str, oauth2_token: TokenSource | None = None) -> Transport:
    if url.startswith("maildir:"):
        return MaildirTransport(url[len("maildir:"):])
    return SmtpTransport(url, oauth2_token=oauth2_token)


def recover(db: Database) -> int:
    """After a crash: a reply caught between "sending" and "sent" may or may not have gone.
    It is never re-sent automatically (at most once); a person decides on the review page."""
    with db.session() as s, s.begin():
        n = s.execute(update(Outbox).where(Outbox.status == "sending").values(status="uncertain")).rowcount
    if n:
        log.warning("outbox.uncertain", count=n, hint="check these replies on the review page")
    return n or 0


def send_pending(db: Database, transport: Transport, sender: str, limit: int = 100) -> int:
    """Send everything due, each reply at most once, `limit` rows read at a time; returns
    how many went.

    A reply is claimed ("sending") in a commit before it is handed to the server, and marked
    "sent" in the commit (and the statement) that claims the next one: at any moment at most
    one reply is caught between the two, and `recover()` makes it "uncertain" after a crash."""
    sent = 0
    went: int | None = None  # handed to the server, not yet marked
    with batch(transport):
        for row in _due(db, limit):
            with db.engine.begin() as conn:
                claimed = _claim(conn, row.id, went)
                went = None
            if not claimed:
                continue  # another worker has it
            try:
                transport.send(sender, row.to_addr, row.raw)
            except LOGIN_ERRORS as exc:
                _unclaim(db, row, exc)
                break  # no reply can go before the login works again
            except (OSError, smtplib.SMTPException) as exc:
                if _failed(db, row, exc) == "down":
                    break  # the server is away: the rest waits too
                continue
            went = row.id
            sent += 1
            log.info("outbox.sent", outbox_id=row.id, reply_message_id=row.message_id, to=row.to_addr)
        if went is not None:
            with db.engine.begin() as conn:
                _mark_sent(conn, went)
    return sent


def _due(db: Database, limit: int):  # type: ignore[no-untyped-def]
    """The replies due, oldest first, read `limit` at a time."""
    after = 0
    while True:
        with db.engine.connect() as conn:
            page = conn.execute(
                select(Outbox.id, Outbox.to_addr, Outbox.raw, Outbox.message_id)
                .where(Outbox.status == "pending", Outbox.id > after,
                       or_(Outbox.next_try_at.is_(None), Outbox.next_try_at <= utcnow()))
                .order_by(Outbox.id)
                .limit(limit)
            ).all()
        yield from page
        if len(page) < limit:
            return
        after = page[-1].id


def _claim(conn, oid: int, went: int | None) -> bool:  # type: ignore[no-untyped-def]
    """Claim reply `oid` ("sending") unless another worker has it, and mark `went`, the one
    handed to the server before it, "sent": one statement. True when `oid` is ours."""
    done = Outbox.id == went  # IS NULL, never true, when none went
    ids = conn.execute(update(Outbox).where(or_(done, and_(Outbox.id == oid, Outbox.status == "pending"))).values(
        status=case((done, "sent"), else_="sending"),
        sent_at=case((done, datetime.now(timezone.utc)), else_=Outbox.sent_at),
        attempts=case((done, Outbox.attempts + 1), else_=Outbox.attempts)).returning(Outbox.id)).scalars().all()
    return oid in ids


def _mark_sent(conn, oid: int | None) -> None:  # type: ignore[no-untyped-def]
    if oid is not None:
        conn.execute(update(Outbox).where(Outbox.id == oid).values(
            status="sent", sent_at=datetime.now(timezone.utc), attempts=Outbox.attempts + 1))


def _unclaim(db: Database, row, exc: Exception) -> None:  # type: ignore[no-untyped-def]
    """The login failed before this reply was handed over: it waits, uncounted."""
    problem = login_problem(exc)
    with db.engine.begin() as conn:
        conn.execute(update(Outbox).where(Outbox.id == row.id).values(
            status="pending", last_error=problem, next_try_at=utcnow() + timedelta(seconds=30)))
    log.warning("outbox.login_failed", outbox_id=row.id, error=problem, hint="see `intake status`")


def _failed(db: Database, row, exc: Exception) -> str:  # type: ignore[no-untyped-def]
    """Count a failed attempt: "refused" (this address, for good) or "down" (try again later)."""
    refused = isinstance(exc, smtplib.SMTPRecipientsRefused)
    with db.session() as s, s.begin():
        out = s.get(Outbox, row.id)
        assert out is not None
        out.attempts += 1
        out.last_error = f"{type(exc).__name__}: {exc}"[:500]
        permanent = refused or out.attempts >= MAX_ATTEMPTS
        out.status = "failed" if permanent else "pending"
        out.next_try_at = utcnow() + timedelta(seconds=min(600, 5 * 2 ** min(out.attempts, 7)))
    log.warning("outbox.send_failed", outbox_id=row.id, reply_message_id=row.message_id, error=str(exc),
                will_retry=not permanent)
    return "refused" if refused else "down"
