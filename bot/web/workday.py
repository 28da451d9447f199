"""The officer's day around the queue: all mail with search, bulk ignore, the next item after
a decision, names sorted as people read them (locale collation)."""
from __future__ import annotations

import unicodedata
from collections import OrderedDict
from datetime import date, datetime, time, timezone
from typing import Any

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import defer
from starlette.concurrency import run_in_threadpool

from bot.models import Inbound
from bot.web.review import FLAGGED, ReviewError
from bot.web.security import checked_form
from bot.web.base import flash, page, reviewer, web

log = structlog.get_logger("intake.web")
router = APIRouter()

STATUSES = ("new", "processed", "review", "ignored", "quarantined")
KINDS = ("nomination", "amendment", "withdrawal", "inquiry", "auto_reply", "bounce", "other")
MAX_SHOWN = 300


# -- names in the order people expect ------------------------------------------------------

def collation_key(text: str, lang: str = "en") -> tuple:
    """A sort key like a dictionary's: letters first without accents or case, then accents,
    then case ("Côte d'Ivoire" between "Costa Rica" and "Croatia"); in Spanish ñ is a letter
    of its own after n."""
    text = unicodedata.normalize("NFC", text or "")
    base, accents = [], []
    for ch in text:
        if lang == "es" and ch in "ñÑ":
            base.append("n\uffff")
            accents.append("")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        letters = "".join(c for c in decomposed if not unicodedata.combining(c))
        base.append(letters.casefold())
        accents.append("".join(c for c in decomposed if unicodedata.combining(c)))
    primary = "".join(base)
    # Apostrophes, hyphens and spaces count less than letters ("Côte d'Ivoire" ~ "Cote dIvoire").
    primary = "".join(c if c.isalnum() or c == "\uffff" else " " for c in primary)
    return (" ".join(primary.split()), tuple(accents), text.swapcase())


# -- the queue: neighbours, next item, bulk ignore ----------------------------------------

def _open_ids(request: Request) -> list[int]:
    w = web(request)
    with w.app.db.session() as s:
        return list(s.scalars(select(Inbound.id).where(Inbound.status.in_(FLAGGED), Inbound.review_state == "open",
                                                        Inbound.meeting_id == w.app.meeting.id)
                              .order_by(Inbound.received_at.is_(None), Inbound.received_at, Inbound.id)))


def neighbours(request: Request, inbound_id: int) -> dict[str, int | None]:
    """The open items before and after this one in the queue's order (for j/k and "next")."""
    ids = _open_ids(request)
    if inbound_id in ids:
        i = ids.index(inbound_id)
        return {"prev": ids[i - 1] if i else None, "next": ids[i + 1] if i + 1 < len(ids) else None,
                "position": i + 1, "total": len(ids)}
    later = [x for x in ids if x > inbound_id]
    return {"prev": None, "next": (later or ids or [None])[0], "position": None, "total": len(ids)}


def after_action(request: Request, inbound_id: int, following: int | None = None) -> str:
    """Where a decision leads: the same item while it is still open, else the item that came
    after it in the queue (`following`, taken before the decision), else the first open one,
    else the queue."""
    w = web(request)
    with w.app.db.session() as s:
        state = s.scalar(select(Inbound.review_state).where(Inbound.id == inbound_id))
    if state == "open":
        return f"/items/{inbound_id}"
    ids = _open_ids(request)
    if following in ids:
        return f"/items/{following}"
    return f"/items/{ids[0]}" if ids else "/queue"


@router.post("/queue/ignore")
async def bulk_ignore(request: Request) -> Response:
    """Ignore many items at once (mail that is not about the meeting), one reason for all."""
    from bot.web import review

    form = await checked_form(request)
    ids = [int(x) for x in form.getlist("ids") if str(x).isdigit()][:500]
    reason = str(form.get("reason", "")).strip() or "Not about the meeting"
    who = reviewer(request)

    def run() -> tuple[int, list[str]]:
        done, problems = 0, []
        for inbound_id in ids:
            try:
                with web(request).app.db.session() as s, s.begin():
                    row = s.get(Inbound, inbound_id)
                    if row is None or row.meeting_id != who.meeting.id:
                        continue
                    review.dismiss(s, who, row, outcome="ignored", reason=reason)
                    done += 1
            except ReviewError as exc:
                problems.append(f"message {inbound_id}: {exc}")
        return done, problems

    if not ids:
        flash(request, "Tick the messages to ignore first.", "error")
        return RedirectResponse("/queue", status_code=303)
    done, problems = await run_in_threadpool(run)
    log.info("web.bulk_ignored", user=who.user, count=done, skipped=len(problems))
    flash(request, f"Ignored {done} message(s): {reason}.")
    for p in problems[:5]:
        flash(request, p, "error")
    back = str(form.get("back", "/queue"))
    return RedirectResponse(back if back.startswith("/queue") else "/queue", status_code=303)


