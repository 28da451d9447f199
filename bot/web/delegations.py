"""Delegations as the secretariat looks for them, and the member States that have not answered.

/delegations        search, filter by region and status, sort by name in the page's language
                    (locale collation); organizations in a list of their own
/not-answered       the member States with no nomination yet, by region, with counts; a
                    reminder the officer previews, then sends, only to addresses the meeting
                    file (`contacts`) or the record (mail the State sent) gives
"""
from __future__ import annotations

import time as clock
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import structlog
import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from bot.extraction.lexicon import LANGUAGES as LANGS
from bot.models import Delegation, Event, Inbound, Outbox, Person
from bot.replies import render, reply_language
from bot.states import state_name
from bot.web.security import checked_form
from bot.web.base import flash, page, send_pending_now, user_of, web
from bot.web.workday import collation_key

log = structlog.get_logger("intake.web")
router = APIRouter()

ROOT = Path(__file__).resolve().parent.parent.parent
REGIONS_FILE = ROOT / "config" / "regions.yaml"
STATUSES = ("confirmed", "pending", "review", "withdrawn")
SORTS = {"name": "Name", "updated": "Last change", "people": "Participants", "status": "Status"}
# Mail from these is no sign of who speaks for a State.
NOT_A_CONTACT = ("auto_reply", "bounce")
# Mail that answers the invitation.
ANSWERS = ("nomination", "amendment", "withdrawal")


@lru_cache(maxsize=1)
def regions() -> list[dict]:
    return list(yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))["regions"])


def region_of(code: str | None) -> str:
    for r in regions():
        if code and code.upper() in r["states"]:
            return str(r["key"])
    return ""


def region_name(key: str, lang: str = "en") -> str:
    for r in regions():
        if r["key"] == key:
            return str(r["names"].get(lang) or r["names"]["en"])
    return "—"


def _lang(value: str) -> str:
    return value if value in LANGS else "en"


@router.get("/delegations", response_class=HTMLResponse)
def delegations(request: Request, q: str = "", region: str = "", status: str = "", sort: str = "name",
                lang: str = "en") -> Response:
    w = web(request)
    lang, sort = _lang(lang), sort if sort in SORTS else "name"
    with w.app.db.session() as s:
        rows = s.scalars(select(Delegation).where(Delegation.meeting_id == w.app.meeting.id)).all()
        people = Counter(s.scalars(select(Person.delegation_id).where(Person.status == "active")).all())
    needle = " ".join(q.casefold().split())

    def name(d: Delegation) -> str:
        return w.state_name(d.member_state, lang) if d.member_state else (d.organization or d.key)

    def matches(d: Delegation) -> bool:
        if status and d.status != status:
            return False
        if region and region_of(d.member_state) != region:
            return False
        if not needle:
            return True
        names = [w.state_name(d.member_state, x) for x in LANGS] if d.member_state else []
        hay = " ".join([*names, d.member_state or "", d.organization or "", d.sender_addr or ""]).casefold()
        folded = collation_key(hay)[0]
        return needle in hay or collation_key(needle)[0] in folded

    shown = [d for d in rows if matches(d)]
    key = {"name": lambda d: collation_key(name(d), lang),
           "updated": lambda d: -(d.updated_at.timestamp() if d.updated_at else 0),
           "people": lambda d: (-people.get(d.id, 0), collation_key(name(d), lang)),
           "status": lambda d: (STATUSES.index(d.status) if d.status in STATUSES else 9, collation_key(name(d), lang))}[sort]
    shown.sort(key=key)
    states = [d for d in shown if d.member_state]
    organizations = [d for d in shown if not d.member_state]
    return page(request, "delegations.html", states=states, organizations=organizations, people=people,
                total=len(rows), f={"q": q, "region": region, "status": status, "sort": sort, "lang": lang},
                name=name, regions=regions(), region_of=region_of, region_name=region_name, statuses=STATUSES,
                sorts=SORTS, langs=LANGS)


# -- the States that have not answered ---------------------------------------------------

def _record_addresses(request: Request) -> dict[str, list[str]]:
    """Per member State, the addresses its own mail came from (newest first), without ours
    and without any that bounced."""
    w = web(request)
    own = w.app.meeting.own_addresses()
    with w.app.db.session() as s:
        mail = s.execute(select(Inbound.member_state, Inbound.from_addr)
                         .where(Inbound.meeting_id == w.app.meeting.id, Inbound.member_state.is_not(None),
                                Inbound.from_addr.is_not(None), Inbound.status != "quarantined",
                                (Inbound.kind.is_(None)) | (Inbound.kind.not_in(NOT_A_CONTACT)))
                         .order_by(Inbound.id.desc())).all()
        bounced = {a.lower() for a in s.scalars(select(Person.email).where(Person.undeliverable.is_(True))) if a}
    out: dict[str, list[str]] = {}
    for code, addr in mail:
        a = addr.strip().lower()
        if a and a not in own and a not in bounced and a not in out.setdefault(code, []):
            out[code].append(a)
    return out


