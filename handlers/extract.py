"""extract: the nominating State or organization, the capacity, and the people nominated.

The people are read by bot/extraction (people.py per segment, nominees.py across the
message); this step picks who counts as nominated for the kind of message, settles the
capacity and the roles left open, and drops an e-mail address that is not one.
"""
from __future__ import annotations

from bot.addresses import domain_of, is_address
from bot.extraction import origin
from bot.extraction.message import Reading
from bot.extraction.nominees import Found, merge, participant, self_nominee
from bot.extraction.people import Person
from bot.schema import Participant
from handlers.context import Context, register


def nominees(kind: str, reading: Reading, doubts: list[str]) -> list[Person]:
    """The people the message nominates (or, in an amendment, says something new of)."""
    people = [p for p in reading.people if p.role or p.nominated or p.announced
              or (kind == "amendment" and not p.withdrawn and (p.attendance or p.email or p.title))]
    if kind in ("amendment", "nomination"):
        # (one who leaves is no nominee: "in place of Mr Y", "supersedes the nomination of Mr Y")
        people = [p for p in people if not p.withdrawn]
    people, conflict = merge(people)
    if conflict:
        doubts.append("conflicting_readings")
    return people


def settle_roles(people: list[Person], capacity: str, doubts: list[str]) -> None:
    """An observer delegation's people are observers; a person named without a role gets a
    best guess (a follow-up answering our request is matched by name later) a person reads."""
    has_rep = any(p.role == "representative" for p in people)
    for p in people:
        if capacity == "observer" and p.role in (None, "representative"):
            p.role = "observer"
            p.role_conf = max(p.role_conf, 0.85)
        elif p.role is None:
            single = len(people) == 1
            p.role = "representative" if not has_rep else "adviser"
            p.role_conf = 0.85 if single and p.nominated else 0.6
            has_rep = has_rep or p.role == "representative"
            if p.role_conf < 0.8:
                doubts.append("unsure:role")
        if p.conditional_attendance:
            doubts.append("conditional_attendance")


def addresses_checked(participants: list[Participant], doubts: list[str]) -> list[Participant]:
    """An e-mail read that is not an address is not kept (and a person is told)."""
    for p in participants:
        if p.email is not None and not is_address(p.email):
            doubts.append(f"invalid:{p.role}.email")
            p.email = None
            p.evidence.pop("email", None)
    return participants


@register
class Extract:
    name = "extract"
    description = "Read the member State, organization, capacity and nominees with evidence."
    after_stop = False

    def process(self, ctx: Context) -> None:
        parsed, reading, kind = ctx.parsed, ctx.reading, ctx.kind
        assert parsed is not None and reading is not None
        found = Found()
        # Who is writing.
        sender_domain = domain_of(parsed.from_addr)
        own = {domain_of(a) for a in ctx.meeting.own_addresses()}
        if sender_domain in own:
            sender_domain = None
        head_text = "\n\n".join(s.text for s in reading.segments)
        code, conf, info = origin.member_state(ctx.states, head_text, parsed.subject or "", parsed.from_name or "", sender_domain)
        top_score = max(info["text_scores"].values(), default=0.0)
        if code and not info.get("domain") and top_score < 1.0:
            code = None
        ngo = origin.NGO_RE.search(reading.main_text) is not None
        if code and ngo and not info.get("domain") and conf < 0.9:
            code = None
        found.member_state, found.member_state_conf = code, conf if code else 0.0
        if info.get("conflict"):
            found.doubts.append("member_state_conflict")
        ctx.found = found
        if kind not in ("nomination", "amendment"):
            return
        # Who is nominated.
        people = nominees(kind, reading, found.doubts)
        if reading.self_role and not any(p.role == reading.self_role for p in people):
            # The sender designated in the letter, besides anyone else it names ("me acompañará
            # como asesor el Sr. X"): read from the signature and the From header.
            people = [self_nominee(parsed, reading)] + people
        if not code and (ngo or reading.observer):
            found.organization = origin.organization(head_text)
        found.capacity = "observer" if reading.observer else "member"
        if {"representative", "observer"} <= {p.role for p in people}:
            # A representative and an observer named in one letter ("sera représentée par M. X
            # ... Mme Y souhaiterait suivre les travaux en qualité d'observatrice"): whether the
            # government takes part as a member or an observer, a person decides.
            found.doubts.append("capacity_unclear")
        settle_roles(people, found.capacity, found.doubts)
        found.participants = addresses_checked([participant(p) for p in people], found.doubts)
