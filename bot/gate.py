"""The confirmation gate: every value an automatic reply would quote, checked on its own terms.

The readers can be wrong in ways nobody foresaw. Before the bot tells a government what it
recorded (a confirmation, or a request for missing items that repeats what was received),
each value is checked here, independently of how it was read: a person's name must look
like a name, a title like a post, an address like an address of that person; attendance
must be said; the letter must be about this meeting and final. A check that fails is a
named reason and the message goes to a person; bot/reasons.py says each in plain words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bot import patterns
from bot.addresses import domain_of, is_address
from bot.extraction.lexicon import (HONORIFIC_RE, HONORIFICS, IN_PERSON_RE, MEETING_GENERIC_STEMS, MONTHS, NAME_PARTICLES,
                                    PERSON_REQUEST_RE, RECORD_UPDATE_RE, REMOTE_RE, ROLE_BY_ANALOGY, ROLE_ONLY_RE, ROLE_RE,
                                    ROLE_WORDS, TITLE_CUT_END, TITLE_SHORT_END, TITLE_WORDS, TOPIC_STOP_WORDS, alternation,
                                    drop_elision, fold)
from bot.schema import Extraction, Participant

# A word Tesseract read below this confidence (0 to 100) is never sent back as read. An
# address is held to more: one wrong character and our mail never reaches the person.
OCR_MIN_CONFIDENCE = {"email": 80.0, "name": 60.0, "title": 60.0}
MAX_NAME = 80
MAX_TITLE = 220

# The reasons the gate gives; their plain words and what to do are in bot/reasons.py.
# What the letter says as a whole: no record settles it. (A letter that corrects itself,
# "self_correction", is a first letter's doubt: a correction of a value on record is read by
# the conversation's plan, which applies the corrected value.)
LETTER_CODES = ("other_meeting", "provisional", "question", "request")
CODES = ("name_shape", "name_cut", "name_is_signatory", "name_is_cc", "title_shape", "email_shape", "email_unrelated",
         "ocr_low_confidence", "attendance_unstated", "not_grounded", "role_unstated", "role_unread", "person_unread",
         "other_meeting", "provisional", "question", "request", "self_correction")

_STRAY_HONORIFIC = patterns.compile(
    r"(?i)^(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")\.?[ªº]?$")
_ORDINAL_ABBREV = patterns.compile(r"^[A-Za-z]{1,3}\.?[ªº]$|^[A-Za-z]{1,3}\.[A-Za-z]{1,3}\.?$")
# Verbs and clause words that begin a phrase of the letter, never a post.
_CLAUSE = patterns.compile(rf"(?i)\b(?:{alternation('CLAUSE_WORDS')})\b")
_MEETING_WORD = patterns.compile(rf"(?i)\b(?:{alternation('MEETING_WORDS')})\b")
# Where a meeting's name ends and the sentence goes on ("scheduled for", " - Namibia", ", Geneva").
_MEETING_GOES_ON = patterns.compile(rf"(?i)\s[-–—|]\s|\[|\b(?:{alternation('MEETING_GOES_ON')}"
                              rf"|,\s*(?:{alternation('VENUE_CITY')}))\b")
_LINK = patterns.compile(r"(?i)https?://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|xyz|ru|cn|io)\b/?|<|>|\[|\]|\{|\}")
_NOISE = patterns.compile(r"[|_~^`#$%*=+\\¦«»]|[A-Za-z]\d|\d[A-Za-z]")

PROVISIONAL_RE = patterns.compile(rf"(?i)\b(?:{alternation('PROVISIONAL')})")
SELF_CORRECTION_RE = patterns.compile(rf"(?i)(?:{alternation('SELF_CORRECTION')})")

_TITLE_WORDS = frozenset(fold(w) for w in TITLE_WORDS)


@dataclass
class Letter:
    """What the gate looks at besides the extraction: the texts as read, and who wrote."""

    texts: dict[str, str]  # source -> text, as the evidence offsets refer to it
    main_text: str  # the sender's own words, before the closing
    all_text: str  # every readable part, attachments included, and the subject
    subject: str
    sender: str  # From address
    sender_domain_state: str | None
    signatory: str | None  # the name under the closing of the covering mail or letter
    cc: list[tuple[str, str]]  # (name, address) of officials copied, in the headers or the letter
    self_nomination: bool
    word_confidences: dict[str, list[tuple[str, float]]]  # OCR sources only
    # Whether the letter says each role's word: asked for every person, looked up once.
    roles_said: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def says_role(self, role: str) -> bool:
        said = self.roles_said.get(role)
        if said is None:
            said = self.roles_said[role] = _ROLE_SAID[role].search(self.all_text) is not None
        return said


def check(result: Extraction, letter: Letter, meeting, states) -> list[str]:
    """The gate's reasons (empty when every value may be sent back as read)."""
    reasons: list[str] = []
    for p in result.participants:
        reasons += [f"{r}:{p.role}" for r in _person(p, result, letter, states)]
    reasons += _letter(letter, meeting, result)
    return list(dict.fromkeys(reasons))


