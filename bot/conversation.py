"""One delegation per member State, kept true across messages (DESIGN.md, the domain rules).

`plan()` is the rules as a plain function: the people on record and what one message
says give explicit operations (add, replace, change a field, withdraw one person or the
delegation, change capacity, keep), each naming the recorded person it touches, or the
reasons a person must decide. `Conversation.apply()` finds the delegation, decides whether
the sender may change it (the domain on record, authenticated by our own mail server),
and applies the plan: a first nomination, a follow-up that supplies missing items, an
amendment or a withdrawal, a duplicate, or something a person must look at. Every change
is an Event with its source message, its operations and the delegation before and after.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, get_args

from rapidfuzz import fuzz
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from bot import patterns
from bot.addresses import domain_of
from bot import gate
from bot.extraction import fields, intent
from bot.extraction.lexicon import INQUIRY_RE, RECORD_UPDATE_RE, ROLE_RE
from bot.mail import ParsedMessage
from bot.meeting import Meeting
from bot.models import Delegation, Event, Inbound, Outbox, Person
from bot.replies import find_token, is_own_message_id
from bot.schema import HIGH_CONFIDENCE, PERSON_FIELDS, Evidence, Extraction, Participant, Role

# A delegation is always read with its people (the rules look at them at once): one
# statement rather than a second one for the people.
WITH_PEOPLE = joinedload(Delegation.participants)
# Statements run for nearly every message, built once.
BY_KEY = (select(Delegation).options(WITH_PEOPLE)
          .where(Delegation.meeting_id == bindparam("meeting"), Delegation.key == bindparam("key")))
DECIDED_BY_PERSON = select(Event.id).where(Event.delegation_id == bindparam("d"), Event.actor != "bot").limit(1)
EVENT = Event.__table__.insert()


def add_event(s: Session, **values: Any) -> None:
    """One row of the history (an Event's columns), inserted at once: nothing reads it back
    in the message's transaction, so the session need not keep it for its flush (a third of
    a millisecond a message)."""
    s.connection().execute(EVENT, values)


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


@dataclass
class Verdict:
    """What the rules make of a message about a delegation on record, and what to answer."""

    decision: str  # confirm | request_missing | review | ignore
    template: str | None = None  # confirm | request_missing | already_recorded | withdrawal
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


# -- the rules as plain functions ---------------------------------------------------------
#
# plan(recorded people, what the message says) -> explicit operations, each naming the
# recorded person it touches, and the reasons a person must look first. Nothing here reads
# or writes the database; Conversation below applies a plan to the delegation on record,
# and the review page applies an officer's decision through the same operations.

# What a message says about a delegation is read in its first characters: a letter about
# people is short, and a hostile one must not hold the worker.
TEXT_READ = 20_000
# How alike (rapidfuzz's token_sort_ratio of the folded names) a corrected name must be to
# the name on record to be the same name respelt: "Lim Mei Lin" -> "Lim Mei Ling" is 96,
# "Mohamed Aly" -> "Mohammed Ali" 87; another person's name is far below.
RESPELT = 75
_ROLE_PHRASE = patterns.compile(rf"^(?:as|comme|en tant que|en qualite de|como|en calidad de)?\s*(?:the|le|la|l'|el)?\s*(?:{ROLE_RE})$")


@dataclass
class Op:
    """One change to a delegation. `target` is the recorded person it applies to."""

    op: str  # add | replace | change | withdraw | withdraw_delegation | capacity | keep
    target: Any = None  # the recorded person (a Person row, or anything with its fields)
    person: Participant | None = None  # the person the message adds or brings in
    role: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None

    @property
    def fills(self) -> bool:
        """Supplies an item not on record yet (answering our request), changes nothing said."""
        return self.op == "change" and self.before in (None, "") or self.op == "keep"

    def story(self) -> dict:
        """The operation as the history tells it."""
        out: dict[str, Any] = {"op": self.op}
        if self.target is not None:
            out["person"] = self.target.name
            out["role"] = self.target.role
        if self.person is not None:
            out["new"] = self.person.name
            out["role"] = self.role or self.person.role
        if self.field:
            out.update(field=self.field, before=self.before, after=self.after)
        elif self.op == "capacity":
            out.update(before=self.before, after=self.after)
        return out


@dataclass
class Plan:
    ops: list[Op] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why a person must decide; empty: apply
    duplicate: bool = False  # the same people again, nothing new

    @property
    def changes(self) -> list[Op]:
        """What changes the delegation (a gender only filled in does not make a letter new)."""
        return [o for o in self.ops if o.op != "keep" and not (o.field == "gender" and o.fills)]


def match_person(recorded: list, name: str | None = None, email: str | None = None) -> list[int]:
    """Indexes of the recorded people `name` / `email` can be (e-mail first, then any form of
    the name: surname alone, another order, honorifics, accents, initials)."""
    if email:
        by_mail = [i for i, p in enumerate(recorded) if p.email and p.email.lower() == email.lower()]
        if by_mail:
            return by_mail
    if not name:
        return []
    fits = [i for i, p in enumerate(recorded) if intent.same_name(name, p.name)]
    if len(fits) > 1:  # "Ana Pérez" among "Ana Pérez Gil" and "Ana Pérez Soto" stays ambiguous
        whole = [i for i in fits if _fold(recorded[i].name) == _fold(name)]
        return whole or fits
    if not fits:
        # A letter or two misspelt in a long name ("Hounbgédji"): the same tokens nearly.
        fits = [i for i, p in enumerate(recorded) if p.name and len(_fold(name)) >= 8
                and fuzz.token_sort_ratio(_fold(name), _fold(p.name)) >= 92]
    return fits


def plan(recorded: list, said: Extraction, text: str, *, capacity: str | None, quotas: Any,
         sender: str | None = None, gate_values: bool = True, ours: frozenset[str] | set[str] = frozenset()) -> Plan:
    """The changes what a message says makes to the recorded (active) people.

    `said` is the message's reading (its participants, kind and capacity); `text` its own
    words; `sender` its From address (a person on record writing "I" speaks of themselves).
    Each operation names the recorded person it touches; a person named that fits
    no one or several, a replacement without the new person, a role or an attendance whose
    person is unclear: the reasons say so and nothing is guessed. `gate_values`: the values a
    message brings in pass the confirmation gate (not when an officer typed them). `ours`: the
    meeting's own addresses, which are nobody's."""
    out = Plan()
    # The message's people as copies with a map of evidence of their own: the rules fill in an
    # attendance and its evidence on them, never on the reading. No Evidence is changed in
    # place, so a deep copy (0.27 ms a person, against 0.02) is not needed.
    new = [p.model_copy(update={"evidence": dict(p.evidence)}) for p in said.participants]
    matched: dict[int, int] = {}  # new person -> recorded person
    for j, p in enumerate(new):
        fits = match_person(recorded, p.name, p.email)
        if not fits and not p.name and not p.email:
            fits = [i for i, a in enumerate(recorded) if a.role == p.role]
        if len(fits) == 1:
            matched[j] = fits[0]
        elif len(fits) > 1:
            out.reasons.append(f"ambiguous_person:{p.name or p.email or p.role}")
    touched: dict[int, str] = {}  # recorded person -> replaced | withdrawn | changed
    not_travelling: set[int] = set()  # withdrawn only as "cannot travel to the meeting"
    used: set[int] = set()  # new people brought in by a replacement
    capacity_to: str | None = None
    # Whom the last clause was about: a clause naming no one ("She will attend in person",
    # "but he will join remotely") is about the same person.
    last: tuple[list[int], list[int]] = ([], [])
    for sentence in intent.sentences(text[:TEXT_READ]):
        waiting: list[int] = []  # "Mr A and Ms B will attend remotely": A waits for B's verb
        for part in intent.clauses(sentence):
            c = intent.read_clause(part, recorded, new)
            rec = c.recorded_indexes()
            if not rec and c.writer and sender:
                rec = [i for i, p in enumerate(recorded) if p.email and p.email.lower() == sender.lower()]
            fresh = [j for j in dict.fromkeys(c.new) if j not in matched]
            rec = [i for i in rec if i not in [matched.get(j) for j in fresh]]
            if c.ambiguous:
                out.reasons.extend(f"ambiguous_person:{a}" for a in c.ambiguous)
                continue
            if c.attendance and c.attendance_unclear:
                out.reasons.append("unclear_person:attendance")
                c.attendance = None
            if c.name:
                # "The name of our adviser should read Lim Mei Ling (not "Lim Mei Lin")".
                _rename(out, c.name, rec, recorded, touched, gate_values)
                used.update(j for j, p in enumerate(new) if intent.same_name(p.name, c.name))
                last = (rec, [])
                continue
            # (A clause giving someone's address says something of its own: "The e-mail of Mr. A
            # is a@b and Ms. B will join online" does not make A join online.)
            said_something = c.replace or c.withdraw or c.keep or c.attendance or c.member or c.observer or c.title \
                or c.address
            if rec and not fresh and not said_something:
                waiting.extend(i for i in rec if i not in waiting)
                last = (rec, fresh)
                continue
            if waiting and not fresh:
                rec = list(dict.fromkeys([*waiting, *rec]))
                waiting = []
            earlier = last
            if not rec and not fresh and not c.unknown:
                rec, fresh = last
            elif c.replace and fresh:
                last = ([], fresh)
            else:
                last = (rec, fresh)
            if c.replace:
                if not rec and earlier[0]:
                    rec = earlier[0]  # "Mr Y can no longer attend. Ms X will replace him."
                _replace(out, c, rec, fresh, new, matched, used, touched, recorded)
                continue
            if c.whole and (c.member or (c.observer and capacity != "observer")):
                capacity_to = "member" if c.member else "observer"
            if c.withdraw and not c.attendance:
                if fresh and not rec:
                    continue  # a new person's own circumstances
                if c.unknown and not rec:
                    out.reasons.append("withdrawal_of_unknown_person")
                elif rec:
                    for i in rec:
                        if touched.get(i) not in ("replaced", "withdrawn"):
                            out.ops.append(Op("withdraw", target=recorded[i]))
                            touched[i] = "withdrawn"
                            if c.travel:
                                not_travelling.add(i)
                elif c.whole or len(recorded) == 1:
                    if not any(o.op == "withdraw_delegation" for o in out.ops):
                        out.ops.append(Op("withdraw_delegation"))
                else:
                    out.reasons.append("unclear_person:withdrawal")
                continue
            if c.withdraw and c.attendance != "remote":
                continue  # "cannot attend in person": the attendance is said in the next clause
            # (withdrawn and remote in one clause, "ne pourra pas faire le déplacement : il
            # participera à distance": the attendance changes)
            if c.title and not fresh:
                targets = rec or (list(range(len(recorded))) if len(recorded) == 1 else [])
                if len(targets) != 1:
                    out.reasons.append("unclear_person:title")
                elif touched.get(targets[0]) not in ("replaced", "withdrawn") and recorded[targets[0]].title != c.title:
                    out.ops.append(Op("change", target=recorded[targets[0]], field="title",
                                      before=recorded[targets[0]].title, after=c.title))
                    touched[targets[0]] = "changed"
                if not c.attendance:
                    continue
            if c.attendance and fresh and not rec:
                for j in fresh:  # "Ms X will replace Mr Y. She will attend in person."
                    if new[j].attendance is None:
                        new[j].attendance = c.attendance
                        new[j].evidence["attendance"] = Evidence(source="body", confidence=HIGH_CONFIDENCE)
                continue
            if c.attendance and not fresh:
                targets = rec
                if not targets and (len(recorded) == 1 or c.whole):
                    targets = list(range(len(recorded)))  # "Both will attend in person", "La délégation ..."
                if not targets:
                    # "In person." in answer to our request: the one person whose attendance is not known.
                    unknown = [i for i, a in enumerate(recorded) if a.attendance is None]
                    targets = unknown if len(unknown) == 1 else []
                if not targets:
                    out.reasons.append("unclear_person:attendance")
                    continue
                for i in targets:
                    if touched.get(i) == "withdrawn" and i in not_travelling and c.attendance == "remote":
                        # "cannot travel to Geneva. She will follow the meeting remotely": one change.
                        out.ops[:] = [o for o in out.ops if not (o.op == "withdraw" and o.target is recorded[i])]
                        del touched[i]
                    if touched.get(i) in ("replaced", "withdrawn"):
                        continue
                    said_before = [o for o in out.ops if o.target is recorded[i] and o.field == "attendance"]
                    if said_before:
                        if said_before[-1].after != c.attendance:
                            out.reasons.append(f"conflicting_statements:{recorded[i].role}.attendance")
                    elif recorded[i].attendance != c.attendance:
                        out.ops.append(Op("change", target=recorded[i], field="attendance",
                                          before=recorded[i].attendance, after=c.attendance))
                        touched[i] = "changed"
                    else:
                        out.ops.append(Op("keep", target=recorded[i]))
                continue
            if c.keep:
                for i in rec:
                    if i not in touched:
                        out.ops.append(Op("keep", target=recorded[i]))
    if not new and not out.ops and not out.reasons:
        _address_answer(out, recorded, text[:TEXT_READ], sender, ours, gate_values)
    if not out.ops and not out.reasons:
        _address_correction(out, recorded, text[:TEXT_READ], sender, ours, gate_values)
    if capacity_to is None and capacity and said.capacity and said.capacity != capacity:
        # A letter naming the observer on record as representative (or the reverse), the
        # role written out: the government changes capacity with the same person.
        for j, i in matched.items():
            role = "observer" if said.capacity == "observer" else "representative"
            if new[j].role == role != recorded[i].role and new[j].confidence("role") >= HIGH_CONFIDENCE:
                capacity_to = said.capacity
    if capacity_to and capacity_to != capacity:
        # The role the message gives each person on record ("Conseiller : M. X", the observer
        # until now), when it says one surely.
        said_roles = {i: new[j].role for j, i in matched.items()
                      if new[j].role in ("representative", "adviser") and new[j].confidence("role") >= HIGH_CONFIDENCE}
        _capacity(out, recorded, capacity, capacity_to, said_roles)
    attendance_said = {id(o.target) for o in out.ops if o.field == "attendance"}
    title_said = {id(o.target) for o in out.ops if o.field == "title"}
    for j, p in enumerate(new):
        if j in used:
            continue
        i = matched.get(j)
        if i is None:
            if any(o.op == "withdraw_delegation" for o in out.ops):
                continue
            out.ops.append(Op("add", person=p, role=p.role))
            if p.confidence("role") < HIGH_CONFIDENCE:
                out.reasons.append(f"unsure:{p.role}.role")
            out.reasons.extend(_unsure(p))
            out.reasons.extend(_gate(p, p.role))
            continue
        target = recorded[i]
        if touched.get(i) in ("replaced", "withdrawn"):
            continue
        for f in PERSON_FIELDS + ("gender",):
            value = getattr(p, f)
            old = getattr(target, f)
            if value is None or old == value:
                continue
            if f == "name" and (intent.names_match(value, old) or not intent.names_match(old, value)):
                continue  # a shorter form never replaces the longer one; another name is not a correction
            if f == "title" and _ROLE_PHRASE.match(_fold(value)):
                continue  # "as representative" says a role, not a title
            if f == "title" and old and _shorter_form(value, old):
                continue  # "Permanent Secretary (Ag.)" for "Permanent Secretary (Ag.), Ministry of Labour"
            if (f == "attendance" and id(target) in attendance_said) or (f == "title" and id(target) in title_said):
                continue
            if f in PERSON_FIELDS and p.confidence(f) < HIGH_CONFIDENCE:
                out.reasons.append(f"unsure:{target.role}.{f}")
                continue
            doubt = gate.value_doubt(f, value) if gate_values else None
            if doubt and f == "title":
                continue  # a phrase of the letter read as a post changes nothing ("finalmente participará")
            if doubt:
                out.reasons.append(f"{doubt}:{target.role}")
                continue
            out.ops.append(Op("change", target=target, field=f, before=old, after=value))
    if not gate_values:
        out.reasons = [r for r in out.reasons if r.partition(":")[0] not in gate.CODES]
    _check_quota(out, recorded, quotas)
    changes = out.changes
    if not changes and not out.reasons and new and len(matched) == len(new):
        out.duplicate = True
    return out


def _shorter_form(title: str, recorded: str) -> bool:
    """True when `title` says part of the recorded title and nothing else (a restatement that
    shortens a post changes nothing)."""
    words = set(re.findall(r"\w+", _fold(title)))
    return bool(words) and words < set(re.findall(r"\w+", _fold(recorded)))


def _address_answer(out: Plan, recorded: list, text: str, sender: str | None, ours: frozenset[str] | set[str],
                    gate_values: bool) -> None:
    """"Her official e-mail address is x@y", in a message that names no one: the e-mail of the
    one person on record who has none (`_new_address`). Anything else changes nothing here:
    the message keeps what it was read as."""
    lacking = [p for p in recorded if not p.email]
    if len(lacking) == 1:
        _new_address(out, lacking[0], recorded, text, sender, ours, gate_values)


def _address_correction(out: Plan, recorded: list, text: str, sender: str | None, ours: frozenset[str] | set[str],
                        gate_values: bool) -> None:
    """"Il convient de lire : x.new@y (et non x.old@y)": the address of the one person on
    record whose address the sender's words correct, when they say it is a correction
    (lexicon SELF_CORRECTION) (`_new_address`)."""
    if not gate.SELF_CORRECTION_RE.search(text):
        return
    low = text.lower()
    corrected = [p for p in recorded if p.email and p.email.lower() in low]
    if len(corrected) == 1:
        _new_address(out, corrected[0], recorded, text, sender, ours, gate_values)


def _new_address(out: Plan, person: Any, recorded: list, text: str, sender: str | None,
                 ours: frozenset[str] | set[str], gate_values: bool) -> None:
    """The one address the sender's words give (not the sender's, not ours, not one on
    record) as `person`'s, when it is visibly made of their name and passes the gate."""
    known = {a.lower() for a in ours} | {(sender or "").lower()} | {p.email.lower() for p in recorded if p.email}
    found = fields.other_addresses(text, known)
    if len(found) != 1:
        return
    (addr, conf), = found.items()
    if not fields.email_matches_name(addr, person.name):
        return
    if conf < HIGH_CONFIDENCE:
        out.reasons.append(f"unsure:{person.role}.email")
        return
    _change_if_it_passes(out, person, "email", addr, gate_values)


