"""Write to the sender from any item: reply templates for the common questions in English,
French and Spanish, editable before sending, threaded under the sender's message, recorded
in the history. The visa support letter is a PDF made from a template, for a participant
of a confirmed delegation.

    GET  /items/{id}/write?template=&lang=&person=     the composer, text filled in
    POST /items/{id}/write                             queue it (and send it now if asked)
    GET  /items/{id}/visa-letter.pdf?person=&lang=     the letter as it will be attached
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import re
from datetime import date
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from urllib.parse import quote

import structlog
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from bot.extraction.lexicon import LANGUAGE_NAMES
from bot.meeting import Meeting, format_date
from bot.models import Delegation, Event, Inbound, Outbox, Person

from bot.replies import build, environment, render, reply_language, reply_message_id, token
from bot.states import StateName, state_name
from bot.web import message, review
from bot.web.review import ReviewError
from bot.web.security import checked_form
from bot.web.base import flash, ledger_row, page, send_pending_now, user_of, web
from bot.web.workday import after_action, neighbours

log = structlog.get_logger("intake.web")
router = APIRouter()

TEMPLATES = {
    "hotels": "Hotel list",
    "visa": "Visa support letter (PDF)",
    "remote": "Remote participation",
    "documents": "Meeting documents",
    "interpretation": "Interpretation",
    "free": "Free reply",
}
LANGS = LANGUAGE_NAMES  # each language in its own name, in the lexicon's order
# What a question is about, to open the composer on the right template.
_TOPICS = [
    ("visa", re.compile(r"(?i)\bvisa\w*|\bvisado|carta de (?:apoyo|invitaci)|lettre d'invitation")),
    ("hotels", re.compile(r"(?i)\bh[oô]tel|accommodation|h[ée]bergement|alojamiento")),
    ("remote", re.compile(r"(?i)\bremote|\bonline|virtual|zoom|teams\b|\bà distance|distancia|\blink\b|\blien\b|enlace")),
    ("interpretation", re.compile(r"(?i)interpr[eé]t|\blanguages?\b|langues?\b|idiomas?\b|arabic|arabe|árabe")),
    ("documents", re.compile(r"(?i)\bdocument|\breport\b|rapport|informe|agenda|ordre du jour|orden del d[ií]a|programme")),
]
PLACEHOLDER = re.compile(r"«[^»]*»")
_SEND = email.policy.compat32.clone(linesep="\r\n")


def guess_template(text: str) -> str:
    for key, pattern in _TOPICS:
        if pattern.search(text or ""):
            return key
    return "free"


def written_message(meeting: Meeting, *, to: str, subject: str, body: str, message_id: str, language: str,
                    in_reply_to: str | None, references: list[str],
                    attachments: list[tuple[str, bytes]] | None = None) -> bytes:
    """A message a person wrote: the replies' own headers and threading, but not marked as
    automatic (a person answers it), with PDF attachments if any."""
    raw = build(meeting, to=to, subject=subject, body=body, message_id=message_id, language=language,
                in_reply_to=in_reply_to, references=references)
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for name in ("Auto-Submitted", "X-Auto-Response-Suppress"):
        del msg[name]
    if not attachments:
        return msg.as_bytes(policy=_SEND)
    outer = MIMEMultipart("mixed")
    for name, value in msg.items():
        if name.lower() not in ("content-type", "content-transfer-encoding", "mime-version"):
            outer[name] = value
    outer.attach(MIMEText(body, "plain", "utf-8"))
    for filename, data in attachments:
        part = MIMEApplication(data, "pdf")
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", filename))
        outer.attach(part)
    return outer.as_bytes(policy=_SEND)


def confirmed_people(request: Request, row: Inbound) -> list[Person]:
    """Participants a visa letter may be written for: active, in a confirmed delegation of this
    message's member State (or the delegation the message belongs to)."""
    w = web(request)
    with w.app.db.session() as s:
        q = select(Person).join(Delegation, Person.delegation_id == Delegation.id).where(
            Delegation.meeting_id == w.app.meeting.id, Delegation.status == "confirmed", Person.status == "active")
        if row.delegation_id:
            q = q.where(Delegation.id == row.delegation_id)
        elif row.member_state:
            q = q.where(Delegation.member_state == row.member_state)
        else:
            return []
        people = s.scalars(q.order_by(Person.id)).all()
        for p in people:
            s.expunge(p)
    return list(people)