# ---------------------------------------------------------------- one person


# The words that say each role, in every language (a representative may also be said to
# "represent" the Government); not a word read as the role by analogy ("alternate").
_ROLE_SAID = {
    role: patterns.compile(r"(?i)\b(?:" + "|".join(p for p, r in ROLE_WORDS if r == role and p not in ROLE_BY_ANALOGY)
                           + ("|" + alternation("REPRESENT_VERBS") if role == "representative" else "") + r")\b")
    for role in ("representative", "adviser", "observer")
}


def _person(p: Participant, result: Extraction, letter: Letter, states) -> list[str]:
    out: list[str] = []
    if not letter.self_nomination and not letter.says_role(p.role):
        # A lone nominee with no role word is the representative (the invitation asks for one);
        # an adviser or an observer is always said, and a letter about observers has no representative.
        if p.role != "representative" or letter.says_role("observer"):
            out.append("role_unstated")
    if p.name is not None:
        if not name_looks_right(p.name):
            out.append("name_shape")
        elif not letter.self_nomination and letter.signatory and _same_person(p.name, letter.signatory) \
                and fold(p.email or "") != fold(letter.sender):
            out.append("name_is_signatory")
        elif any(_same_person(p.name, name) and fold(addr) != fold(p.email or "") for name, addr in letter.cc):
            out.append("name_is_cc")
    if p.title is not None and not title_looks_right(p.title):
        out.append("title_shape")
    if p.email is not None:
        if not is_address(p.email) or len(p.email) > 120:
            out.append("email_shape")
        elif not _email_plausible(p, result, letter, states):
            out.append("email_unrelated")
    if p.attendance is not None and not _attendance_stated(p, letter):
        out.append("attendance_unstated")
    ev = p.evidence.get("name")
    if p.name and ev is not None and ev.source in letter.texts and ev.end > ev.start and _name_goes_on(letter.texts[ev.source], ev.end):
        out.append("name_cut")
    for field in ("name", "email", "title"):
        value = getattr(p, field)
        if value is None:
            continue
        ev = p.evidence.get(field)
        if ev is None or ev.source not in letter.texts:
            continue
        if not _grounded(value, letter.texts[ev.source], ev.start, ev.end, field):
            out.append("not_grounded")
        words = letter.word_confidences.get(ev.source)
        if words and ev.end > ev.start and _ocr_doubt(value, letter.texts[ev.source], ev.start, ev.end, words,
                                                       OCR_MIN_CONFIDENCE[field]):
            out.append("ocr_low_confidence")
    return out


def value_doubt(field: str, value: str) -> str | None:
    """The gate's reason against one value on its own (a name, a title, an address), or None."""
    if field == "name" and not name_looks_right(value):
        return "name_shape"
    if field == "title" and not title_looks_right(value):
        return "title_shape"
    if field == "email" and (not is_address(value) or len(value) > 120):
        return "email_shape"
    return None


