"""The list of participants: CSV, XLSX, and the columns Indico imports."""
from __future__ import annotations

import csv
import io
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Delegation, Person
from bot.states import StateRegistry

COLUMNS = ("member_state", "state_name", "organization", "capacity", "role", "name", "title", "email",
           "attendance", "gender", "status")
INDICO_COLUMNS = ("first_name", "last_name", "affiliation", "position", "email")
ROLE_ORDER = {"representative": 0, "adviser": 1, "observer": 2}


def participant_rows(s: Session, meeting_id: str, states: StateRegistry, status: str | None = None) -> list[dict]:
    """Active participants by member State and role; `status` keeps one delegation status."""
    q = (select(Person, Delegation).join(Delegation, Person.delegation_id == Delegation.id)
         .where(Delegation.meeting_id == meeting_id, Person.status == "active"))
    if status:
        q = q.where(Delegation.status == status)
    rows = []
    for person, d in s.execute(q).all():
        rows.append({
            "member_state": d.member_state or "", "state_name": states.name(d.member_state) if d.member_state else "",
            "organization": d.organization or "", "capacity": d.capacity or "", "role": person.role,
            "name": person.name or "", "title": person.title or "", "email": person.email or "",
            "attendance": person.attendance or "", "gender": person.gender or "", "status": d.status,
        })
    rows.sort(key=lambda r: (r["state_name"] or r["organization"], ROLE_ORDER.get(r["role"], 9), r["name"]))
    return rows


def split_name(name: str) -> tuple[str, str]:
    """(first, last) without changing a letter: a word in capitals is the family name
    ("SUZUKI Takeshi", "N'GUESSAN Kouadio Hervé"); otherwise the last word is."""
    words = name.split()
    if not words:
        return "", ""
    caps = [w for w in words if any(c.isalpha() for c in w) and w.upper() == w and len(w) > 1]
    if caps and len(caps) < len(words):
        last = " ".join(w for w in words if w in caps)
        first = " ".join(w for w in words if w not in caps)
        return first, last
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def indico_rows(rows: Iterable[dict]) -> list[dict]:
    out = []
    for r in rows:
        first, last = split_name(r["name"])
        out.append({"first_name": first, "last_name": last,
                    "affiliation": r["state_name"] or r["organization"], "position": r["title"], "email": r["email"]})
    return out


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_xlsx(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Participants"
    ws.append(list(columns))
    for r in rows:
        ws.append([r.get(c, "") for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