def _change_if_it_passes(out: Plan, person: Any, field: str, value: str, gate_values: bool) -> bool:
    """The change of one field of a person on record, or the gate's reason against the value."""
    doubt = gate.value_doubt(field, value) if gate_values else None
    if doubt:
        out.reasons.append(f"{doubt}:{person.role}")
        return False
    out.ops.append(Op("change", target=person, field=field, before=getattr(person, field), after=value))
    return True


def _rename(out: Plan, name: str, rec: list[int], recorded: list, touched: dict, gate_values: bool) -> None:
    """A name corrected in words: the spelling of the one person on record the clause names
    (or of the only one), when the new name is visibly the same name respelt (another
    person is a replacement, said as one) and passes the gate."""
    targets = rec or (list(range(len(recorded))) if len(recorded) == 1 else [])
    if len(targets) != 1:
        out.reasons.append("unclear_person:name")
        return
    i = targets[0]
    person = recorded[i]
    if touched.get(i) in ("replaced", "withdrawn") or person.name == name:
        return
    if not person.name or fuzz.token_sort_ratio(_fold(person.name), _fold(name)) < RESPELT:
        out.reasons.append(f"name_not_respelt:{person.role}")
        return
    if _change_if_it_passes(out, person, "name", name, gate_values):
        touched[i] = "changed"