def name_looks_right(name: str) -> bool:
    """A person's name: one to seven words (a surname alone refers to someone), capitalised,
    no honorific, role word or verb."""
    if len(name) > MAX_NAME or any(ch.isdigit() for ch in name) or "@" in name:
        return False
    tokens = name.split()
    if not 1 <= len(tokens) <= 7:
        return False
    for i, tok in enumerate(tokens):
        bare = tok.strip(",.")
        if not bare:
            return False
        # Initials are part of a name ("W.M. Chaminda", "Jose Ramon M. Santos"); a style before
        # the name is not ("D.ª Nuria", "M. Jean", "Dr Ana").
        initial = re.fullmatch(r"(?:[A-Z][a-z]?\.){1,3}", tok) is not None
        if "ª" in tok or "º" in tok or (not initial and _ORDINAL_ABBREV.match(tok)):
            return False
        if _STRAY_HONORIFIC.match(bare) and (i == 0 or not initial) and not (initial and len(bare) > 1 and "." in bare):
            return False
        if fold(bare) in NAME_PARTICLES and 0 < i < len(tokens) - 1:
            continue
        if not re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’‘./-])*", bare):
            return False
        core = drop_elision(bare)  # an elided particle may open a capitalised surname: "d'Huart"
        if not (core[0].isupper() or bare[0] in "'’"):
            return False
        if fold(core) in _TITLE_WORDS or ROLE_ONLY_RE.match(core):
            return False
    return True


def title_looks_right(title: str) -> bool:
    """A post: not a phrase of the letter, not the meeting, no link, not cut, not scan noise."""
    t = title.strip()
    if not 3 <= len(t) <= MAX_TITLE or "@" in t or _LINK.search(t):
        return False
    if ROLE_ONLY_RE.match(t):
        return False  # "Représentante": the role, not a post
    first = t.split()[0]
    if not first[0].isalnum():
        return False  # "'s address": the rest of a possessive, a mark of the sentence
    if first[0].islower() and fold(first) not in _TITLE_WORDS:
        return False  # "pour le représenter ...", "to attend ..."
    if _CLAUSE.search(t) or _MEETING_WORD.search(t):
        return False
    last = re.split(r"[\s,;]+", t.rstrip(" .)"))[-1]
    if len(last) <= 2 and fold(last) not in TITLE_SHORT_END and not last.isupper():
        return False  # "... Policy Department o": cut, or a speck of the scan
    if fold(last) in TITLE_CUT_END:
        return False  # cut in the middle
    letters = sum(ch.isalpha() for ch in t)
    if letters < 0.7 * len(t.replace(" ", "")) or len(_NOISE.findall(t)) > 1:
        return False
    return True


_GOES_ON = patterns.compile(r"[ \t]+(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r")[ \t]+[A-ZÀ-Ý]")


def _name_goes_on(text: str, end: int) -> bool:
    """True when the name read stops before the name written ends ("Nur Aisyah| binte Abdul Rahman")."""
    return bool(_GOES_ON.match(text, end))


def _same_person(a: str, b: str) -> bool:
    ta = {w for w in re.split(r"[\s.'’-]+", fold(a)) if len(w) >= 2}
    tb = {w for w in re.split(r"[\s.'’-]+", fold(b)) if len(w) >= 2}
    return bool(ta) and bool(tb) and (ta <= tb or tb <= ta) and len(ta & tb) >= 2


def _email_plausible(p: Participant, result: Extraction, letter: Letter, states) -> bool:
    """The address belongs to the sender's organisation, to a government of the State, or
    visibly to the person."""
    from bot.extraction.fields import email_matches_name

    domain = domain_of(p.email) or ""
    sender_domain = domain_of(letter.sender) or ""
    if domain == sender_domain or _base(domain) == _base(sender_domain):
        return True
    code = states.by_domain(domain)
    if code is not None and code in (result.member_state, letter.sender_domain_state):
        return True
    return email_matches_name(p.email or "", p.name)


