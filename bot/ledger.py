"""The ledger of incoming mail: fetched bytes stored before anything else, claimed, counted,
quarantined, and filed on the server after their commit.

Every message's raw bytes are kept first, a chunk in one commit; the work on a message
starts only once an attempt is counted for it (a message that kills the process is still
counted, so it cannot crash the worker forever); the server copy is filed only after the
message's outcome is committed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import structlog
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, defer

from bot.db import Database
from bot.mail import message_id_of
from bot.mailbox import Fetched, Mailbox
from bot.meeting import Meeting
from bot.models import Event, Inbound

log = structlog.get_logger("intake.worker")

# The stored message, if it still waits (built once: it runs for every message).
_CLAIM = select(Inbound).where(Inbound.id == bindparam("id"), Inbound.status == "new")
_CLAIM_PG = _CLAIM.with_for_update(skip_locked=True)


def database_away(exc: BaseException) -> bool:
    """True when `exc` means the database cannot be reached (not that a message is bad)."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


@dataclass
class Stats:
    fetched: int = 0
    stored: int = 0
    processed: int = 0
    quarantined: int = 0
    acknowledged: int = 0
    sent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


class _Known(NamedTuple):
    """What store() needs of a message already in the ledger."""

    sha256: str
    server_key: str
    status: str
    folder: str | None
    message_id: str


_KNOWN_COLUMNS = tuple(getattr(Inbound, name) for name in _Known._fields)


class Ledger:
    """The ledger rows of one meeting; `mailbox` (where they are fetched and filed) is only
    needed to store and acknowledge: claiming and counting work without one."""

    def __init__(self, db: Database, meeting: Meeting, mailbox: Mailbox | None = None, stats: Stats | None = None):
        self.db, self.meeting, self.mailbox = db, meeting, mailbox
        self.stats = stats if stats is not None else Stats()

    # -- storing -------------------------------------------------------------------------
    def store(self, fetched: list[Fetched]) -> None:
        """Keep the raw bytes before anything else happens, a chunk in one commit; known
        messages are not stored twice."""
        if not fetched:
            return
        assert self.mailbox is not None
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

    def _known_rows(self, s: Session, named: list[tuple[Fetched, str, str]]) -> tuple[dict, dict]:
        """The chunk's messages already in the ledger, by (uidvalidity, uid) and by Message-ID:
        two queries for the whole chunk."""
        assert self.mailbox is not None
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

    def _known(self, s: Session, f: Fetched, mid: str, sha: str, by_uid: dict, by_mid: dict) -> tuple[bool, str]:
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

    # -- claiming ------------------------------------------------------------------------
    def attempted(self) -> list[int]:
        """The meeting's messages still to process that were attempted before: perhaps what
        killed the worker, so taken after the fresh ones, one at a time (still counted and
        quarantined after max_attempts)."""
        with self.db.session() as s:
            return list(s.scalars(select(Inbound.id).where(Inbound.status == "new", Inbound.meeting_id == self.meeting.id,
                                                           Inbound.attempts > 0).order_by(Inbound.attempts, Inbound.id)))

    def fresh(self, after: int = 0) -> list[int]:
        """The meeting's messages never attempted, stored after the row `after`, in the order
        they were stored."""
        with self.db.session() as s:
            return list(s.scalars(select(Inbound.id).where(Inbound.status == "new", Inbound.meeting_id == self.meeting.id,
                                                           Inbound.attempts == 0, Inbound.id > after).order_by(Inbound.id)))

    def count_attempts(self, ids: list[int]) -> dict[int, str]:
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
            for row in s.scalars(q.options(defer(Inbound.raw), defer(Inbound.extraction), defer(Inbound.view))):
                if row.attempts >= self.meeting.max_attempts:
                    self.quarantine(s, row, row.last_error or "failed repeatedly")
                    outcomes[row.id] = "quarantined"
                    continue
                row.attempts += 1
                outcomes[row.id] = "counted"
        return outcomes

    def claim(self):  # type: ignore[no-untyped-def]
        """The stored message (bound as "id") if it still waits; on PostgreSQL locked, skipped
        when another has it."""
        return _CLAIM_PG if self.db.dialect == "postgresql" else _CLAIM

    def failed(self, inbound_id: int, error: str, also: Callable[[Session, Inbound], None] | None = None) -> str:
        """Note why processing failed (and do `also` in the same commit): "quarantined" once it
        failed `max_attempts` times, "retry" before."""
        with self.db.session() as s, s.begin():
            row = s.get(Inbound, inbound_id)
            assert row is not None
            row.last_error = error[:2000]
            if also is not None:
                also(s, row)
            if row.attempts >= self.meeting.max_attempts:
                self.quarantine(s, row, row.last_error)
                return "quarantined"
        return "retry"

    def quarantine(self, s: Session, row: Inbound, reason: str) -> None:
        row.status, row.folder, row.review_state = "quarantined", "Quarantine", "open"
        row.decision, row.reasons = "review", ["unprocessable"]
        row.last_error = reason
        s.add(Event(inbound_id=row.id, action="message.quarantined", detail={"reason": reason[:500]}))
        self.stats.quarantined += 1
        log.error("message.quarantined", message_id=row.message_id, attempts=row.attempts, reason=reason,
                  hint="open it on the review page and re-process once the cause is fixed")

    # -- filing on the server ------------------------------------------------------------
    def acknowledge(self) -> None:
        """File server copies of committed messages (after the commit, never before), one
        server command and one update per folder rather than per message."""
        assert self.mailbox is not None
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
        assert self.mailbox is not None
        self.mailbox.ack(key, folder)
        log.info("message.filed", message_id=mid, folder=folder)
