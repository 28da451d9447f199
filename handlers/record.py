"""record: write what was read into the ledger row and the member State's delegation."""
from __future__ import annotations

import structlog
from sqlalchemy import select

from bot.addresses import domain_of
from bot.models import Delegation, Event, Person, utcnow
from bot.schema import Extraction
from handlers import Context, register

log = structlog.get_logger("intake.record")

REPLYING = ("confirm", "request_missing")
FOLDER = {"processed": "Processed", "review": "Review", "ignored": "Ignored"}
DELEGATION_STATUS = {"confirm": "confirmed", "request_missing": "pending"}


def delegation_key(result: Extraction) -> str | None:
    if result.member_state:
        return result.member_state
    if result.organization:
        return f"org:{result.organization.strip().lower()}"[:255]
    return None


@register
class Record:
    name = "record"
    description = "Record the message's outcome and its nomination; nothing a person decided is overwritten."
    after_stop = True

    def process(self, ctx: Context) -> None:
        row, result, s = ctx.inbound, ctx.result, ctx.session
        if row is None or s is None:
            return
        parsed = ctx.parsed
        assert parsed is not None
        row.kind, row.language, row.member_state = result.kind, result.language, result.member_state
        row.subject, row.from_addr, row.date = parsed.subject[:2000], parsed.from_addr, parsed.date
        if result.kind in ("nomination", "amendment", "withdrawal"):
            self._delegation(ctx)
        if result.decision in REPLYING and ctx.no_reply:
            # Record it, but a person sends the reply (e.g. X-Auto-Response-Suppress).
            result.reasons = [*result.reasons, *(f"reply_withheld:{r}" for r in ctx.no_reply)]
            status = "review"
        elif result.decision == "ignore":
            status = "ignored"
        elif result.decision == "review":
            status = "review"
        else:
            status = "processed"
        row.decision = result.decision
        row.reasons = list(result.reasons)
        row.no_reply = list(ctx.no_reply)
        row.extraction = result.model_dump(mode="json")
        row.status, row.folder = status, FOLDER[status]
        row.review_state = "open" if status == "review" else None
        row.processed_at = utcnow()
        log.info("message.recorded", message_id=row.message_id, status=status, decision=result.decision,
                 kind=result.kind, member_state=result.member_state, reasons=row.reasons)

    def _delegation(self, ctx: Context) -> None:
        s, row, result = ctx.session, ctx.inbound, ctx.result
        assert s is not None and ctx.parsed is not None
        key = delegation_key(result)
        if key is None:
            return
        d = s.scalar(select(Delegation).where(Delegation.meeting_id == ctx.meeting.id, Delegation.key == key))
        if d is None:
            d = Delegation(meeting_id=ctx.meeting.id, key=key, member_state=result.member_state,
                           organization=result.organization, capacity=result.capacity,
                           sender_domain=domain_of(ctx.parsed.from_addr), sender_addr=ctx.parsed.from_addr,
                           language=result.language, status="review")
            s.add(d)
            s.flush()
        row.delegation_id = d.id
        active = [p for p in d.participants if p.status == "active"]
        if result.kind != "nomination" or active:
            # Changes to a delegation already on record need the conversation rules; until
            # they apply, a person looks at them.
            if result.decision != "review":
                result.decision = "review"
                result.missing = []
            result.reasons = [*result.reasons, "delegation_on_record" if active else f"{result.kind}_without_nomination"]
            s.add(Event(delegation_id=d.id, inbound_id=row.id, action=f"{result.kind}.held", detail={"reasons": result.reasons}))
            return
        for p in result.participants:
            s.add(Person(delegation_id=d.id, role=p.role, name=p.name, title=p.title, email=p.email,
                         attendance=p.attendance, gender=p.gender, source_inbound_id=row.id,
                         evidence={k: v.model_dump() for k, v in p.evidence.items()}))
        d.capacity = result.capacity or d.capacity
        d.status = DELEGATION_STATUS.get(result.decision, "review")
        s.add(Event(delegation_id=d.id, inbound_id=row.id, action="nomination.recorded",
                    detail={"decision": result.decision, "participants": [p.name for p in result.participants],
                            "missing": result.missing}))
