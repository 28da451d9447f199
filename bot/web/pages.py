"""The review page's routes: queue, one item and its actions, delegations, participants."""
from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

import structlog
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import or_, select
from starlette.concurrency import run_in_threadpool

from bot.export import export_file, gender_balance, participant_rows
from bot.extraction import lexicon
from bot.models import Delegation, Event, Inbound, InboundAttachment, Outbox, Person
from bot.schema import HIGH_CONFIDENCE, PERSON_FIELDS
from bot.web import message, review
from bot.web.base import audit, flash, ledger_row, page, reviewer, send_pending_now, web
from bot.web.review import FLAGGED, ReviewError
from bot.web.security import checked_form
from bot.web.workday import after_action, collation_key, neighbours

log = structlog.get_logger("intake.web")
router = APIRouter()

ROLES = ("representative", "adviser", "observer")
ATTENDANCE = ("in_person", "remote")
GENDERS = ("female", "male")
KINDS = ("nomination", "amendment", "withdrawal", "inquiry", "auto_reply", "bounce", "other")
LANGUAGES = (*lexicon.LANGUAGES, "other")
CAPACITIES = ("member", "observer")


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# -- the queue -------------------------------------------------------------------------

def open_items(request: Request, reason: str = "", state: str = "") -> dict[str, Any]:
    """Open flagged messages, oldest first, with the counts the filters need."""
    w = web(request)
    with w.app.db.session() as s:
        rows = s.scalars(select(Inbound).where(Inbound.status.in_(FLAGGED), Inbound.review_state == "open",
                                               Inbound.meeting_id == w.app.meeting.id)
                         .order_by(Inbound.received_at.is_(None), Inbound.received_at, Inbound.id)).all()
    by_reason: Counter[str] = Counter(r for row in rows for r in set(row.reasons or ["(none)"]))
    by_state: Counter[str] = Counter(row.member_state or "—" for row in rows)
    shown = [row for row in rows
             if (not reason or reason in (row.reasons or ["(none)"]))
             and (not state or (row.member_state or "—") == state)]
    return {"items": shown, "total": len(rows), "by_reason": sorted(by_reason.items()),
            "by_state": sorted(by_state.items(), key=lambda t: (t[0] == "—", collation_key(w.state_name(t[0])))),
            "reason": reason, "state": state, "latest": max((row.id for row in rows), default=0)}


@router.get("/")
def home() -> Response:
    return _see("/queue")


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, reason: str = "", state: str = "") -> Response:
    return page(request, "queue.html", **open_items(request, reason, state))


@router.get("/queue/rows", response_class=HTMLResponse)
def queue_rows(request: Request, reason: str = "", state: str = "") -> Response:
    """The table body alone, for the page to poll (a new item shows without a reload)."""
    return page(request, "_queue_rows.html", **open_items(request, reason, state))


# -- one item ---------------------------------------------------------------------------

def evidence_view(parts: list[tuple[str, str]], ext: Any) -> tuple[list[dict], dict[str, dict]]:
    """Parts with the evidence of each field marked, and per field its mark and confidence."""
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    marks: dict[str, dict] = {}
    for i, p in enumerate(ext.participants):
        for field, ev in p.evidence.items():
            if field not in PERSON_FIELDS:
                continue  # role and gender spans hold the name: only the fields' own words are marked
            mark_id = f"ev-{i}-{field}"
            spans.setdefault(ev.source, []).append((ev.start, ev.end, mark_id, f"{p.role} {field}"))
            marks[f"{i}-{field}"] = {"id": mark_id, "source": ev.source, "confidence": ev.confidence,
                                     "unsure": ev.confidence < HIGH_CONFIDENCE}
    shown = []
    for source, text in parts:
        if source.startswith("header:") and source not in spans or source.endswith(":quoted") and source not in spans:
            continue  # headers and quotes are shown above; only those holding evidence are repeated
        shown.append({"source": source, "html": message.highlight(text, spans.get(source, []))})
    return shown, marks


