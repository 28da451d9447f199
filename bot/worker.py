"""The worker's loop: fetch, store, process, acknowledge, send; leadership among workers on
one PostgreSQL database; the watchdog's checks between passes.

The ledger (bot/ledger.py) keeps and files the messages; the process step (bot/process.py)
runs the pipeline on one of them with its failures isolated. This module decides what is
done when, and survives servers going away.
"""
from __future__ import annotations

import hashlib
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone

import structlog
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from bot.budget import Analyser, Analysis
from bot.db import Database
from bot.ledger import Ledger, Stats, database_away
from bot.mailbox import RECONNECT_ERRORS, Fetched, Mailbox, MailboxError, backoff
from bot.meeting import Meeting
from bot.models import Inbound, Outbox
from bot.oauth import TokenError
from bot.outbox import Transport, login_problem, recover, send_pending
from bot.process import Processor
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

# Longest pause between two attempts while a server is away: a restarted IMAP server or
# database is used again within this many seconds of coming back.
RETRY_CAP = 20.0
# A worker that is not the fetcher (another holds the mailbox lock) looks for stored
# messages to process and replies to send this often.
FOLLOWER_POLL = 2.0
# Advisory-lock class for "this worker is processing inbound row N" (PostgreSQL).
_ROW_LOCK_CLASS = 0x1A7A


def mailbox_lock_key(mailbox_name: str) -> int:
    """A signed 64-bit key for pg_try_advisory_lock, the same for every worker on one mailbox."""
    return int.from_bytes(hashlib.sha256(mailbox_name.encode()).digest()[:8], "big", signed=True)


class _Feed:
    """The fetcher's thread: fetches new mail and stores it, a chunk in one commit, ahead of
    the processing (which takes what is stored as it comes). What stops it (the server or the
    database away) is raised in the loop by `raise_failure()`, after what was stored is
    processed."""

    def __init__(self, worker: "Worker"):
        self.worker = worker
        self._cond = threading.Condition()
        self._stored = 0  # chunks stored so far
        self._finished = False
        self._quit = False
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="fetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        worker = self.worker
        try:
            chunk: list[Fetched] = []
            for fetched in worker.mailbox.fetch_new():
                worker.stats.fetched += 1
                chunk.append(fetched)
                if len(chunk) == CHUNK:
                    self._store(chunk)
                    chunk = []
                if self._quit or worker.stopping:
                    break
            self._store(chunk)
        except BaseException as exc:  # raised in the loop, which knows what to do with it
            self._failure = exc
        finally:
            with self._cond:
                self._finished = True
                self._cond.notify_all()

    def _store(self, chunk: list[Fetched]) -> None:
        if not chunk:
            return
        self.worker.store(chunk)
        with self._cond:
            self._stored += 1
            self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return self._stored

    def wait_for_more(self, mark: int) -> bool:
        """Wait until a chunk is stored after `mark` (True) or the feed has finished (False)."""
        with self._cond:
            while self._stored == mark and not self._finished and not self.worker.stopping:
                self._cond.wait(0.2)
            return self._stored != mark

    def close(self) -> None:
        self._quit = True
        self._thread.join()

    def raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure


