"""screen: decide whether an automatic reply may go at all (never answer a machine)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func, select

from bot.addresses import domain_of
from bot.authresults import passes_for
from bot.models import Outbox, utcnow
from bot.replies import Addressing, addressing
from bot.rules import authentication_failures, backlog_reason, machine_reasons
from handlers.context import Context, register


# Replies to one address in the last hour, and whether one came back. Built once: the
# statement is the same for every message. Outbox addresses are kept in lower case, so
# the (to_addr, created_at) index serves.
REPLIES_TO = (select(func.count(Outbox.id).filter(Outbox.created_at >= bindparam("since")),
                     func.count(Outbox.id).filter(Outbox.status == "bounced"))
              .where(Outbox.to_addr == bindparam("target")))


def reply_target(ctx: Context) -> Addressing:
    """Where a reply to this message goes and how it threads (bot.replies.addressing)."""
    assert ctx.parsed is not None
    return addressing(ctx.parsed, ctx.message_id)


def sender_linked(ctx: Context, member_state: str | None, domain_on_record: str | None) -> bool:
    """True when the sender is tied to the member State: the domain on record, a government
    domain of that State in config/member_states.yaml, or Authentication-Results from our own
    server (the meeting file's `authserv_id`) passing for the From domain."""
    assert ctx.parsed is not None
    domain = domain_of(ctx.parsed.from_addr)
    if not domain:
        return False
    if domain_on_record and domain == domain_on_record.lower():
        return True
    if member_state and ctx.states.by_domain(domain) == member_state:
        return True
    return passes_for(ctx.parsed, domain, getattr(ctx.meeting, "authserv_id", None))


@register
class Screen:
    name = "screen"
    description = "List the reasons why no automatic reply may be sent to this message."
    after_stop = True

    def process(self, ctx: Context) -> None:
        assert ctx.parsed is not None
        reasons = machine_reasons(ctx.parsed, ctx.meeting)
        # A message whose sender could not be authenticated is held for a person, whatever it says.
        reasons += authentication_failures(ctx.parsed)
        old = backlog_reason(ctx.received_at, ctx.meeting)
        if old:
            reasons.append(old)
        target = reply_target(ctx).to
        if ctx.session is not None and target:
            since = utcnow() - timedelta(hours=1)
            # Columns only: through the connection, without the ORM's handling of a query for rows.
            recent, bounced = ctx.session.connection().execute(REPLIES_TO, {"since": since, "target": target}).one()
            if recent >= ctx.meeting.replies.per_address_per_hour:
                reasons.append("rate_limited")
            if bounced:
                # Our earlier reply to this address came back: a person finds another way.
                reasons.append("address_undeliverable")
        ctx.no_reply = reasons