def _base(domain: str) -> str:
    labels = domain.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 4:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _attendance_stated(p: Participant, letter: Letter) -> bool:
    ev = p.evidence.get("attendance")
    if ev is None or ev.source not in letter.texts:
        return True  # no place to look (a follow-up merged later): other checks hold
    from bot.extraction.fields import attendance_in

    text = letter.texts[ev.source]
    said = text[ev.start: ev.end]  # the words themselves ("Physical" in a table cell)
    window = text[max(0, ev.start - 40): ev.end + 40].lower()
    return bool(attendance_in(said) or IN_PERSON_RE.search(window) or REMOTE_RE.search(window))


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    return re.sub(r"[\s,;:|–—-]+", " ", s).strip()


def _grounded(value: str, text: str, start: int, end: int, field: str) -> bool:
    """The value is written at (or right around) the place its evidence points to."""
    if end <= start:
        return True  # no span recorded: nothing to compare
    raw = text[max(0, start - 20): end + 20]
    if field == "email":
        # A speck read through (",", ":" or a space where a dot was) is allowed.
        window = re.sub(r"\s?@\s?", "@", raw.casefold()).replace(",", ".").replace(":", ".")
        v = value.casefold()
    else:
        window, v = _norm(raw), _norm(value)
    if v in window:
        return True
    if field == "name":
        # A name written surname first ("TRAORÉ, Fatoumata Binta") is read in the usual order.
        return set(re.findall(r"[\w'’-]+", v)) <= set(re.findall(r"[\w'’-]+", window))
    if field == "title":
        # A title over several lines or cells is joined with commas; its words must be there.
        words = [w for w in re.findall(r"\w+", v) if len(w) > 2]
        wide = _norm(text[max(0, start - 20): end + 200])
        return all(w in wide for w in words)
    return False


def _ocr_doubt(value: str, text: str, start: int, end: int, words: list[tuple[str, float]], floor: float) -> bool:
    """True when a word of `value` that Tesseract read inside text[start:end] has a confidence
    under `floor`.

    The words come in reading order, as the text was written from them: each is found after
    the one before it, which places it in the text."""
    tokens = set(re.findall(r"[\w.@'-]+", _norm(value)))
    cursor = 0
    for word, conf in words:
        at = text.find(word, cursor, cursor + len(word) + 400)
        if at == -1:
            continue
        cursor = at + len(word)
        if at >= end:
            break
        if cursor > start and conf < floor and _norm(word).strip(".,;:()") in tokens:
            return True
    return False


# ---------------------------------------------------------------- the letter as a whole

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# "13-17 April 2026", "13th to 17th April, 2026", "du 13 au 17 avril 2026", "del 13 al 17 de abril de 2026".
# The words between the days, and before the month and the year, can each match at one place
# only (each is followed by what none of the others ends with): their order is free.
_RANGE = patterns.compile(
    rf"\b(\d{{1,2}})(?:{alternation('DAY_ORDINALS')}|{alternation('FIRST_DAY_ORDINALS')})?\s*"
    rf"(?:{alternation('DAY_RANGE_WORDS')})\s*(\d{{1,2}})(?:{alternation('DAY_ORDINALS')})?\s+"
    rf"(?:(?:{alternation('DATE_OF')})\s+)?({_MONTH_RE})\b,?\s*(?:(?:{alternation('DATE_OF')})\s+)?(\d{{4}})?")
# The kinds keep their order; of the words before the subject no two match at one place.
# "... en la Reunión técnica de la OIT al señor Ignacio Valdivia": the sentence goes on with a
# person (a salutation, then a capital).
_PERSON_FOLLOWS = patterns.compile(rf"\b(?i:{HONORIFIC_RE})\s+(?=[A-ZÀ-Ý])")
_MEETING_NAME = patterns.compile(
    rf"(?i)\b(?:{alternation('MEETING_KINDS')})\s+(?:{alternation('MEETING_ABOUT')})\s+([^.;:\n()]{{10,220}})")


def _stem(word: str) -> str:
    return word[:5]


def _topic_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]{3,}", fold(text))
    return {_stem(w) for w in words if w not in TOPIC_STOP_WORDS}


_TOPIC: tuple = (None, set())  # the meeting last asked about (frozen), and its topic


