"""What every step shares: the message's `Context`, `Stop`, and the registry steps add
themselves to (`register`). A module of its own, so that a step imports it and never the
package that imports the steps."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

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
