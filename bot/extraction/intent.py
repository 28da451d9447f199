"""What a message says about people already on record, in English, French and Spanish.

The extraction reads the people a message names; this module reads what each sentence
says about them: someone replaces someone, someone withdraws, someone keeps their
participation, attends in another way, or the government changes capacity. It knows
nothing of the database: `statements()` takes the text and the names on record and gives
plain facts, and bot/conversation.py turns them into changes of the delegation.

The vocabulary is matched on folded text (lower case, no accents).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot import patterns
from bot.extraction.fields import EMAIL_RE, attendance_in, clean_title, is_choice, is_title_word, without_posts
from bot.extraction.lexicon import (HONORIFIC_RE, HONORIFICS, IN_PERSON_RE, ROLE_ONLY_RE, ROLE_RE, alternation, fold, role_of,
                                    without_earlier_messages)

# "X will replace Y", "Y is replaced by X", "X en remplacement de Y", "en sustitución de".
REPLACE_RE = patterns.compile(alternation("STATEMENT_REPLACE"))
# A replacement's or a cancellation's object that is a document, not a person ("cancels and
# replaces our letter", "annule et remplace notre lettre"): right after the words, a verb
# joined by "and" perhaps between.
_DOCUMENT_NEXT = patterns.compile(rf"(?:\s+(?:{alternation('CLAUSE_AND')})\s+[^\W\d_]+)?\s*(?:{alternation('REPLACED_DOCUMENT')})")
# One person (or the delegation) no longer takes part.
WITHDRAW_RE = patterns.compile(alternation("STATEMENT_WITHDRAW"))
# A new title said in words ("his title is now ...", "sa fonction est désormais ...",
# "su cargo es ahora ..."): matched on the text as written, the title is what follows.
TITLE_RE = patterns.compile("(?i)" + alternation("STATEMENT_TITLE"))
# A name corrected in words ("the name of our adviser should read ...", "le nom ... doit se
# lire ...", "léase ..."): matched on the text as written, the name is what follows.
NAME_RE = patterns.compile("(?i)" + alternation("STATEMENT_NAME"))
# The delegation as a whole ("the Government withdraws its participation").
DELEGATION_RE = patterns.compile(rf"\b(?:{alternation('STATEMENT_DELEGATION')})\b")
# A statement under a condition ("should he be unable to attend") says nothing yet.
IF_RE = patterns.compile(rf"\b(?:{alternation('STATEMENT_IF')})\b")
# Someone keeps their participation: a no-op for that person.
KEEP_RE = patterns.compile(alternation("STATEMENT_KEEP"))
# The government takes part as a member after all, or as an observer.
# ("no longer as an observer" says so too.)
NOT_OBSERVER_RE = patterns.compile(alternation("STATEMENT_NOT_OBSERVER"))
MEMBER_RE = patterns.compile(alternation("STATEMENT_MEMBER") + "|" + alternation("STATEMENT_NOT_OBSERVER"))
OBSERVER_CAPACITY_RE = patterns.compile(alternation("STATEMENT_OBSERVER"))
# The writer speaking of themselves ("I will attend remotely", "je participerai", "yo asistiré").
FIRST_PERSON_RE = patterns.compile(rf"\b(?:{alternation('STATEMENT_FIRST_PERSON')})\b")
# Words that make a role word a specification ("as representative"). No two of the words
# match at one place followed by a blank, so their order does not matter.
_AS = rf"(?:{alternation('STATEMENT_ROLE_AS')})"
_ROLE_WORD_RE = patterns.compile(rf"\b({ROLE_RE})\b")
_TRAVEL = patterns.compile(rf"\b(?:{alternation('TRAVEL_VERBS')})\b")
_FROM_DATE = patterns.compile(rf"(?i),?\s+\b(?:{alternation('TITLE_FROM_DATE')})\b.*$", re.S)
_ROLE_SPEC_RE = patterns.compile(rf"\b{_AS}\s+(?:(?:{alternation('STATEMENT_ROLE_ARTICLE')})\s+)?({ROLE_RE})\b")
_HONORIFIC_WORDS = {fold(h).rstrip(".") for h in HONORIFICS}
_PARTICLES = {"de", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "la", "le", "van", "von", "der", "den",
              "ter", "ten", "bin", "binti", "ibn", "al", "el", "y", "e", "i", "ould", "ben", "abu", "mac", "st", "zu"}
# Abbreviations whose dot does not end a sentence.
_ABBREV = _HONORIFIC_WORDS | {"no", "nr", "tel", "ext", "p", "pp", "art", "etc", "n", "st", "av", "ave"}
_WORD = patterns.compile(r"[^\W\d_][\w'’.-]*", re.U)
# Clauses: cut at "; ", "but", "mais", "pero"..., at "and / et / y" when another person follows
# ("Mr A will attend remotely and Ms B in person"), and at "and that / et que / y que" (a second
# statement with its own subject: "A will attend in person and that B's address is ...").
_CLAUSE = patterns.compile(
    rf";|,?\s+\b(?:{alternation('CLAUSE_BUT')})\b,?"
    rf"|,?\s+(?:{alternation('CLAUSE_AND')})\s+(?=(?:(?:{alternation('CLAUSE_ARTICLE')})\s*)?"
    rf"(?i:{ROLE_RE})\b|(?:{HONORIFIC_RE})\s|(?:{alternation('CLAUSE_THAT')})(?:\b|(?<=['’])))")


@dataclass
class Mention:
    """One reference in a clause: to a recorded person (`index`), a new one, or a role."""

    how: str  # name | email | role
    index: int | None  # position in the recorded list; None for a new or unknown person
    new: int | None = None  # position in the message's own list of people
    text: str = ""


@dataclass
class Clause:
    text: str
    recorded: list[Mention] = field(default_factory=list)  # mentions of people on record
    new: list[int] = field(default_factory=list)  # the message's new people named here
    unknown: list[str] = field(default_factory=list)  # persons named with an honorific, known to no one
    ambiguous: list[str] = field(default_factory=list)  # a name or role that fits more than one recorded person
    roles: list[str] = field(default_factory=list)  # roles the clause gives someone ("as representative")
    replace: bool = False
    withdraw: bool = False
    keep: bool = False
    attendance: str | None = None
    # People on record named on both sides of the attendance said ("A will attend in person,
    # B's address is ..."): whose attendance it is, the clause does not tell.
    attendance_unclear: bool = False
    travel: bool = False  # the withdrawal says only that the person cannot travel to the meeting
    member: bool = False
    observer: bool = False
    whole: bool = False  # speaks of the delegation or the government as a whole
    writer: bool = False  # the writer speaks of themselves
    title: str | None = None  # a new title said in words
    name: str | None = None  # a name corrected in words: the name as it should read
    address: bool = False  # gives an e-mail address ("The e-mail of Mr. Islam is ...")

    def recorded_indexes(self) -> list[int]:
        return list(dict.fromkeys(m.index for m in self.recorded if m.index is not None))


@lru_cache(maxsize=16384)
def name_tokens(name: str | None) -> tuple[str, ...]:
    """A name as comparable tokens: folded, without honorifics, particles or punctuation
    (kept: the rules compare each name of a message with every name on record)."""
    out: list[str] = []
    for tok in re.split(r"[\s,/()\"“”«»]+", fold(name or "")):
        tok = tok.strip(".'’-")
        if not tok or tok in _HONORIFIC_WORDS or tok in _PARTICLES:
            continue
        out.extend(t for t in re.split(r"[-'’]", tok) if t)
    return tuple(out)


def _token_in(tok: str, tokens: tuple[str, ...]) -> bool:
    if tok in tokens:
        return True
    if len(tok) <= 2 and tok.rstrip(".").isalpha():  # an initial: "J." or "MF"
        letters = tok.rstrip(".")
        return len(letters) == 1 and any(t.startswith(letters) for t in tokens)
    return False


@lru_cache(maxsize=65536)
def names_match(short: str | None, full: str | None) -> bool:
    """True when `short` is `full` or a part of it: surname only, in another order, with or
    without honorifics and accents, initials for given names ("M. F. Olivera")."""
    a, b = name_tokens(short), name_tokens(full)
    if not a or not b:
        return False
    if not any(len(t) > 2 for t in a):
        return False
    return all(_token_in(t, b) for t in a)


def same_name(x: str | None, y: str | None) -> bool:
    """Either name is a form of the other."""
    return names_match(x, y) or names_match(y, x)


# Where a sentence or list item ends (linear on any input: no unbounded run scanned twice).
_SENTENCE_END = patterns.compile(r"[.!?](?=[ \t\n]{1,8}[\"“«(]?[A-ZÀ-Ý¡¿])|\n[ \t]*\n|\n(?=[ \t]{0,8}[-•*][ \t])|:[ \t]*\n")


_TABLE_ROW = patterns.compile(r"(?m)^([^\n|]*\|[^\n]*)$")


def sentences(text: str) -> list[str]:
    """Sentences and list items of `text`; the dots of honorifics and initials do not cut."""
    out: list[str] = []
    start = 0
    text = text.replace("\r", "")
    if "|" in text:
        # A table's row ("Representative | Mrs. X | ... | In person") is a statement of its
        # own: the next row's "Online" is not said of this row's person.
        text = _TABLE_ROW.sub(r"\n\1\n", text)
    for m in _SENTENCE_END.finditer(text):
        if m.group(0) == ".":
            word = re.search(r"([\w.]+)$", text[max(start, m.start() - 40):m.start()])
            w = fold(word.group(1)).rstrip(".") if word else ""
            if w in _ABBREV or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", w):
                continue
        piece = text[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


@lru_cache(maxsize=4096)
def _is_role_word(folded_word: str) -> bool:
    return _ROLE_WORD_RE.fullmatch(folded_word) is not None


def _runs(text: str) -> list[tuple[str, bool]]:
    """Runs of capitalised words (a possible name) and whether an honorific introduced them."""
    runs: list[tuple[str, bool]] = []
    current: list[str] = []
    pending: list[str] = []
    honorific = False
    last_end = 0

    def close() -> None:
        nonlocal current, pending, honorific
        if current:
            runs.append((" ".join(current), honorific))
            honorific = False
        current, pending = [], []

    for m in _WORD.finditer(text):
        raw = m.group(0)
        if raw[-2:] in ("'s", "’s"):
            raw = raw[:-2]  # "Boateng's title"
        tok = raw.rstrip(".")
        gap = text[last_end:m.start()]
        last_end = m.end()
        if current and gap.strip(" \t\n"):
            close()  # a comma or other mark between: another phrase
        low = fold(tok)
        if low in _HONORIFIC_WORDS and (tok[:1].isupper() or low in ("monsieur", "madame", "senor", "senora")):
            close()
            honorific = True
            continue
        if current and low in _PARTICLES:
            pending.append(tok)
            continue
        if tok[:1].isupper() and not _is_role_word(low):
            current.extend(pending)
            pending = []
            current.append(tok)
            if raw.endswith(".") and len(tok) > 2:
                close()  # the end of a sentence
            continue
        close()
        honorific = False
    close()
    return runs


def _role_mentions(folded: str) -> tuple[list[str], list[str]]:
    """(roles mentioned as people on record, roles given as a specification)."""
    found = list(_ROLE_SPEC_RE.finditer(folded))
    specs = [role_of(m.group(1)) for m in found]
    spec_spans = [(m.start(1), m.end(1)) for m in found]
    mentioned = []
    for m in _ROLE_WORD_RE.finditer(folded):
        if any(s <= m.start() < e for s, e in spec_spans):
            continue
        if re.match(r"\s*:", folded[m.end():]):
            continue  # a label ("Representative: Ms X") introduces a person, it does not mention one
        mentioned.append(role_of(m.group(1)))
    return [r for r in mentioned if r], [r for r in specs if r]


def read_clause(text: str, recorded: list, new: list) -> Clause:
    """What one clause says, with its mentions resolved against the recorded people (objects
    with role, name, email) and the message's new people (objects with name, email)."""
    folded = fold(text)
    c = Clause(text=text)
    conditional = bool(IF_RE.search(folded))
    # ("remotely instead of in person", "cancels and replaces our letter": what is replaced
    # there is a way of attending or a document, not a person)
    c.replace = not conditional and any(not _mode_follows(text, m.end()) and not _DOCUMENT_NEXT.match(folded, m.end())
                                        for m in REPLACE_RE.finditer(folded))
    # ("further to our e-mail withdrawing ...": said then, in an earlier message)
    w = None if conditional else next((m for m in WITHDRAW_RE.finditer(without_earlier_messages(folded))
                                       if not _DOCUMENT_NEXT.match(folded, m.end())), None)
    # "cannot attend in person (but will join remotely)" withdraws no one; "will not take part,
    # whether in person or online" does.
    in_person = IN_PERSON_RE.search(folded, w.end()) if w else None
    c.withdraw = bool(w) and (in_person is None or is_choice(folded, in_person.start(), in_person.end()))
    # "ne pourra pas se rendre à Genève": not coming to Geneva, which a later sentence may
    # turn into remote attendance ("Elle suivra les travaux à distance").
    c.travel = c.withdraw and w is not None and bool(_TRAVEL.search(folded, w.start(), w.end() + 40))
    c.whole = bool(DELEGATION_RE.search(folded))
    c.writer = bool(FIRST_PERSON_RE.search(folded))
    c.keep = bool(KEEP_RE.search(folded))
    c.member = bool(MEMBER_RE.search(folded))
    c.observer = not c.member and bool(OBSERVER_CAPACITY_RE.search(folded))
    t = None if conditional else TITLE_RE.search(text)
    if t:
        c.title = clean_title(re.split(r"\.\s|\.$", text[t.end():].lstrip(" :«\"“"), maxsplit=1)[0].strip(" »\"”"))
        if c.title:
            c.title = clean_title(_FROM_DATE.sub("", c.title)) or None  # "..., with effect from 16 March"
        if c.title and ROLE_ONLY_RE.match(c.title):
            c.title = None  # "Mr X is the Representative": a role, not a post
    c.address = EMAIL_RE.search(text) is not None
    n = None if conditional else NAME_RE.search(text)
    if n:
        c.name = _name_first(text[n.end():])
    hits = [h for h in attendance_in(text) if not h[3]]
    if hits:
        c.attendance = hits[-1][0]
    for i, p in enumerate(recorded):
        if p.email and p.email.lower() in text.lower():
            c.recorded.append(Mention("email", i, text=p.email))
    for j, p in enumerate(new):
        if (p.email and p.email.lower() in text.lower()) or (p.name and fold(p.name) in folded):
            c.new.append(j)
    for run, honorific in _runs(text):
        toks = name_tokens(run)
        if not toks:
            continue
        fits = [i for i, p in enumerate(recorded) if names_match(run, p.name)]
        if not fits and len(toks) > 1 and not honorific:
            run = " ".join(run.split()[1:])  # a capitalised word opening the sentence
            fits = [i for i, p in enumerate(recorded) if names_match(run, p.name)]
        if not fits:
            # A post before the surname: "la señora Viceministra Restrepo", "Director Villanueva".
            words = run.split()
            k = 0
            while k < len(words) - 1 and is_title_word(words[k]):
                k += 1
            if k:
                bare = " ".join(words[k:])
                fits = [i for i, p in enumerate(recorded) if names_match(bare, p.name)]
                if fits:
                    run = bare
            elif honorific and all(is_title_word(w) for w in words):
                # "la señora Viceministra" alone: the one person on record whose post it is.
                post = fold(run)
                by_post = [i for i, p in enumerate(recorded) if getattr(p, "title", None) and post in fold(p.title)]
                if len(by_post) == 1:
                    fits = by_post
        new_fits = [j for j, p in enumerate(new) if same_name(run, p.name)]
        c.new.extend(j for j in new_fits if j not in c.new)
        if len(fits) == 1:
            c.recorded.append(Mention("name", fits[0], text=run))
        elif len(fits) > 1:
            exact = [i for i in fits if names_match(recorded[i].name, run)]
            if len(exact) == 1:
                c.recorded.append(Mention("name", exact[0], text=run))
            else:
                c.ambiguous.append(run)
        elif honorific and not new_fits and run != c.name:
            c.unknown.append(run)
    if hits and c.recorded:
        c.attendance_unclear = _both_sides(text, c.recorded, hits[-1][1], hits[-1][2])
    # A role word inside a new person's post ("Mme X, Conseillère de direction") names no one.
    roles, specs = _role_mentions(without_posts(folded, (getattr(p, "title", None) for p in new), fold))
    c.roles = specs
    named_roles = {recorded[m.index].role for m in c.recorded if m.index is not None}
    for role in roles:
        if role in named_roles:
            continue
        fits = [i for i, p in enumerate(recorded) if p.role == role]
        if len(fits) == 1:
            c.recorded.append(Mention("role", fits[0], text=role))
        elif len(fits) > 1:
            c.ambiguous.append(role)
    return c


