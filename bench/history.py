"""A ledger that already holds a meeting's worth of history, written with bulk inserts.

Rows look like the worker's own: raw bytes kept, messages filed and acknowledged, one
delegation per member State (and some organizations) per meeting, persons (most active,
some replaced), events and sent replies with their raw bytes. A meeting holds at most
`PER_MEETING` messages (about what the International Labour Conference receives); a
larger history is spread over past meetings, the newest being the current one.
"""
from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert

from bench import mailgen

PER_MEETING = 10_000
CHUNK = 5_000


def _chunks(rows: list[dict], size: int = CHUNK):  # type: ignore[no-untyped-def]
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def fill(db_url: str, *, count: int, meeting_id: str, mailbox: str, seed: int = 3) -> dict:
    """Migrate the database at `db_url` and insert `count` recorded messages; returns figures."""
    from bot.db import Database
    from bot.models import Delegation, Event, Inbound, Outbox, Person

    t0 = time.monotonic()
    db = Database(db_url)
    rng = random.Random(seed)
    pool = mailgen.throughput_mix(min(count, 1_000), tag="hist", seed=seed)
    states = mailgen.countries()
    now = datetime.now(timezone.utc)
    meetings = [meeting_id] + [f"PAST-{k:02d}" for k in range(1, (count - 1) // PER_MEETING + 1)]
    status_of = {"plain": "processed", "html": "processed", "pdf": "processed", "incomplete": "processed",
                 "auto_reply": "ignored", "inquiry": "review", "late": "review", "observer": "review"}
    decision_of = {"processed": "confirm", "ignored": "ignore", "review": "review"}
    totals = {"inbound": 0, "delegation": 0, "person": 0, "event": 0, "outbox": 0, "raw_bytes": 0}
    next_ids = {"inbound": 1, "delegation": 1, "outbox": 1}
    with db.engine.begin() as conn:
        for m_index, mid in enumerate(meetings):
            n_here = min(PER_MEETING, count - m_index * PER_MEETING)
            age = timedelta(days=1 + 400 * m_index)  # past meetings are older
            # Delegations: every member State, plus organizations (observers).
            deleg_rows, deleg_ids = [], []
            for c in states:
                deleg_rows.append(dict(id=next_ids["delegation"], meeting_id=mid, key=c.code, member_state=c.code,
                                       organization=None,
                                       capacity="member", status="confirmed", sender_domain=c.domain,
                                       sender_addr=f"desk@{c.domain}", language="en",
                                       created_at=now - age, updated_at=now - age))
                deleg_ids.append(next_ids["delegation"])
                next_ids["delegation"] += 1
            for k in range(50):
                deleg_rows.append(dict(id=next_ids["delegation"], meeting_id=mid, key=f"org:organization {k}",
                                       member_state=None, organization=f"Organization {k}", capacity="observer", status="review",
                                       sender_domain=f"org{k}.example", sender_addr=f"info@org{k}.example",
                                       language="en", created_at=now - age, updated_at=now - age))
                next_ids["delegation"] += 1
            for chunk in _chunks(deleg_rows):
                conn.execute(insert(Delegation), chunk)
            totals["delegation"] += len(deleg_rows)

            inbound, persons, events, outbox = [], [], [], []
            per_deleg: dict[int, int] = {}
            for i in range(n_here):
                kind, raw = pool[(m_index * PER_MEETING + i) % len(pool)]
                iid = next_ids["inbound"]
                next_ids["inbound"] += 1
                message_id = f"<hist-{mid}-{iid}@history.example>"
                raw = raw.replace(b"<bench-hist-", f"<hist-{mid}-{iid}-".encode(), 1)
                status = status_of[kind]
                deleg = deleg_ids[i % len(deleg_ids)] if kind in ("plain", "html", "pdf", "incomplete") else None
                when = now - age - timedelta(minutes=count - i)
                sender = f"desk{iid}@{states[i % len(states)].domain}"
                inbound.append(dict(
                    id=iid, meeting_id=mid, message_id=message_id, sha256=f"{iid:064x}", mailbox=mailbox,
                    uidvalidity=1000 + m_index, uid=i + 1, server_key=f"{1000 + m_index}:{i + 1}", raw=raw,
                    size=len(raw), received_at=when, fetched_at=when, status=status, attempts=1,
                    folder={"processed": "Processed", "ignored": "Ignored", "review": "Review"}[status], acked=True,
                    subject="Nomination", from_addr=sender, date=when, kind="nomination" if deleg else "other",
                    language="en", member_state=states[i % len(states)].code if deleg else None,
                    decision=decision_of[status], reasons=[] if status != "review" else ["inquiry"], no_reply=[],
                    extraction={"kind": "nomination" if deleg else "other", "decision": decision_of[status],
                                "participants": [{"role": "representative", "name": f"Person {iid}"}]},
                    review_state="approved" if status == "review" else None, delegation_id=deleg,
                    processed_at=when))
                totals["raw_bytes"] += len(raw)
                events.append(dict(at=when, delegation_id=deleg, inbound_id=iid, actor="bot",
                                   action="nomination.recorded" if deleg else "message.recorded",
                                   detail={"decision": decision_of[status]}))
                if deleg is not None:
                    seen = per_deleg.get(deleg, 0)
                    per_deleg[deleg] = seen + 1
                    persons.append(dict(delegation_id=deleg, role="representative" if seen == 0 else "adviser",
                                        name=f"Person {iid}", title="Director of Labour", email=sender,
                                        attendance="in_person", gender=rng.choice(["female", "male"]),
                                        status="active" if seen < 3 else "replaced", undeliverable=False,
                                        source_inbound_id=iid, evidence={"name": {"source": "body", "start": 0,
                                                                                  "end": 10, "confidence": 0.9}}))
                    reply_id = f"<intake.{mid.lower()}.{iid}.confirm@ilo.test>"
                    body = (f"From: ILO Sectoral Meetings <{mailgen.MEETING_TO}>\r\nTo: {sender}\r\n"
                            f"Subject: Nomination received [{mid}/{deleg}]\r\nMessage-ID: {reply_id}\r\n"
                            "Auto-Submitted: auto-replied\r\n\r\n" + "We confirm receipt of your nomination.\r\n" * 12)
                    outbox.append(dict(id=next_ids["outbox"], meeting_id=mid, inbound_id=iid, delegation_id=deleg,
                                       message_id=reply_id, to_addr=sender, template="confirm", language="en",
                                       subject=f"Nomination received [{mid}/{deleg}]", raw=body.encode(),
                                       status="sent", attempts=1, created_at=when, sent_at=when))
                    next_ids["outbox"] += 1
            for table, rows in ((Inbound, inbound), (Person, persons), (Event, events), (Outbox, outbox)):
                for chunk in _chunks(rows):
                    conn.execute(insert(table), chunk)
            totals["inbound"] += len(inbound)
            totals["person"] += len(persons)
            totals["event"] += len(events)
            totals["outbox"] += len(outbox)
    db.dispose()
    totals["meetings"] = len(meetings)
    totals["seconds"] = round(time.monotonic() - t0, 1)
    return totals
