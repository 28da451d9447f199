"""One reading of a parsed message: the sender's own words and what they say of people,
made once by the `read` step (handlers/read.py) for every step after it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import patterns
from bot.addresses import domain_of
from bot.extraction import language as L
from bot.extraction.lexicon import (
    ATTACHMENT_REF_RE, FORWARD_SUBJECT_RE, NOMINATION_RE, OBSERVER_RE, ROLE_LABEL_RE, ROLE_RE, alternation, fold,
    role_of,
)
from bot.extraction.intent import NOT_OBSERVER_RE
from bot.extraction.people import Person, read_segment
from bot.extraction.texts import Segment, closing_index, own_segments, quoted_segments
from bot.mail import ParsedMessage
from bot.meeting import Meeting

# The writer names himself for a role: "I will be the representative", "je suis désignée comme
# conseillère", "me ha designado como asesor". The alternatives of the languages start with
# different words, so no two can match at one place and their order is free; each captures
# the role word in groups of its own, and readers take the first group that matched.
SELF_RE = patterns.compile("(?i)" + alternation("SELF_NOMINATION").replace("{ROLE}", ROLE_RE))


@dataclass
class Reading:
    segments: list[Segment]
    own_text: str
    main_text: str  # the sender's words before the closing, all parts
    language: str
    people: list[Person] = field(default_factory=list)
    nomination_words: bool = False
    attachments_unread: bool = False
    self_role: str | None = None
    observer: bool = False
    labelled_people: bool = False  # a block of "Name:/Representative:/Title:/E-mail:" lines


def labelled_block(text: str) -> bool:
    """True when the text lists a person in label/value lines (a role or name label and a
    title, e-mail or attendance label): whatever else it says, a person must read it."""
    from bot.extraction.people import LABEL_FIELD, LABEL_NAME

    # (Whether each is there at all: the first line found is enough.)
    persons = ROLE_LABEL_RE.search(text) is not None or LABEL_NAME.search(text) is not None
    return persons and LABEL_FIELD.search(text) is not None


def _self_role(word: str) -> str | None:
    """The role a self-designation names: a role word, or "to represent" (the representative)."""
    return role_of(word) or ("representative" if fold(word).startswith("repr") else None)


_ROLE_WORD = patterns.compile(rf"(?i)\b((?:{ROLE_RE}))\b")


def _context_role(text: str) -> str | None:
    m = _ROLE_WORD.search(text)
    return role_of(m.group(1)) if m else None


def read(parsed: ParsedMessage, meeting: Meeting) -> Reading:
    """What the sender wrote (quoted mail and our own words left out; a forwarded nomination
    read when the sender's own words name no one) and what it says of people."""
    own_domains = {domain_of(a) or "" for a in meeting.own_addresses()} - {""}
    segments = own_segments(parsed, own_domains)
    own_text = "\n\n".join(s.text for s in segments)
    # Language: the sender's own words, the body first (attachments may be a ministry's letter).
    body = "\n".join(s.text[: closing_index(s.text)] for s in segments if s.source == "body")
    if len(body.split()) < 25:
        body = "\n".join(s.text[: closing_index(s.text)] for s in segments) or own_text
    lang, _ = L.detect(body if body.strip() else parsed.subject)
    if lang == "other":
        # A one-line answer ("Mme X participera en présentiel."): the subject and the mail it
        # answers (usually written in the same language) say more than its few words.
        subject = re.sub(r"\[[^\]]*\]", " ", parsed.subject or "")
        lang, _ = L.detect(body + "\n" + subject)
        if lang == "other":
            quoted = "\n".join(part.quoted or "" for part in parsed.parts)[:3000]
            q_lang, _ = L.detect(body + "\n" + subject + "\n" + quoted)
            if q_lang != "other":
                lang = q_lang
    people: list[Person] = []
    nomination_words = False
    context_role = _context_role(parsed.subject or "")

    closings: dict[int, int] = {}

    def read_all(segs: list[Segment]) -> None:
        nonlocal nomination_words
        for seg in segs:
            seg_lang, _ = L.detect(seg.text)
            if seg_lang == "other":
                seg_lang = lang
            found, facts = read_segment(seg.text, seg.source, seg_lang, context_role)
            people.extend(found)
            closings[id(seg)] = facts["closing"]
            nomination_words = nomination_words or facts["nomination_words"]

    read_all(segments)
    if not any(p.role or p.nominated for p in people):
        forwardish = FORWARD_SUBJECT_RE.match(parsed.subject or "") or re.search(
            r"(?i)\b(?:below|ci-dessous|a continuaci[óo]n|m[áa]s abajo|forward\w*|transf[ée]r\w*|reenv[íi]\w*|transmet\w*)\b", own_text)
        if forwardish:
            quoted = quoted_segments(parsed, own_domains)
            if quoted:
                before = len(people)
                read_all(quoted)
                if len(people) > before:
                    segments = segments + quoted
                    own_text = own_text + "\n\n" + "\n\n".join(s.text for s in quoted)
    main_text = "\n\n".join(s.text[: closings[id(s)] if id(s) in closings else closing_index(s.text)] for s in segments)
    unread = bool(parsed.attachments) and any(p.startswith(("ocr", "attachment")) for p in parsed.problems)
    referenced = ATTACHMENT_REF_RE.search(main_text) is not None
    attachment_texts = [s for s in segments if s.source.startswith("attachment:")]
    if parsed.attachments and referenced and not attachment_texts:
        unread = True
    m = SELF_RE.search(re.sub(r"\s+", " ", main_text))
    self_role = _self_role(next(g for g in m.groups() if g)) if m else None
    return Reading(
        segments=segments, own_text=own_text, main_text=main_text, language=lang,
        people=people, nomination_words=nomination_words or bool(NOMINATION_RE.search(" ".join(main_text.split()))),
        attachments_unread=unread, self_role=self_role,
        # ("en qualité de membre, et non plus en qualité d'observateur": a member after all)
        observer=bool(OBSERVER_RE.search(main_text)) and not NOT_OBSERVER_RE.search(fold(main_text)),
        labelled_people=labelled_block(main_text),
    )