@router.get("/items/{inbound_id}", response_class=HTMLResponse)
def item(request: Request, inbound_id: int) -> Response:
    row = ledger_row(request, inbound_id)
    ext = review.extraction_of(row)
    view = message.view(row)
    parts, marks = evidence_view(view.segments, ext)
    with web(request).app.db.session() as s:
        events = s.scalars(select(Event).where(Event.inbound_id == row.id).order_by(Event.id)).all()
        replies = s.scalars(select(Outbox).where(Outbox.inbound_id == row.id).order_by(Outbox.id)).all()
    breaks = [review.RULES[r] for r in review.broken_rules(row, ext)]
    return page(request, "item.html", row=row, ext=ext, view=view, parts=parts, marks=marks, events=events, breaks=breaks,
                nav=neighbours(request, row.id), reply_to=message.reply_target(row).to,
                replies=replies, iframe=message.iframe_document(view.html) if view.html else None,
                roles=ROLES, attendances=ATTENDANCE, genders=GENDERS, kinds=KINDS, languages=LANGUAGES,
                capacities=CAPACITIES, person_fields=PERSON_FIELDS, is_open=row.review_state == "open")


async def _act(request: Request, inbound_id: int, work: Any) -> Response:
    """Run `work(session, reviewer, row, form)` in one transaction; a ReviewError is shown."""
    form = await checked_form(request)
    who = reviewer(request)
    following = neighbours(request, inbound_id)["next"]

    def run() -> Any:
        with web(request).app.db.session() as s, s.begin():
            row = s.get(Inbound, inbound_id)
            if row is None or row.meeting_id != who.meeting.id:
                raise HTTPException(404, "no such message")
            return work(s, who, row, form)

    try:
        result = await run_in_threadpool(run)
    except ReviewError as exc:
        flash(request, str(exc), "error")
        return _see(f"/items/{inbound_id}")
    return result if isinstance(result, Response) else _see(after_action(request, inbound_id, following))


@router.post("/items/{inbound_id}/save")
async def save(request: Request, inbound_id: int) -> Response:
    def work(s, who, row, form):  # type: ignore[no-untyped-def]
        ext, changes = review.edited(row, form)
        review.save(s, who, row, ext, changes)
        flash(request, f"Saved {len(changes)} correction(s)." if changes else "Nothing changed.")
        if form.get("then") == "ask":
            return _see(f"/items/{row.id}/ask")
    return await _act(request, inbound_id, work)


@router.post("/items/{inbound_id}/approve")
async def approve(request: Request, inbound_id: int) -> Response:
    send_now = False

    def work(s, who, row, form):  # type: ignore[no-untyped-def]
        nonlocal send_now
        if form.get("reply") == "1" and row.view is None:
            raise ReviewError("this message has not been read since it was recorded: read it again first, so that "
                              "the reply goes where the worker would send it")
        ext, changes = review.edited(row, form)
        review.save(s, who, row, ext, changes)
        out = review.approve(s, who, row, ext, target=message.reply_target(row), reply=form.get("reply") == "1",
                             override=str(form.get("override", "")))
        send_now = bool(out) and form.get("send_now") == "1"
        flash(request, "Approved; the confirmation is in the outbox." if out else "Approved (no reply).")

    response = await _act(request, inbound_id, work)
    if send_now:
        await send_pending_now(request)
    return response


@router.get("/items/{inbound_id}/ask", response_class=HTMLResponse)
def ask_form(request: Request, inbound_id: int, missing: list[str] | None = Query(None)) -> Response:
    row = ledger_row(request, inbound_id)
    ext = review.extraction_of(row)
    chosen = missing if missing is not None else list(ext.missing)
    subject, body = review.missing_reply(reviewer(request), row, ext, chosen)
    choices = ["representative"] + [f"{role}.{f}" for role in ROLES for f in PERSON_FIELDS]
    return page(request, "ask.html", row=row, ext=ext, subject=subject, body=body, chosen=chosen,
                choices=list(dict.fromkeys([*chosen, *choices])), to=message.reply_target(row).to)


@router.post("/items/{inbound_id}/ask")
async def ask(request: Request, inbound_id: int) -> Response:
    send_now = False

    def work(s, who, row, form):  # type: ignore[no-untyped-def]
        nonlocal send_now
        review.ask_missing(s, who, row, review.extraction_of(row), missing=form.getlist("missing"),
                           target=message.reply_target(row), subject=str(form.get("subject", "")),
                           body=str(form.get("body", "")))
        send_now = form.get("send_now") == "1"
        flash(request, "The request for missing items is in the outbox.")

    response = await _act(request, inbound_id, work)
    if send_now:
        await send_pending_now(request)
    return response


