"""The people a message nominates, as extract reads them: one entry per person (the body
and the attached letter merged), the sender when he names himself, the signer of a letter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import patterns
from bot.extraction import fields as F
from bot.extraction.lexicon import (GENDERED_LANGUAGES, HONORIFIC_RE, POSTAL, UNAGREED_PERFECT_LANGUAGES, alternation,
                                    fold)
from bot.extraction.message import SELF_RE, Reading
from bot.extraction.people import HONORIFIC_SEQ, Person
from bot.extraction.texts import closing_index
from bot.mail import ParsedMessage
from bot.schema import Evidence, Participant


@dataclass
class Found:
    """What extract read: who nominates, in which capacity, whom; and the doubts met."""

    member_state: str | None = None
    member_state_conf: float = 0.0
    organization: str | None = None
    capacity: str | None = None
    participants: list[Participant] = field(default_factory=list)
    # Why a person must read the message, found while reading it.
    doubts: list[str] = field(default_factory=list)


# A line of a postal address under a signature ("1F North Street, Kingston", "Av. Italia 1234").
_POSTAL = patterns.compile(rf"(?i)\b(?:{POSTAL})(?:\s|,|$)|^\d+\w?\s")


_STYLE_AFTER = patterns.compile(rf"\s*\(((?:{HONORIFIC_RE}))\)\s*$")
# How the writer says he was named: the perfect said of oneself, and participles telling gender.
_SELF_PERFECT = patterns.compile(rf"\b(?:{alternation('SELF_PERFECT')})\b")
_FEMININE_PARTICIPLE = patterns.compile(rf"\b(?:{alternation('PARTICIPLES_FEMININE')})\b")
_MASCULINE_PARTICIPLE = patterns.compile(rf"\b(?:{alternation('PARTICIPLES_MASCULINE')})\b")


def _title_below(lines: list[str], i: int) -> str | None:
    """The title a signature gives on the lines under the name (up to four, before contacts)."""
    title_lines = []
    for nxt in lines[i + 1: i + 5]:
        t = nxt.strip()
        if not t or "@" in t or re.search(r"\d{2,}|www\.|https?:", t) or _POSTAL.search(t):
            break
        title_lines.append(t.replace(" | ", ", ").replace("|", ","))
    return F.clean_title(", ".join(title_lines)) if title_lines else None


def merge(people: list[Person]) -> tuple[list[Person], bool]:
    """One entry per person: the same name read in the body and in the attached letter is merged."""
    out: list[Person] = []
    conflict = False
    for p in people:
        same = next((q for q in out if p.tokens() and q.tokens() and (p.tokens() <= q.tokens() or q.tokens() <= p.tokens())), None)
        if same is None:
            out.append(p)
            continue
        for key in ("role", "title", "email", "attendance", "gender"):
            a, b = getattr(same, key), getattr(p, key)
            if a is None and b is not None:
                same.set(key, b, p.spans.get(key, (0, 0)), p.conf.get(key, 0.8))
                if key == "role":
                    same.role_conf = p.role_conf
            elif a is not None and b is not None and a != b:
                if key == "title" and (fold(a) in fold(b) or fold(b) in fold(a)):
                    if len(b) > len(a):
                        same.set(key, b, p.spans.get(key, (0, 0)), p.conf.get(key, 0.8))
                    continue
                later = _said_later(same, p)
                if later is p:
                    same.set(key, b, p.spans.get(key, (0, 0)), p.conf.get(key, 0.8))
                    continue
                if later is same:
                    continue
                if key in ("role", "email", "attendance"):
                    conflict = True
                    same.conf[key] = 0.4
        if p.name and same.name and len(p.name) > len(same.name):
            same.name = p.name
        same.conditional_attendance = same.conditional_attendance or p.conditional_attendance
    return out, conflict


def _said_later(a: Person, b: Person) -> Person | None:
    """Of two readings of one person, the one in the sender's own words when the other is in
    a message the sender forwards, written before ("Reenvío el correo de abajo con una
    precisión: el correo correcto del Asesor es ..."); None when neither is."""
    def own(p: Person) -> bool:
        return p.source == "body"

    def forwarded(p: Person) -> bool:
        return p.source.startswith("forwarded") or p.source.endswith(":quoted")

    if own(a) and forwarded(b):
        return a
    if own(b) and forwarded(a):
        return b
    return None


def self_nominee(parsed: ParsedMessage, reading: Reading) -> Person:
    """The sender nominating himself: name, title and e-mail from the signature and From header."""
    p = Person(source="header:From", nominated=True)
    from_name = re.sub(r"\s*\(.*?\)", "", parsed.from_name or "").strip().strip('"')
    if "," in from_name:
        last, first = [s.strip() for s in from_name.split(",", 1)]
        from_name = f"{first} {last}"
    body = next((s for s in reading.segments if s.source == "body"), reading.segments[0] if reading.segments else None)
    name, title, span = from_name or None, None, (0, 0)
    said_gender = None
    if body is not None:
        lines = body.text.split("\n")
        tokens = set(fold(from_name).split())
        for i, line in enumerate(lines):
            clean = line.strip()
            style = HONORIFIC_SEQ.match(clean)
            if style and set(fold(clean[style.end():]).split()) >= tokens:
                clean = clean[style.end():]  # "Mag. Soledad Pereira Brum": the name without the style
            after = _STYLE_AFTER.search(clean)
            if after and set(fold(clean[:after.start()]).split()) >= tokens:
                clean = clean[:after.start()]  # "Dilani Jayasuriya (Mrs.)": the style tells the gender
                said_gender = F.honorific_gender([after.group(1)]) or said_gender
            if clean and tokens and set(fold(clean).split()) >= tokens and len(clean) <= 60 and "@" not in clean:
                if len(clean) >= len(name or ""):
                    name = clean
                    offset = sum(len(l) + 1 for l in lines[:i])
                    span = (offset, offset + len(line))
                below = _title_below(lines, i)
                if below is not None:
                    title = below
    name_conf = 0.85
    if body is not None and span == (0, 0):
        # The From name is not written in the letter (a desk or unit mailbox): the signer's
        # name is the first name line after the closing, with the title lines under it.
        signed = signature_name(body.text)
        if signed is not None:
            name, title, span = signed
        else:
            name_conf = 0.6  # only the display name: a person checks it
    p.set("name", name, span, name_conf)
    p.set("title", title, span, 0.82)
    p.set("email", parsed.from_addr or None, (0, 0), 0.9)
    text = reading.main_text
    hits = F.attendance_in(text)
    if hits:
        value, s, e, cond = hits[-1]
        if cond or any(h[3] for h in hits):
            p.conditional_attendance = True
        else:
            p.set("attendance", value, (s, e), 0.85)
    p.role, p.role_conf = reading.self_role, 0.85
    # Gender only from the grammar the sender uses of himself: "je suis désignée comme
    # conseillère", "he sido designado como asesor" (English says nothing).
    m = SELF_RE.search(re.sub(r"\s+", " ", text))
    if m and reading.language in GENDERED_LANGUAGES:
        said = m.group(0).lower()
        role_word = next((g for g in m.groups() if g), "")
        g = F.word_gender(role_word, reading.language)
        if g is None and _SELF_PERFECT.search(said) and reading.language in UNAGREED_PERFECT_LANGUAGES:
            g = None  # "me ha designado": the Spanish perfect's participle does not agree
        elif g is None:
            if _FEMININE_PARTICIPLE.search(said):
                g = "female"
            elif _MASCULINE_PARTICIPLE.search(said):
                g = "male"
        if g:
            p.set("gender", g, (m.start(), m.end()), 0.85)
    if p.gender is None and said_gender:
        p.set("gender", said_gender, span, 0.9)
    if p.gender is None and reading.language in GENDERED_LANGUAGES:
        g = F.title_gender(p.title, reading.language)  # "Directora Nacional de Empleo"
        if g:
            p.set("gender", g, p.spans.get("title", (0, 0)), 0.85)
    return p


def signature_name(text: str) -> tuple[str, str | None, tuple[int, int]] | None:
    """(name, title, span) of the signer: the first line after the closing that is a name only."""
    start = closing_index(text)
    if start >= len(text):
        return None
    lines = text[start:].split("\n")
    for i, line in enumerate(lines[1:8], 1):
        offset_i = start + sum(len(l) + 1 for l in lines[:i])
        clean = line.strip()
        if not clean:
            continue
        name, end = F.read_name(clean, 0)
        if name and name == clean and 2 <= len(name.split()) <= 5:
            title = _title_below(lines, i)
            return name, title, (offset_i, offset_i + len(line))
        if len(clean) > 60:
            break
    return None


def participant(p: Person) -> Participant:
    """The schema's participant for a person read, each value with its evidence."""
    evidence = {}
    for key in ("role", "name", "title", "email", "attendance", "gender"):
        value = getattr(p, key)
        if value is None:
            continue
        start, end = p.spans.get(key, (0, 0))
        conf = p.role_conf if key == "role" else p.conf.get(key, 0.8)
        evidence[key] = Evidence(source=p.source, start=max(0, start), end=max(0, end, start), confidence=max(0.0, min(1.0, conf)))
    return Participant(role=p.role or "representative", name=p.name, title=p.title, email=p.email,
                       attendance=p.attendance, gender=p.gender, evidence=evidence)
