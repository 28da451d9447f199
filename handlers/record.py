"""record: write the message's outcome into its ledger row (the folder it is filed in, the
review queue). The delegation itself was kept true by converse."""
from __future__ import annotations

from datetime import timezone

import structlog

from bot.models import utcnow
from handlers.context import Context, register

log = structlog.get_logger("intake.record")

FOLDER = {"processed": "Processed", "review": "Review", "ignored": "Ignored"}


@register
class Record:
    name = "record"
    description = "Write the outcome into the ledger row; nothing a person decided is overwritten."
    after_stop = True

    def process(self, ctx: Context) -> None:
        row, result, parsed, out = ctx.inbound, ctx.result, ctx.parsed, ctx.outcome
        if row is None or out is None:
            return
        assert parsed is not None
        row.kind, row.language = out.kind, result.language
        # In UTC: SQLite keeps no offset, and the page shows stored times as UTC.
        sent = parsed.date.astimezone(timezone.utc) if parsed.date and parsed.date.tzinfo else parsed.date
        row.subject, row.from_addr, row.date = parsed.subject[:2000], parsed.from_addr, sent
        if out.delegation is not None:
            row.delegation_id = out.delegation.id
        row.member_state = result.member_state
        row.decision = out.decision
        row.reasons = list(out.reasons) + out.held
        row.no_reply = list(ctx.no_reply)
        row.extraction = out.extraction(result).model_dump(mode="json")
        row.status, row.folder = out.status, FOLDER[out.status]
        row.review_state = "open" if out.status == "review" else None
        row.processed_at = utcnow()
        log.info("message.recorded", message_id=row.message_id, status=out.status, decision=out.decision,
                 kind=out.kind, member_state=result.member_state, reasons=row.reasons,
                 delegation_id=row.delegation_id)