@router.post("/items/{inbound_id}/dismiss")
async def dismiss(request: Request, inbound_id: int) -> Response:
    def work(s, who, row, form):  # type: ignore[no-untyped-def]
        outcome = str(form.get("outcome", ""))
        out = review.dismiss(s, who, row, outcome=outcome, reason=str(form.get("reason", "")),
                             target=message.reply_target(row), subject=str(form.get("reply_subject", "")),
                             body=str(form.get("reply_body", "")))
        flash(request, f"Message {outcome}." + (" The reply is in the outbox." if out else ""))
    return await _act(request, inbound_id, work)


@router.post("/items/{inbound_id}/reprocess")
async def reprocess(request: Request, inbound_id: int) -> Response:
    now = False

    def work(s, who, row, form):  # type: ignore[no-untyped-def]
        nonlocal now
        review.reprocess(s, who, row)
        now = form.get("now") == "1"
        if not now:
            flash(request, "Back in the worker's queue: it is read again on the next pass.")

    response = await _act(request, inbound_id, work)
    if now:
        status = await run_in_threadpool(_process_now, request, inbound_id)
        flash(request, f"Read again: {status or 'not processed (another worker has it)'}.")
    return response


def _process_now(request: Request, inbound_id: int) -> str | None:
    """Run the whole pipeline on the message at once, with the worker's isolation."""
    from bot.process import process_one

    app = web(request).app
    return process_one(app.db, app.meeting, app.states, inbound_id)


@router.get("/items/{inbound_id}/raw")
def raw(request: Request, inbound_id: int) -> Response:
    row = ledger_row(request, inbound_id)
    audit(request, "message.downloaded", inbound_id=row.id)
    return Response(row.raw, media_type="message/rfc822",
                    headers={"Content-Disposition": f'attachment; filename="message-{row.id}.eml"'})