def _replace(out: Plan, c: "intent.Clause", rec: list[int], fresh: list[int], new: list, matched: dict,
             used: set, touched: dict, recorded: list) -> None:
    if len(rec) != 1:
        out.reasons.append("replacement_unclear" if rec else "replacement_of_unknown_person")
        return
    candidates = fresh or [j for j in range(len(new)) if j not in matched and j not in used]
    if len(candidates) != 1:
        out.reasons.append("replacement_person_unread" if not candidates else "replacement_unclear")
        return
    i, j = rec[0], candidates[0]
    old = recorded[i]
    if touched.get(i) == "withdrawn":  # the sentence before said they cannot come: one change, a replacement
        out.ops[:] = [o for o in out.ops if not (o.op == "withdraw" and o.target is old)]
    if any(r != old.role for r in c.roles):
        out.reasons.append("replacement_role_unclear")
        return
    if c.attendance and new[j].attendance is None:  # "... will replace Y and attend remotely"
        new[j].attendance = c.attendance
        new[j].evidence["attendance"] = Evidence(source="body", confidence=HIGH_CONFIDENCE)
    out.ops.append(Op("replace", target=old, person=new[j], role=old.role))
    out.reasons.extend(_unsure(new[j], old.role))
    out.reasons.extend(_gate(new[j], old.role))
    touched[i] = "replaced"
    used.add(j)


