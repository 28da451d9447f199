"""The pipeline: one message through ten small steps, each a module of this package.

    READING        parse -> read -> classify -> extract -> validate -> decide
    AFTER_READING  screen -> converse -> record -> reply

The reading needs no database (`intake extract` runs it; the worker runs it in a child
process, under a time and memory budget, bot/budget.py). What follows needs the database:
`screen` says whether an automatic reply may go, `converse` applies the delegation rules
and the delivery reports and sets the outcome, `record` writes the outcome into the
ledger row, `reply` puts the reply in the outbox.

Every step is a class with a `name`, a one-line `description` and one method
`process(ctx: Context) -> None`. Each piece of state is a typed field of `Context`
written by exactly one step (docs/architecture.md has the table). A step that finds the
message needs no more reading raises `Stop` (an expected outcome, not an error): the
remaining steps are skipped but those marked `after_stop = True`, so that the outcome is
still decided and recorded. Any other exception is a bug in the message's processing and
is handled in exactly one place, the worker (bot/worker.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from pkgutil import iter_modules
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import structlog

from bot.meeting import Meeting
from bot.schema import Extraction, Kind, Language

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.extraction.message import Reading
    from bot.extraction.nominees import Found
    from bot.mail import ParsedMessage
    from bot.states import StateRegistry
    from handlers.converse import Outcome
    from handlers.validate import Checks

log = structlog.get_logger("intake.pipeline")


class Stop(BaseException):
    """An expected end of the reading for this message (machine mail, unrelated mail).

    A BaseException, so that a step's `except Exception` around its own work cannot
    swallow it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Context:
    """One message on its way through the steps; each field after the inputs is written
    by the one step named beside it."""

    raw: bytes
    meeting: Meeting
    states: "StateRegistry"
    # When the server received the message (IMAP INTERNALDATE, Maildir file time).
    received_at: datetime | None = None
    # Database session and ledger row: only when run by the worker.
    session: "Session | None" = None
    inbound: Any = None
    parsed: "ParsedMessage | None" = None  # parse (unless given: the worker may read ahead)
    reading: "Reading | None" = None  # read: the sender's own words, what they say of people
    kind: Kind = "other"  # classify
    language: Language = "en"  # classify
    found: "Found | None" = None  # extract: the State or organization, capacity, nominees
    checks: "Checks | None" = None  # validate: flags, missing items, problems
    # decide: the reading's result (what `intake extract` prints).
    result: Extraction = field(default_factory=Extraction)
    # screen: why no automatic reply may go (empty when one may).
    no_reply: list[str] = field(default_factory=list)
    # converse: what the message does to the records and what to answer.
    outcome: "Outcome | None" = None
    # The runner: a step raised Stop; only the steps marked `after_stop` run from then on.
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
READING: tuple[str, ...] = ("parse", "read", "classify", "extract", "validate", "decide")
# What follows the reading in the worker: the database and the reply.
AFTER_READING: tuple[str, ...] = ("screen", "converse", "record", "reply")
# The worker's whole pipeline.
PROCESS: tuple[str, ...] = READING + AFTER_READING


def check(*pipelines: tuple[str, ...]) -> None:
    """Fail at once when a pipeline names a step nobody registered (rather than at the first message)."""
    unknown = [name for names in pipelines for name in names if name not in REGISTRY]
    if unknown:
        raise RuntimeError(f"pipeline names unknown handlers: {', '.join(unknown)}")


def load() -> dict[str, Handler]:
    """The registry, every step module of the package imported (each registers itself) and
    every pipeline checked."""
    for module in iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")
    check(READING, AFTER_READING, PROCESS)
    return REGISTRY


def run(names: tuple[str, ...], ctx: Context) -> Context:
    """Run the named handlers in order; `Stop` ends the reading early and is logged."""
    for name in names:
        handler = REGISTRY[name]
        if ctx.stopped and not handler.after_stop:
            continue
        try:
            handler.process(ctx)
        except Stop as stop:
            log.info("pipeline.stopped", handler=name, reason=stop.reason, message_id=ctx.message_id)
            ctx.stopped = True
    return ctx


load()