class Worker:
    def __init__(self, *, meeting: Meeting, states: StateRegistry, db: Database, mailbox: Mailbox,
                 transport: Transport, poll_seconds: float = 180, idle_seconds: float = 540):
        self.meeting, self.states, self.db = meeting, states, db
        self.mailbox, self.transport = mailbox, transport
        self.poll_seconds, self.idle_seconds = poll_seconds, idle_seconds
        self.stopping = False
        self.stats = Stats()
        self.ledger = Ledger(db, meeting, mailbox, self.stats)
        # The reading handlers run in child processes, under the meeting's reading budget.
        self.analyser = Analyser(meeting, states)
        self.processor = Processor(self.ledger, states, self.analyser, self._is_stopping)
        # PostgreSQL: a connection of our own that holds the mailbox's advisory lock (we are
        # its one fetcher) and the per-row locks. SQLite: one worker, always the fetcher.
        self._lock_conn: Connection | None = None
        self.fetcher = True
        self.retry_cap = RETRY_CAP
        self.watchdog = Watchdog(db, meeting)
        self._tokens_at = self._quiet_at = float("-inf")  # time.monotonic() of the last checks
        self._sender: ThreadPoolExecutor | None = None
        self._sending: Future[int] | None = None

    # -- one pass ---------------------------------------------------------------------
    def drain(self) -> None:
        """Everything there is to do now: fetch and store (on a thread of its own, ahead of
        the work), process, acknowledge, send. The server copies are filed and the replies
        sent every CHUNK messages, so that the first replies go out while a large backlog is
        still being read."""
        self.process_pending(fetch=True)
        self.acknowledge()
        self.send()
        self.finish_sending()

    def settle(self, fetcher: bool = True) -> None:
        """Process what is stored (another worker fetches), acknowledge, send."""
        self.process_pending()
        if fetcher:
            self.acknowledge()
        self.send()

    def send(self) -> None:
        """Send what the outbox holds, on a thread of its own: the replies go out while the
        next messages are fetched, stored and read (the SMTP server's answers are waited for
        beside the work, not before it). One sender at a time: the one before has finished
        first."""
        self.finish_sending()
        if self._sender is None:
            self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="send")
        self._sending = self._sender.submit(send_pending, self.db, self.transport, self.meeting.addresses.nominations)

    def finish_sending(self) -> None:
        """Wait for the replies being sent; what stopped them (the database away) is raised
        here, in the loop that retries."""
        sending, self._sending = self._sending, None
        if sending is not None:
            self.stats.sent += sending.result()

    def store(self, fetched: list[Fetched]) -> None:
        """Keep the raw bytes before anything else happens (bot/ledger.py)."""
        self.ledger.store(fetched)

    def acknowledge(self) -> None:
        """File the server copies of committed messages (bot/ledger.py)."""
        self.ledger.acknowledge()

    def process_pending(self, fetch: bool = False) -> None:
        """Process the messages waiting in the ledger: those never attempted in order, each
        group of CLAIM counted and read ahead in the reading children (on every core) while
        the worker records the group before; then those attempted before, one at a time.
        With `fetch` (the fetcher's own pass), new mail is fetched and stored meanwhile on a
        thread of its own (`_Feed`) and processed as it comes, until all is stored; the server
        copies are filed and the replies sent every CHUNK."""
        workers = cores()
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="read-ahead") if workers > 1 else None
        if pool is not None:
            self.analyser.prepare(workers)  # forked here, before any other thread starts
        feed = _Feed(self) if fetch else None
        counted: set[int] = set()
        held: set[int] = set()  # rows whose lock this worker holds (several workers on PostgreSQL)
        ahead: dict[int, Future[Analysis]] = {}
        seen: set[int] = set()  # fresh rows taken in this pass (a failed one waits for the next)
        queue: list[int] = []  # fresh rows not yet taken
        last = 0  # the highest fresh row looked at

        def claim(group: list[int]) -> None:
            """Lock the group's rows another worker has not taken (several workers on one
            PostgreSQL database), count their attempts, then start reading them in the pool:
            each is read in a child process, on every core, while the worker records the one
            before."""
            mine = [i for i in group if self._lock_row(i, held)]
            now = self.ledger.count_attempts(mine)
            counted.update(i for i, outcome in now.items() if outcome == "counted")
            for i in mine:
                if i not in counted:
                    self._unlock_row(i, held)
            letters = [i for i in mine if i in counted]
            if pool is None or not letters:
                return
            with self.db.session() as s:
                for r in s.execute(select(Inbound.id, Inbound.raw, Inbound.received_at).where(Inbound.id.in_(letters))):
                    ahead[r.id] = pool.submit(self.analyser.analyse, r.raw or b"", r.received_at, self._is_stopping)

        def take(wait: bool) -> list[int]:
            """The next CLAIM fresh rows, claimed; with `wait`, when none is stored yet, wait
            for the feed to store more (an empty list: there will be no more)."""
            nonlocal last
            while True:
                mark = feed.mark() if feed is not None else 0
                if not queue:
                    queue.extend(self.ledger.fresh(last))  # rows stored after the last one taken
                    if queue:
                        last = queue[-1]
                if queue:
                    group = queue[:CLAIM]
                    del queue[:CLAIM]
                    seen.update(group)
                    claim(group)
                    return group
                if not wait or feed is None or self.stopping or not feed.wait_for_more(mark):
                    return []

        done = 0
        try:
            # The next group is claimed and its letters read while this one goes through the
            # pipeline, so that the readers (and OCR) never wait for the pipeline.
            group = take(wait=True)
            while group and not self.stopping:
                following = take(wait=False)
                for i in group:
                    if i in counted and not self.stopping:
                        try:
                            self.processor.process_one(i, ahead.pop(i, None), counted=True)
                        finally:
                            self._unlock_row(i, held)
                    done += 1
                    if feed is not None and done % CHUNK == 0:
                        # The readers go on with the groups claimed meanwhile.
                        self.acknowledge()
                        self.send()
                group = following or take(wait=True)
        finally:
            if feed is not None:
                feed.close()
            for future in ahead.values():  # stopping: what was read ahead is not kept
                future.cancel()
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            for i in list(held):
                self._unlock_row(i, held)
        # Already attempted: perhaps what killed the worker; alone, each counted on its own.
        for i in self.ledger.attempted():
            if self.stopping:
                break
            if i not in seen:
                self.process_one(i)
        if feed is not None:
            feed.raise_failure()  # what stopped the fetching, once what it stored is processed

    def _lock_row(self, inbound_id: int, held: set[int]) -> bool:
        """Take the row for this worker until `_unlock_row` (always, with one worker): on
        PostgreSQL a session lock, since the row lock of the claim ends with its commit and
        another worker could otherwise count a second attempt for the same message."""
        if self._lock_conn is None:
            return True
        got = bool(self._lock_conn.scalar(text("SELECT pg_try_advisory_lock(:c, :r)"),
                                          {"c": _ROW_LOCK_CLASS, "r": inbound_id}))
        if got:
            held.add(inbound_id)
        return got

    def _unlock_row(self, inbound_id: int, held: set[int]) -> None:
        if inbound_id not in held:
            return
        held.discard(inbound_id)
        if self._lock_conn is None:
            return  # the connection went, and its locks with it
        try:
            self._lock_conn.execute(text("SELECT pg_advisory_unlock(:c, :r)"), {"c": _ROW_LOCK_CLASS, "r": inbound_id})
        except DBAPIError:
            self._drop_lock_conn()

    def process_one(self, inbound_id: int) -> str | None:
        """Run the pipeline on one stored message (bot/process.py), under its row lock when
        several workers share the database; its status, or None when someone else has it."""
        held: set[int] = set()
        if not self._lock_row(inbound_id, held):
            return None
        try:
            return self.processor.process_one(inbound_id)
        finally:
            self._unlock_row(inbound_id, held)

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
                    self.finish_sending()
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
                self._wait_sending()
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
                self._wait_sending()
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
        self._wait_sending()
        if self._sender is not None:
            self._sender.shutdown()
            self._sender = None
        self.mailbox.close()
        self._drop_lock_conn()
        self.analyser.close()
        log.info("worker.stopped", **{k: v for k, v in vars(self.stats).items() if k != "by_status"})
        return self.stats

    def _wait_sending(self) -> None:
        """The sender's end, whatever it was: what it could not send waits in the outbox for
        the next pass."""
        try:
            self.finish_sending()
        except (DBAPIError, *RECONNECT_ERRORS) as exc:
            log.warning("outbox.send_interrupted", error=f"{type(exc).__name__}: {exc}"[:300],
                        hint="the replies left wait in the outbox for the next pass")

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
