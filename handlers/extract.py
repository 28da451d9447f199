"""extract: the nominating State or organization, the capacity, and the people nominated."""
from __future__ import annotations

import re

from bot.addresses import domain_of
from bot.extraction import fields as F
from bot.extraction import message as M
from bot.extraction import origin
from bot.extraction.lexicon import HONORIFIC_RE, POSTAL, fold
from bot.extraction.people import HONORIFIC_SEQ, Person
from bot.schema import Evidence, Participant
from handlers import Context, register

_FREEMAIL = re.compile(r"(?i)^(?:gmail|googlemail|yahoo|hotmail|outlook|live|aol|icloud|me|proton(?:mail)?|gmx|mail|yandex|orange|wanadoo|free|laposte)\.")


# A line of a postal address under a signature ("1F North Street, Kingston", "Av. Italia 1234").
_POSTAL = re.compile(rf"(?i)\b(?:{POSTAL})(?:\s|,|$)|^\d+\w?\s")


_STYLE_AFTER = re.compile(rf"\s*\(((?:{HONORIFIC_RE}))\)\s*$")


def _title_below(lines: list[str], i: int) -> str | None:
    """The title a signature gives on the lines under the name (up to four, before contacts)."""
    title_lines = []
    for nxt in lines[i + 1: i + 5]:
        t = nxt.strip()
        if not t or "@" in t or re.search(r"\d{2,}|www\.|https?:", t) or _POSTAL.search(t):
            break
        title_lines.append(t.replace(" | ", ", ").replace("|", ","))
    return F.clean_title(", ".join(title_lines)) if title_lines else None


def _merge(people: list[Person]) -> tuple[list[Person], bool]:
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
                if key in ("role", "email", "attendance"):
                    conflict = True
                    same.conf[key] = 0.4
        if p.name and same.name and len(p.name) > len(same.name):
            same.name = p.name
        same.conditional_attendance = same.conditional_attendance or p.conditional_attendance
    return out, conflict


def _self_nominee(ctx: Context, reading: M.Reading) -> Person:
    """The sender nominating himself: name, title and e-mail from the signature and From header."""
    parsed = ctx.parsed
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
        signed = _signature_name(body.text)
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
    m = M.SELF_RE.search(re.sub(r"\s+", " ", text))
    if m and reading.language in ("fr", "es"):
        said = m.group(0).lower()
        role_word = next((g for g in m.groups() if g), "")
        g = F.word_gender(role_word, reading.language)
        if g is None and re.search(r"\b(?:me (?:ha|han)|m['’](?:a|ont))\b", said) and reading.language == "es":
            g = None  # "me ha designado": the Spanish perfect's participle does not agree
        elif g is None:
            if re.search(r"\b(?:d[ée]sign[ée]e|nomm[ée]e|designada|nombrada)\b", said):
                g = "female"
            elif re.search(r"\b(?:d[ée]sign[ée]|nomm[ée]|designado|nombrado)\b", said):
                g = "male"
        if g:
            p.set("gender", g, (m.start(), m.end()), 0.85)
    if p.gender is None and said_gender:
        p.set("gender", said_gender, span, 0.9)
    if p.gender is None and reading.language in ("fr", "es"):
        g = F.title_gender(p.title, reading.language)  # "Directora Nacional de Empleo"
        if g:
            p.set("gender", g, p.spans.get("title", (0, 0)), 0.85)
    return p


def _signature_name(text: str) -> tuple[str, str | None, tuple[int, int]] | None:
    """(name, title, span) of the signer: the first line after the closing that is a name only."""
    from bot.extraction.texts import closing_index

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


@register
class Extract:
    name = "extract"
    description = "Read the member State, organization, capacity and nominees with evidence."
    after_stop = False

    def process(self, ctx: Context) -> None:
        parsed, result = ctx.parsed, ctx.result
        reading = M.get(ctx)
        kind = result.kind
        notes = ctx.notes.setdefault("extract", {"reasons": []})
        reasons: list[str] = notes["reasons"]
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
        try:
            member = ctx.states.is_member(code) if code else False
        except Exception:
            member = bool(code)
        notes["member_state_conf"] = conf if code else 0.0
        notes["member_state_known"] = member
        if info.get("conflict"):
            reasons.append("member_state_conflict")
        result.member_state = code
        notes["freemail"] = bool(sender_domain and _FREEMAIL.match(sender_domain))
        if kind not in ("nomination", "amendment"):
            result.participants = []
            result.capacity = None
            if kind == "inquiry" or kind == "withdrawal":
                result.organization = None
            return
        # Who is nominated.
        people = [p for p in reading.people if p.role or p.nominated or p.announced
                  or (kind == "amendment" and not p.withdrawn and (p.attendance or p.email or p.title))]
        if kind == "amendment":
            people = [p for p in people if not p.withdrawn]
        people, conflict = _merge(people)
        if conflict:
            reasons.append("conflicting_readings")
        if reading.self_role and not any(p.role == reading.self_role for p in people):
            # The sender designated in the letter, besides anyone else it names ("me acompañará
            # como asesor el Sr. X"): read from the signature and the From header.
            people = [_self_nominee(ctx, reading)] + people
        observer = reading.observer
        if not code and (ngo or observer):
            result.organization = origin.organization(head_text)
        capacity = "observer" if observer else "member"
        has_rep = any(p.role == "representative" for p in people)
        for p in people:
            if capacity == "observer" and p.role in (None, "representative"):
                p.role = "observer"
                p.role_conf = max(p.role_conf, 0.85)
            elif p.role is None:
                # A best guess: a person only said to attend (a follow-up answering our
                # request) is matched by name later; a person reads the guess first.
                single = len(people) == 1
                p.role = "representative" if not has_rep else "adviser"
                p.role_conf = 0.85 if single and p.nominated else 0.6
                has_rep = has_rep or p.role == "representative"
                if p.role_conf < 0.8:
                    reasons.append("unsure:role")
            if p.conditional_attendance:
                reasons.append("conditional_attendance")
        result.capacity = capacity
        result.participants = [self._participant(p) for p in people]

    @staticmethod
    def _participant(p: Person) -> Participant:
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