def _mode_follows(text: str, at: int) -> bool:
    """True when a way of attending is what comes right after text[:at] ("instead of (attending)
    in person", "au lieu de en présentiel", "en lugar de presencialmente")."""
    after = text[at:at + 50]
    lead = len(after) - len(after.lstrip())
    return any(start >= lead and re.fullmatch(r"(?:\w+ing\s+)?", after[lead:start]) is not None
               for _, start, _, _ in attendance_in(after))


def _name_first(text: str) -> str | None:
    """The name `text` opens with, after quotes and an honorific ("« M. Jean Dupont »"), or None."""
    head = text[:120]
    runs = _runs(head)
    if not runs:
        return None
    run = runs[0][0]
    at = head.find(run)
    if at < 0:
        return None
    if any(w not in _HONORIFIC_WORDS for w in re.findall(r"[^\W\d_]+", fold(head[:at]))):
        return None  # words before it: not the name the phrase gives
    return run


def _both_sides(text: str, mentions: list[Mention], start: int, end: int) -> bool:
    """True when the people on record named before text[start:end] are not those named after
    it, and both are someone."""
    low = text.lower()
    before: set[int] = set()
    after: set[int] = set()
    for m in mentions:
        at = low.find(m.text.lower()) if m.how in ("name", "email") and m.text else -1
        if at < 0 or m.index is None:
            continue
        if at < start:
            before.add(m.index)
        elif at >= end:
            after.add(m.index)
    return bool(before) and bool(after) and before != after


def clauses(sentence: str) -> list[str]:
    """The clauses of one sentence, its runs of blanks made one space."""
    return [p.strip() for p in _CLAUSE.split(" ".join(sentence.split())) if p and p.strip()]


def statements(text: str, recorded: list, new: list) -> list[Clause]:
    """Every clause of `text` that mentions a person or says something about participation."""
    out = []
    for sentence in sentences(text):
        for part in clauses(sentence):
            part = (part or "").strip()
            if not part:
                continue
            c = read_clause(part, recorded, new)
            if c.recorded or c.new or c.unknown or c.ambiguous or c.replace or c.withdraw or c.member or c.observer \
                    or c.attendance or c.title or c.name:
                out.append(c)
    return out
