"""The list of participants: CSV, XLSX, the file Indico imports, and the gender balance.

Every cell is written as text: a value that a spreadsheet would read as a formula (it starts
with =, +, -, @, a tab or a carriage return) is neutralised the way spreadsheet users expect,
with a leading apostrophe in CSV and as a quote-prefixed text cell in XLSX."""
from __future__ import annotations

import csv
import io
import re
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Delegation, Person
from bot.states import StateRegistry

COLUMNS = ("member_state", "state_name", "organization", "capacity", "role", "name", "title", "email",
           "attendance", "gender", "status")
# Indico's "Import registrations" (import_registrations_from_csv): these six, no header row.
INDICO_COLUMNS = ("first_name", "last_name", "affiliation", "position", "phone", "email")
ROLE_ORDER = {"representative": 0, "adviser": 1, "observer": 2}

HEADERS = {
    "member_state": "Code", "state_name": "Member State", "organization": "Organization", "capacity": "Capacity",
    "role": "Role", "name": "Name", "title": "Title", "email": "E-mail", "attendance": "Attendance",
    "gender": "Gender", "status": "Delegation status", "first_name": "First name", "last_name": "Last name",
    "affiliation": "Affiliation", "position": "Position", "phone": "Phone",
}
VALUES = {
    "capacity": {"member": "Member", "observer": "Observer"},
    "role": {"representative": "Representative", "adviser": "Adviser", "observer": "Observer"},
    "attendance": {"in_person": "In person", "remote": "Remote"},
    "gender": {"female": "Female", "male": "Male"},
    "status": {"confirmed": "Confirmed", "pending": "Pending (items missing)", "review": "In review",
               "withdrawn": "Withdrawn"},
}
WIDTHS = {"member_state": 7, "state_name": 28, "organization": 28, "capacity": 11, "role": 16, "name": 30,
          "title": 40, "email": 34, "attendance": 12, "gender": 9, "status": 22}
# The share of women the Governing Body set as the target for ILO meetings.
WOMEN_TARGET = 0.30

# States whose people usually carry two family names (Spanish and Portuguese usage).
TWO_SURNAMES = frozenset({
    "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GQ", "GT", "HN", "MX", "NI", "PA", "PY", "PE", "ES",
    "UY", "VE", "PT", "BR", "AO", "MZ", "CV", "GW", "ST", "TL",
})
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "das", "do", "dos", "y", "e", "i"})
_FORMULA = re.compile(r"^[=+\-@\t\r]")


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
            "language": d.language or "",
        })
    rows.sort(key=lambda r: (r["state_name"] or r["organization"], ROLE_ORDER.get(r["role"], 9), r["name"]))
    return rows


def _units(words: list[str]) -> list[str]:
    """Words with their particles: "de la Fuente", "dos Santos" are one family name."""
    units: list[str] = []
    pending: list[str] = []
    for w in words:
        if w.lower() in _PARTICLES:
            pending.append(w)
            continue
        units.append(" ".join([*pending, w]))
        pending = []
    if pending:
        units[-1:] = [" ".join([*units[-1:], *pending])]
    return units


def split_name(name: str, member_state: str = "", language: str = "") -> tuple[str, str]:
    """(first, last) without changing a letter.

    A word in capitals is the family name ("SUZUKI Takeshi", "N'GUESSAN Kouadio Hervé");
    for Spanish and Portuguese usage (the State, or a letter in Spanish) the last two names
    with their particles are ("María Florencia | Giménez Aráoz", "Rocío del Pilar | Huamán
    Salazar", "María José | García de la Fuente"); otherwise the last word is."""
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
    units = _units(words)
    if len(units) >= 3 and ((member_state or "").upper() in TWO_SURNAMES or language == "es"):
        return " ".join(units[:-2]), " ".join(units[-2:])
    if len(units) >= 2:
        return " ".join(units[:-1]), units[-1]
    return " ".join(words[:-1]), words[-1]


def indico_rows(rows: Iterable[dict]) -> list[dict]:
    """The rows Indico imports: every one with an e-mail (Indico refuses a row without)."""
    out = []
    for r in rows:
        if not r["email"]:
            continue
        first, last = split_name(r["name"], r.get("member_state", ""), r.get("language", ""))
        out.append({"first_name": first, "last_name": last, "affiliation": r["state_name"] or r["organization"],
                    "position": r["title"], "phone": "", "email": r["email"]})
    return out


