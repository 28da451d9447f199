"""reply: put the confirmation, the list of missing items or an acknowledgement in the outbox."""
from __future__ import annotations

import structlog

from bot.models import Delegation
from bot.replies import queue_reply
from handlers import Context, register
from handlers.screen import reply_target

log = structlog.get_logger("intake.reply")


def delegation_people(d: Delegation) -> list[dict]:
    """The delegation's active participants as the reply templates show them."""
    fields = ("role", "name", "title", "email", "attendance", "gender")
    return [{f: getattr(p, f) for f in fields} for p in d.participants if p.status == "active"]


@register
class Reply:
    name = "reply"
    description = "Write the reply to the outbox, in the sender's language, showing the whole delegation."
    after_stop = True

    def process(self, ctx: Context) -> None:
        row, s, template = ctx.inbound, ctx.session, ctx.notes.get("template")
        if row is None or s is None or row.status != "processed" or not template or row.delegation_id is None:
            return
        assert ctx.parsed is not None
        d = s.get(Delegation, row.delegation_id)
        assert d is not None
        target = reply_target(ctx)
        to = target.to
        lang = ctx.result.language
        state = ctx.states.name(d.member_state, lang) if d.member_state else (d.organization or "")
        reply = queue_reply(s, ctx.meeting, row, template, lang, to=to, in_reply_to=target.in_reply_to, references=target.references,
                            state_name=state, participants=delegation_people(d), missing=ctx.result.missing)
        log.info("reply.queued", message_id=row.message_id, template=template, language=reply.language, to=to)