def _state(request: Request, code: str | None, lang: str) -> StateName:
    """How the text names the State (with its article), or the organization without one."""
    return state_name(web(request).app.states, code, lang)


def visa_letter(request: Request, row: Inbound, person: Person, lang: str) -> tuple[str, bytes]:
    """(file name, PDF) of the visa support letter for `person`."""
    from bot.web.pdf import letter

    meeting = web(request).app.meeting
    with web(request).app.db.session() as s:
        d = s.get(Delegation, person.delegation_id)
        code = d.member_state if d else None
    env = environment(meeting.id)
    roles = {"en": {"representative": "representative", "adviser": "adviser", "observer": "observer"},
             "fr": {"representative": "représentant(e)", "adviser": "conseiller(ère)", "observer": "observateur(trice)"},
             "es": {"representative": "representante", "adviser": "asesor(a)", "observer": "observador(a)"}}[lang]
    text = env.get_template(f"letters/{lang}/visa.txt").render(
        meeting=meeting, lang=lang, official=meeting.official[lang], dates=meeting.dates(lang), person=person,
        role=roles.get(person.role, person.role), state=_state(request, code, lang), automatic=False,
        token=token(meeting, person.delegation_id), today=date.today(), day=lambda d: format_date(d, lang))
    name = re.sub(r"[^\w .-]", "", person.name or "participant", flags=re.UNICODE).strip() or "participant"
    title = {"en": "Visa support letter", "fr": "Lettre d'appui visa", "es": "Carta de apoyo visado"}[lang]
    return f"{title} - {name}.pdf", letter(text, title=f"{title} - {person.name}")


def draft(request: Request, row: Inbound, template: str, lang: str, person: Person | None) -> tuple[str, str]:
    """(subject, text) of the chosen template for this message, in `lang`."""
    meeting = web(request).app.meeting
    original = re.sub(r"\[[^\]]*/\d+\]", "", row.subject or "").strip()
    original = original if re.match(r"(?i)^(re|tr|aw|rv|r)\s*:", original) else f"Re: {original}" if original else "Re:"
    number = row.delegation_id or row.id
    return render(meeting, f"answer_{template}", lang, subject=original, token=token(meeting, number),
                  state=_state(request, row.member_state, lang), person_name=person.name if person else "",
                  automatic=False)


def address_warning(to: str, people: list[Person]) -> str:
    """Why the officer should look at the address twice: a visa letter carries a participant's
    details, so it goes to the government that nominated them. (An answer never follows a
    Reply-To outside the sender's domain: bot.replies.addressing.)"""
    to = (to or "").lower()
    known = {(p.email or "").rsplit("@", 1)[-1].lower() for p in people if p.email}
    if people and to and to.rsplit("@", 1)[-1] not in known:
        return (f"{to} is not at the domain of the participants' addresses ({', '.join(sorted(known))}): make sure "
                "the request comes from the government before sending the letter.")
    return ""


def _form_values(request: Request, row: Inbound, template: str, lang: str, person_id: int | None) -> dict:
    view = message.view(row)
    target = message.reply_target(row)
    if template not in TEMPLATES:
        template = guess_template(" ".join([row.subject or "", view.text or ""]))
    lang = lang if lang in LANGS else reply_language(web(request).app.meeting, row.language)
    people = confirmed_people(request, row) if template == "visa" else []
    person = next((p for p in people if p.id == person_id), people[0] if people else None)
    subject, body = draft(request, row, template, lang, person)
    with web(request).app.db.session() as s:
        earlier = s.scalars(select(Outbox).where(Outbox.inbound_id == row.id).order_by(Outbox.id)).all()
    return {"warning": address_warning(target.to, people if template == "visa" else []), "row": row, "view": view,
            "target": target, "chosen": template, "lang": lang, "people": people, "person": person,
            "subject": subject, "body": body, "to": target.to, "templates": TEMPLATES, "langs": LANGS,
            "earlier": earlier, "close": row.review_state == "open" and row.kind in ("inquiry", "other", None)}