def gender_balance(rows: Iterable[dict]) -> dict:
    """Women among representatives and advisers, against the 30 % target."""
    counted = [r for r in rows if r["role"] in ("representative", "adviser")]
    known = [r for r in counted if r["gender"] in ("female", "male")]
    women = sum(r["gender"] == "female" for r in known)
    share = women / len(known) if known else None
    return {"people": len(counted), "known": len(known), "women": women, "men": len(known) - women,
            "unknown": len(counted) - len(known), "share": share, "target": WOMEN_TARGET,
            "met": share is not None and share >= WOMEN_TARGET}


def text_cell(value: object) -> str:
    """A value as CSV text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def _shown(column: str, value: object, readable: bool) -> str:
    text = "" if value is None else str(value)
    return VALUES.get(column, {}).get(text, text) if readable else text


def to_csv(rows: list[dict], columns: tuple[str, ...], *, header: bool = True, readable: bool = False) -> str:
    """CSV, every cell as text; `readable` gives the headers and values people read (the files
    people download get them, with a byte-order mark: see export_file)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if header:
        writer.writerow([HEADERS.get(c, c) if readable else c for c in columns])
    for r in rows:
        writer.writerow([text_cell(_shown(c, r.get(c, ""), readable)) for c in columns])
    return buf.getvalue()


def to_xlsx(rows: list[dict], columns: tuple[str, ...], *, header: bool = True, balance: dict | None = None) -> bytes:
    """A workbook with readable headers and values, the header frozen, a filter, column widths;
    every cell a text cell (quote-prefixed when it looks like a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Participants"
    if header:
        ws.append([HEADERS.get(c, c) for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
    for r in rows:
        ws.append([None] * len(columns))
        for i, c in enumerate(columns, 1):
            cell = ws.cell(row=ws.max_row, column=i)
            text = _shown(c, r.get(c, ""), True)
            if not text:
                continue
            cell.value = text
            cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
            if _FORMULA.match(text):
                cell.alignment = Alignment(horizontal="left")
                cell.quotePrefix = True
    for i, c in enumerate(columns, 1):
        longest = max([len(HEADERS.get(c, c)), *(len(str(r.get(c, "") or "")) for r in rows[:500])])
        ws.column_dimensions[get_column_letter(i)].width = min(max(WIDTHS.get(c, 14), longest + 2), 60)
    if header:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    if balance is not None:
        g = wb.create_sheet("Gender balance")
        share = balance["share"]
        for line in (["Representatives and advisers", balance["people"]], ["Gender known", balance["known"]],
                     ["Women", balance["women"]], ["Men", balance["men"]], ["Gender not said", balance["unknown"]],
                     ["Share of women", "—" if share is None else f"{share:.0%}"],
                     ["Target (Governing Body)", f"{balance['target']:.0%}"],
                     ["Target met", "yes" if balance["met"] else "no"]):
            g.append(line)
        g.column_dimensions["A"].width = 32
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_file(rows: list[dict], format: str, indico: bool = False, *, for_people: bool = True) -> tuple[bytes, int, int]:
    """(file bytes, rows written, rows left out) of the participants list.

    The Indico file has its six columns and no header; participants without an e-mail are
    left out of it (Indico refuses them) and counted. A CSV not `for_people` (a script's,
    `intake export` on the command line) keeps the column keys and codes, without the mark."""
    bom = "\ufeff"  # Excel on Windows reads the file as UTF-8 only with it; Indico reads it too
    if indico:
        kept = indico_rows(rows)
        if format == "xlsx":
            return to_xlsx(kept, INDICO_COLUMNS, header=False), len(kept), len(rows) - len(kept)
        return (bom + to_csv(kept, INDICO_COLUMNS, header=False)).encode("utf-8"), len(kept), len(rows) - len(kept)
    if format == "xlsx":
        return to_xlsx(rows, COLUMNS, balance=gender_balance(rows)), len(rows), 0
    if not for_people:
        return to_csv(rows, COLUMNS).encode("utf-8"), len(rows), 0
    return (bom + to_csv(rows, COLUMNS, readable=True)).encode("utf-8"), len(rows), 0
