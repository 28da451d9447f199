"""What the watchdog reports: when mail was last fetched and processed, what waits."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.db import Database
from bot.models import Inbound, Outbox


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def status(db: Database, meeting_id: str) -> dict:
    with db.session() as s:
        by_status = dict(s.execute(select(Inbound.status, func.count()).where(Inbound.meeting_id == meeting_id)
                                   .group_by(Inbound.status)).all())
        open_review = s.scalar(select(func.count()).select_from(Inbound).where(
            Inbound.meeting_id == meeting_id, Inbound.review_state == "open"))
        outbox = dict(s.execute(select(Outbox.status, func.count()).where(Outbox.meeting_id == meeting_id)
                                .group_by(Outbox.status)).all())
        last_fetched = s.scalar(select(func.max(Inbound.fetched_at)).where(Inbound.meeting_id == meeting_id))
        last_processed = s.scalar(select(func.max(Inbound.processed_at)).where(Inbound.meeting_id == meeting_id))
        last_sent = s.scalar(select(func.max(Outbox.sent_at)).where(Outbox.meeting_id == meeting_id))
    return {
        "meeting": meeting_id,
        "last_fetched": _iso(last_fetched),
        "last_processed": _iso(last_processed),
        "last_sent": _iso(last_sent),
        "queued": by_status.get("new", 0),
        "review_open": open_review,
        "quarantined": by_status.get("quarantined", 0),
        "unsent": outbox.get("pending", 0) + outbox.get("sending", 0),
        "failed_replies": outbox.get("failed", 0),
        "uncertain_replies": outbox.get("uncertain", 0),
        "messages": by_status,
    }