def not_answered(request: Request, lang: str = "en") -> list[dict]:
    """Every member State without a delegation yet, by region, with the addresses we may write to."""
    w = web(request)
    states = w.states()
    codes = sorted(getattr(states, "states", {}) or {})
    with w.app.db.session() as s:
        answered = set(s.scalars(select(Delegation.member_state).where(Delegation.meeting_id == w.app.meeting.id,
                                                                       Delegation.member_state.is_not(None))))
        # A nomination still waiting in the queue is an answer too: no reminder for it.
        answered |= set(s.scalars(select(Inbound.member_state).where(
            Inbound.meeting_id == w.app.meeting.id, Inbound.member_state.is_not(None),
            Inbound.kind.in_(ANSWERS), Inbound.status != "ignored")))
        languages = dict(s.execute(select(Inbound.member_state, Inbound.language)
                                   .where(Inbound.meeting_id == w.app.meeting.id, Inbound.member_state.is_not(None),
                                          Inbound.language.in_(LANGS)).order_by(Inbound.id)).all())
        reminded: dict[str, Any] = {}
        for e in s.scalars(select(Event).where(Event.action == "reminder.queued").order_by(Event.id)):
            if isinstance(e.detail, dict) and e.detail.get("member_state"):
                reminded[e.detail["member_state"]] = e.at
    contacts = {k.upper(): [str(a).lower() for a in v] for k, v in w.app.meeting.contacts.items()}
    recorded = _record_addresses(request)
    groups = []
    for r in regions():
        members = []
        for code in r["states"]:
            if code not in codes or code in answered:
                continue
            from_file = contacts.get(code, [])
            from_record = [a for a in recorded.get(code, []) if a not in from_file]
            members.append({"code": code, "name": w.state_name(code, lang), "file": from_file, "record": from_record,
                            "addresses": [*from_file, *from_record], "language": languages.get(code, ""),
                            "reminded": reminded.get(code)})
        members.sort(key=lambda m: collation_key(m["name"], lang))
        groups.append({"key": r["key"], "name": r["names"].get(lang) or r["names"]["en"], "states": members,
                       "size": sum(1 for c in r["states"] if c in codes)})
    return groups


@router.get("/not-answered", response_class=HTMLResponse)
def not_answered_page(request: Request, lang: str = "en", region: str = "") -> Response:
    lang = _lang(lang)
    groups = not_answered(request, lang)
    if region:
        groups = [g for g in groups if g["key"] == region]
    total = sum(len(g["states"]) for g in groups)
    reachable = sum(1 for g in groups for m in g["states"] if m["addresses"])
    return page(request, "not_answered.html", groups=groups, total=total, reachable=reachable,
                f={"lang": lang, "region": region}, langs=LANGS, regions=regions())


def reminder(request: Request, code: str, language: str) -> tuple[str, str, str]:
    """(language, subject, text) of the reminder to one member State."""
    w = web(request)
    lang = reply_language(w.app.meeting, language or "en")
    subject, body = render(w.app.meeting, "reminder", lang, state=state_name(w.app.states, code, lang),
                           token="", automatic=False)
    return lang, subject, body


def _chosen(request: Request, form: Any) -> tuple[list[dict], str]:
    codes = {str(c).upper() for c in form.getlist("states")}
    language = str(form.get("language", "auto"))
    found = [m for g in not_answered(request) for m in g["states"] if m["code"] in codes]
    return found, language


@router.post("/not-answered/preview", response_class=HTMLResponse)
async def reminder_preview(request: Request) -> Response:
    form = await checked_form(request)
    found, language = _chosen(request, form)
    if not found:
        flash(request, "Tick the member States to remind first.", "error")
        return RedirectResponse("/not-answered", status_code=303)
    letters = []
    for m in found:
        lang, subject, body = reminder(request, m["code"], m["language"] if language == "auto" else language)
        letters.append({**m, "lang": lang, "subject": subject, "body": body})
    return page(request, "reminder.html", letters=letters, language=language,
                unreachable=[m for m in letters if not m["addresses"]])


@router.post("/not-answered/send")
async def reminder_send(request: Request) -> Response:
    form = await checked_form(request)
    found, language = _chosen(request, form)
    w = web(request)
    meeting = w.app.meeting
    user = user_of(request)

    def queue() -> tuple[int, int]:
        from bot.web.compose import written_message

        domain = meeting.addresses.nominations.rsplit("@", 1)[1]
        stamp = int(clock.time() * 1000)
        queued = states = 0
        with w.app.db.session() as s, s.begin():
            for m in found:
                if not m["addresses"]:
                    continue  # nobody to write to: the page says so; never a guessed address
                lang, subject, body = reminder(request, m["code"], m["language"] if language == "auto" else language)
                sent_to = []
                for n, addr in enumerate(m["addresses"]):
                    mid = f"<intake.{meeting.id.lower()}.reminder.{m['code'].lower()}.{stamp}.{n}@{domain}>"
                    raw = written_message(meeting, to=addr, subject=subject, body=body, message_id=mid, language=lang,
                                          in_reply_to=None, references=[])
                    s.add(Outbox(meeting_id=meeting.id, inbound_id=None, delegation_id=None, message_id=mid,
                                 to_addr=addr, template="reminder", language=lang, subject=subject, raw=raw))
                    sent_to.append(addr)
                    queued += 1
                states += 1
                s.add(Event(actor=user, action="reminder.queued",
                            detail={"member_state": m["code"], "to": sent_to, "language": lang}))
        return states, queued

    states, queued = await run_in_threadpool(queue)
    log.info("web.reminders_queued", user=user, states=states, messages=queued)
    flash(request, f"Reminder queued for {states} member State(s), {queued} message(s).")
    if form.get("send_now") == "1":
        await send_pending_now(request)
    return RedirectResponse("/not-answered", status_code=303)