def _disposition(kind: str, filename: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    return f"{kind}; filename=\"{ascii_name or 'attachment'}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get("/items/{inbound_id}/attachments/{index}")
def attachment(request: Request, inbound_id: int, index: int, inline: int = 0) -> Response:
    """Always a download, except a PDF asked for inline (shown by the browser's own viewer)."""
    row = ledger_row(request, inbound_id)
    with web(request).app.db.session() as s:
        found = s.scalar(select(InboundAttachment).where(InboundAttachment.inbound_id == row.id,
                                                         InboundAttachment.position == index))
    if found is None:
        raise HTTPException(404, "no such attachment")
    filename, ctype, data = found.filename, found.content_type, found.data
    is_pdf = ctype == "application/pdf" or filename.lower().endswith(".pdf")
    if inline and is_pdf and data.startswith(b"%PDF"):
        return Response(data, media_type="application/pdf", headers={"Content-Disposition": _disposition("inline", filename)})
    audit(request, "attachment.downloaded", inbound_id=row.id, filename=filename)
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": _disposition("attachment", filename)})


# -- replies ----------------------------------------------------------------------------

@router.post("/outbox/send")
async def send_now(request: Request) -> Response:
    form = await checked_form(request)
    await send_pending_now(request)
    return _see(_local(str(form.get("back", "/queue"))))


@router.get("/outbox/{outbox_id}", response_class=HTMLResponse)
def outbox_item(request: Request, outbox_id: int) -> Response:
    with web(request).app.db.session() as s:
        out = s.get(Outbox, outbox_id)
    if out is None:
        raise HTTPException(404, "no such reply")
    return page(request, "outbox.html", out=out, view=message.outbox_view(out.raw))


@router.post("/outbox/{outbox_id}/requeue")
async def requeue(request: Request, outbox_id: int) -> Response:
    await checked_form(request)
    who = reviewer(request)

    def run() -> None:
        with web(request).app.db.session() as s, s.begin():
            out = s.get(Outbox, outbox_id)
            if out is None:
                raise HTTPException(404, "no such reply")
            review.requeue_reply(s, who, out)

    try:
        await run_in_threadpool(run)
        flash(request, "The reply will be sent again.")
    except ReviewError as exc:
        flash(request, str(exc), "error")
    return _see(f"/outbox/{outbox_id}")


def _local(path: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") else "/queue"


# -- delegations ------------------------------------------------------------------------

@router.get("/delegations/{delegation_id}", response_class=HTMLResponse)
def delegation(request: Request, delegation_id: int) -> Response:
    w = web(request)
    with w.app.db.session() as s:
        d = s.get(Delegation, delegation_id)
        if d is None or d.meeting_id != w.app.meeting.id:
            raise HTTPException(404, "no such delegation")
        people = s.scalars(select(Person).where(Person.delegation_id == d.id).order_by(Person.id)).all()
        inbound = s.scalars(select(Inbound).where(Inbound.delegation_id == d.id).order_by(Inbound.id)).all()
        ids = [m.id for m in inbound]
        events = s.scalars(select(Event).where(or_(Event.delegation_id == d.id, Event.inbound_id.in_(ids)))
                           .order_by(Event.id)).all()
        replies = s.scalars(select(Outbox).where(or_(Outbox.delegation_id == d.id, Outbox.inbound_id.in_(ids)))
                            .order_by(Outbox.id)).all()
    messages = sorted([("in", m.received_at or m.fetched_at, m) for m in inbound]
                      + [("out", o.sent_at or o.created_at, o) for o in replies],
                      key=lambda t: (t[1].replace(tzinfo=None) if t[1] else t[1], t[0]))
    senders = {m.id: m.from_addr for m in inbound}
    return page(request, "delegation.html", d=d, people=people, events=events, messages=messages, senders=senders)


# -- participants -----------------------------------------------------------------------

def _participant_rows(request: Request, status: str | None) -> list[dict]:
    w = web(request)
    with w.app.db.session() as s:
        return participant_rows(s, w.app.meeting.id, w.states(), status=status or None)


@router.get("/participants", response_class=HTMLResponse)
def participants(request: Request, state: str = "", role: str = "", attendance: str = "", status: str = "") -> Response:
    rows = _participant_rows(request, status)
    shown = [r for r in rows if (not state or r["member_state"] == state) and (not role or r["role"] == role)
             and (not attendance or r["attendance"] == attendance)]
    counts = {
        "total": len(shown),
        "in_person": sum(r["attendance"] == "in_person" for r in shown),
        "remote": sum(r["attendance"] == "remote" for r in shown),
        "unknown": sum(r["attendance"] not in ATTENDANCE for r in shown),
        "women": sum(r["gender"] == "female" for r in shown),
        "gender_known": sum(r["gender"] in GENDERS for r in shown),
    }
    states = sorted({(r["member_state"], r["state_name"]) for r in rows if r["member_state"]}, key=lambda t: t[1])
    counts["no_email"] = sum(not r["email"] for r in rows)
    return page(request, "participants.html", rows=shown, counts=counts, states=states, roles=ROLES,
                balance=gender_balance(shown),
                attendances=ATTENDANCE, f={"state": state, "role": role, "attendance": attendance, "status": status})


@router.get("/participants/export")
def export(request: Request, format: str = "csv", indico: int = 0, status: str = "") -> Response:
    """The list as CSV or XLSX; `indico=1` gives the file Indico imports (six columns, no header)."""
    if format not in ("csv", "xlsx"):
        raise HTTPException(400, "format is csv or xlsx")
    if status not in ("", "confirmed", "pending", "review", "withdrawn"):
        raise HTTPException(400, "status is confirmed, pending, review or withdrawn")
    data, written, left_out = export_file(_participant_rows(request, status), format, indico=bool(indico))
    name = f"participants{'-indico' if indico else ''}{'-' + status if status else ''}.{format}"
    audit(request, "participants.exported", format=format, indico=bool(indico), status=status or None, rows=written,
          left_out=left_out or None)
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Rows-Left-Out": str(left_out)}
    if format == "xlsx":
        return Response(data, headers=headers,
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return Response(data, media_type="text/csv; charset=utf-8", headers=headers)
