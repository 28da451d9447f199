"""reply: put the confirmation or the list of missing items in the outbox."""
from __future__ import annotations

import structlog

from bot.models import Outbox
from bot.replies import build, render, reply_language, reply_message_id, token
from handlers import Context, register

log = structlog.get_logger("intake.reply")


@register
class Reply:
    name = "reply"
    description = "Write the reply for a confirmed or incomplete nomination to the outbox, in the sender's language."
    after_stop = True

    def process(self, ctx: Context) -> None:
        row, result, s = ctx.inbound, ctx.result, ctx.session
        if row is None or s is None or row.status != "processed" or result.decision not in ("confirm", "request_missing"):
            return
        parsed = ctx.parsed
        assert parsed is not None
        to = (parsed.reply_to[0] if parsed.reply_to else "") or parsed.from_addr
        lang = reply_language(ctx.meeting, result.language)
        state = ctx.states.name(result.member_state, lang) if result.member_state else (result.organization or "")
        number = row.delegation_id or row.id
        subject, body = render(
            ctx.meeting, result.decision, lang, state_name=state, token=token(ctx.meeting, number),
            participants=[p.model_dump() for p in result.participants], missing=result.missing,
        )
        mid = reply_message_id(ctx.meeting, row.id, result.decision)
        raw = build(ctx.meeting, to=to, subject=subject, body=body, message_id=mid, language=lang,
                    in_reply_to=row.message_id, references=parsed.references)
        s.add(Outbox(meeting_id=ctx.meeting.id, inbound_id=row.id, delegation_id=row.delegation_id, message_id=mid,
                     to_addr=to, template=result.decision, language=lang, subject=subject, raw=raw))
        log.info("reply.queued", message_id=row.message_id, template=result.decision, language=lang, to=to)
