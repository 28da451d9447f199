"""What the secretariat does to a flagged message: edit, approve, ask, reject, re-process.

Plain functions on a session, called by the routes and tested directly. Every one writes
an Event with the user's name as actor. The caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import Op, apply_ops, delegation_key, new_delegation, plan, snapshot
from handlers.record import FOLDER
from bot.meeting import Meeting
from bot.models import Delegation, Event, Inbound, Outbox, Person, utcnow
from bot.replies import Addressing
from bot.replies import queue_reply, render_reply, reply_language, reply_message_id
from bot.schema import PERSON_FIELDS, Extraction
from bot.states import StateName, load_states, state_name

FLAGGED = ("review", "quarantined")
# Flags that break a rule of the meeting: approving such an item takes a reason, kept in the history.
RULES = {"over_quota": "more people than the quota allows", "late": "sent after the deadline",
         "other_sender_domain": "sent from another domain than the one on record"}
DOC_FIELDS = ("kind", "language", "member_state", "organization", "capacity")
EDIT_FIELDS = ("role", *PERSON_FIELDS, "gender")


class ReviewError(ValueError):
    """A decision that cannot be taken as asked; the message says why, for the page."""


@dataclass
class Reviewer:
    """Who acts, for which meeting, and how member States are named."""

    user: str
    meeting: Meeting
    state_name: Callable[[str, str], str]


def extraction_of(row: Inbound) -> Extraction:
    try:
        return Extraction.model_validate(row.extraction or {})
    except ValidationError:
        return Extraction()


def edited(row: Inbound, form: Mapping[str, Any]) -> tuple[Extraction, dict[str, list]]:
    """The extraction as the reviewer corrected it, and what changed ({field: [old, new]}).

    A value the reviewer changed loses its evidence: a person, not the message, says it."""
    before = extraction_of(row)
    data = before.model_dump(mode="json")
    changes: dict[str, list] = {}
    for key in DOC_FIELDS:
        if key in form:
            value = str(form[key]).strip() or None
            if key == "member_state" and value:
                value = value.upper()
            if value != data.get(key):
                changes[key] = [data.get(key), value]
                data[key] = value
    if "p-count" in form:
        people = []
        for i in range(min(int(str(form["p-count"]) or 0), 50)):
            values = {f: (str(form.get(f"p-{i}-{f}", "")).strip() or None) for f in EDIT_FIELDS}
            if form.get(f"p-{i}-remove") or not any(values[f] for f in PERSON_FIELDS):
                if i < len(before.participants):
                    changes[f"participants.{i}"] = ["removed"]
                continue
            old = before.participants[i].model_dump(mode="json") if i < len(before.participants) else {}
            evidence = {f: ev for f, ev in old.get("evidence", {}).items() if old.get(f) == values.get(f)}
            for f in EDIT_FIELDS:
                if old.get(f) != values[f]:
                    changes[f"participants.{i}.{f}"] = [old.get(f), values[f]]
            people.append({**values, "role": values["role"] or "representative", "evidence": evidence})
        data["participants"] = people
    try:
        return Extraction.model_validate(data), changes
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ReviewError(f"the corrected fields are not valid: {problems}") from exc


def save(s: Session, who: Reviewer, row: Inbound, ext: Extraction, changes: dict) -> None:
    """Keep the corrections on the ledger row (the bot's reading stays in the event)."""
    if not changes:
        return
    s.add(Event(actor=who.user, action="review.edited", inbound_id=row.id, delegation_id=row.delegation_id,
                detail={"changes": changes}))
    row.extraction = ext.model_dump(mode="json")
    row.member_state, row.language, row.kind = ext.member_state, ext.language, ext.kind


def _require_open(row: Inbound) -> None:
    if row.review_state != "open":
        raise ReviewError(f"this message is no longer open for review (it is {row.review_state or row.status})")


def _delegation(s: Session, who: Reviewer, row: Inbound, ext: Extraction) -> Delegation:
    key = delegation_key(ext)
    if key is None:
        # A change to a delegation on record (found by its thread) names no State itself.
        d = s.get(Delegation, row.delegation_id) if row.delegation_id else None
        if d is None:
            raise ReviewError("set the member State (or the organization) before recording participants")
        return d
    d = s.scalar(select(Delegation).where(Delegation.meeting_id == who.meeting.id, Delegation.key == key))
    if d is None:
        d = new_delegation(s, who.meeting.id, ext, row.from_addr)
    row.delegation_id = d.id
    return d


def message_text(row: Inbound) -> str:
    """The sender's own words, as the worker read them (what a change is read from): kept
    with the message's view when it was left for review; empty when they were not (the
    officer's decision then stands on the fields alone)."""
    return str((row.view or {}).get("main_text") or "")


@dataclass
class Decision:
    """What an officer's action does to the delegation: the operations and the states around them."""

    delegation: Delegation | None
    ops: list[Op]
    before: dict
    after: dict
    breaks: list[str]  # rules the decision breaks (RULES keys)

    def story(self) -> dict:
        return {"operations": [o.story() for o in self.ops], "before": self.before, "after": self.after}


def _record(s: Session, who: Reviewer, row: Inbound, ext: Extraction, status: str) -> Decision:
    """Make the delegation hold what the reviewer approved, through the same operations the
    bot applies to a message: the people named are matched to those on record (by name,
    e-mail), changed, added, replaced or withdrawn as the message says.

    People this message itself put on record earlier give way first (kept as `replaced`)."""
    if not ext.participants and ext.kind not in ("withdrawal", "amendment"):
        return Decision(None, [], {}, {}, [])
    d = _delegation(s, who, row, ext)
    before = snapshot(d)
    for p in d.participants:
        if p.status == "active" and p.source_inbound_id == row.id:
            p.status = "replaced"
    active = [p for p in d.participants if p.status == "active"]
    # What the message says about people on record matters only when there are some (reading
    # it again may mean OCR: not for a first nomination).
    text = message_text(row) if active else ""
    result = plan(active, ext, text, capacity=d.capacity, quotas=who.meeting.quotas, sender=row.from_addr,
                  gate_values=False)  # the officer typed or checked the values
    ops = list(result.ops)
    if ext.kind == "withdrawal" and not ext.participants and not any(
            o.op in ("withdraw", "withdraw_delegation") for o in ops):
        ops = [Op("withdraw_delegation")]
    unclear = [r for r in result.reasons if r != "over_quota" and not r.startswith("unsure:")]
    if unclear:
        raise ReviewError("the message does not say clearly whom it concerns (" + ", ".join(unclear)
                          + "): correct the names or e-mail addresses so that each person is one on record or a new one")

    def add(p, role: str) -> Person:  # type: ignore[no-untyped-def]
        person = Person(delegation_id=d.id, role=role, status="active", name=p.name, title=p.title, email=p.email,
                        attendance=p.attendance, gender=p.gender, source_inbound_id=row.id, decided_by=who.user,
                        evidence={k: v.model_dump() for k, v in p.evidence.items()})
        d.participants.append(person)
        return person

    apply_ops(d, ops, add)
    for o in ops:
        if o.op == "change":
            o.target.decided_by = who.user
    d.capacity = d.capacity or ext.capacity
    d.language = d.language or ext.language
    left = [p for p in d.participants if p.status == "active"]
    d.status = status if left else "withdrawn"
    breaks = ["over_quota"] if "over_quota" in result.reasons else []
    return Decision(d, ops, before, snapshot(d), breaks)


def broken_rules(row: Inbound, ext: Extraction, decision: Decision | None = None) -> list[str]:
    """The meeting's rules approving this item would break (RULES keys)."""
    found = [r for r in RULES if r in (row.reasons or []) or r in ext.flags]
    if decision is not None:
        found += [r for r in decision.breaks if r not in found]
    return found


def _override(row: Inbound, ext: Extraction, decision: Decision, override: str) -> dict:
    """Refuse a decision that breaks a rule unless the officer gives a reason (then kept)."""
    breaks = broken_rules(row, ext, decision)
    if breaks and not override.strip():
        raise ReviewError("this item breaks a rule of the meeting (" + "; ".join(RULES[b] for b in breaks)
                          + "): give a reason to override it, or reject it")
    return {"override": override.strip()[:2000], "rules": breaks} if breaks else {}


def _close(row: Inbound, ext: Extraction, *, status: str, review_state: str, decision: str) -> None:
    row.extraction = ext.model_dump(mode="json")
    row.member_state, row.language, row.kind = ext.member_state, ext.language, ext.kind
    row.status, row.review_state, row.decision = status, review_state, decision
    row.folder = FOLDER.get(status, row.folder)
    row.processed_at = utcnow()


def _participants(ext: Extraction) -> list[dict]:
    return [p.model_dump(mode="json", exclude={"evidence"}) for p in ext.participants]


def _state(who: Reviewer, ext: Extraction, lang: str) -> StateName:
    return state_name(load_states(), ext.member_state, lang, organization=ext.organization)


def _existing_reply(s: Session, who: Reviewer, row: Inbound, template: str) -> Outbox | None:
    """A reply of this kind to this message already queued: at most one (its Message-ID is derived)."""
    existing = s.scalar(select(Outbox).where(Outbox.message_id == reply_message_id(who.meeting, row.id, template)))
    if existing is not None and existing.status not in ("pending", "failed"):
        raise ReviewError(f"a {template} reply to this message is already {existing.status}")
    return existing


def approve(s: Session, who: Reviewer, row: Inbound, ext: Extraction, *, target: Addressing,
            reply: bool = True, override: str = "") -> Outbox | None:
    """Record the participants as edited, close the item and queue the confirmation.

    An item whose flags break a rule (over quota, late, another sender domain) is approved
    only with the officer's reason for overriding it, kept in the history."""
    _require_open(row)
    decision = _record(s, who, row, ext, "confirmed")
    overridden = _override(row, ext, decision, override)
    _close(row, ext, status="processed", review_state="approved", decision="confirm")
    d = decision.delegation
    out = None
    if reply and d is not None and target.to:
        from handlers.reply import delegation_people

        existing = _existing_reply(s, who, row, "confirm")
        if existing is not None:
            s.delete(existing)
            s.flush()
        lang = reply_language(who.meeting, ext.language)
        template = "withdrawal" if d.status == "withdrawn" else "confirm"
        out = queue_reply(s, who.meeting, row, template, lang, to=target.to, in_reply_to=target.in_reply_to,
                          references=target.references, state=_state(who, ext, lang),
                          participants=delegation_people(d), automatic=False)
    s.add(Event(actor=who.user, action="review.approved", inbound_id=row.id, delegation_id=d.id if d else None,
                detail={"participants": [p.name for p in ext.participants], "reply": out.message_id if out else None,
                        **overridden, **decision.story()}))
    return out


def missing_reply(who: Reviewer, row: Inbound, ext: Extraction, missing: list[str]) -> tuple[str, str]:
    """(subject, body) of the request for missing items, for the reviewer to edit."""
    lang = reply_language(who.meeting, ext.language)
    return render_reply(who.meeting, row, "request_missing", lang, state=_state(who, ext, lang),
                        participants=_participants(ext), missing=missing, automatic=False)


def ask_missing(s: Session, who: Reviewer, row: Inbound, ext: Extraction, *, missing: list[str], target: Addressing,
                subject: str, body: str) -> Outbox:
    """Record what is there (pending), close the item and queue the reviewer's request text."""
    _require_open(row)
    if not target.to:
        raise ReviewError("the message has no address to answer")
    if not body.strip() or not subject.strip():
        raise ReviewError("the request needs a subject and a text")
    ext = ext.model_copy(update={"missing": missing, "decision": "request_missing"})
    decision = _record(s, who, row, ext, "pending")
    d = decision.delegation
    _close(row, ext, status="processed", review_state="approved", decision="request_missing")
    existing = _existing_reply(s, who, row, "request_missing")
    if existing is not None:
        s.delete(existing)
        s.flush()
    out = queue_reply(s, who.meeting, row, "request_missing", ext.language, to=target.to,
                      in_reply_to=target.in_reply_to, references=target.references,
                      subject=" ".join(subject.split()), body=body.replace("\r\n", "\n"))
    s.add(Event(actor=who.user, action="review.missing_requested", inbound_id=row.id,
                delegation_id=d.id if d else row.delegation_id,
                detail={"missing": missing, "reply": out.message_id, **decision.story()}))
    return out


def dismiss(s: Session, who: Reviewer, row: Inbound, *, outcome: str, reason: str, target: Addressing | None = None,
            subject: str = "", body: str = "") -> Outbox | None:
    """Reject (the nomination does not stand) or ignore (nothing to do) with a reason; a
    rejection can carry a reply the officer wrote (`subject`, `body`) to the sender (`target`)."""
    to = target.to if target is not None else ""
    _require_open(row)
    if outcome not in ("rejected", "ignored"):
        raise ReviewError(f"unknown outcome {outcome!r}")
    if not reason.strip():
        raise ReviewError("give a reason")
    writing = bool(body.strip())
    if writing and outcome != "rejected":
        raise ReviewError("only a rejection is answered; leave the reply empty to ignore")
    if writing and (not to or not subject.strip()):
        raise ReviewError("the reply needs an address and a subject")
    d = s.get(Delegation, row.delegation_id) if row.delegation_id else None
    before = snapshot(d) if d is not None else {}
    withdrawn = []
    if outcome == "rejected" and row.delegation_id:
        # People this message put on record do not stand once it is rejected.
        for p in s.scalars(select(Person).where(Person.source_inbound_id == row.id, Person.status == "active")):
            p.status = "withdrawn"
            withdrawn.append(p.name)
        if d is not None:
            s.flush()
            s.refresh(d)
            if withdrawn and not any(p.status == "active" for p in d.participants):
                d.status = "withdrawn"
    row.status, row.review_state, row.folder, row.processed_at = "ignored", outcome, "Ignored", utcnow()
    out = None
    if writing:
        out = queue_reply(s, who.meeting, row, "rejection", row.language, to=to, in_reply_to=target.in_reply_to,
                          references=target.references,
                          subject=" ".join(subject.split()), body=body.replace("\r\n", "\n"))
    detail: dict[str, Any] = {"reason": reason.strip()[:2000], "withdrawn": withdrawn,
                              "reply": out.message_id if out else None}
    if d is not None:
        detail.update(before=before, after=snapshot(d))
    s.add(Event(actor=who.user, action=f"review.{outcome}", inbound_id=row.id, delegation_id=row.delegation_id,
                detail=detail))
    return out


def reprocess(s: Session, who: Reviewer, row: Inbound) -> None:
    """Back to `new` with no attempts: the worker reads it again on its next pass."""
    before = {"status": row.status, "review_state": row.review_state, "attempts": row.attempts}
    row.status, row.attempts, row.last_error, row.review_state = "new", 0, None, None
    s.add(Event(actor=who.user, action="review.reprocess", inbound_id=row.id, delegation_id=row.delegation_id,
                detail={"before": before}))


def requeue_reply(s: Session, who: Reviewer, out: Outbox) -> None:
    """A reply a crash left `uncertain` or that `failed`: a person decides to send it again."""
    if out.status not in ("uncertain", "failed"):
        raise ReviewError(f"this reply is {out.status}")
    s.add(Event(actor=who.user, action="outbox.requeued", inbound_id=out.inbound_id, delegation_id=out.delegation_id,
                detail={"outbox_id": out.id, "was": out.status}))
    out.status, out.next_try_at = "pending", None