def _gate(p: Participant, role: str | None) -> list[str]:
    """The confirmation gate's doubts about the values of a person brought in."""
    return [f"{doubt}:{role or p.role}" for f in ("name", "title", "email")
            if getattr(p, f) is not None and (doubt := gate.value_doubt(f, getattr(p, f)))]


def _unsure(p: Participant, role: str | None = None) -> list[str]:
    """The items of a person brought in that were not read surely enough to record alone."""
    return [f"unsure:{role or p.role}.{f}" for f in PERSON_FIELDS
            if getattr(p, f) is not None and p.confidence(f) < HIGH_CONFIDENCE]


def _capacity(out: Plan, recorded: list, before: str | None, after: str, said_roles: dict[int, str]) -> None:
    """The government takes part as a member (its observer becomes its representative, or
    the role the message gives them) or as an observer (its representative the observer)."""
    out.ops.append(Op("capacity", before=before, after=after))
    if after == "member":
        observers = [i for i, p in enumerate(recorded) if p.role == "observer"]
        if len(observers) > 1:
            out.reasons.append("capacity_change_unclear")
        for i in observers:
            out.ops.append(Op("change", target=recorded[i], field="role", before="observer",
                              after=said_roles.get(i, "representative")))
    else:
        if any(p.role == "adviser" for p in recorded):
            out.reasons.append("capacity_change_unclear")
        for p in recorded:
            if p.role == "representative":
                out.ops.append(Op("change", target=p, field="role", before="representative", after="observer"))


