"""Small readers for one field at a time: e-mail addresses, attendance, gender, names."""
from __future__ import annotations

import bisect
import functools
import re

from bot import patterns
from bot.extraction.lexicon import (
    CONDITIONAL_RE, FEMININE_WORDS, GENDERED_LANGUAGES, HONORIFICS, IN_PERSON_RE, MASCULINE_WORDS, REMOTE_RE, TITLE_WORDS, alternation,
    drop_elision, fold,
)

# An address, tolerating an OCR speck (",", ":" or " ") where a dot of the domain should be.
EMAIL_RE = patterns.compile(r"(?<![\w.+-])([A-Za-z0-9][\w.+'-]*)\s?@\s?((?:[A-Za-z0-9-]+(?:[.,:](?=[A-Za-z]))){1,5}[A-Za-z]{2,24})\b")
_TLD_OK = patterns.compile(r"\.[a-z]{2,24}$")


def find_emails(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int, float]]:
    """Every address in text[start:end]: (address, start, end, confidence)."""
    out = []
    for m in EMAIL_RE.finditer(text, start, len(text) if end is None else end):
        local, domain = m.group(1), m.group(2)
        conf = 0.95
        if re.search(r"[,:]", domain):
            domain = re.sub(r"[,:]", ".", domain)
            conf = 0.82  # read through a speck, as a person would
        if " " in m.group(0):
            conf = min(conf, 0.82)
        local = local.rstrip(".")
        addr = f"{local}@{domain}".rstrip(".")
        if not _TLD_OK.search(addr.lower()):
            continue
        out.append((addr, m.start(), m.end(), conf))
    return out


def other_addresses(text: str, known: set[str]) -> dict[str, float]:
    """The addresses of `text` that are none of `known` (lower case, as `known` is), each with
    the lowest confidence it was read with."""
    found: dict[str, float] = {}
    for addr, _, _, conf in find_emails(text):
        a = addr.lower()
        if a not in known:
            found[a] = min(conf, found.get(a, 1.0))
    return found


def email_matches_name(email: str, name: str | None) -> bool:
    """True when the local part is visibly made of the person's name (a.mensah, jperezg, lopezgarcia)."""
    if not name:
        return False
    local = re.sub(r"[^a-z]", "", fold(email.split("@", 1)[0]))
    tokens = [re.sub(r"[^a-z]", "", t) for t in re.split(r"[\s/'’-]+", fold(name))]
    tokens = [t for t in tokens if len(t) >= 3]
    if any(t in local for t in tokens):
        return True
    # Initials plus a surname fragment, or long overlaps: "jlhernandez", "kordonez".
    return any(len(t) >= 4 and t[:4] in local for t in tokens)


# Asked only whether they match, so the order of the words is free.
_NEGATED = patterns.compile(rf"(?<![\w.@-])(?:{alternation('NEGATION')})\W+(?:\w+\W+){{0,2}}$")
_OR_BEFORE = patterns.compile(rf"\b(?:{alternation('OR_WORDS')})\s*$")
_OR_AFTER = patterns.compile(rf"\s*(?:{alternation('OR_WORDS')})\b")
# "ne pourra pas participer, même à distance": "even" before an attendance, a negation earlier
# in the sentence.
_EVEN = patterns.compile(rf"(?<!\w)(?:{alternation('EVEN')})\W*$")
_NEGATION_WORD = patterns.compile(rf"(?<![\w.@-])(?:{alternation('NEGATION')})(?![\w@])")


# A line wrapped inside a phrase ("attending in\nperson"): the break between two words of one
# paragraph, with the blanks around it.
_WRAP = patterns.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)")


def attendance_in(text: str) -> list[tuple[str, int, int, bool]]:
    """Attendance statements in `text`: (value, start, end, conditional), in order. A statement
    that a line break cuts in two ("attending in / person") is found too, at its place in
    `text`."""
    low = text.lower()
    hits = _attendance_hits(low)
    if "\n" not in low:
        return hits
    pieces, ends, removed = [], [], []  # the joined text; where each break ends in it; blanks removed so far
    last = gone = length = 0
    for m in _WRAP.finditer(low):
        pieces += [low[last:m.start()], " "]
        length += m.start() - last + 1
        gone += m.end() - m.start() - 1
        ends.append(length)
        removed.append(gone)
        last = m.end()
    if not ends:
        return hits
    joined = "".join(pieces) + low[last:]

    def back(at: int) -> int:  # a place in the joined text, in `text`
        k = bisect.bisect_right(ends, at)
        return at + (removed[k - 1] if k else 0)

    for value, start, end, cond in _attendance_hits(joined):
        start, end = back(start), back(end - 1) + 1
        if not any(start < e and s < end for _, s, e, _ in hits):
            hits.append((value, start, end, cond))
    hits.sort(key=lambda h: h[1])
    return hits


