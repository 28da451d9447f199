"""The vocabulary the readers match against, one file per language, and THE list of languages.

Each language is a module named by its code (`en.py`, `fr.py`, `es.py`) defining the same
names: word lists and regular-expression fragments (honorifics, role words, attendance,
closing formulas, nomination wording, quote headers, copy labels, postal words...). This
module finds the language files present, orders them by their RANK, and builds the combined
patterns from their pieces, in that order, followed by `common` (vocabulary of no language of
ours). Adding a language means adding one file here (and its reply templates).

Patterns are plain regular-expression fragments; keep them lower-case unless case carries
meaning (honorifics, names).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from functools import lru_cache
from types import ModuleType

from bot import patterns
from bot.extraction.lexicon import common


def _language_modules() -> tuple[ModuleType, ...]:
    """Every language file of this package (a two-letter module name), in RANK order."""
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
             if re.fullmatch(r"[a-z]{2}", info.name)]
    return tuple(sorted(found, key=lambda m: m.RANK))


_MODULES = _language_modules()
LANGUAGES: tuple[str, ...] = tuple(m.__name__.rsplit(".", 1)[1] for m in _MODULES)
# Each language in its own name ("Français"), as a choice of reply language.
LANGUAGE_NAMES: dict[str, str] = {code: m.NAME for code, m in zip(LANGUAGES, _MODULES)}
# Function words of each language, for telling which one a text is written in.
FUNCTION_WORDS: dict[str, frozenset[str]] = {code: m.FUNCTION_WORDS for code, m in zip(LANGUAGES, _MODULES)}
# Languages whose titles and role words tell the person's gender ("Directora").
GENDERED_LANGUAGES: tuple[str, ...] = tuple(code for code, m in zip(LANGUAGES, _MODULES) if m.GRAMMATICAL_GENDER)
# The languages whose words carry accents (OCR reads a page with one of them first to keep
# the accents of names: bot/reading/ocr.py).
ACCENTED_LANGUAGES: tuple[str, ...] = tuple(code for code, m in zip(LANGUAGES, _MODULES) if m.ACCENTED)
# Languages whose perfect said of oneself ("me ha designado") has a participle that does not
# agree with the person: it tells nothing of the person's gender.
UNAGREED_PERFECT_LANGUAGES: tuple[str, ...] = tuple(
    code for code, m in zip(LANGUAGES, _MODULES) if not m.SELF_PERFECT_AGREES)


def pieces(name: str) -> list[str]:
    """The fragments every language gives for `name`, in language order, then common's; each once."""
    out: list[str] = []
    for module in (*_MODULES, common):
        for piece in getattr(module, name, ()) if module is common else getattr(module, name):
            if piece not in out:
                out.append(piece)
    return out


def alternation(name: str) -> str:
    """The pieces of `name` as one regular-expression alternation."""
    return "|".join(pieces(name))


def _merged(name: str) -> dict:
    out: dict = {}
    for module in (*_MODULES, common):
        out.update(getattr(module, name, {}))
    return out


def _union(name: str) -> set[str]:
    return set().union(*(getattr(m, name) for m in _MODULES), getattr(common, name, ()))


# Every character `\s` matches except the newline, for use inside a character class: a
# pattern anchored at line starts (re.M) that lets its leading class run over newlines is
# quadratic on many blank lines, since every line start scans all those below it.
BLANK = "\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# Honorifics and salutations before a name: word -> gender they tell (None: nothing).
HONORIFICS: dict[str, str | None] = _merged("HONORIFICS")
_HONORIFIC_FORMS: dict[str, str] = _merged("HONORIFIC_FORMS")
_DOT_ONLY: set[str] = set().union(*(m.HONORIFICS_DOT_ONLY for m in _MODULES))


def _honorific_regex() -> str:
    """Longest first; a style with a form of its own uses it, one that is an ordinary word too needs its dot."""
    parts = []
    for word in sorted(HONORIFICS, key=len, reverse=True):
        esc = re.escape(word)
        parts.append(_HONORIFIC_FORMS.get(word) or (esc + r"\." if word in _DOT_ONLY else esc + r"\.?"))
    return "|".join(parts)