def _check_quota(out: Plan, recorded: list, quotas: Any) -> None:
    gone = {id(o.target) for o in out.ops if o.op in ("replace", "withdraw")}
    roles = [p.role for p in recorded if id(p) not in gone]
    for o in out.ops:
        if o.op == "change" and o.field == "role" and o.before in roles:
            roles.remove(o.before)
            roles.append(o.after)
        elif o.op in ("add", "replace"):
            roles.append(o.role)
    for role in get_args(Role):
        if roles.count(role) > getattr(quotas, role):
            out.reasons.append("over_quota")
            return


def apply_ops(d: Delegation, ops: list[Op], add: Callable[[Participant, str], Person]) -> None:
    """Make the delegation hold what the operations say (`add` puts a new person on record)."""
    for o in ops:
        if o.op == "add":
            add(o.person, o.role or o.person.role)
        elif o.op == "replace":
            o.target.status = "replaced"
            add(o.person, o.role or o.target.role)
        elif o.op == "change":
            setattr(o.target, o.field, o.after)
        elif o.op == "withdraw":
            o.target.status = "withdrawn"
        elif o.op == "withdraw_delegation":
            for p in d.participants:
                if p.status == "active":
                    p.status = "withdrawn"
        elif o.op == "capacity":
            d.capacity = o.after


def snapshot(d: Delegation) -> dict:
    """The delegation as the history shows it before and after a change."""
    return {"status": d.status, "capacity": d.capacity,
            "people": [f"{p.role}: {p.name or '—'}" + (f" ({p.attendance})" if p.attendance else "")
                       for p in d.participants if p.status == "active"]}


# -- authentication of the sender (RFC 8601) ---------------------------------------------------

def _results(value: str) -> tuple[str, list[dict]]:
    """(authserv-id, [{method, result, props}]) of one Authentication-Results value."""
    value = re.sub(r"\([^()]*\)", " ", value)  # comments
    parts = [p.strip() for p in value.split(";")]
    serv = parts[0].split()[0].lower() if parts and parts[0].split() else ""
    found = []
    for part in parts[1:]:
        m = re.match(r"([\w.-]+)\s*=\s*([\w-]+)(.*)$", part, re.S)
        if not m:
            continue
        props = {k.lower(): v.strip('"').lower() for k, v in re.findall(r"([\w.-]+\.[\w.-]+)\s*=\s*(\S+)", m.group(3))}
        found.append({"method": m.group(1).lower(), "result": m.group(2).lower(), "props": props})
    return serv, found


