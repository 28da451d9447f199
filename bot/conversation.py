"""One delegation per member State, kept true across messages (DESIGN.md, the domain rules).

`Conversation.apply()` takes what one message says and the delegation on record, and
decides what changes: a first nomination, a follow-up that supplies missing items, an
amendment or a withdrawal from the sender domain on record, a duplicate, or something a
person must look at. Every change is an Event with its source message.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from bot.addresses import domain_of
from bot.mail import ParsedMessage
from bot.meeting import Meeting
from bot.models import Delegation, Event, Inbound, Outbox, Person
from bot.replies import find_token
from bot.schema import HIGH_CONFIDENCE, PERSON_FIELDS, Extraction, Participant

ROLES = ("representative", "adviser", "observer")

# Statements run for nearly every message, built once.
BY_KEY = select(Delegation).where(Delegation.meeting_id == bindparam("meeting"), Delegation.key == bindparam("key"))
DECIDED_BY_PERSON = select(Event.id).where(Event.delegation_id == bindparam("d"), Event.actor != "bot").limit(1)


def missing_items(people: list, capacity: str | None) -> list[str]:
    """ROLE.FIELD for every required item not given; `representative` when none is named.

    An adviser is optional, but a named adviser needs all four items. Works on Person rows
    and Participant models alike."""
    roles = {p.role for p in people}
    missing: list[str] = []
    if capacity == "observer" or ("observer" in roles and "representative" not in roles):
        if "observer" not in roles:
            return ["observer"]
    elif "representative" not in roles:
        missing.append("representative")
    for p in people:
        for f in PERSON_FIELDS:
            item = f"{p.role}.{f}"
            if getattr(p, f) in (None, "") and item not in missing:
                missing.append(item)
    return missing


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def same_person(a_name: str | None, b_name: str | None, a_email: str | None = None, b_email: str | None = None) -> bool:
    if a_email and b_email and a_email.lower() == b_email.lower():
        return True
    if not a_name or not b_name:
        return False
    return fuzz.token_set_ratio(_fold(a_name), _fold(b_name)) >= 90


@dataclass
class Outcome:
    """What the message does to the delegation, and what to answer."""

    decision: str  # confirm | request_missing | review | ignore
    template: str | None = None  # confirm | request_missing | already_recorded | withdrawal
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    updated: bool = False


class Conversation:
    def __init__(self, s: Session, meeting: Meeting, row: Inbound, parsed: ParsedMessage, result: Extraction):
        self.s, self.meeting, self.row, self.parsed, self.result = s, meeting, row, parsed, result
        self.sender_domain = domain_of(parsed.from_addr)

    # -- finding the delegation -------------------------------------------------------
    def thread(self) -> Delegation | None:
        """The delegation our earlier reply belongs to, if the message answers one."""
        ids = [i for i in [self.parsed.in_reply_to, *self.parsed.references] if i]
        if ids:
            d_id = self.s.scalar(select(Outbox.delegation_id).where(Outbox.message_id.in_(ids))
                                 .where(Outbox.delegation_id.is_not(None)).limit(1))
            if d_id:
                return self.s.get(Delegation, d_id)
        number = find_token(self.meeting, self.parsed.subject)
        if number:
            d = self.s.get(Delegation, number)
            if d is not None and d.meeting_id == self.meeting.id:
                return d
        return None

    def find(self) -> tuple[Delegation | None, bool]:
        """(delegation, threaded): by thread first, then by member State or organization."""
        threaded = self.thread()
        key = delegation_key(self.result)
        by_key = None
        if key:
            by_key = self.s.scalar(BY_KEY, {"meeting": self.meeting.id, "key": key})
        if threaded is not None and (by_key is None or by_key.id == threaded.id or not self.result.member_state):
            return threaded, True
        if by_key is None and key is None and self.parsed.from_addr:
            # Not threaded and no State named: the same sender's nomination still pending.
            by_key = self.s.scalar(select(Delegation).where(
                Delegation.meeting_id == self.meeting.id, Delegation.status == "pending",
                Delegation.sender_addr == self.parsed.from_addr).order_by(Delegation.id.desc()).limit(1))
        return by_key, False

    # -- the rules --------------------------------------------------------------------
    def apply(self) -> tuple[Delegation | None, Outcome | None]:
        r = self.result
        d, threaded = self.find()
        if d is None:
            if r.kind != "nomination" or delegation_key(r) is None:
                return None, None  # nothing on record to change; the message's own decision stands
            return self._first(), None
        self.row.delegation_id = d.id
        mine = [p for p in d.participants if p.status == "active" and p.source_inbound_id == self.row.id]
        if mine:
            # The message is processed again (re-process): what it recorded last time gives
            # way to what it says now; its reply, if it went, is not sent again.
            for p in mine:
                p.status = "replaced"
            self._event(d, "message.reprocessed", {"people": [p.name for p in mine]})
        active = [p for p in d.participants if p.status == "active"]
        if r.kind in ("inquiry", "other") and r.participants and d.status == "pending" and (
                threaded or self.parsed.from_addr == d.sender_addr):
            r.kind = "nomination"  # an answer to our request for missing items
        if threaded and r.member_state and d.member_state and r.member_state != d.member_state:
            return d, self._hold(d, "thread_state_mismatch")
        if not active:
            if r.kind == "nomination":
                return self._nominate(d), None
            return d, self._hold(d, f"{r.kind}_without_nomination")
        same_sender = self.sender_domain is not None and self.sender_domain == d.sender_domain
        if r.kind == "nomination" and self._is_duplicate(active):
            self._event(d, "nomination.duplicate", {"sender": self.parsed.from_addr})
            return d, Outcome(decision="confirm" if d.status == "confirmed" else "review",
                              template="already_recorded" if d.status == "confirmed" else None,
                              reasons=[] if d.status == "confirmed" else ["duplicate_of_pending"])
        if r.flags:
            return d, self._hold(d, *r.flags, flags=list(r.flags))
        if not same_sender:
            return d, self._hold(d, "other_sender_domain")
        if self._decided_by_person(d):
            return d, self._hold(d, "decided_by_person")
        if r.kind == "withdrawal":
            return d, self._withdraw(d, active)
        if r.kind == "nomination" and d.status == "pending" and (threaded or self.parsed.from_addr == d.sender_addr):
            return d, self._merge(d, active, replace=False)
        if r.kind == "nomination" and not threaded:
            # A new letter naming other people while a delegation is on record.
            return d, self._hold(d, "over_quota", flags=["over_quota"])
        if r.kind in ("amendment", "nomination"):
            return d, self._merge(d, active, replace=r.kind == "amendment")
        return d, None

    def _first(self) -> Delegation:
        d = new_delegation(self.s, self.meeting.id, self.result, self.parsed.from_addr)
        self.row.delegation_id = d.id
        return self._nominate(d)

    def _nominate(self, d: Delegation) -> Delegation:
        r = self.result
        for p in r.participants:
            self._add(d, p)
        d.capacity = r.capacity or d.capacity
        d.status = {"confirm": "confirmed", "request_missing": "pending"}.get(r.decision, "review")
        self._event(d, "nomination.recorded", {"decision": r.decision, "missing": r.missing,
                                               "participants": [p.name for p in r.participants]})
        return d

    def _add(self, d: Delegation, p: Participant) -> Person:
        person = Person(role=p.role, status="active", name=p.name, title=p.title, email=p.email, attendance=p.attendance,
                        gender=p.gender, source_inbound_id=self.row.id,
                        evidence={k: v.model_dump() for k, v in p.evidence.items()})
        d.participants.append(person)  # the relationship adds it to the session
        return person

    def _is_duplicate(self, active: list[Person]) -> bool:
        new = self.result.participants
        if not new:
            return False
        for p in new:
            match = next((a for a in active if a.role == p.role and same_person(a.name, p.name, a.email, p.email)), None)
            if match is None:
                return False
            for f in PERSON_FIELDS:
                value = getattr(p, f)
                if value is not None and getattr(match, f) not in (None, value):
                    return False
                if value is not None and getattr(match, f) is None:
                    return False  # it adds something: a follow-up, not a copy
        return True

    def _decided_by_person(self, d: Delegation) -> bool:
        if any(p.decided_by for p in d.participants):
            return True
        return self.s.scalar(DECIDED_BY_PERSON, {"d": d.id}) is not None

    def _merge(self, d: Delegation, active: list[Person], replace: bool) -> Outcome:
        """Fill in, correct, add or replace people; then judge the whole delegation."""
        changes: list[dict] = []
        unsure: list[str] = []
        for p in self.result.participants:
            target = self._match(active, p)
            if target is None:
                same_role = [a for a in active if a.role == p.role]
                quota = getattr(self.meeting.quotas, p.role)
                if same_role and len(same_role) >= quota:
                    if not replace:
                        return self._hold(d, "over_quota", flags=["over_quota"])
                    old = same_role[0]
                    old.status = "replaced"
                    active.remove(old)
                    changes.append({"replaced": old.name, "role": old.role})
                person = self._add(d, p)
                active.append(person)
                changes.append({"added": p.name, "role": p.role})
                continue
            for f in PERSON_FIELDS + ("gender",):
                value = getattr(p, f)
                if value is None or getattr(target, f) == value:
                    continue
                if f in PERSON_FIELDS and p.confidence(f) < HIGH_CONFIDENCE:
                    unsure.append(f"{target.role}.{f}")
                    continue
                changes.append({"person": target.name, "field": f, "before": getattr(target, f), "after": value})
                setattr(target, f, value)
        if unsure:
            return self._hold(d, *(f"unsure:{u}" for u in unsure))
        missing = missing_items(active, d.capacity)
        d.status = "pending" if missing else "confirmed"
        self._event(d, "amendment.applied" if replace else "nomination.completed",
                    {"changes": changes, "missing": missing})
        if missing:
            return Outcome(decision="request_missing", template="request_missing", missing=missing, updated=True)
        return Outcome(decision="confirm", template="confirm", updated=True)

    def _match(self, active: list[Person], p: Participant) -> Person | None:
        for a in active:
            if same_person(a.name, p.name, a.email, p.email):
                return a
        if not p.name:
            # "He will attend in person": the one person of that role on record.
            same_role = [a for a in active if a.role == p.role]
            if len(same_role) == 1:
                return same_role[0]
        return None

    def _withdraw(self, d: Delegation, active: list[Person]) -> Outcome:
        text = " ".join(part.text for part in self.parsed.parts)
        named = [a for a in active if a.name and _fold(a.name) in _fold(text)]
        whole = not named or len(named) == len(active)
        for a in (active if whole else named):
            a.status = "withdrawn"
        if whole:
            d.status = "withdrawn"
        self._event(d, "delegation.withdrawn" if whole else "participant.withdrawn",
                    {"people": [a.name for a in (active if whole else named)]})
        return Outcome(decision="confirm", template="withdrawal", updated=True)

    def _hold(self, d: Delegation, *reasons: str, flags: list[str] | None = None) -> Outcome:
        self._event(d, f"{self.result.kind}.held", {"reasons": list(reasons)})
        return Outcome(decision="review", reasons=list(reasons), flags=flags or [])

    def _event(self, d: Delegation, action: str, detail: dict) -> None:
        self.s.add(Event(delegation_id=d.id, inbound_id=self.row.id, action=action, detail=detail))


def new_delegation(s: Session, meeting_id: str, result: Extraction, sender: str | None) -> Delegation:
    """A delegation for the State or organization `result` names, first sent by `sender`."""
    d = Delegation(meeting_id=meeting_id, key=delegation_key(result), member_state=result.member_state,
                   organization=result.organization, capacity=result.capacity, sender_domain=domain_of(sender),
                   sender_addr=sender, language=result.language, status="review")
    s.add(d)
    s.flush()
    return d


def delegation_key(result: Extraction) -> str | None:
    if result.member_state:
        return result.member_state
    if result.organization:
        return f"org:{result.organization.strip().lower()}"[:255]
    return None


# -- delivery failures ----------------------------------------------------------------
_FINAL_RECIPIENT = re.compile(rb"(?im)^(?:final|original)-recipient:\s*rfc822;\s*<?([^\s<>]+@[^\s<>]+)>?")
_OUR_ID = re.compile(rb"<intake\.[^>\s]+>")


def undeliverable(s: Session, meeting: Meeting, raw: bytes, parsed: ParsedMessage, row: Inbound) -> list[str]:
    """A bounce of one of our replies: mark the address undeliverable and flag the delegation.

    Returns the addresses marked (empty when the bounce concerns nothing we sent)."""
    addresses = {m.group(1).decode("ascii", "replace").lower() for m in _FINAL_RECIPIENT.finditer(raw)}
    for value in parsed.headers.get("x-failed-recipients", []):
        addresses |= {a.strip().lower() for a in value.split(",") if "@" in a}
    ours = {m.group(0).decode("ascii", "replace") for m in _OUR_ID.finditer(raw)}
    q = select(Outbox).where(Outbox.meeting_id == meeting.id)
    conds = []
    if ours:
        conds.append(Outbox.message_id.in_(ours))
    if addresses:
        conds.append(Outbox.to_addr.in_(addresses))
    if not conds:
        return []
    replies = s.scalars(q.where(or_(*conds))).all()
    marked: list[str] = []
    for reply in replies:
        addr = reply.to_addr.lower()
        if addresses and addr not in addresses and reply.message_id not in ours:
            continue
        reply.status = "bounced"
        marked.append(addr)
        if reply.delegation_id:
            d = s.get(Delegation, reply.delegation_id)
            if d is not None:
                row.delegation_id = d.id
                for p in d.participants:
                    if p.email and p.email.lower() == addr:
                        p.undeliverable = True
                s.add(Event(delegation_id=d.id, inbound_id=row.id, action="address.undeliverable",
                            detail={"address": addr, "reply": reply.message_id}))
    return sorted(set(marked))