HONORIFIC_RE = _honorific_regex()

# Role words: pattern -> role, by role (a phrase naming two roles takes the first), then language.
ROLES = ("representative", "adviser", "observer")
ROLE_WORDS: list[tuple[str, str]] = [(p, r) for role in ROLES for m in _MODULES for p, r in m.ROLE_WORDS if r == role]
ROLE_RE = "|".join(f"(?:{p})" for p, _ in ROLE_WORDS)
ROLE_BY_ANALOGY: set[str] = _union("ROLE_BY_ANALOGY")
# A role word and nothing else ("the Representative", "Government Adviser"): a role, not a post.
ROLE_ONLY_RE = patterns.compile(
    rf"(?i)^\s*(?:(?:{alternation('ROLE_ARTICLES')})\s+)?(?:(?:{alternation('ROLE_PREFIX')})\s+)?(?:{ROLE_RE})\s*$")


def drop_elision(word: str) -> str:
    """The word after an elided particle ("d'Huart" -> "Huart"), or the word as it is."""
    return word[2:] if len(word) > 3 and word[0] in "dlDL" and word[1] in "'’" else word


# Each role word's pattern, alone and inside a phrase: compiled once, not looked up on every call.
_ROLE_WORD_RES = [(patterns.compile(p), patterns.compile(rf"\b(?:{p})\b"), role) for p, role in ROLE_WORDS]


def role_of(word: str) -> str | None:
    """The role a role word names ("Conseillère" -> adviser)."""
    w = word.strip().lower()
    for alone, _, role in _ROLE_WORD_RES:
        if alone.fullmatch(w):
            return role
    # Longer phrases ("Government Representative", "Role: Adviser"): look inside.
    for _, inside, role in _ROLE_WORD_RES:
        if inside.search(w):
            return role
    return None


# Grammatical gender of titles and role words, and words that begin a job title.
FEMININE_WORDS = _union("FEMININE_WORDS")
MASCULINE_WORDS = _union("MASCULINE_WORDS")
TITLE_WORDS = _union("TITLE_WORDS")


def _letter_first(name: str) -> str:
    """The alternation of `name` with each piece that opens on a word boundary and a letter
    ("\\bonline") written to open on the letter ("o(?<!\\wo)nline": the same matches). The
    engine skips a piece whose first letter is not the one at hand without entering it,
    where it enters every piece that opens on a boundary: for case-sensitive patterns (under
    re.I a letter is not skipped that way)."""
    out = []
    for piece in pieces(name):
        m = re.match(r"\\b([a-z])(?![?*+{])", piece)
        out.append(f"{m.group(1)}(?<!\\w{m.group(1)}){piece[m.end():]}" if m else piece)
    return "|".join(out)


# Attendance. Each pattern is searched in lower-cased text.
IN_PERSON_RE = patterns.compile(_letter_first("IN_PERSON"))
REMOTE_RE = patterns.compile(_letter_first("REMOTE"))
# Words that make an attendance statement uncertain (visa pending, "if", "otherwise").
CONDITIONAL_RE = patterns.compile(alternation("CONDITIONAL"))

# Whole-delegation statements: "Both officers", "Les deux participants", "ambos funcionarios".
GROUP_RE = patterns.compile(
    rf"\b(?:{alternation('GROUP_WHO')})\b(?:\s+\w+){{0,2}}?\s*(?:{alternation('GROUP_NOUNS')})\b"
    rf"|\b(?:{alternation('GROUP_OUR')}) (?:{alternation('GROUP_WHOLE')})?(?:{alternation('DELEGATION')})\b"
    rf"(?= (?:{alternation('GROUP_DELEGATION_VERBS')}))|{alternation('GROUP_THEY')}",
    re.I,
)