@router.get("/items/{inbound_id}/write", response_class=HTMLResponse)
def composer(request: Request, inbound_id: int, template: str = "", lang: str = "", person: int | None = None) -> Response:
    row = ledger_row(request, inbound_id)
    return page(request, "compose.html", **_form_values(request, row, template, lang, person))


@router.get("/items/{inbound_id}/visa-letter.pdf")
def visa_pdf(request: Request, inbound_id: int, person: int, lang: str = "en") -> Response:
    row = ledger_row(request, inbound_id)
    found = next((p for p in confirmed_people(request, row) if p.id == person), None)
    if found is None:
        raise HTTPException(404, "no confirmed participant with this number for this message")
    filename, data = visa_letter(request, row, found, lang if lang in LANGS else "en")
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(filename, safe='')}"})


@router.post("/items/{inbound_id}/write")
async def write(request: Request, inbound_id: int) -> Response:
    form = await checked_form(request)
    row = ledger_row(request, inbound_id)
    template = str(form.get("template", "free"))
    template = template if template in TEMPLATES else "free"
    lang = str(form.get("lang", "en"))
    lang = lang if lang in LANGS else "en"
    person_id = int(str(form.get("person"))) if str(form.get("person", "")).isdigit() else None
    subject = " ".join(str(form.get("subject", "")).split())
    body = str(form.get("body", "")).replace("\r\n", "\n")
    close = form.get("close") == "1"
    user = user_of(request)
    meeting = web(request).app.meeting

    following = neighbours(request, row.id)["next"]
    values = _form_values(request, row, template, lang, person_id)
    problem = None
    target = values["target"]
    if not target.to:
        problem = "The message has no address to answer."
    elif not subject or not body.strip():
        problem = "The reply needs a subject and a text."
    elif PLACEHOLDER.search(body) or PLACEHOLDER.search(subject):
        problem = f"Complete the part in «guillemets» first: {PLACEHOLDER.search(body + subject).group(0)}"
    elif template == "visa" and values["person"] is None:
        problem = "A visa support letter is only for a participant of a confirmed delegation; there is none here."
    if problem:
        values.update(subject=subject, body=body, error=problem)
        return page(request, "compose.html", status_code=400, **values)

    attachments = []
    if template == "visa":
        attachments.append(visa_letter(request, row, values["person"], lang))

    def queue() -> Outbox:
        with web(request).app.db.session() as s, s.begin():
            fresh = s.get(Inbound, row.id)
            n = s.scalar(select(func.count()).select_from(Outbox).where(Outbox.inbound_id == row.id,
                                                                         Outbox.template.like("answer%"))) or 0
            mid = reply_message_id(meeting, row.id, f"answer-{n + 1}")
            raw = written_message(meeting, to=target.to, subject=subject, body=body, message_id=mid, language=lang,
                                  in_reply_to=target.in_reply_to, references=target.references, attachments=attachments)
            out = Outbox(meeting_id=meeting.id, inbound_id=row.id, delegation_id=row.delegation_id, message_id=mid,
                         to_addr=target.to.lower(), template=f"answer_{template}"[:32], language=lang,
                         subject=subject, raw=raw)
            s.add(out)
            s.add(Event(actor=user, action="reply.written", inbound_id=row.id, delegation_id=row.delegation_id,
                        detail={"template": template, "language": lang, "to": target.to, "subject": subject,
                                "reply": mid, "attachments": [a[0] for a in attachments] or None}))
            if close and fresh is not None and fresh.review_state == "open":
                who = review.Reviewer(user=user, meeting=meeting, state_name=web(request).state_name)
                review.dismiss(s, who, fresh, outcome="ignored", reason=f"Answered: {TEMPLATES[template]}")
            s.flush()
            s.expunge(out)
            return out

    try:
        await run_in_threadpool(queue)
    except ReviewError as exc:
        values.update(subject=subject, body=body, error=str(exc))
        return page(request, "compose.html", status_code=400, **values)
    log.info("web.reply_written", user=user, inbound_id=row.id, template=template, language=lang)
    flash(request, f"Your reply ({TEMPLATES[template]}) is in the outbox.")
    if form.get("send_now") == "1":
        await send_pending_now(request)
    if close:
        return RedirectResponse(after_action(request, row.id, following), status_code=303)
    return RedirectResponse(f"/items/{row.id}", status_code=303)