def is_choice(low: str, start: int, end: int) -> bool:
    """True when the attendance low[start:end] is one side of an "or" ("in person or
    remotely", "whether in person or online"): a choice, not a statement."""
    return bool(_OR_BEFORE.search(low[max(0, start - 30): start]) or _OR_AFTER.match(low[end: end + 5]))


def _attendance_hits(low: str) -> list[tuple[str, int, int, bool]]:
    hits = []
    for regex, value in ((IN_PERSON_RE, "in_person"), (REMOTE_RE, "remote")):
        for m in regex.finditer(low):
            before = low[max(0, m.start() - 30): m.start()]
            # A negation word, not the end of an address ("aid.dep.no – will attend in person").
            if _NEGATED.search(before):
                continue
            if _EVEN.search(before) and _NEGATION_WORD.search(low, _sentence_start(low, m.start()), m.start()):
                continue
            if is_choice(low, m.start(), m.end()):
                cond = True
            else:
                cond = bool(CONDITIONAL_RE.search(sentence_around(low, m.start(), m.end())))
            hits.append((value, m.start(), m.end(), cond))
    hits.sort(key=lambda h: h[1])
    return hits


def without_posts(text: str, titles, norm=lambda s: s) -> str:  # type: ignore[no-untyped-def]
    """`text` with each piece (between commas) of the posts read blanked out: "Principal
    Advisor" or "Conseillère de direction" in a post gives no one a role. `norm` is applied to
    the pieces as it was to `text` (folding)."""
    for title in titles:
        for piece in re.split(r",\s*", title or ""):
            if len(piece) > 3:
                text = text.replace(norm(piece), " ")
    return text


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence (or list item) holding text[pos] starts."""
    return max(text.rfind(". ", 0, pos), text.rfind("\n\n", 0, pos), text.rfind(";", 0, pos), text.rfind("\n-", 0, pos)) + 1


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or list item) holding text[start:end]; a labelled line ("Mode of
    participation: in person") is one of its own, whatever the next line says."""
    left = _sentence_start(text, start) - 1
    right_candidates = [i for i in (text.find(". ", end), text.find("\n\n", end), text.find(";", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    line_start = text.rfind("\n", 0, start) + 1
    if ":" in text[line_start:start]:
        line_end = text.find("\n", end)
        left = max(left, line_start - 1)
        right = min(right, line_end if line_end != -1 else len(text))
    return text[left + 1: right]


def honorific_gender(honorifics: list[str]) -> str | None:
    """The gender the salutations say, or None (Dr, H.E. say nothing)."""
    found = None
    for h in honorifics:
        key = h.rstrip(".").strip()
        g = HONORIFICS.get(key) if key in HONORIFICS else HONORIFICS.get(key.capitalize())
        if g:
            found = g
    return found


def word_gender(word: str, lang: str) -> str | None:
    """Grammatical gender of a French or Spanish title or role word (Directora, Conseillère)."""
    w = word.lower().strip(" ,.:;")
    if w in FEMININE_WORDS:
        return "female"
    if lang in GENDERED_LANGUAGES and w in MASCULINE_WORDS:
        return "male"
    return None


def title_gender(title: str | None, lang: str) -> str | None:
    if not title:
        return None
    first = re.split(r"[\s,]+", title.strip())
    for word in first[:2]:
        g = word_gender(word, lang)
        if g:
            return g
        if word.lower() not in ("sous-directrice", "sous-directeur", "primera", "primer"):
            break
    return None


_PARTICLES = {"épouse", "epouse", "née", "nee", "veuve", "los", "las", "binte", "bte", "bt", "anak", "de", "dela", "delos", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "la", "le", "van", "von", "der", "den",
              "ter", "ten", "bin", "binti", "ibn", "al", "el", "y", "e", "i", "ould", "ben", "abu", "mac", "st.", "st", "zu"}
# Particles a surname may open with, after an honorific: "Mr van der Merwe", "Sra. de la Rosa".
_LEADING_PARTICLES = {"de", "dela", "delos", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "van", "von",
                      "ter", "ten", "zu"}
_NAME_TOKEN = patterns.compile(r"[ \t]*(\n[ \t]*)?([^\s,;:()<>|\[\]–—\"“”«»]+)")


def _capitalised(tok: str) -> bool:
    t = drop_elision(tok.lstrip("'’‘"))  # after an elided particle: "d'Huart", "d’Almeida"
    return bool(t) and t[0].isupper()


@functools.lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(fold(w) for w in TITLE_WORDS)


def is_title_word(tok: str) -> bool:
    """A word of a post ("Director"), or a compound of one ("Director-General", "Vice-Ministre")."""
    word = fold(tok.strip(".,"))
    words = _title_words()
    return word in words or ("-" in word and any(part in words for part in word.split("-")))


def read_name(text: str, pos: int) -> tuple[str, int]:
    """The name that starts at `pos` (after any honorific): (name, end offset)."""
    tokens: list[str] = []
    end = pos
    i = pos
    pending: list[str] = []
    while len(tokens) < 8:
        m = _NAME_TOKEN.match(text, i)
        if not m:
            break
        tok = m.group(2)
        if m.group(1) is not None:
            # A name broken over two lines in hard-wrapped letters: "Ana Lucía\nPérez Gómez, Directora".
            # (after a particle, "María José de la / Fuente Urrutia", the name surely goes on)
            if not tokens or len(tokens) > 4:
                break
            line_end = text.find("\n", m.start(2))
            rest = text[m.start(2): line_end if line_end != -1 else len(text)]
            chunk = re.split(r"[,(]", rest, 1)
            words = chunk[0].split()
            if len(chunk) < 2 or not (1 <= len(words) <= 3) or not all(_capitalised(w) and not is_title_word(w) for w in words):
                break
            if any(ch.isdigit() or ch == "@" for ch in chunk[0]):
                break
        low = tok.lower()
        stripped = tok
        sentence_end = False
        # Initials ("J.", "Ma.", "W.M.") do not end a sentence.
        if tok.endswith(".") and not re.fullmatch(r"(?:[A-Z][a-z]?\.){1,4}", tok) and low not in ("st.",):
            stripped = tok[:-1]
            sentence_end = True
        if low in _PARTICLES and (tokens or pending or (low in _LEADING_PARTICLES and i == pos)):
            pending.append(tok)
            i = m.end()
            continue
        if not stripped or not _capitalised(stripped) or is_title_word(stripped) or any(ch.isdigit() for ch in stripped) or "@" in stripped:
            break
        if not re.fullmatch(r"[\w'’‘./-]+", stripped):
            break
        if len(stripped) > 3 and stripped[-2:] in ("'s", "’s"):
            # "Mr. Cheruiyot's email address is ...": the possessive ends the name.
            tokens.extend(pending)
            tokens.append(stripped[:-2])
            end = m.start(2) + len(stripped) - 2
            break
        tokens.extend(pending)
        pending = []
        tokens.append(stripped)
        end = m.end() - (1 if sentence_end else 0)
        i = m.end()
        if sentence_end:
            break
    return " ".join(tokens), end


def clean_title(title: str) -> str | None:
    t = re.sub(r"\s+", " ", title).strip()
    t = re.sub(r"^[\s,;:–—-]+", "", t)
    # A label read with its value ("cargo: Directora General ..."): the post is what follows it.
    t = re.sub(r"(?i)^(?:title|position|job title|function|designation|fonction|titre|poste|cargo|puesto)\s*:\s*", "", t)
    t = re.sub(r"[\s,;:–—°•*·.-]+$", "", t)
    # A lone letter at the end is a speck of the scan or a cut word ("Department o"), unless it
    # names a unit of a series ("Division E", "Section B").
    t = re.sub(r"(?i)(?<=\w{3})(?<!division)(?<!section)(?<!unit)(?<!group)(?<!annex)(?<!wing)(?<!block)(?<!grade)"
               r"(?<!level)(?<!class)(?<!team)(?<!part)(?<!bureau)(?<!sector)(?<!secteur)(?<!sección)\s+[a-z]$", "", t)
    t = t.replace(" ,", ",")
    # "same ministry" points back to the line above; it is not part of the title.
    t = re.sub(r"(?i),\s*(?:m[êe]me minist[èe]re|same ministry|mismo ministerio|idem|ditto)$", "", t)
    if len(t) < 3 or not re.search(r"[A-Za-zÀ-ÿ]{3}", t):
        return None
    return t