def _closing() -> str:
    """The closing formulas with the pieces that open a line ("^\\s*...") under one "^\\s*", and
    those found anywhere in it (".*...") under one ".*": the line's start and blanks are read
    once, not once a piece (2.4 times faster a line). Which piece matches can change, not
    whether one does: the pattern is only asked whether a line opens with a closing."""
    opening = [p[len(r"^\s*"):] for p in pieces("CLOSING") if p.startswith(r"^\s*")]
    inside = [p[len(".*"):] for p in pieces("CLOSING") if p.startswith(".*")]
    rest = [p for p in pieces("CLOSING") if not p.startswith((r"^\s*", ".*"))]
    return "|".join([rf"^\s*(?:{'|'.join(opening)})"] * bool(opening) + [rf".*(?:{'|'.join(inside)})"] * bool(inside) + rest)


# Closing formulas: after one of these the sender signs; nominees are not read past them.
CLOSING_RE = patterns.compile(_closing(), re.I)
# Labels of a copy line ("cc:", "Copie à :", "Con copia a:").
CC_LABELS = alternation("CC_LABELS")
# Nomination wording: the message names people for the meeting.
NOMINATION_RE = patterns.compile(alternation("NOMINATION"), re.I)
# A role given as a label: "Representative:" "Conseillère :" "Observer:"
# ("Conseiller du gouvernement :", "Asesor gubernamental:"; of the tails no two match at one place.)
ROLE_LABEL_RE = patterns.compile(
    rf"(?im)^[{BLANK}\-•*·\d.()ivx]*(?:(?:{alternation('ROLE_LABEL_PREFIX')}) )?(?:{ROLE_RE})"
    rf"(?: (?:{alternation('ROLE_GOVERNMENT_OF')}) gou?v\w+| (?:{alternation('ROLE_GOVERNMENT_AFTER')}))?\s*:")


def _boundary_first(name: str) -> str:
    """The pieces of `name` that start at a word boundary grouped before the others: the
    group is tried once where no word starts instead of once a piece (a piece starting
    elsewhere keeps the regular-expression engine from factoring the boundary out). The
    order of the pieces changes: only for patterns asked whether they match at all."""
    bounded = [p for p in pieces(name) if p.startswith(r"\b")]
    rest = [p for p in pieces(name) if not p.startswith(r"\b")]
    return "|".join([f"(?:{'|'.join(bounded)})"] * bool(bounded) + rest)


# (Asked only whether it matches.)
OBSERVER_RE = patterns.compile(_boundary_first("OBSERVER").replace("{BLANK}", BLANK), re.I | re.M)
WITHDRAWAL_RE = patterns.compile(alternation("WITHDRAWAL"), re.I)
REPLACEMENT_RE = patterns.compile(alternation("REPLACEMENT"), re.I)
AMENDMENT_RE = patterns.compile(alternation("AMENDMENT"), re.I)
INQUIRY_RE = patterns.compile(alternation("INQUIRY") + "|" + alternation("PERSON_REQUEST"), re.I)
# What only a person can see to (a visa and its letter, a hotel): an inquiry, or a request in a letter.
PERSON_REQUEST_RE = patterns.compile(alternation("PERSON_REQUEST"), re.I)
# A reference to an earlier message, with what it says that message said ("Further to our
# e-mail of 11 March withdrawing ..."): blanked out before a statement is looked for.
EARLIER_MESSAGE_RE = patterns.compile(alternation("EARLIER_MESSAGE"), re.I)


def without_earlier_messages(text: str) -> str:
    """`text` with its references to earlier messages blanked out, at the same length."""
    return EARLIER_MESSAGE_RE.sub(lambda m: " " * len(m.group(0)), text)