def meeting_topic(meeting) -> set[str]:
    """The words of this meeting's name, in every language the meeting file gives it (worked
    out once for the meeting object, which cannot change, not once a message)."""
    global _TOPIC
    known = _TOPIC  # one read: another thread may replace it meanwhile
    if known[0] is not meeting:
        known = _TOPIC = (meeting, _meeting_topic(meeting))
    return known[1]


def _meeting_topic(meeting) -> set[str]:
    names = [meeting.name, *meeting.short_name.values()]
    # The official title in each language, where the meeting file gives it.
    names += [getattr(o, "title", "") for o in getattr(meeting, "official", {}).values()]
    topic = set()
    for n in names:
        topic |= _topic_words(n)
    # "AI"/"IA" stand for artificial intelligence in every language.
    if {"artif", "intel"} <= topic:
        topic |= {"ai", "ia"}
    return topic


# ("... nous souhaiterions savoir :\n\n1. si notre représentant ...": the questions listed after a colon.)
_INDIRECT_QUESTION = patterns.compile(
    rf"(?i)\b(?:{alternation('ASK_VERBS')})\b(?:[^.?!\n]{{0,30}}?|\s*:\s*(?:[\-•*·▪►]|\d{{1,2}}[.)])?\s*)"
    rf"\b(?:{alternation('ASK_WHETHER')})\b")
_STYLED_NAME = patterns.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True) if h[0].isupper())
    + r")\.?[ªº]?[ \t]+(?:\(\w+\.?\)[ \t]+)?[A-ZÀ-Ý][\w'’-]+(?:[ \t]+[A-ZÀ-Ý][\w'’-]+)+")


_SALUTATION = patterns.compile(rf"(?im)^[ \t]*(?:{alternation('SALUTATION')})\b")


def _someone_unread(letter: Letter, result: Extraction) -> bool:
    """True when a letter names a person (with a style: Mr, Mme, Lic. ...) beside an address
    or a role word, between its salutation and its closing, and that person is not among
    those read: a nominee would be lost."""
    from bot.extraction.texts import closing_index

    names = [p.name for p in result.participants if p.name]
    for text in letter.texts.values():
        salutation = _SALUTATION.search(text)
        start = salutation.end() if salutation else 0
        for m in _STYLED_NAME.finditer(text, start, max(start, closing_index(text, start))):
            if not result.participants:
                return True
            name = re.sub(r"^\S+\s+(?:\(\w+\.?\)\s+)?", "", m.group(0))  # without the style
            if any(_overlaps(name, known) for known in names) or (letter.signatory and _overlaps(name, letter.signatory)):
                continue
            around = text[m.end(): m.end() + 250]
            if "@" in around or _ANY_ROLE.search(around) or _ANY_ROLE.search(text[max(0, m.start() - 80): m.start()]):
                return True
    return False


_NEGATED = patterns.compile(rf"(?i)\b(?:{alternation('ROLE_DENIAL')})\b[^.;]{{0,40}}$")
# A role given to someone: "as adviser", "como asesora", "en qualité de conseiller", "Adviser:".
_ROLE_GIVEN = {
    role: patterns.compile(
        rf"(?im)\b(?:{alternation('ROLE_GIVEN_AS')})\s+(?:(?:{alternation('ROLE_GIVEN_ARTICLES')})\s+)?"
        rf"(?:(?:{alternation('ROLE_PREFIX')})\s+)?(?:" + words + r")\b"
        r"|^[ \t\-•*·\d.)]*(?:" + words + r")\s*:")
    for role, words in (
        (role, "|".join(p for p, r in ROLE_WORDS if r == role)) for role in ("adviser", "observer"))
}


# A representative given on a line of its own, after the person's lines ("1. Md. Shahidul
# Islam / Additional Secretary / - Representative."): prose "as representative of the
# Government" says it of the signatory as often as of a nominee, and is not looked at.
_REPRESENTATIVE_LINE = patterns.compile(
    r"(?im)^[ \t]*[-–•*·][ \t]*(?:" + "|".join(p for p, r in ROLE_WORDS if r == "representative") + r")\b[ \t]*(?:[.:]|$)")


