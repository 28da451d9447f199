"""The worker: fetch, store the raw message, run the pipeline, commit, acknowledge, send.

Per-message isolation lives here and only here: any exception from a handler rolls the
message's transaction back and counts an attempt; after `max_attempts` the message is
quarantined (raw kept, visible for review) and the others go on.
"""
from __future__ import annotations

import hashlib
import os
import signal
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

import structlog
from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import defer

import handlers
from bot.budget import Analyser, Analysis, Stopped
from bot.db import Database
from bot.mail import message_id_of
from bot.mailbox import RECONNECT_ERRORS, Fetched, Mailbox, MailboxError, backoff
from bot.meeting import Meeting
from bot.models import Event, Inbound, Outbox
from bot.oauth import TokenError
from bot.outbox import Transport, login_problem, recover, send_pending
from bot.reading.ocr import cores
from bot.states import StateRegistry
from bot.watchdog import Watchdog

log = structlog.get_logger("intake.worker")

# Messages stored between two rounds of processing, acknowledging and sending.
CHUNK = 100
# Fresh messages whose attempts are counted in one commit before their work starts. A
# worker killed meanwhile has counted an attempt for each: small enough that a few kills
# cannot quarantine a good message (attempted ones are then taken one at a time).
CLAIM = 8

# Messages at least this large (attachments: letters, scans) are read ahead, in parallel
# with the one being processed: OCR runs in subprocesses, so the cores work together.
READ_AHEAD_BYTES = 20_000
# Longest pause between two attempts while a server is away: a restarted IMAP server or
# database is used again within this many seconds of coming back.
RETRY_CAP = 20.0
# A worker that is not the fetcher (another holds the mailbox lock) looks for stored
# messages to process and replies to send this often.
FOLLOWER_POLL = 2.0
# The stored message, if it still waits (built once: it runs for every message).
_CLAIM = select(Inbound).where(Inbound.id == bindparam("id"), Inbound.status == "new")
_CLAIM_PG = _CLAIM.with_for_update(skip_locked=True)
# Advisory-lock class for "this worker is processing inbound row N" (PostgreSQL).
_ROW_LOCK_CLASS = 0x1A7A


