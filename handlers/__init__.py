"""The pipeline: small handlers, one registry, ordered tuples of names.

Every handler is a class with a `name`, a one-line `description` and one method
`process(ctx: Context) -> None`. A handler that finds the message needs no more work
raises `Stop` (an expected outcome, not an error): the remaining reading handlers are
skipped, and only those marked `after_stop = True` (record, reply) still run, so that the
outcome is recorded. Any other exception is a bug in the message's processing and is
handled in exactly one place, the worker (bot/worker.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import structlog

from bot.meeting import Meeting
from bot.schema import Extraction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.mail import ParsedMessage
    from bot.states import StateRegistry

log = structlog.get_logger("intake.pipeline")


class Stop(Exception):
    """An expected end of the pipeline for this message (ignore, hold for review)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Context:
    """Everything a handler may read or set for one message."""

    raw: bytes
    meeting: Meeting
    states: "StateRegistry"
    # When the server received the message (IMAP INTERNALDATE, Maildir file time); None
    # when read from a file.
    received_at: datetime | None = None
    parsed: "ParsedMessage | None" = None
    result: Extraction = field(default_factory=Extraction)
    # Set by the reply rules: why no automatic reply may go (empty when one may).
    no_reply: list[str] = field(default_factory=list)
    # Database session and ledger row: only when run by the worker.
    session: "Session | None" = None
    inbound: Any = None
    # Free space for handlers to pass facts along (e.g. "thread" found by record).
    notes: dict[str, Any] = field(default_factory=dict)
    # A handler raised Stop: only those marked `after_stop` run from then on (the reading
    # handlers may run in a child process and the rest in the worker).
    stopped: bool = False

    @property
    def message_id(self) -> str:
        if self.inbound is not None:
            return self.inbound.message_id
        return self.parsed.message_id if self.parsed else ""


class Handler(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]
    after_stop: ClassVar[bool]

    def process(self, ctx: Context) -> None: ...


REGISTRY: dict[str, Handler] = {}


def register(cls: type) -> type:
    """Class decorator: add one instance of the handler to the registry under its name."""
    if cls.name in REGISTRY:
        raise RuntimeError(f"handler {cls.name!r} registered twice")
    REGISTRY[cls.name] = cls()
    return cls


# Reading a message: what `intake extract` runs; needs no database.
ANALYSE: tuple[str, ...] = ("parse", "classify", "extract", "validate", "decide")
# What follows the reading in the worker: the database and the reply.
AFTER_READING: tuple[str, ...] = ("screen", "record", "reply")
# The worker's whole pipeline: the reading, then the database and the reply.
PROCESS: tuple[str, ...] = ANALYSE + AFTER_READING

_MODULES = ("parse", "classify", "extract", "validate", "decide", "screen", "record", "reply")


def load() -> dict[str, Handler]:
    """Import the handler modules once so that they register themselves."""
    for module in _MODULES:
        import_module(f"handlers.{module}")
    return REGISTRY


def run(names: tuple[str, ...], ctx: Context) -> Context:
    """Run the named handlers in order; `Stop` ends the run early and is logged."""
    handlers = load()
    for name in names:
        handler = handlers[name]
        if ctx.stopped and not getattr(handler, "after_stop", False):
            continue
        try:
            handler.process(ctx)
        except Stop as stop:
            log.info("pipeline.stopped", handler=name, reason=stop.reason, message_id=ctx.message_id)
            ctx.stopped = True
    return ctx