def _role_said(role: str, text: str) -> bool:
    """True when the letter gives someone `role` ("como asesora lo acompañará quien suscribe"),
    not to say there is none ("Portugal does not intend to designate an adviser")."""
    for m in _ROLE_GIVEN[role].finditer(text):
        if not _NEGATED.search(text[max(0, m.start() - 60): m.start()]):
            return True
    return False


def _overlaps(a: str, b: str) -> bool:
    ta = {w for w in re.split(r"[\s.'’-]+", fold(a)) if len(w) >= 3}
    tb = {w for w in re.split(r"[\s.'’-]+", fold(b)) if len(w) >= 3}
    return bool(ta & tb)


_ANY_ROLE = patterns.compile(rf"(?i)\b(?:{ROLE_RE})\b")


def _letter(letter: Letter, meeting, result: Extraction) -> list[str]:
    from bot.extraction.fields import without_posts

    out: list[str] = []
    if _someone_unread(letter, result):
        out.append("person_unread")
    # The letter's words with the posts read taken out: "Principal Advisor" in a title is a post.
    said = without_posts(letter.main_text, (p.title for p in result.participants))
    for role in ("adviser", "observer"):
        if not any(p.role == role for p in result.participants) and _role_said(role, said):
            out.append(f"role_unread:{role}")
    if not any(p.role == "representative" for p in result.participants) and _REPRESENTATIVE_LINE.search(said):
        out.append("role_unread:representative")
    if _other_meeting(letter.all_text, meeting):
        out.append("other_meeting")
    if PROVISIONAL_RE.search(letter.main_text) or PROVISIONAL_RE.search(letter.subject):
        out.append("provisional")
    if asks(letter.main_text):
        out.append("question")
    if PERSON_REQUEST_RE.search(letter.main_text):
        out.append("request")  # "nous vous saurions gré de lui adresser une lettre d'invitation" (visa)
    if SELF_CORRECTION_RE.search(letter.all_text):  # (a postscript stands after the closing)
        out.append("self_correction")
    return out


def asks(text: str) -> bool:
    """True when the sender's own words ask a question, asked or indirect ("we would be grateful
    if you could let us know whether ..."): an answer a person gives. Asking us to update our
    records, or to say where they differ, is answered by the reply itself (lexicon RECORD_UPDATE)."""
    text = RECORD_UPDATE_RE.sub(" ", text)
    if _INDIRECT_QUESTION.search(text):
        return True
    for sentence in re.split(r"(?<=[.?!])\s+|\n", text):
        s = sentence.strip()
        if len(s) > 12 and (s.endswith("?") or s.startswith("¿")):
            return True
    return False


def _other_meeting(text: str, meeting) -> bool:
    """True when the letter names a meeting, or gives meeting dates, that are not this one's."""
    topic = meeting_topic(meeting)
    for m in _MEETING_NAME.finditer(text):
        # The meeting's name, up to where the sentence goes on ("scheduled for", " - Namibia").
        phrase = _PERSON_FOLLOWS.split(_MEETING_GOES_ON.split(m.group(1))[0])[0]
        words = {w for w in _topic_words(phrase) if len(w) >= 3} - MEETING_GENERIC_STEMS
        if len(words) >= 3 and not words & topic:
            return True  # not one distinctive word of this meeting's name
    start, end = meeting.start, meeting.end
    folded = fold(text)
    for m in _RANGE.finditer(folded):
        d1, d2, month, year = int(m.group(1)), int(m.group(2)), MONTHS.get(m.group(3)), m.group(4)
        if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or d2 <= d1 or month is None:
            continue
        if year is not None and int(year) != start.year:
            if _near_meeting_word(folded, m.start()):
                return True
            continue
        try:
            first, last = date(start.year, month, d1), date(start.year, month, d2)
        except ValueError:
            continue
        if (first, last) != (start, end) and _near_meeting_word(folded, m.start()):
            return True
    return False


def _near_meeting_word(text: str, pos: int) -> bool:
    return bool(_MEETING_WORD.search(text[max(0, pos - 250): pos]))
