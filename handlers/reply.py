"""reply: put the confirmation, the list of missing items or an acknowledgement in the outbox."""
from __future__ import annotations

import structlog

from bot.conversation import add_event
from bot.models import Delegation
from bot.replies import letter_reference, queue_reply, reply_language
from bot.states import state_name
from handlers.context import Context, register
from handlers.record import FOLDER
from handlers.screen import reply_target, sender_linked

# Replies that change nothing: they go only to a sender tied to the member State, or a
# stranger could have the Office write (and quote) to any address, as often as he likes.
NO_CHANGE = ("already_recorded",)

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
        row, s, out = ctx.inbound, ctx.session, ctx.outcome
        if row is None or s is None or out is None or out.status != "processed" or not out.template:
            return
        d = out.delegation
        assert ctx.parsed is not None and d is not None
        template = out.template
        target = reply_target(ctx)
        to = target.to
        # The domain on record counts when another message put it there (not this one).
        on_record = d.sender_domain if any(p.source_inbound_id != row.id for p in d.participants) else None
        if not sender_linked(ctx, d.member_state, on_record):
            detail = {"sender": ctx.parsed.from_addr, "member_state": d.member_state, "template": template}
            if template in NO_CHANGE:
                row.status, row.folder, row.review_state = "review", FOLDER["review"], "open"
                row.reasons = [*(row.reasons or []), "reply_withheld:sender_not_linked"]
                add_event(s, inbound_id=row.id, delegation_id=d.id, action="reply.withheld", detail=detail)
                log.info("reply.withheld", message_id=row.message_id, template=template, reason="sender_not_linked")
                return
            # A first nomination from webmail is still answered; the officer sees the sender
            # was not linked to the State in the message's history.
            add_event(s, inbound_id=row.id, delegation_id=d.id, action="sender.not_linked", detail=detail)
        lang = reply_language(ctx.meeting, ctx.result.language)
        state = state_name(ctx.states, d.member_state, lang, organization=d.organization)
        reference = letter_reference([part.text for part in ctx.parsed.parts])
        reply = queue_reply(s, ctx.meeting, row, template, lang, to=to, in_reply_to=target.in_reply_to,
                            references=target.references, state=state, participants=delegation_people(d),
                            missing=out.missing, reference=reference)
        log.info("reply.queued", message_id=row.message_id, template=template, language=reply.language, to=to)
