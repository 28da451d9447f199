"""converse: what the message comes to once the records are consulted: the outcome.

A delivery report of one of our replies marks the address undeliverable. A nomination,
amendment, withdrawal or question meets the delegation on record (bot/conversation.py,
the domain rules): a first nomination is recorded, a follow-up fills in, a change is
applied or held for a person. Whether a reply goes and which one, and the ledger status,
follow. The reading (`ctx.result`) is not changed: the outcome says what the record makes
of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.conversation import Conversation, undeliverable
from bot.schema import Extraction
from handlers.context import Context, register

if TYPE_CHECKING:
    from bot.models import Delegation

REPLYING = ("confirm", "request_missing")
CONVERSATION_KINDS = ("nomination", "amendment", "withdrawal", "inquiry", "other")


@dataclass
class Outcome:
    """The message's outcome: what record writes in the ledger and reply answers."""

    kind: str  # the reading's, or what the record shows it is (an answer to our request: nomination)
    decision: str  # confirm | request_missing | review | ignore
    status: str = "review"  # processed | review | ignored
    template: str | None = None  # the reply: confirm | request_missing | already_recorded | withdrawal
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # The delegation the message belongs to, when one does: the object the rules read (with
    # its people), so that the reply does not read it again.
    delegation: "Delegation | None" = None
    held: list[str] = field(default_factory=list)  # undeliverable:ADDRESS of a delivery report

    def extraction(self, result: Extraction) -> Extraction:
        """The reading as the record shows it (what the ledger row keeps)."""
        return result.model_copy(update={"kind": self.kind, "decision": self.decision, "reasons": self.reasons,
                                         "missing": self.missing, "flags": self.flags})


def with_record(ctx: Context, out: Outcome) -> None:
    """Meet the delegation on record: the rules' verdict overrides the reading's decision."""
    assert ctx.session is not None and ctx.parsed is not None
    text = ctx.reading.main_text if ctx.reading is not None else ""  # unread: over budget
    talk = Conversation(ctx.session, ctx.meeting, ctx.inbound, ctx.parsed, ctx.result, text)
    d, verdict = talk.apply()
    out.kind, out.flags = talk.kind, talk.flags
    if d is not None:
        out.delegation = d
        # There is a record after all: the reading's "nothing on record" gives way, and a
        # statement read as an amendment is no longer an inquiry.
        out.reasons = [x for x in out.reasons if not x.endswith("_without_record")
                       and not (x == "inquiry" and out.kind != "inquiry")]
    if verdict is not None:
        out.decision, out.missing, out.template = verdict.decision, verdict.missing, verdict.template
        out.reasons = list(dict.fromkeys([*out.reasons, *verdict.reasons]))
        out.flags = list(dict.fromkeys([*out.flags, *verdict.flags]))
        if verdict.decision == "review":
            out.missing = []
    elif d is not None and out.decision in REPLYING:
        out.template = out.decision


def status_of(ctx: Context, out: Outcome) -> str:
    """processed, review or ignored; a reply the bot may not send itself is left to a person."""
    if out.held:
        return "review"
    if out.decision in REPLYING and ctx.no_reply:
        # Recorded, but a person sends the reply (e.g. X-Auto-Response-Suppress).
        out.reasons = [*out.reasons, *(f"reply_withheld:{r}" for r in ctx.no_reply)]
        return "review"
    if out.decision in REPLYING and not out.template:
        out.reasons = [*out.reasons, "no_delegation"]
        return "review"
    return {"ignore": "ignored", "review": "review"}.get(out.decision, "processed")


@register
class Converse:
    name = "converse"
    description = "Apply the delegation rules and delivery reports; set the outcome, its reply and status."
    after_stop = True

    def process(self, ctx: Context) -> None:
        row, s, parsed, result = ctx.inbound, ctx.session, ctx.parsed, ctx.result
        if row is None or s is None:
            return
        assert parsed is not None
        out = Outcome(kind=result.kind, decision=result.decision, reasons=list(result.reasons),
                      missing=list(result.missing), flags=list(result.flags))
        if result.kind == "bounce":
            marked, out.delegation = undeliverable(s, ctx.meeting, ctx.raw, parsed, row)
            out.held = [f"undeliverable:{a}" for a in marked]
        elif result.kind in CONVERSATION_KINDS:
            with_record(ctx, out)
        out.status = status_of(ctx, out)
        ctx.outcome = out
