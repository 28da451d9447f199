"""record: write what was read into the ledger row and the member State's delegation."""
from __future__ import annotations

from datetime import timezone

import structlog

from bot.conversation import Conversation, undeliverable
from bot.extraction import message as M
from bot.models import utcnow
from handlers import Context, register

log = structlog.get_logger("intake.record")

REPLYING = ("confirm", "request_missing")
FOLDER = {"processed": "Processed", "review": "Review", "ignored": "Ignored"}
CONVERSATION_KINDS = ("nomination", "amendment", "withdrawal", "inquiry", "other")


@register
class Record:
    name = "record"
    description = "Record the message's outcome and keep its delegation true; nothing a person decided is overwritten."
    after_stop = True

    def process(self, ctx: Context) -> None:
        row, result, s, parsed = ctx.inbound, ctx.result, ctx.session, ctx.parsed
        if row is None or s is None:
            return
        assert parsed is not None
        row.kind, row.language = result.kind, result.language
        # In UTC: SQLite keeps no offset, and the page shows stored times as UTC.
        sent = parsed.date.astimezone(timezone.utc) if parsed.date and parsed.date.tzinfo else parsed.date
        row.subject, row.from_addr, row.date = parsed.subject[:2000], parsed.from_addr, sent
        held: list[str] = []
        if result.kind == "bounce":
            marked = undeliverable(s, ctx.meeting, ctx.raw, parsed, row)
            if marked:
                held = [f"undeliverable:{a}" for a in marked]
        elif result.kind in CONVERSATION_KINDS:
            text = M.get(ctx).main_text
            d, outcome = Conversation(s, ctx.meeting, row, parsed, result, text).apply()
            if d is not None:
                # There is a record after all: the reading's "nothing on record" gives way,
                # and a statement read as an amendment is no longer an inquiry.
                result.reasons = [x for x in result.reasons if not x.endswith("_without_record")
                                  and not (x == "inquiry" and result.kind != "inquiry")]
                row.kind = result.kind
            if outcome is not None:
                result.decision, result.missing = outcome.decision, outcome.missing
                result.reasons = list(dict.fromkeys([*result.reasons, *outcome.reasons]))
                result.flags = list(dict.fromkeys([*result.flags, *outcome.flags]))
                if outcome.decision == "review":
                    result.missing = []
                ctx.notes["template"] = outcome.template
            elif d is not None and result.decision in REPLYING:
                ctx.notes["template"] = result.decision
        row.member_state = result.member_state
        status = self._status(ctx, held)
        row.decision = result.decision
        row.reasons = list(result.reasons) + held
        row.no_reply = list(ctx.no_reply)
        row.extraction = result.model_dump(mode="json")
        row.status, row.folder = status, FOLDER[status]
        row.review_state = "open" if status == "review" else None
        row.processed_at = utcnow()
        log.info("message.recorded", message_id=row.message_id, status=status, decision=result.decision,
                 kind=result.kind, member_state=result.member_state, reasons=row.reasons,
                 delegation_id=row.delegation_id)

    @staticmethod
    def _status(ctx: Context, held: list[str]) -> str:
        result = ctx.result
        if held:
            return "review"
        if result.decision in REPLYING and ctx.no_reply:
            # Recorded, but a person sends the reply (e.g. X-Auto-Response-Suppress).
            result.reasons = [*result.reasons, *(f"reply_withheld:{r}" for r in ctx.no_reply)]
            return "review"
        if result.decision in REPLYING and not ctx.notes.get("template"):
            result.reasons = [*result.reasons, "no_delegation"]
            return "review"
        return {"ignore": "ignored", "review": "review"}.get(result.decision, "processed")