# -- all mail ------------------------------------------------------------------------------

_TEXTS: "OrderedDict[str, str]" = OrderedDict()


def mail_text(stored: dict | None, raw: bytes) -> str:
    """The message's own words (its text parts, HTML made text, attachment names) in lower
    case, for the search: from the view kept when it was processed; the raw text of a
    message never read."""
    if stored is None:
        return raw[:200_000].decode("utf-8", "replace").casefold()
    words = [value for name, value in stored["headers"] if name == "Subject"]
    words += [stored["text"], *(a["filename"] for a in stored["attachments"])]
    words += [text for source, text in stored["segments"] if not source.startswith(("header:", "attachment:"))]
    return "\n".join(words).casefold()


def _texts(s: Any, rows: list[Inbound]) -> dict[int, str]:
    """The searchable text of each row: kept for a few thousand messages, the rest read in one query."""
    out: dict[int, str] = {}
    wanted: dict[int, str] = {}
    for row in rows:
        key = row.sha256 or f"id:{row.id}"
        if key in _TEXTS:
            _TEXTS.move_to_end(key)
            out[row.id] = _TEXTS[key]
        else:
            wanted[row.id] = key
    ids = list(wanted)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for inbound_id, stored in s.execute(select(Inbound.id, Inbound.view).where(Inbound.id.in_(chunk))):
            raw = b"" if stored is not None else s.scalar(select(Inbound.raw).where(Inbound.id == inbound_id))
            out[inbound_id] = _TEXTS[wanted[inbound_id]] = mail_text(stored, raw or b"")
    while len(_TEXTS) > 20_000:
        _TEXTS.popitem(last=False)
    return out


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _people(row: Inbound) -> list[str]:
    return [str(p.get("name")) for p in (row.extraction or {}).get("participants", []) if p.get("name")]


def search_mail(request: Request, f: dict[str, str]) -> tuple[list[Inbound], int]:
    """Every message of the meeting, newest first, that matches all the filters given (all
    the words of the search, each anywhere)."""
    w = web(request)
    q = f["q"].casefold().strip()
    terms = q.split()  # every word somewhere: in the sender, subject, State, people or text
    start, end = _day(f["since"]), _day(f["until"])
    query = select(Inbound).where(Inbound.meeting_id == w.app.meeting.id).order_by(Inbound.id.desc())
    if f["status"] in STATUSES:
        query = query.where(Inbound.status == f["status"])
    if f["kind"] in KINDS:
        query = query.where(Inbound.kind == f["kind"])
    if f["state"]:
        query = query.where(Inbound.member_state == f["state"].upper()[:2])
    with w.app.db.session() as s:
        rows = s.scalars(query.options(defer(Inbound.raw))).all()
        found, maybe = [], []
        for row in rows:
            sent = row.date or row.received_at or row.fetched_at
            if sent is not None and sent.tzinfo is None:
                sent = sent.replace(tzinfo=timezone.utc)
            if start and (sent is None or sent < datetime.combine(start, time.min, tzinfo=timezone.utc)):
                continue
            if end and (sent is None or sent > datetime.combine(end, time.max, tzinfo=timezone.utc)):
                continue
            if q:
                fields = " ".join([row.subject or "", row.from_addr or "", row.member_state or "",
                                   w.state_name(row.member_state), " ".join(_people(row))]).casefold()
                if not all(t in fields for t in terms):
                    maybe.append((row, fields))
                    continue
            found.append(row)
        if maybe:
            texts = _texts(s, [row for row, _ in maybe])
            found += [row for row, fields in maybe
                      if all(t in fields or t in texts.get(row.id, "") for t in terms)]
            found.sort(key=lambda row: -row.id)
        shown = found[:MAX_SHOWN]
        for row in shown:
            s.expunge(row)
    return shown, len(found)


@router.get("/mail", response_class=HTMLResponse)
def all_mail(request: Request, q: str = "", state: str = "", status: str = "", kind: str = "", since: str = "",
             until: str = "") -> Response:
    f = {"q": q[:200], "state": state, "status": status, "kind": kind, "since": since, "until": until}
    rows, total = search_mail(request, f)
    w = web(request)
    with w.app.db.session() as s:
        codes = s.scalars(select(Inbound.member_state).where(Inbound.meeting_id == w.app.meeting.id,
                                                             Inbound.member_state.is_not(None)).distinct()).all()
    states = sorted(((c, w.state_name(c)) for c in codes), key=lambda t: collation_key(t[1]))
    return page(request, "mail.html", rows=rows, total=total, f=f, states=states, statuses=STATUSES, kinds=KINDS,
                people=_people, max_shown=MAX_SHOWN)


def queue_counts(by_reason: list, by_state: list) -> dict[str, Any]:
    """The counts the queue's filters show, for the page to update them live."""
    return {"reason": dict(by_reason), "state": dict(by_state)}