def _aligned(d: str | None, domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    if not d:
        return False
    d = d.strip(".").lower().lstrip("@").rsplit("@", 1)[-1]
    return d == domain or domain.endswith("." + d) or d.endswith("." + domain)


def authenticated(parsed: ParsedMessage, meeting: Meeting) -> str | None:
    """None when our mail server vouches for the From domain, else why not (a plain reason).

    Only the top-most Authentication-Results header from the authserv-id the meeting file
    names counts (RFC 8601: a server removes or lets pass below its own any header claiming
    its name); it must say dkim=pass with header.d, or dmarc=pass with header.from, aligned
    with the From domain. Every other Authentication-Results header is ignored."""
    domain = domain_of(parsed.from_addr)
    serv_id = (meeting.authserv_id or "").lower()
    if not domain or not serv_id:
        return "not_authenticated"
    for value in parsed.headers.get("authentication-results") or []:
        serv, results = _results(value)
        if serv != serv_id:
            continue
        for r in results:
            if r["result"] != "pass":
                continue
            if r["method"] == "dkim" and _aligned(r["props"].get("header.d") or r["props"].get("header.i"), domain):
                return None
            if r["method"] == "dmarc" and _aligned(r["props"].get("header.from"), domain):
                return None
        return "not_authenticated"
    return "not_authenticated"


def inquires(text: str) -> bool:
    """True when the sender's words ask something of us (lexicon INQUIRY): asking us to update
    our records accordingly asks only what applying the message does, and is not counted."""
    return INQUIRY_RE.search(RECORD_UPDATE_RE.sub(" ", text)) is not None


def _settled_by_record(reason: str) -> bool:
    """A reason of the reading that the record answers: the person's role and fields are
    judged by the plan against the people on record (the values it brings in pass the
    confirmation gate there), the State by the delegation found. What the letter says as a
    whole (provisional, a question, another meeting) stands."""
    code = reason.partition(":")[0]
    return reason.startswith("unsure:") or reason.endswith("_without_record") or reason in (
        "inquiry", "no_member_state") or (code in gate.CODES and code not in gate.LETTER_CODES)


class Conversation:
    """One message against the delegation on record. The reading (`result`) is never
    changed: what the record makes of the message is kept here (`kind`, `flags`)."""

    def __init__(self, s: Session, meeting: Meeting, row: Inbound, parsed: ParsedMessage, result: Extraction,
                 text: str):
        self.s, self.meeting, self.row, self.parsed, self.result = s, meeting, row, parsed, result
        self.sender_domain = domain_of(parsed.from_addr)
        # The sender's own words (no quoted mail): what the intent is read from.
        self.text = text
        # The kind and flags, as the record shows them: an answer to our request for missing
        # items is a nomination; a statement about people on record an amendment or withdrawal.
        self.kind: str = result.kind
        self.flags: list[str] = list(result.flags)

    # -- finding the delegation -------------------------------------------------------
    def thread(self) -> Delegation | None:
        """The delegation our earlier reply belongs to, if the message answers one."""
        ids = [i for i in [self.parsed.in_reply_to, *self.parsed.references] if i]
        if ids:
            # The reply's delegation and its people in one statement.
            answered = (select(Outbox.delegation_id).where(Outbox.message_id.in_(ids))
                        .where(Outbox.delegation_id.is_not(None)).limit(1).scalar_subquery())
            d = self.s.execute(select(Delegation).options(WITH_PEOPLE).where(Delegation.id == answered)
                               ).unique().scalar_one_or_none()
            if d is not None:
                return d
        number = find_token(self.meeting, self.parsed.subject)
        if number:
            d = self.s.get(Delegation, number, options=[WITH_PEOPLE])
            if d is not None and d.meeting_id == self.meeting.id:
                return d
        return None

    def find(self) -> tuple[Delegation | None, bool]:
        """(delegation, threaded): by thread first, then by member State or organization."""
        threaded = self.thread()
        key = delegation_key(self.result)
        if threaded is not None and (not self.result.member_state
                                     or (threaded.key == key and threaded.meeting_id == self.meeting.id)):
            return threaded, True  # the thread's own State (no need to look it up by key)
        by_key = None
        if key:
            by_key = self.s.execute(BY_KEY, {"meeting": self.meeting.id, "key": key}).unique().scalar_one_or_none()
        if threaded is not None and (by_key is None or by_key.id == threaded.id):
            return threaded, True
        if by_key is None and key is None and self.parsed.from_addr:
            # Not threaded and no State named: the same sender's nomination still pending.
            by_key = self.s.execute(select(Delegation).options(WITH_PEOPLE).where(
                Delegation.meeting_id == self.meeting.id, Delegation.status == "pending",
                Delegation.sender_addr == self.parsed.from_addr).order_by(Delegation.id.desc()).limit(1)
            ).unique().scalar_one_or_none()
        return by_key, False

    # -- the rules --------------------------------------------------------------------
    def apply(self) -> tuple[Delegation | None, Verdict | None]:
        """(the delegation the message belongs to, the rules' verdict); None for the verdict
        when the reading's own decision stands."""
        r = self.result
        d, threaded = self.find()
        if d is None:
            if r.kind != "nomination" or delegation_key(r) is None:
                return None, None  # nothing on record to change; the message's own decision stands
            return self._first(), None
        mine = [p for p in d.participants if p.status == "active" and p.source_inbound_id == self.row.id]
        if mine:
            # The message is processed again (re-process): what it recorded last time gives
            # way to what it says now; its reply, if it went, is not sent again.
            for p in mine:
                p.status = "replaced"
            self._event(d, "message.reprocessed", {"people": [p.name for p in mine]})
        active = [p for p in d.participants if p.status == "active"]
        if self.kind in ("inquiry", "other") and r.participants and d.status == "pending" and (
                threaded or self.parsed.from_addr == d.sender_addr):
            self.kind = "nomination"  # an answer to our request for missing items
        if threaded and r.member_state and d.member_state and r.member_state != d.member_state:
            return d, self._hold(d, "thread_state_mismatch")
        if not active:
            if self.kind == "nomination":
                return self._nominate(d), None
            return d, self._hold(d, f"{self.kind}_without_nomination")
        # The plan depends on the people on record and the message alone: made once, when needed.
        said: Plan | None = None
        ours = self.meeting.own_addresses()
        if self.kind == "inquiry" and not inquires(self.text):
            # No question asked: a statement about people on record ("The adviser will now
            # attend in person") is an amendment when it reads as one.
            said = plan(active, r, self.text, capacity=d.capacity, quotas=self.meeting.quotas,
                        sender=self.parsed.from_addr, ours=ours)
            answering = d.status == "pending" and (threaded or self.parsed.from_addr == d.sender_addr)
            if answering and said.changes and not said.reasons and all(o.fills for o in said.changes):
                self.kind = "nomination"  # the items our request asked for ("Her e-mail address is ...")
            elif said.changes or said.reasons:
                withdrawing = said.changes and all(o.op in ("withdraw", "withdraw_delegation") for o in said.changes)
                self.kind = "withdrawal" if withdrawing else "amendment"
                if self.kind == "amendment" and self.meeting.is_late(self.parsed.date) and "late" not in self.flags:
                    self.flags.append("late")  # as the reading flags an amendment it recognises
        if self.kind not in ("nomination", "amendment", "withdrawal"):
            return d, None
        p = said if said is not None else plan(active, r, self.text, capacity=d.capacity, quotas=self.meeting.quotas,
                                               sender=self.parsed.from_addr, ours=ours)
        same_sender = self.sender_domain is not None and self.sender_domain == d.sender_domain
        if p.duplicate and self.kind == "nomination":
            self._event(d, "nomination.duplicate", {"sender": self.parsed.from_addr})
            return d, Verdict(decision="confirm" if d.status == "confirmed" else "review",
                              template="already_recorded" if d.status == "confirmed" else None,
                              reasons=[] if d.status == "confirmed" else ["duplicate_of_pending"])
        if self.flags:
            return d, self._hold(d, *self.flags, flags=list(self.flags), plan=p)
        if d.status == "review":
            # The first letter waits for a person: nothing is confirmed around them.
            return d, self._hold(d, "delegation_under_review", plan=p)
        blocking = [x for x in r.reasons if not _settled_by_record(x)]
        if blocking:
            return d, self._hold(d, *blocking, plan=p)
        if r.kind != "nomination" and gate.asks(self.text):
            # "Could you send an invitation letter? Also, Ms X will now attend in person": the
            # change waits with the question, which a person answers. (A nomination's letter
            # went through the confirmation gate: its question is among the reasons above.)
            return d, self._hold(d, "question", plan=p)
        if p.reasons:
            return d, self._hold(d, *p.reasons, flags=["over_quota"] if "over_quota" in p.reasons else [], plan=p)
        if not p.changes:
            return d, self._hold(d, "no_change_read", plan=p)
        if not same_sender:
            return d, self._hold(d, "other_sender_domain", plan=p)
        answering = d.status == "pending" and (threaded or self.parsed.from_addr == d.sender_addr)
        filling = answering and all(o.fills or (o.op == "add" and not any(a.role == o.role for a in active))
                                    for o in p.ops)
        if not filling:
            why = authenticated(self.parsed, self.meeting)
            if why:
                return d, self._hold(d, why, plan=p)
        if self._decided_by_person(d):
            return d, self._hold(d, "decided_by_person", plan=p)
        return d, self._carry_out(d, p, "nomination.completed" if filling else "amendment.applied")

    def _carry_out(self, d: Delegation, p: Plan, action: str) -> Verdict:
        before = snapshot(d)
        apply_ops(d, p.ops, lambda person, role: self._add(d, person, role))
        active = [x for x in d.participants if x.status == "active"]
        missing = missing_items(active, d.capacity) if active else []
        d.status = "withdrawn" if not active else ("pending" if missing else "confirmed")
        self._event(d, action, {"operations": [o.story() for o in p.ops], "before": before, "after": snapshot(d),
                                "missing": missing})
        if d.status == "withdrawn":
            return Verdict(decision="confirm", template="withdrawal")
        if missing:
            return Verdict(decision="request_missing", template="request_missing", missing=missing)
        return Verdict(decision="confirm", template="confirm")

    def _first(self) -> Delegation:
        # Inserted with the status the nomination gives it, rather than under review and
        # updated at the commit; its history still starts from the new, empty delegation.
        r = self.result
        d = new_delegation(self.s, self.meeting.id, r, self.parsed.from_addr, status=nominated(r))
        return self._nominate(d, before={**snapshot(d), "status": NEW_STATUS})

    def _nominate(self, d: Delegation, before: dict | None = None) -> Delegation:
        r = self.result
        before = before or snapshot(d)
        for p in r.participants:
            self._add(d, p)
        d.capacity = r.capacity or d.capacity
        d.status = nominated(r)
        self._event(d, "nomination.recorded", {"decision": r.decision, "missing": r.missing,
                                               "participants": [p.name for p in r.participants],
                                               "before": before, "after": snapshot(d)})
        return d

    def _add(self, d: Delegation, p: Participant, role: str | None = None) -> Person:
        person = Person(role=role or p.role, status="active", name=p.name, title=p.title, email=p.email,
                        attendance=p.attendance, gender=p.gender, source_inbound_id=self.row.id,
                        evidence={k: v.model_dump() for k, v in p.evidence.items()})
        d.participants.append(person)  # the relationship adds it to the session
        return person

    def _decided_by_person(self, d: Delegation) -> bool:
        if any(p.decided_by for p in d.participants):
            return True
        return self.s.scalar(DECIDED_BY_PERSON, {"d": d.id}) is not None

    def _hold(self, d: Delegation, *reasons: str, flags: list[str] | None = None, plan: Plan | None = None) -> Verdict:
        detail: dict[str, Any] = {"reasons": list(reasons)}
        if plan is not None and plan.ops:
            detail["proposed"] = [o.story() for o in plan.ops]
        self._event(d, f"{self.kind}.held", detail)
        return Verdict(decision="review", reasons=list(reasons), flags=flags or [])

    def _event(self, d: Delegation, action: str, detail: dict) -> None:
        add_event(self.s, delegation_id=d.id, inbound_id=self.row.id, action=action, detail=detail)


# A delegation's status when it is made, before anyone is on record.
NEW_STATUS = "review"


def nominated(result: Extraction) -> str:
    """A delegation's status once a nomination is recorded, by the reading's decision."""
    return {"confirm": "confirmed", "request_missing": "pending"}.get(result.decision, "review")


def new_delegation(s: Session, meeting_id: str, result: Extraction, sender: str | None,
                   status: str = NEW_STATUS) -> Delegation:
    """A delegation for the State or organization `result` names, first sent by `sender`.

    Its people start as an empty list (not a lazy load: there are none yet to read)."""
    d = Delegation(meeting_id=meeting_id, key=delegation_key(result), member_state=result.member_state,
                   organization=result.organization, capacity=result.capacity, sender_domain=domain_of(sender),
                   sender_addr=sender, language=result.language, status=status, participants=[])
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


def undeliverable(s: Session, meeting: Meeting, raw: bytes, parsed: ParsedMessage,
                  row: Inbound) -> tuple[list[str], Delegation | None]:
    """A bounce of one of our replies: mark the address undeliverable and flag the delegation.

    A report counts only when it names one of our own reply Message-IDs (anyone can write
    `X-Failed-Recipients: <an address>`); the address marked is the one that reply went
    to, and when the report names recipients, only if it is among them. Returns the
    addresses marked (empty when the report concerns nothing we sent) and the delegation
    flagged, if any."""
    addresses = {m.group(1).decode("ascii", "replace").lower() for m in _FINAL_RECIPIENT.finditer(raw)}
    for value in parsed.headers.get("x-failed-recipients", []):
        addresses |= {a.strip().lower() for a in value.split(",") if "@" in a}
    ours = {mid for m in _OUR_ID.finditer(raw)
            if is_own_message_id(meeting, mid := m.group(0).decode("ascii", "replace"))}
    if not ours:
        return [], None
    replies = s.scalars(select(Outbox).where(Outbox.meeting_id == meeting.id, Outbox.message_id.in_(ours))).all()
    marked: list[str] = []
    flagged: Delegation | None = None
    for reply in replies:
        addr = reply.to_addr.lower()
        if addresses and addr not in addresses:
            continue
        reply.status = "bounced"
        marked.append(addr)
        if reply.delegation_id:
            d = s.get(Delegation, reply.delegation_id, options=[WITH_PEOPLE])
            if d is not None:
                flagged = d
                for p in d.participants:
                    if p.email and p.email.lower() == addr:
                        p.undeliverable = True
                add_event(s, delegation_id=d.id, inbound_id=row.id, action="address.undeliverable",
                          detail={"address": addr, "reply": reply.message_id})
    return sorted(set(marked)), flagged