def database_away(exc: BaseException) -> bool:
    """True when `exc` means the database cannot be reached (not that a message is bad)."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def mailbox_lock_key(mailbox_name: str) -> int:
    """A signed 64-bit key for pg_try_advisory_lock, the same for every worker on one mailbox."""
    return int.from_bytes(hashlib.sha256(mailbox_name.encode()).digest()[:8], "big", signed=True)


class _Known(NamedTuple):
    """What store() needs of a message already in the ledger."""

    sha256: str
    server_key: str
    status: str
    folder: str | None
    message_id: str


_KNOWN_COLUMNS = tuple(getattr(Inbound, name) for name in _Known._fields)


@dataclass
class Stats:
    fetched: int = 0
    stored: int = 0
    processed: int = 0
    quarantined: int = 0
    acknowledged: int = 0
    sent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


class Worker:
    def __init__(self, *, meeting: Meeting, states: StateRegistry, db: Database, mailbox: Mailbox,
                 transport: Transport, poll_seconds: float = 180, idle_seconds: float = 540):
        self.meeting, self.states, self.db = meeting, states, db
        self.mailbox, self.transport = mailbox, transport
        self.poll_seconds, self.idle_seconds = poll_seconds, idle_seconds
        self.stopping = False
        self.stats = Stats()
        # PostgreSQL: a connection of our own that holds the mailbox's advisory lock (we are
        # its one fetcher) and the per-row locks. SQLite: one worker, always the fetcher.
        self._lock_conn: Connection | None = None
        self.fetcher = True
        self.retry_cap = RETRY_CAP
        self.watchdog = Watchdog(db, meeting)
        self._tokens_at = self._quiet_at = float("-inf")  # time.monotonic() of the last checks
        # The reading handlers run in child processes, under the meeting's reading budget.
        self.analyser = Analyser(meeting, states)

    # -- one pass ---------------------------------------------------------------------
    def drain(self) -> None:
        """Everything there is to do now: fetch, process, acknowledge, send; in chunks, so
        that the first replies go out while a large backlog is still being read."""
        chunk: list[Fetched] = []
        for fetched in self.mailbox.fetch_new():
            self.stats.fetched += 1
            chunk.append(fetched)
            if len(chunk) == CHUNK:
                self.store(chunk)
                chunk = []
                self.settle()
            if self.stopping:
                break
        self.store(chunk)
        self.settle()

    def settle(self, fetcher: bool = True) -> None:
        self.process_pending()
        if fetcher:
            self.acknowledge()
        self.stats.sent += send_pending(self.db, self.transport, self.meeting.addresses.nominations)

    def store(self, fetched: list[Fetched]) -> None:
        """Keep the raw bytes before anything else happens, a chunk in one commit; known
        messages are not stored twice."""
        if not fetched:
            return
        named = [(f, message_id_of(f.raw), hashlib.sha256(f.raw).hexdigest()) for f in fetched]
        stored: list[dict] = []
        try:
            with self.db.session() as s, s.begin():
                by_uid, by_mid = self._known_rows(s, named)
                for f, mid, sha in named:
                    known, mid = self._known(s, f, mid, sha, by_uid, by_mid)
                    if known:
                        continue
                    row = dict(meeting_id=self.meeting.id, message_id=mid, sha256=sha, mailbox=self.mailbox.name,
                               uidvalidity=f.uidvalidity, uid=f.uid, server_key=f.key, raw=f.raw, size=len(f.raw),
                               received_at=f.received_at)
                    stored.append(row)
                    by_mid[mid] = _Known(sha, f.key, "new", None, mid)  # a second copy in this chunk
                if stored:
                    s.execute(insert(Inbound), stored)
        except IntegrityError:
            # Another worker stored one of them a moment ago: the others one by one.
            if len(fetched) > 1:
                for f in fetched:
                    self.store([f])
            return
        self.stats.stored += len(stored)
        for row in stored:
            log.info("message.stored", message_id=row["message_id"], size=row["size"], key=row["server_key"])

    def _known_rows(self, s, named: list[tuple[Fetched, str, str]]) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
        """The chunk's messages already in the ledger, by (uidvalidity, uid) and by Message-ID:
        two queries for the whole chunk."""
        cols = select(*_KNOWN_COLUMNS, Inbound.uidvalidity, Inbound.uid)
        by_uid: dict[tuple, _Known] = {}
        uids: dict[int | None, list[int]] = {}
        for f, _, _ in named:
            if f.uid is not None:
                uids.setdefault(f.uidvalidity, []).append(f.uid)
        for validity, some in uids.items():
            for r in s.execute(cols.where(Inbound.mailbox == self.mailbox.name, Inbound.uidvalidity == validity,
                                          Inbound.uid.in_(some))):
                by_uid[(r.uidvalidity, r.uid)] = _Known(*r[:5])
        mids = [mid for _, mid, _ in named]
        by_mid = {r.message_id: _Known(*r[:5]) for r in s.execute(cols.where(Inbound.message_id.in_(mids)))}
        return by_uid, by_mid

    def _known(self, s, f: Fetched, mid: str, sha: str, by_uid: dict, by_mid: dict) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
        """(already in the ledger?, the ledger name to use); a second copy is filed like the first."""
        known = by_uid.get((f.uidvalidity, f.uid)) if f.uid is not None else None
        if known is None:
            known = by_mid.get(mid)
            if known is not None and known.sha256 != sha:
                # Same Message-ID, other content (a broken mailer): a message of its own.
                mid = f"{mid[:800]}#sha256:{sha[:16]}"
                known = by_mid.get(mid)
                if known is None:
                    r = s.execute(select(*_KNOWN_COLUMNS).where(Inbound.message_id == mid)).first()
                    known = _Known(*r) if r is not None else None
        if known is None:
            return False, mid
        if known.server_key != f.key and known.status != "new":
            self._ack(f.key, known.folder or "Ignored", known.message_id)
        return True, mid

    def process_pending(self) -> None:
        with self.db.session() as s:
            # Fresh messages first, those already attempted after them: a message that was being
            # processed when the worker died may be what killed it, and must not hold up the
            # queue at every restart (it is still counted and quarantined after max_attempts).
            rows = s.execute(select(Inbound.id, Inbound.attempts, Inbound.size)
                             .where(Inbound.status == "new", Inbound.meeting_id == self.meeting.id)
                             .order_by(Inbound.attempts, Inbound.id)).all()
        if self._lock_conn is not None:
            # Several workers share the rows: one message at a time, each under its row lock.
            for row in rows:
                if self.stopping:
                    break
                self.process_one(row.id)
            return
        fresh = [r for r in rows if r.attempts == 0]
        groups = [fresh[i : i + CLAIM] for i in range(0, len(fresh), CLAIM)]
        workers = cores()
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="read-ahead") if workers > 1 and len(fresh) > 1 else None
        if pool is not None:
            self.analyser.prepare(workers + 1)  # forked here, not beside the read-ahead threads
        counted: set[int] = set()
        ahead: dict[int, Future] = {}

        def claim(group: list) -> None:
            """Count the group's attempts, then start reading its letters in the pool."""
            now = self._count_attempts([r.id for r in group])
            counted.update(i for i, outcome in now.items() if outcome == "counted")
            letters = [r.id for r in group if r.id in counted and r.size >= READ_AHEAD_BYTES]
            if pool is None or not letters:
                return
            with self.db.session() as s:
                for r in s.execute(select(Inbound.id, Inbound.raw, Inbound.received_at).where(Inbound.id.in_(letters))):
                    ahead[r.id] = pool.submit(self.analyser.analyse, r.raw or b"", r.received_at, self._is_stopping)

        try:
            # The next group is claimed and its letters read while this one goes through the
            # pipeline, so that the readers (and OCR) never wait for the pipeline.
            if groups:
                claim(groups[0])
            for n, group in enumerate(groups):
                if self.stopping:
                    break
                if n + 1 < len(groups):
                    claim(groups[n + 1])
                for r in group:
                    if r.id in counted and not self.stopping:
                        self._process_one(r.id, ahead.pop(r.id, None), counted=True)
        finally:
            for future in ahead.values():  # stopping: what was read ahead is not kept
                future.cancel()
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        # Already attempted: perhaps what killed the worker; alone, each counted on its own.
        for row in rows:
            if self.stopping:
                break
            if row.attempts > 0:
                self._process_one(row.id)

    def process_one(self, inbound_id: int) -> str | None:
        """Run the pipeline on one stored message; its status, or None when someone else has it."""
        if self._lock_conn is None:
            return self._process_one(inbound_id)
        # Two workers on one database: the row lock alone is released between the claim and
        # the work, so the other worker could count a second attempt for the same message.
        got = self._lock_conn.scalar(text("SELECT pg_try_advisory_lock(:c, :r)"), {"c": _ROW_LOCK_CLASS, "r": inbound_id})
        if not got:
            return None
        try:
            return self._process_one(inbound_id)
        finally:
            try:
                self._lock_conn.execute(text("SELECT pg_advisory_unlock(:c, :r)"), {"c": _ROW_LOCK_CLASS, "r": inbound_id})
            except DBAPIError:
                self._drop_lock_conn()  # the lock went with the connection anyway

    def _count_attempts(self, ids: list[int]) -> dict[int, str]:
        """Claim messages and count an attempt for each in one commit, before any work starts:
        "counted" for each, or "quarantined" for one that failed too often already; those no
        longer waiting are left out.

        A message that kills the process itself (not just raises) is still counted, so it
        cannot crash us forever."""
        outcomes: dict[int, str] = {}
        with self.db.session() as s, s.begin():
            q = select(Inbound).where(Inbound.id.in_(ids), Inbound.status == "new")
            if self.db.dialect == "postgresql":
                q = q.with_for_update(skip_locked=True)
            for row in s.scalars(q.options(defer(Inbound.raw), defer(Inbound.extraction))):
                if row.attempts >= self.meeting.max_attempts:
                    self._quarantine(s, row, row.last_error or "failed repeatedly")
                    outcomes[row.id] = "quarantined"
                    continue
                row.attempts += 1
                outcomes[row.id] = "counted"
        return outcomes

    def _process_one(self, inbound_id: int, read: Future | None = None, counted: bool = False) -> str | None:
        if not counted:
            outcome = self._count_attempts([inbound_id]).get(inbound_id)
            if outcome != "counted":
                return outcome
        analysis: Analysis | None = None
        if read is not None:
            try:
                analysis = read.result()
            except Stopped:
                return None
            except Exception:  # read it again inside the pipeline, where failures are handled
                analysis = None
        try:
            with self.db.session() as s, s.begin():
                row = s.scalar(self._claim(), {"id": inbound_id})
                if row is None:
                    return None
                structlog.contextvars.bind_contextvars(message_id=row.message_id)
                ctx = handlers.Context(raw=row.raw, meeting=self.meeting, states=self.states,
                                       received_at=row.received_at, session=s, inbound=row)
                if analysis is None:
                    # In a child process, under the reading budget; a message over it comes
                    # back unread, for review.
                    analysis = self.analyser.analyse(row.raw or b"", row.received_at, self._is_stopping)
                analysis.apply(ctx)
                # What the handlers change is written once, at the commit, rather than before
                # each of their queries (none needs to see it; one that needs an id flushes).
                with s.no_autoflush:
                    handlers.run(handlers.AFTER_READING, ctx)
                status = row.status
            self.stats.processed += 1
            self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
            return status
        except Stopped:
            return None  # asked to stop while it was read: it waits for the next start
        except Exception as exc:
            if database_away(exc):
                raise  # the database is away: not the message's fault; the loop retries
            log.exception("message.failed", error=f"{type(exc).__name__}: {exc}",
                          hint="kept in the ledger; retried, then quarantined for review")
            with self.db.session() as s, s.begin():
                row = s.get(Inbound, inbound_id)
                assert row is not None
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= self.meeting.max_attempts:
                    self._quarantine(s, row, row.last_error)
                    return "quarantined"
            return "retry"
        finally:
            structlog.contextvars.unbind_contextvars("message_id")

    def _claim(self):  # type: ignore[no-untyped-def]
        """The stored message (bound as "id") if it still waits; on PostgreSQL locked, skipped
        when another has it."""
        return _CLAIM_PG if self.db.dialect == "postgresql" else _CLAIM

    def _quarantine(self, s, row: Inbound, reason: str) -> None:  # type: ignore[no-untyped-def]
        row.status, row.folder, row.review_state = "quarantined", "Quarantine", "open"
        row.decision, row.reasons = "review", ["unprocessable"]
        row.last_error = reason
        s.add(Event(inbound_id=row.id, action="message.quarantined", detail={"reason": reason[:500]}))
        self.stats.quarantined += 1
        log.error("message.quarantined", message_id=row.message_id, attempts=row.attempts, reason=reason,
                  hint="open it on the review page and re-process once the cause is fixed")

    def acknowledge(self) -> None:
        """File server copies of committed messages (after the commit, never before), one
        server command and one update per folder rather than per message."""
        with self.db.session() as s:
            rows = s.execute(select(Inbound.id, Inbound.server_key, Inbound.folder, Inbound.message_id).where(
                Inbound.mailbox == self.mailbox.name, Inbound.acked.is_(False), Inbound.status != "new")
                .order_by(Inbound.id)).all()
        by_folder: dict[str, list] = {}
        for row in rows:
            by_folder.setdefault(row.folder or "Review", []).append(row)
        for folder, group in by_folder.items():
            self.mailbox.ack_many([r.server_key for r in group], folder)
            with self.db.session() as s, s.begin():
                s.execute(update(Inbound).where(Inbound.id.in_([r.id for r in group])).values(acked=True))
            for r in group:
                log.info("message.filed", message_id=r.message_id, folder=folder)
            self.stats.acknowledged += len(group)

    def _ack(self, key: str, folder: str, mid: str) -> None:
        self.mailbox.ack(key, folder)
        log.info("message.filed", message_id=mid, folder=folder)

    # -- the loop ---------------------------------------------------------------------
    def run(self, once: bool = False) -> Stats:
        """Work until SIGTERM (or, with `once`, until nothing is left); survive servers going away.

        The IMAP server, the SMTP server and the database may each disappear and come back:
        the loop backs off, reconnects and goes on. Nothing is acknowledged on the server
        before its commit, so a database outage only delays messages."""
        self._install_signals()
        failures = 0
        recovered = False
        while not self.stopping:
            try:
                if not recovered:
                    recover(self.db)
                    recovered = True
                self._hold_mailbox_lock()
                if self.fetcher:
                    self._check_tokens()
                    self.drain()
                    self.watchdog.clear("mailbox_login", "mailbox_token")
                else:
                    self.settle(fetcher=False)
                self._watch_smtp()
                self._check_quiet()
                failures = 0
                if once:
                    break
                pause = self._pause()
                log.info("worker.waiting", mailbox=self.mailbox.name, seconds=round(pause, 1), fetcher=self.fetcher)
                if self.fetcher:
                    self.mailbox.wait(pause, lambda: self.stopping)
                else:
                    self._sleep(min(pause, FOLLOWER_POLL))
            except (MailboxError, TokenError) as exc:
                # The login was refused or no token can be had: say so, and (unless `once`)
                # try again every poll period: someone may renew the secret or the permission.
                self.mailbox.close()
                try:
                    self.watchdog.raise_("mailbox_token" if isinstance(exc, TokenError) else "mailbox_login", str(exc))
                    self._send_alerts()
                except DBAPIError as db_exc:  # the database is away too: said at the next try
                    log.warning("watchdog.not_recorded", error=f"{type(db_exc).__name__}: {db_exc}"[:300])
                if once:
                    raise
                self._sleep(min(self.poll_seconds, self.idle_seconds))
            except (DBAPIError, *RECONNECT_ERRORS) as exc:
                if isinstance(exc, DBAPIError) and not database_away(exc):
                    raise
                failures += 1
                pause = backoff(failures, cap=self.retry_cap)
                log.warning("worker.retrying", error=f"{type(exc).__name__}: {exc}"[:500], pause=round(pause, 1),
                            failures=failures)
                self.mailbox.close()
                if isinstance(exc, DBAPIError):
                    self._drop_lock_conn()
                    self.db.engine.dispose()  # pooled connections to a restarted server are dead
                if once and failures > 5:
                    raise
                self._sleep(pause)
        self.mailbox.close()
        self._drop_lock_conn()
        self.analyser.close()
        log.info("worker.stopped", **{k: v for k, v in vars(self.stats).items() if k != "by_status"})
        return self.stats

    # -- the watchdog -----------------------------------------------------------------
    def _check_tokens(self) -> None:
        """Ask the token sources once per poll period (raises TokenError): each renews its token
        before it expires. A mailbox session that logged in with an older token logs in again
        with the new one; an SMTP token that cannot be had is reported here, not at the next
        reply."""
        now = time.monotonic()
        if now - self._tokens_at < min(self.poll_seconds, self.idle_seconds):
            return
        self._tokens_at = now
        mailbox_source = getattr(self.mailbox, "oauth2_token", None)
        smtp_source = getattr(self.transport, "oauth2_token", None)
        if smtp_source is not None and smtp_source is not mailbox_source:
            # Reported through the transport's login state, like a failure at a reply.
            try:
                smtp_source()
                if isinstance(getattr(self.transport, "login_failure", None), TokenError):
                    self.transport.login_failure = None  # type: ignore[attr-defined]
            except TokenError as exc:
                self.transport.login_failure, self.transport.logged_in = exc, False  # type: ignore[attr-defined]
        if mailbox_source is not None:
            token = mailbox_source()
            renewed = getattr(self.mailbox, "token_renewed", None)
            if renewed is not None and renewed(token):
                log.info("imap.token_renewed", mailbox=self.mailbox.name, hint="logging in again with the new token")
                self.mailbox.close()

    def _watch_smtp(self) -> None:
        """The SMTP login as the transport last saw it: failed (token or login), or fine."""
        failure = getattr(self.transport, "login_failure", None)
        if failure is not None:
            self.watchdog.raise_("smtp_token" if isinstance(failure, TokenError) else "smtp_login", login_problem(failure))
            return
        self.watchdog.clear("smtp_token")  # a token can be had (or none is needed)
        if getattr(self.transport, "logged_in", False):
            self.watchdog.clear("smtp_login")

    def _check_quiet(self) -> None:
        now = time.monotonic()
        if now - self._quiet_at >= min(self.poll_seconds, 300.0):
            self._quiet_at = now
            self.watchdog.check_quiet()

    def _send_alerts(self) -> None:
        """Send what waits in the outbox (the alert just queued) while the mailbox is away."""
        try:
            send_pending(self.db, self.transport, self.meeting.addresses.nominations)
            self._watch_smtp()
        except (DBAPIError, *RECONNECT_ERRORS) as exc:
            log.warning("watchdog.alert_not_sent", error=f"{type(exc).__name__}: {exc}"[:300])

    def _pause(self) -> float:
        """How long to wait for new mail: the poll period, or less when a reply is due sooner
        (replies waiting for an SMTP server that was away go without new mail arriving)."""
        pause = min(self.poll_seconds, self.idle_seconds)
        with self.db.session() as s:
            waiting = s.execute(select(func.count(), func.min(Outbox.next_try_at)).where(
                Outbox.status == "pending", Outbox.meeting_id == self.meeting.id)).one()
        count, due = waiting
        if count:
            if due is None:
                return min(pause, 1.0)  # queued by another worker, or left behind a failure
            if due.tzinfo is None:
                due = due.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back
            pause = min(pause, max(0.5, (due - datetime.now(timezone.utc)).total_seconds() + 0.1))
        return pause

    def _hold_mailbox_lock(self) -> None:
        """PostgreSQL: become the mailbox's one fetcher if no other worker is (checked every pass)."""
        if self.db.dialect != "postgresql":
            return
        if self._lock_conn is not None:
            try:
                self._lock_conn.execute(text("SELECT 1"))
            except DBAPIError:
                self._drop_lock_conn()
        if self._lock_conn is None:
            self._lock_conn = self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.fetcher = False
        if not self.fetcher:
            self.fetcher = bool(self._lock_conn.scalar(text("SELECT pg_try_advisory_lock(:k)"),
                                                       {"k": mailbox_lock_key(self.mailbox.name)}))
            if self.fetcher:
                log.info("worker.fetcher", mailbox=self.mailbox.name)

    def _drop_lock_conn(self) -> None:
        conn, self._lock_conn = self._lock_conn, None
        self.fetcher = self.db.dialect != "postgresql"
        if conn is not None:
            try:
                conn.invalidate()  # never back to the pool with our locks on it
                conn.close()
            except Exception:  # already gone; its locks went with it
                pass

    def _is_stopping(self) -> bool:
        return self.stopping

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.2, end - time.monotonic()))

    def _install_signals(self) -> None:
        def stop(signum: int, _frame: object) -> None:
            log.info("worker.stopping", signal=signal.Signals(signum).name)
            self.stopping = True
        try:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        except ValueError:
            pass  # not the main thread (tests): the caller stops us by setting `stopping`
