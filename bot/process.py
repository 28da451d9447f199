"""One stored message through the pipeline, under one commit, with its failures isolated.

Per-message isolation lives here and only here: any exception from a handler rolls the
message's transaction back and counts an attempt; after `max_attempts` the message is
quarantined (raw kept, visible for review) and the others go on. The worker calls it for
each message it claims; the review page calls `process_one` to read a message again now.
"""
from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Callable

import structlog

import handlers
from bot.budget import Analyser, Analysis, Stopped
from bot.db import Database
from bot.extraction import message as reading
from bot.ledger import Ledger, database_away
from bot.meeting import Meeting
from bot.models import Inbound
from bot.states import StateRegistry
from bot import view

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.mail import ParsedMessage

log = structlog.get_logger("intake.worker")


class Processor:
    """Runs the pipeline on ledger rows; the reading handlers in child processes (`analyser`),
    under the meeting's reading budget."""

    def __init__(self, ledger: Ledger, states: StateRegistry, analyser: Analyser | None = None,
                 stopping: Callable[[], bool] = lambda: False):
        self.ledger, self.db, self.meeting, self.states = ledger, ledger.db, ledger.meeting, states
        self.analyser = analyser if analyser is not None else Analyser(ledger.meeting, states)
        self.stopping = stopping

    def process_one(self, inbound_id: int, read: "Future[Analysis] | None" = None, counted: bool = False) -> str | None:
        """The message's status once processed, "retry" or "quarantined" when it failed, or None
        when it no longer waits, someone else has it, or we were asked to stop. `read` is its
        reading when done ahead; `counted` when its attempt is counted already."""
        if not counted:
            outcome = self.ledger.count_attempts([inbound_id]).get(inbound_id)
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
                row = s.scalar(self.ledger.claim(), {"id": inbound_id})
                if row is None:
                    return None
                structlog.contextvars.bind_contextvars(message_id=row.message_id)
                ctx = handlers.Context(raw=row.raw, meeting=self.meeting, states=self.states,
                                       received_at=row.received_at, session=s, inbound=row)
                if analysis is None:
                    # In a child process, under the reading budget; a message over it comes
                    # back unread, for review.
                    analysis = self.analyser.analyse(row.raw or b"", row.received_at, self.stopping)
                analysis.apply(ctx)
                # What the handlers change is written once, at the commit, rather than before
                # each of their queries (none needs to see it; one that needs an id flushes).
                with s.no_autoflush:
                    handlers.run(handlers.AFTER_READING, ctx)
                keep_view(s, row, ctx.parsed, self.meeting, ctx, analysis.shown)
                status = row.status
            stats = self.ledger.stats
            stats.processed += 1
            stats.by_status[status] = stats.by_status.get(status, 0) + 1
            return status
        except Stopped:
            return None  # asked to stop while it was read: it waits for the next start
        except Exception as exc:
            if database_away(exc):
                raise  # the database is away: not the message's fault; the loop retries
            log.exception("message.failed", error=f"{type(exc).__name__}: {exc}",
                          hint="kept in the ledger; retried, then quarantined for review")
            parsed = analysis.parsed if analysis is not None else None
            return self.ledger.failed(inbound_id, f"{type(exc).__name__}: {exc}",
                                      lambda s, row: keep_view(s, row, parsed, self.meeting))
        finally:
            structlog.contextvars.unbind_contextvars("message_id")

    def close(self) -> None:
        self.analyser.close()


def keep_view(s: Session, row: Inbound, parsed: ParsedMessage | None, meeting: Meeting,
              ctx: handlers.Context | None = None, shown: dict | None = None) -> None:
    """What the review page shows of the message, from the reading the pipeline used (`ctx`
    None: a message that failed, read before it did). The sender's own words (what an
    officer's decision is read against) only for a message left open for review: for the
    others the extraction may not have read them at all.

    A view that cannot be made changes nothing of the message's processing: the page then
    shows the raw text."""
    if parsed is None:
        return
    try:
        main_text = None
        if ctx is not None and row.review_state == "open" and view.unread_reason(parsed) is None:
            # The pipeline's own reading; a message stopped before it was read is read here.
            main_text = (ctx.reading or reading.read(parsed, meeting)).main_text
        made = view.build(parsed, meeting, row.message_id, main_text, shown)
    except Exception as exc:
        log.warning("message.view_not_kept", error=f"{type(exc).__name__}: {exc}"[:500])
        return
    view.keep(s, row, made, parsed)


def process_one(db: Database, meeting: Meeting, states: StateRegistry, inbound_id: int) -> str | None:
    """Run the pipeline on one stored message now (the review page's "read again now"), with
    the worker's isolation; its status, or None when someone else has it."""
    processor = Processor(Ledger(db, meeting), states)
    try:
        return processor.process_one(inbound_id)
    finally:
        processor.close()
