"""Remove the personal data of a finished meeting; keep the aggregate counts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from bot.db import Database
from bot.models import Delegation, Event, Inbound, InboundAttachment, Outbox, Person


def aggregate(s, meeting_id: str) -> dict:  # type: ignore[no-untyped-def]
    people = s.execute(
        select(Person.role, Person.attendance, Person.gender, func.count())
        .join(Delegation, Person.delegation_id == Delegation.id)
        .where(Delegation.meeting_id == meeting_id, Person.status == "active")
        .group_by(Person.role, Person.attendance, Person.gender)).all()
    return {
        "delegations": dict(s.execute(select(Delegation.status, func.count()).where(
            Delegation.meeting_id == meeting_id).group_by(Delegation.status)).all()),
        "participants": [{"role": r, "attendance": a, "gender": g, "count": n} for r, a, g, n in people],
        "messages": dict(s.execute(select(Inbound.status, func.count()).where(
            Inbound.meeting_id == meeting_id).group_by(Inbound.status)).all()),
        "replies": dict(s.execute(select(Outbox.status, func.count()).where(
            Outbox.meeting_id == meeting_id).group_by(Outbox.status)).all()),
    }


def purge(db: Database, meeting_id: str, before: datetime, actor: str = "purge") -> dict:
    """Blank raw messages, names, addresses and texts of `meeting_id` received before `before`."""
    with db.session() as s, s.begin():
        counts = aggregate(s, meeting_id)
        old = select(Inbound.id).where(Inbound.meeting_id == meeting_id, Inbound.fetched_at < before)
        n_messages = s.scalar(select(func.count()).select_from(old.subquery()))
        delegations = select(Delegation.id).where(Delegation.meeting_id == meeting_id,
                                                  Delegation.updated_at < before)
        s.execute(delete(Person).where(Person.delegation_id.in_(delegations)))
        s.execute(delete(Event).where(Event.delegation_id.in_(delegations)))
        s.execute(delete(Event).where(Event.inbound_id.in_(old)))
        s.execute(update(Outbox).where(Outbox.meeting_id == meeting_id, Outbox.created_at < before)
                  .values(raw=b"", to_addr="", subject=""))
        s.execute(delete(InboundAttachment).where(InboundAttachment.inbound_id.in_(old)))
        s.execute(update(Inbound).where(Inbound.id.in_(old)).values(
            raw=b"", extraction=None, subject=None, from_addr=None, reasons=None, last_error=None, view=None))
        s.execute(update(Delegation).where(Delegation.id.in_(delegations)).values(sender_addr=None))
        s.add(Event(actor=actor, action="meeting.purged",
                    detail={"meeting": meeting_id, "before": before.isoformat(), "messages": n_messages,
                            "counts": counts}))
    return {"messages": n_messages, "counts": counts}