# Asking us to update our records accordingly, or to say where they differ: what the reply
# does, not a question a person answers.
RECORD_UPDATE_RE = patterns.compile(alternation("RECORD_UPDATE"), re.I)
# The message concerns a meeting of this kind at all (else it is "other").
MEETING_RE = patterns.compile(alternation("MEETING"), re.I)
AUTO_SUBJECT_RE = patterns.compile(rf"^\s*(?:{alternation('AUTO_SUBJECT')})\b", re.I)
AUTO_BODY_RE = patterns.compile(alternation("AUTO_BODY"), re.I)
BOUNCE_SUBJECT_RE = patterns.compile(rf"^\s*(?:{alternation('BOUNCE_SUBJECT')})", re.I)
NEWSLETTER_RE = patterns.compile(alternation("NEWSLETTER"), re.I)
ACCESSIBILITY_RE = patterns.compile(alternation("ACCESSIBILITY"), re.I)
# Phrases that are about accessibility in general, not a need (the invitation's own paragraph).
ACCESSIBILITY_GENERIC_RE = patterns.compile(alternation("ACCESSIBILITY_GENERIC"), re.I)
ATTACHMENT_REF_RE = patterns.compile(alternation("ATTACHMENT_REF"), re.I)
FORWARD_SUBJECT_RE = patterns.compile(
    rf"^\s*(?:(?:{alternation('REPLY_PREFIXES')}|{alternation('FORWARD_PREFIXES')})\s*:\s*)*(?:{alternation('FORWARD_PREFIXES')})\s*:", re.I)
# Postal address words (a line of an address is not a title).
POSTAL = alternation("POSTAL")
# What mail clients write above a quoted or forwarded message.
FORWARD_MARKS = alternation("FORWARD_MARKS")
ORIGINAL_MARKS = alternation("ORIGINAL_MARKS")
QUOTE_HEADER_KEYS: dict[str, str] = {
    key: "|".join(dict.fromkeys(w for m in (*_MODULES, common) for w in getattr(m, "QUOTE_HEADER_KEYS", {}).get(key, ())))
    for key in ("from", "date", "to", "cc", "subject")
}
ATTRIBUTION_END = alternation("ATTRIBUTION_END")
ATTRIBUTION_START = alternation("ATTRIBUTION_START")
INVITATION_START = alternation("INVITATION_START")
INVITATION_PHRASES = alternation("INVITATION_PHRASES")
# Month names (folded) -> number, and words too common in meetings' names to tell them apart.
MONTHS: dict[str, int] = _merged("MONTHS")
TOPIC_STOP_WORDS = _union("TOPIC_STOP_WORDS")
MEETING_GENERIC_STEMS = _union("MEETING_GENERIC_STEMS")
# Short words a title may end with, and words that end a title cut in the middle (folded).
TITLE_SHORT_END = _union("TITLE_SHORT_END")
TITLE_CUT_END = _union("TITLE_CUT_END")
# Particles inside a person's name ("binte", "de", "van"), folded.
NAME_PARTICLES = _union("NAME_PARTICLES")
# The column headers of a table of people: field -> pattern, fields in the order they are tried.
TABLE_HEADERS: dict[str, str] = {
    key: "|".join(dict.fromkeys(w for m in _MODULES for w in m.TABLE_HEADERS[key]))
    for key in ("role", "name", "title", "email", "attendance")
}
# Pronouns referring back to the last person named -> the gender each tells (None: nothing).
PRONOUNS: dict[str, str | None] = _merged("PRONOUNS")
# Words a title cannot start with: the sentence going on ("and", "et", "y").
CONJUNCTIONS = _union("CONJUNCTIONS")


# Letters that carry their mark in themselves, which NFKD does not take apart: "Yıldırım" is
# "YILDIRIM", "Wałęsa" "Walesa", "Søren" "Soren" (one letter for one, so places stay).
_UNMARKED = str.maketrans("ıłŁøØđĐħĦ", "illooddhh")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case without accents: for comparing names and e-mail local parts (kept: the
    conversation rules fold the same few names many times a message)."""
    nfkd = unicodedata.normalize("NFKD", text)
    if not nfkd.isascii():
        # The marks are dropped by looking at each distinct character once, not at every one.
        marks = {ord(ch): None for ch in set(nfkd) if unicodedata.combining(ch)}
        if marks:
            nfkd = nfkd.translate(marks)
        nfkd = nfkd.translate(_UNMARKED)
    return nfkd.casefold()
