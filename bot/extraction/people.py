"""Who a message nominates: anchors (a salutation and a name, a "Name:" line, a table row),
the role each is given, and the title, e-mail, attendance and gender read around it."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from bot import patterns
from bot.extraction import fields as F
from bot.extraction.lexicon import (
    BLANK, CONJUNCTIONS, GENDERED_LANGUAGES, GROUP_RE, HONORIFIC_RE, NOMINATION_RE, PRONOUNS, ROLE_RE, TABLE_HEADERS,
    alternation, fold, pieces, role_of,
)
from bot.extraction.texts import closing_index

_BULLET = r"[ \t\-–—•*·▪►o\d.()ivx]*"  # (a dash may be an en or em dash: "– Représentant : M. X")
# The article before a name ("a la Sra. X"). Of the words, only "a la" and "a" match at one
# place, and the language file keeps "a la" first; so the order of languages is free.
_ARTICLE = rf"(?:(?:{alternation('NAME_ARTICLES')})\s+)?"
_GOV = "(?:" + "".join(rf"{word}\s+|" for word in pieces("ROLE_GOVERNMENT_BEFORE"))[:-1] + ")?"
# No two of the words match at one place: their order is free.
_ROLE_TAIL = rf"(?:\s+(?:{alternation('ROLE_TAIL')}))?"
# The agent after a passive: "by", "par", "por".
_BY = alternation("AGENT_BY")
# Whose role it is: "as its representative", "as the Government of Malawi's representative".
_OWNER = alternation("OWNER")
_NAME_LABEL = rf"(?:(?:{alternation('NAME_LABELS')})\s*:[ \t]*)?"
# One to three styles before a name, one of them perhaps in brackets: "Dr. (Mrs.) Ngozi Okafor-Eze".
HONORIFIC_SEQ = patterns.compile(rf"(?<![\w.])(?:(?:{HONORIFIC_RE})\s+|\((?:{HONORIFIC_RE})\)\s+(?=\S)){{1,3}}")
_HON_ONE = patterns.compile(rf"(?:{HONORIFIC_RE})")

LEAD_HEADER = patterns.compile(rf"(?im)(?:\A|(?:^[ \t]*|[.:;][ \t]*)\n){_BULLET}{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}\s*[:：\-–—]?[ \t]*\n(?:[ \t]*\n)?{_BULLET}{_NAME_LABEL}{_ARTICLE}$")
LEAD_LABEL = patterns.compile(rf"(?i)(?:^|[\n;•])({_BULLET}){_GOV}((?:{ROLE_RE})){_ROLE_TAIL}\s*[:：–—-]\s*{_ARTICLE}$")
# Of the words before the role, and of the articles, no two match at one place: order is free.
# ("Como asesor, asistirá en remoto D. X": a comma may follow the role before the verb.)
LEAD_PROSE = patterns.compile(
    rf"(?i)\b(?:{alternation('LEAD_AS')})\s+(?:{alternation('LEAD_AS_ARTICLES')})?{_GOV}((?:{ROLE_RE}))"
    rf"(?:,(?=\s))?(?:\s+(?!(?:{alternation('CLAUSE_JOINERS')})\b)[\w'’-]+){{0,7}}?\s*[,:\-–—]?\s*{_ARTICLE}$"
)
LEAD_BY = patterns.compile(
    rf"(?i)\b(?:{alternation('REPRESENTED')})\b(?:\s+[\w'’-]+){{0,5}}?\s+(?:" + _BY + r")\s*:?\s*"
    r"(?:[\-•*·▪►]\s*|\d{1,2}[.)]\s*)?" + _ARTICLE + "$"
    # "nos representaría la suscrita, Dra. X", "would be represented by us by", "nous représenterait M. X"
    rf"|(?i:\b(?:{alternation('REPRESENTS_US')}))\b[^.;:\n]{{0,40}}?$")
# The same with the meeting's long name in between ("estará representado en la Reunión técnica
# sobre ..., la productividad y ... manufacturera por la Dra. X"): one sentence, no other name.
LEAD_BY_LONG = patterns.compile(
    rf"(?i)\b(?:{alternation('WILL_BE_REPRESENTED')})\b"
    r"(?:\s+[^\s.;:@]+){0,45}?\s+(?:" + _BY + r")\s+" + _ARTICLE + "$")
_POSSESSIVE = rf"(?:{alternation('POSSESSIVES')})"
_NEW = rf"(?:(?:{alternation('ROLE_NEW')})\s+)?"
LEAD_APPOSITION = patterns.compile(rf"(?i)\b{_POSSESSIVE}\s+{_NEW}{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}\s*[,:–—-]\s*$")
LEAD_COPULA = patterns.compile(
    rf"(?i)\b{_POSSESSIVE}\s+{_NEW}{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}"
    # "el representante del Gobierno argentino en la reunión técnica del 13 al 17 de abril será el Sr. X"
    # (of the words before the place, and of the verbs, no two can end one match: order is free)
    rf"(?:\s+(?:{alternation('COPULA_PLACE')})\s+[^.;:\n@]{{2,90}}?)?"
    rf"\s+(?:{alternation('COPULAS')})\s*:?\s*{_ARTICLE}$")
# (The words between the role and the colon may be cut by the line's wrapping, not by a blank line:
# "add an adviser to\nUganda's delegation:".)
LEAD_ADD = patterns.compile(
    rf"(?i)\b(?:{alternation('ADD_ARTICLES')})\s+(?:(?:{alternation('ADD_WORDS')})\s+)?((?:{ROLE_RE}))\b"
    rf"(?:[^.\n;:]|\n(?![ \t]*\n)){{0,50}}:\s*{_ARTICLE}$")
LEAD_REPLACED = patterns.compile(rf"(?i)\b(?:{alternation('REPLACED_BY')})\s+(?:{_BY})\s*:?\s*{_ARTICLE}$")
# The role heading a line or a clause: "\n\nConseillère :" introduces the next person.
_TRAIL_HEADING = patterns.compile(
    rf"(?i)(?:^|[–—|;(]|\s-{{1,2}})[{BLANK}]*+(?:\n[{BLANK}]*+)?{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}(?=\s*+[–—|;,.):(]|\s++-\s|[{BLANK}]*+(?:\n|\Z))", re.M)
_POSSESSIVE_AFTER_NAME = (rf"(?:{alternation('POSSESSIVES_AFTER_NAME')})\s+"
                          rf"(?:(?:{alternation('DESIGNATED_BEFORE_ROLE')})\s+)?{_GOV}")
# The first match of each counts, the earliest of all wins, and on a tie the first in this list.
# Each language's phrases start with words no other pattern here starts with, so their place
# in the list decides no tie.
_TRAIL_ELIDED = patterns.compile("(?i)" + alternation("TRAIL_ROLE_ELIDED").replace("{ROLE}", ROLE_RE))
# Where the person's own sentence has ended: a full stop, a blank line, a salutation line
# ("Monsieur le Directeur,"), a subject line ("Objet : ...").
_SENTENCE_END = patterns.compile(rf"(?i)[.!?](?:\s|$)|\n[ \t]*\n|\n[^\n]{{0,40}},[ \t]*\n"
                                 rf"|\n[{BLANK}]*(?:{alternation('LETTER_SUBJECT')})[{BLANK}]*[:.]")
_SUBJECT_LINE = patterns.compile(rf"(?i)[{BLANK}]*(?:{alternation('LETTER_SUBJECT')})[{BLANK}]*[:.]")
TRAIL_ROLE = [
    *(patterns.compile("(?i)" + phrase.replace("{OWNER}", _OWNER).replace("{GOV}", _GOV).replace("{ROLE}", ROLE_RE))
      for phrase in pieces("TRAIL_ROLE_PHRASES")),
    _TRAIL_HEADING,
    _TRAIL_ELIDED,
    # The role closing a person's line before the details in brackets or the end of the item:
    # "..., représentant du Gouvernement (x@y), par visioconférence ;".
    patterns.compile(rf"(?i),[{BLANK}]*+{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}(?=[{BLANK}]*+(?:\(|[;.]|\n|\Z))", re.M),
    # (the labels can only end where a colon follows: their order is free)
    patterns.compile(rf"(?im)^[{BLANK}]*(?:{alternation('ROLE_FIELD')}"
               rf"|(?:{alternation('ROLE_FIELD_OF')}) (?:{alternation('ROLE_FIELD_IN')}) (?:{alternation('ROLE_FIELD_THE')})?"
               rf"(?:{alternation('ROLE_FIELD_DELEGATION')}))"
               rf"\s*:\s*[^\n]*?((?:{ROLE_RE}))"),
    patterns.compile(rf"(?i)^\s*,\s*{_POSSESSIVE_AFTER_NAME}((?:{ROLE_RE}))\b"),
    patterns.compile(rf"(?i)^\s*,\s*((?:{ROLE_RE}))\s+(?:{alternation('DESIGNATED_AFTER_ROLE')})\b"),
]
# The person is said to attend ("Mr X will attend in person", "la Sra. X participará"):
# in a follow-up that answers our request this names the nominee without a role.
ANNOUNCE_RE = patterns.compile(rf"(?i)^(?:[^.\n]|\n(?![ \t]*\n)){{0,100}}?\b(?:{alternation('ANNOUNCE')})")
# The sentence leading to a name says it gives that person's address: "El correo de la Sra. X es ..."
ADDRESS_LEAD_RE = patterns.compile(
    rf"(?i)\b(?:{alternation('ADDRESS_OF')})\s+(?:{alternation('ADDRESS_OF_PREPOSITIONS')})\s*"
    rf"(?:{alternation('ADDRESS_OF_ARTICLES')})?$")
# ... or after it, in English: "Mr X's e-mail address should read ...".
ADDRESS_AFTER_RE = patterns.compile(rf"(?i)['’]s\s+(?:{alternation('ADDRESS_OF')})\b")
WITHDRAWN_RE = patterns.compile(rf"(?i)\b(?:{alternation('WITHDRAWN')})\b")
IN_PLACE_OF_RE = patterns.compile(rf"(?i)\b(?:{alternation('IN_PLACE_OF')})\s+{_ARTICLE}$")
REPLACES_RE = patterns.compile(rf"(?i)^[\s,]*(?:{alternation('REPLACES')})\s+{_ARTICLE}$")
# The same after the first person's post and address: "M. X, Premier Secrétaire de la Mission
# (x@mae.gouv.ht), remplacera Mme Y".
REPLACES_AFTER_APPOSITION = patterns.compile(
    rf"(?i)[,)]\s*(?:{alternation('REPLACES')}|{alternation('ACCOMPANIES')})\s+{_ARTICLE}$")
_NOT_A_TITLE = patterns.compile(rf"(?i)^{_POSSESSIVE_AFTER_NAME}(?:{ROLE_RE})\b|^(?:{alternation('NOT_A_TITLE')})\b")
TRAIL_REPRESENT = patterns.compile(rf"(?i)\b(?:{alternation('REPRESENT_PHRASES')})\b")
# Patterns the readers below try on every cell, line or name: compiled once.
_ROLE_PHRASE = rf"{_GOV}(?:{ROLE_RE}){_ROLE_TAIL}"  # "Government Representative", "Adviser"
_FUNCTION_CELL = patterns.compile(rf"(?i)\s*(?:{alternation('FUNCTION_LABEL')})\s*[:.]?\s*")
_ROLE_CELL = patterns.compile(rf"(?i)\s*{_ROLE_PHRASE}\s*")
_ROLE_IN_BRACKETS = patterns.compile(rf"(?i)\(\s*{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}\s*\)")
_ROLE_LABEL_INLINE = patterns.compile(rf"(?im)^{_BULLET}{_ROLE_PHRASE}[ \t]*[:：][ \t]*(?=\S)")
_ROLE_LABEL_ABOVE = patterns.compile(rf"(?im)^{_BULLET}{_ROLE_PHRASE}\s*:?[ \t]*\n(?:[ \t]*\n)?[ \t]*")
_ROLE_LINE = patterns.compile(rf"(?i){_BULLET}{_ROLE_PHRASE}\s*:?\s*$")
# A line a dash or bullet opens with the role, a sentence perhaps after it ("- Representative. He will ...").
_ROLE_MARK_LINE = patterns.compile(rf"(?i)[-–—•*·▪►]\s*{_ROLE_PHRASE}\s*(?:[.;:,]|$)")
_NAME_OVER = patterns.compile(rf"[ \t]*(?:,|\(|{alternation('AS_AFTER_NAME')})")  # "Ms X, ...", "Ms X as ..."
_CONTACT_LINE = patterns.compile(rf"(?i)(?:{alternation('PHONE_LABELS')})\b")
_EMAIL_WORD = patterns.compile(rf"(?i)(?:{alternation('EMAIL_WORDS')})\b")
_FEMININE_BEFORE = patterns.compile(rf"\b(?:{alternation('ARTICLES_FEMININE')})\s*$")
_MASCULINE_BEFORE = patterns.compile(rf"\b(?:{alternation('ARTICLES_MASCULINE')})\s*$")
LABEL_NAME = patterns.compile(rf"(?im)^[ \t\-•*·\d.]*(?:{alternation('NAME_FIELD_LABELS')})[ \t]*:[ \t]*")
# "TRAORÉ, Fatoumata Binta": a surname in capitals, a comma, the given names to the end of the line.
SURNAME_FIRST = patterns.compile(r"([A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:[ \t]+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)*),[ \t]*([A-ZÀ-Ý][\w'’-]+(?:[ \t]+[A-ZÀ-Ý][\w'’-]+){0,3})[ \t]*(?=\n|\Z)")
# A label can only end where a colon follows, and two that end at one place are one word
# ("email"): their order is free.
_TITLE_LABEL = patterns.compile(rf"(?i)(?:{alternation('TITLE_LABELS')})")
_ATTENDANCE_LABEL = patterns.compile(alternation("ATTENDANCE_LABELS"))
LABEL_FIELD = patterns.compile(
    rf"(?im)^[ \t\-•*·]*(?P<label>{alternation('EMAIL_LABELS')}|{alternation('TITLE_LABELS')}|"
    rf"{alternation('ATTENDANCE_LABELS')}|{alternation('ROLE_LABELS')}|"
    # The unit or ministry, on a line of its own under the post: part of the title.
    rf"{alternation('UNIT_LABELS')})"
    r"[ \t]*:[ \t]*(?P<value>.*)$"
)
_UNIT_LABEL = patterns.compile(rf"(?i){alternation('UNIT_LABELS')}")
SALUTATION_LINE = patterns.compile(rf"(?i)^\s*(?:{alternation('ADDRESSEE_LINE')})\b")
# A table cell that names a column (field -> pattern), in the order the fields are tried.
_HEADER_CELLS = {key: patterns.compile(rf"(?i)\s*(?:{pattern})\s*[:.]?\s*") for key, pattern in TABLE_HEADERS.items()}
_HONORIFIC_IN_BRACKETS = patterns.compile(rf"[ \t]*\((?:{HONORIFIC_RE})\)")  # "Marie Hoareau (Mrs)"
_ROLE_AFTER_DASH = patterns.compile(rf"(?i)[–—;(-]\s*((?:{ROLE_RE}))\s*(?=[–—;,.)]|$)")
PRONOUN_RE = patterns.compile("(" + "|".join(PRONOUNS) + r")\b")


@dataclass
class Person:
    """One nominee as read, with where each field came from (offsets in the segment's text)."""

    source: str
    role: str | None = None
    role_conf: float = 0.0
    name: str | None = None
    honorifics: list[str] = field(default_factory=list)
    title: str | None = None
    email: str | None = None
    attendance: str | None = None
    gender: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    conf: dict[str, float] = field(default_factory=dict)
    conditional_attendance: bool = False
    start: int = 0
    end: int = 0
    nominated: bool = False  # a nomination verb leads to it
    replaced: bool = False  # "replaced by": a replacement in an amendment
    withdrawn: bool = False  # "will no longer attend": the person being replaced or withdrawn
    from_table: bool = False
    announced: bool = False  # "Mme X participera en présentiel": said to attend, no role given

    def set(self, key: str, value, span: tuple[int, int], conf: float) -> None:
        if value is None:
            return
        setattr(self, key, value)
        self.spans[key] = span
        self.conf[key] = conf

    def tokens(self) -> set[str]:
        return {t for t in re.split(r"[\s/'’.-]+", fold(self.name or "")) if len(t) >= 2}


@dataclass
class _Anchor:
    start: int  # where the honorific or label starts
    name_start: int
    name_end: int
    name: str
    honorifics: list[str]
    kind: str = "honorific"  # honorific, label, header
    person: Person | None = None
    ref: Person | None = None  # a later mention of a known person
    lead_start: int | None = None
    role: str | None = None
    role_conf: float = 0.0
    lead_role_word: str | None = None


def _double_spaced(text: str) -> bool:
    lines = text.split("\n")
    nonblank = [i for i, l in enumerate(lines) if l.strip()]
    if len(nonblank) < 6:
        return False
    followed_by_blank = sum(1 for i in nonblank if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed_by_blank / len(nonblank) > 0.6


# (Each line: blanks, a cell that starts with a character, one bar, the same: one way to match,
# linear on long lines without a bar.)
_KEY_VALUE_BLOCK = patterns.compile(r"(?m)(?:^[ \t]*[^|\s][^|\n]*\|[ \t]*[^|\s][^|\n]*(?:\n|$)){3,}")


def _mask_tables(text: str) -> tuple[str, list[tuple[int, int, list[str]]]]:
    """Table rows ("a | b | c") replaced by blanks; returns (masked text, rows as (start, end, cells))."""
    if "|" not in text and "\t" not in text:
        return text, []  # a row has two bars or a tab
    rows = []
    out = list(text)
    for m in re.finditer(r"(?m)^.*\|.*\|.*$|^[^\t\n]*\S\t+\S[^\t\n]*\t+\S.*$", text):
        sep = "|" if "|" in m.group(0) else "\t"
        cells = [c.strip() for c in re.split(r"\t+" if sep == "\t" else r"\|", m.group(0))]
        rows.append((m.start(), m.end(), cells))
    # A table of two columns, a field and its value ("Nom et prénoms | M. X", "Courriel | x@y"):
    # three lines of one bar or more in a row, two of them opening with a field's name.
    for m in _KEY_VALUE_BLOCK.finditer(text):
        lines = list(re.finditer(r"[^\n]+", m.group(0)))
        cells = [[c.strip() for c in line.group(0).split("|")] for line in lines]
        if sum(_field_of(c[0]) is not None for c in cells) >= 2:
            rows.extend((m.start() + line.start(), m.start() + line.end(), c) for line, c in zip(lines, cells))
    rows.sort(key=lambda r: r[0])
    for start, end, _ in rows:
        for i in range(start, end):
            out[i] = " "
    return "".join(out), rows


def read_tables(text: str, rows: list[tuple[int, int, list[str]]], source: str, lang: str) -> list[Person]:
    """Participants from table rows: a header row names the columns, or a role cell tells the row."""
    people: list[Person] = []
    columns: dict[str, int] | None = None
    rows, transposed = _transpose(text, rows)
    for start, end, cells, fixed in transposed + [(a, b, c, None) for a, b, c in rows]:
        if fixed is not None:
            columns = fixed
            fixed_row = True
        else:
            fixed_row = False
        header = {}
        for i, cell in enumerate(cells):
            for key, names_column in _HEADER_CELLS.items():
                if key not in header and names_column.fullmatch(cell):
                    header[key] = i
                    break
                if key == "title" and key in header and "role" not in header and names_column.fullmatch(cell) \
                        and _FUNCTION_CELL.fullmatch(cells[header["title"]]):
                    # "Fonction | Nom | Titre": with a second title column, "Fonction" is the role in the delegation.
                    header["role"], header["title"] = header["title"], i
                    break
        if not fixed_row and (len(header) >= 2 and "name" in header or len(header) >= 3):
            columns = header
            continue
        role_idx = next((i for i, c in enumerate(cells) if _ROLE_CELL.fullmatch(c)), None)
        if columns is None and role_idx is None:
            continue
        cols = dict(columns or {})
        if role_idx is not None:
            cols.setdefault("role", role_idx)
        if "email" not in cols:
            idx = next((i for i, c in enumerate(cells) if "@" in c), None)
            if idx is not None:
                cols["email"] = idx
        if "attendance" not in cols:
            idx = next((i for i, c in enumerate(cells) if F.attendance_in(c) and len(c) < 40), None)
            if idx is not None:
                cols["attendance"] = idx
        used = set(cols.values())
        rest = [i for i in range(len(cells)) if i not in used and cells[i]]
        if "name" not in cols and rest:
            cols["name"] = rest.pop(0)
        if "title" not in cols and rest:
            cols["title"] = max(rest, key=lambda i: len(cells[i]))

        def cell(key: str) -> str:
            i = cols.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        def span_of(key: str) -> tuple[int, int]:
            c = cell(key)
            pos = text.find(c, start, end) if c else -1
            return (pos, pos + len(c)) if pos >= 0 else (start, end)

        raw_name = cell("name")
        cell_role = None
        paren = _ROLE_IN_BRACKETS.search(raw_name)
        if paren:
            cell_role = role_of(paren.group(1))
            raw_name = (raw_name[: paren.start()] + raw_name[paren.end():]).strip()
        hon = HONORIFIC_SEQ.match(raw_name)
        honorifics = _HON_ONE.findall(hon.group(0)) if hon else []
        name_text = raw_name[hon.end():] if hon else raw_name
        name, _ = F.read_name(name_text, 0)
        if not name:
            continue
        p = Person(source=source, start=start, end=end, from_table=True, honorifics=honorifics)
        role = role_of(cell("role")) if cell("role") else cell_role
        p.set("role", role, span_of("role"), 0.95 if role else 0.0)
        p.role_conf = 0.95 if role else 0.0
        p.set("name", name, span_of("name"), 0.93)
        title = F.clean_title(cell("title")) if cell("title") else None
        p.set("title", title, span_of("title"), 0.9)
        emails = F.find_emails(cell("email")) if cell("email") else []
        if emails:
            addr, _, _, conf = emails[0]
            p.set("email", addr, span_of("email"), conf if F.email_matches_name(addr, name) else min(conf, 0.7))
        att = F.attendance_in(cell("attendance")) if cell("attendance") else []
        if att:
            value, _, _, cond = att[-1]
            if cond:
                p.conditional_attendance = True
            else:
                p.set("attendance", value, span_of("attendance"), 0.92)
        gender = F.honorific_gender(honorifics) or F.word_gender(cell("role"), lang) or F.title_gender(title, lang)
        if gender:
            p.set("gender", gender, span_of("name"), 0.9)
        # A row of a table of people with an address or an attendance, without a role column
        # (the details we asked for): the person is named, the role is matched or decided later.
        p.announced = not role and bool(p.email or p.attendance)
        people.append(p)
    return people


def _field_of(cell: str) -> str | None:
    for key, header in _HEADER_CELLS.items():
        if header.fullmatch(cell):
            return key
    return None


def _transpose(text: str, rows: list[tuple[int, int, list[str]]]):
    """A table with one column per person ("Name | Mr A | Ms B", "Title | ... | ..."): its rows
    read as one row per person. Returns (the other rows, [(start, end, cells, columns)])."""
    out, used = [], set()
    i = 0
    while i < len(rows):
        block = []
        j = i
        while j < len(rows) and len(rows[j][2]) >= 2:
            cells = rows[j][2]
            labelled = _field_of(cells[0]) is not None  # "Name | ...", "Role | ..."
            role_row = not block and not cells[0].strip() and all(role_of(c) for c in cells[1:] if c.strip())
            if not (labelled or role_row):
                break
            block.append(j)
            j += 1
        fields = [_field_of(rows[k][2][0]) for k in block]
        if "name" in fields and len(set(f for f in fields if f)) >= 2 and len(set(fields) - {None}) == len([f for f in fields if f]):
            width = max(len(rows[k][2]) for k in block)
            keys = ["role" if f is None else f for f in fields]
            start, end = rows[block[0]][0], rows[block[-1]][1]
            head: list[str] = []
            if "role" not in keys:
                # The role row may have lost its empty corner cell: "Representative | Adviser".
                prev = text[text.rfind("\n", 0, max(0, start - 1)) + 1: start].strip()
                cand = [c.strip() for c in prev.split("|")]
                if len(cand) == width - 1 and all(role_of(c) for c in cand):
                    head = cand
                    keys = keys + ["role"]
            for col in range(1, width):
                cells = [rows[k][2][col] if col < len(rows[k][2]) else "" for k in block]
                if head:
                    cells.append(head[col - 1])
                if any(c.strip() for c in cells):
                    out.append((start, end, cells, {key: n for n, key in enumerate(keys)}))
            used.update(block)
            i = j
        else:
            i += 1
    return [r for n, r in enumerate(rows) if n not in used], out


class _Taken:
    """Which offsets the anchors cover (start <= pos < name_end + pad), for the loops of
    _anchors that skip a place already read: a bisection over the anchors found before
    the loop, and the furthest end of those the loop adds (in text order, so all start at
    or before the place asked). A message of many thousand names stays linear."""

    def __init__(self, anchors: list[_Anchor]):
        self.anchors = anchors
        ordered = sorted(anchors, key=lambda a: a.start)
        self.starts = [a.start for a in ordered]
        self.ends: list[int] = []
        for a in ordered:
            self.ends.append(max(a.name_end, self.ends[-1]) if self.ends else a.name_end)
        self.added_end = -1

    def covers(self, pos: int, pad: int = 0) -> bool:
        i = bisect_right(self.starts, pos)
        return (i > 0 and pos < self.ends[i - 1] + pad) or pos < self.added_end + pad

    def add(self, anchor: _Anchor) -> None:
        self.anchors.append(anchor)
        self.added_end = max(self.added_end, anchor.name_end)


def _names_a_state(text: str) -> bool:
    """True when `text` begins with the name of a member State."""
    from bot.states import load_states

    return any(start == 0 for _code, start, _end in load_states().find(text))


def _anchors(masked: str) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    for m in HONORIFIC_SEQ.finditer(masked):
        line_start = masked.rfind("\n", 0, m.start()) + 1
        if SALUTATION_LINE.match(masked[line_start: m.start()] or "") and masked[line_start: m.start()].strip():
            continue  # "Dear Mr Molefe," addresses someone, it does not nominate
        name, end = F.read_name(masked, m.end())
        honorifics = _HON_ONE.findall(m.group(0))
        # Honorifics alone ("M." in "M.Sc", "Dr" in a sentence): need a name after them.
        if not name:
            word = re.match(r"[\w'’-]+", masked[m.end():])
            if word and F.is_title_word(word.group(0)):
                anchors.append(_Anchor(m.start(), m.end(), m.end() + len(word.group(0)), "", honorifics, "title-ref"))
            continue
        if _names_a_state(masked[m.start(): end]):
            continue  # "Sri Lanka", "San Marino": a country whose name starts like an honorific
        anchors.append(_Anchor(m.start(), m.end(), end, name, honorifics))
    taken = _Taken(anchors)
    for m in LABEL_NAME.finditer(masked):
        hon = HONORIFIC_SEQ.match(masked, m.end())
        pos = hon.end() if hon else m.end()
        name, end = F.read_name(masked, pos)
        inverted = SURNAME_FIRST.match(masked, pos)
        if inverted:  # the name in the order people write it: "Fatoumata Binta TRAORÉ"
            name, end = f"{inverted.group(2)} {inverted.group(1)}", inverted.end()
        if name and not taken.covers(pos):
            taken.add(_Anchor(m.start(), pos, end, name, _HON_ONE.findall(hon.group(0)) if hon else [], "label"))
    # A role label with a bare name on its line ("Représentant : RAKOTOMANGA Hery Lalaina").
    taken = _Taken(anchors)
    for m in _ROLE_LABEL_INLINE.finditer(masked):
        pos = m.end()
        if taken.covers(pos, 1):
            continue
        line_end = masked.find("\n", pos)
        line = masked[pos: line_end if line_end != -1 else len(masked)]
        name, end = F.read_name(masked, pos)
        rest = masked[end: line_end if line_end != -1 else len(masked)]
        if name and 2 <= len(name.split()) <= 6 and (not rest.strip() or re.match(r"\s*[,;(–—-]", rest)) and "@" not in name:
            taken.add(_Anchor(pos, pos, end, name, [], "label"))
    # A role header line followed by a bare name line ("Adviser\nNora Lindqvist").
    taken = _Taken(anchors)
    for m in _ROLE_LABEL_ABOVE.finditer(masked):
        pos = m.end()
        if taken.covers(pos, 1):
            continue
        line = masked[pos: masked.find("\n", pos) if masked.find("\n", pos) != -1 else len(masked)]
        name, end = F.read_name(masked, pos)
        if name and 2 <= len(name.split()) <= 5 and "@" not in name and (
                (masked[end:end + 1] in ("\n", "") and len(line.strip()) == len(name))
                or re.match(r"[ \t]*,[ \t]*\S", masked[end:end + 3])):  # "Eirik Solbakken, Senior Adviser, ..."
            taken.add(_Anchor(pos, pos, end, name, [], "header"))
    # A name right after a verb of nomination, with no style before it: "would like to nominate
    # Aroha Tipene, Principal Advisor, ..., as our Government representative"; after "replaced
    # ... by", perhaps with a post before it: "replaced as representative by Director Ronaldo
    # P. Villanueva, Director IV, ...".
    _bare_names_after(masked, NOMINATE_VERB, anchors)
    _bare_names_after(masked, REPLACED_AGENT, anchors, posts=True)
    # A numbered or bulleted item whose first line is a bare name, the person's post on the
    # lines under it, in a list the letter announces as its nominations ("has nominated the
    # following officials:\n\n  1. Md. Shahidul Islam\n     Additional Secretary ...").
    taken = _Taken(anchors)
    for m in _LIST_ITEM_LINE.finditer(masked):
        pos = m.end()
        if taken.covers(pos, 1):
            continue
        name, end = F.read_name(masked, pos)
        below = re.match(r"[ \t]*\n[ \t]*(\S[^\n]*)", masked[end:end + 200])
        if name and 2 <= len(name.split()) <= 5 and below and not _names_a_state(name) \
                and NOMINATION_RE.search(masked, max(0, m.start() - 600), m.start()):
            taken.add(_Anchor(pos, pos, end, name, [], "item"))
    anchors.sort(key=lambda a: a.start)
    # Drop anchors inside another's name (the label and the honorific reading the same name).
    out: list[_Anchor] = []
    for a in anchors:
        if out and a.start < out[-1].name_end:
            continue
        out.append(a)
    return out


def _bare_names_after(masked: str, regex: re.Pattern, anchors: list[_Anchor], posts: bool = False) -> None:
    """An anchor for the name with no style before it that follows each match of `regex`
    (past the post words before it, with `posts`), when a comma, a bracket or "as" follows it."""
    taken = _Taken(anchors)
    for m in regex.finditer(masked):
        pos = m.end()
        while posts and (word := _POST_WORD.match(masked, pos)) and F.is_title_word(word.group(1)):
            pos = word.end()
        if taken.covers(pos, 1):
            continue
        name, end = F.read_name(masked, pos)
        if name and 2 <= len(name.split()) <= 5 and "@" not in name and not _names_a_state(name) \
                and _NAME_OVER.match(masked[end:end + 14]):
            taken.add(_Anchor(pos, pos, end, name, [], "verb"))


def _lead(masked: str, a: _Anchor, floor: int) -> None:
    """Role given just before the name: a label, a header line, "as adviser", "represented by"."""
    window = masked[max(floor, a.start - 200): a.start]
    base = a.start - len(window)
    for regex, conf in ((LEAD_HEADER, 0.92), (LEAD_LABEL, 0.95), (LEAD_PROSE, 0.92), (LEAD_APPOSITION, 0.85), (LEAD_COPULA, 0.85), (LEAD_ADD, 0.88)):
        m = regex.search(window)
        if m:
            word = m.group(m.lastindex)
            a.role, a.role_conf, a.lead_role_word = role_of(word), conf, word
            a.lead_start = base + m.start()
            return
    m = LEAD_BY.search(window)
    if m:
        a.role, a.role_conf, a.lead_start = "representative", 0.85, base + m.start()
        return
    wide = masked[max(floor, a.start - 450): a.start]
    m = LEAD_BY_LONG.search(wide)
    if m:
        a.role, a.role_conf, a.lead_start = "representative", 0.85, a.start - len(wide) + m.start()
        return
    m = LEAD_REPLACED.search(window)
    if m:
        a.role, a.role_conf, a.lead_start = None, 0.0, base + m.start()
        a.kind = a.kind + "+replaced"
        return
    m = LEAD_ACCOMPANIED.search(window)
    if m:
        # "She will be accompanied, as adviser, by Mr. X": the companion is an adviser unless
        # the sentence names another role.
        word = m.group(1)
        a.role, a.role_conf, a.lead_role_word = (role_of(word) if word else "adviser"), (0.9 if word else 0.8), word
        a.lead_start = base + m.start()


LEAD_ACCOMPANIED = patterns.compile(
    rf"(?i)\b(?:{alternation('ACCOMPANIED')})\b"
    rf"(?:[^.;:\n]{{0,40}}?\b((?:{ROLE_RE})))?[^.;:\n]{{0,40}}?\b(?:{alternation('ACCOMPANIED_BY')})\s*:?\s*{_ARTICLE}$")
_LIST_ITEM = patterns.compile(r"[ \t]*(?:[\-•*·▪►]|\d{1,2}[.)])[ \t]+")
NOMINATE_VERB = patterns.compile(rf"(?i)\b(?:{alternation('NOMINATE_VERBS')})[ \t]+(?=[A-ZÀ-Ý])")
# A list item's marker at the start of its line, a capital next ("  1. Md. Shahidul Islam").
_LIST_ITEM_LINE = patterns.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)]|[-•*·▪►])[ \t]+(?=[A-ZÀ-Ý])")
# "replaced (as representative of the Philippines) by", the name next.
REPLACED_AGENT = patterns.compile(rf"(?i)\b(?:{alternation('REPLACED_BY')})\b(?:\s+[\w'’-]+){{0,8}}?\s+(?:{_BY})\s+")
_POST_WORD = patterns.compile(r"([^\W\d_][\w'’-]*)\.?[ \t\n]+(?=[A-ZÀ-Ý])")
HEADER_LINE = patterns.compile(rf"(?im)^{_BULLET}{_GOV}((?:{ROLE_RE})){_ROLE_TAIL}\s*:?[ \t]*$")


def _sentence_start(text: str, pos: int) -> int:
    candidates = [text.rfind(". ", 0, pos), text.rfind("\n\n", 0, pos), text.rfind(";", 0, pos), text.rfind(":\n", 0, pos),
                  text.rfind(".\n", 0, pos), pos - 400]
    start = max(candidates) + 1
    # A short line above (an address block, a date line) is not part of the sentence.
    line_start = text.rfind("\n", 0, pos) + 1
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    if line_start > start and len(text[prev_start:line_start].strip()) < 50:
        start = line_start
    return start


SALUTATION_START = patterns.compile(rf"(?im)^[{BLANK}]*(?:{alternation('LETTER_OPENING')})")


# Where a title written inline after a name stops: only where each match starts counts, so the
# order of the words inside each pattern is free.
_TITLE_STOPS = [
    F.EMAIL_RE,
    patterns.compile(rf"(?i)[,(]?\s*\b(?:{alternation('TITLE_STOP_CONTACT')})\b"),
    patterns.compile(r";|\s[–—]\s|\s[–—]$|\s-\s|\s-\n"),
    patterns.compile(rf"(?i),?\s*\b(?:{alternation('TITLE_STOP_AS')})\s+(?:{alternation('TITLE_STOP_AS_ARTICLES')})?{_GOV}(?:{ROLE_RE})\b"),
    patterns.compile(rf"(?i),?\s*\b(?:{alternation('TITLE_STOP_ELISIONS')})?(?:{alternation('TITLE_STOP_ACCOMPANY')})\b"),
    # A clause of the letter going on after the post: "who", "will"; "pour le représenter à la
    # Réunion ...", "prendra part à la réunion", "to attend the meeting", "was sent to you by ...";
    # how the person attends. (Each purpose word goes with each object and verb, as it did when one
    # pattern held them all.)
    patterns.compile(rf"(?i),?\s*\b(?:(?:{alternation('TITLE_STOP_PURPOSE')})\s+(?:(?:{alternation('TITLE_STOP_PURPOSE_OBJECTS')})\s*)?"
               rf"(?:{alternation('TITLE_STOP_PURPOSE_VERBS')})|{alternation('TITLE_STOP_WORDS')})\b"),
    # The role said again after the post: "Directrice de la Réglementation du Travail, conseillère".
    patterns.compile(rf"(?i),\s*(?:{_GOV})?(?:{ROLE_RE}){_ROLE_TAIL}\s*(?=[,.;)(]|$)"),
    patterns.compile(r"\.\s|\.$|\.\n"),
    patterns.compile(rf"\((?=[^)]*(?:@|{alternation('TITLE_STOP_BRACKET')}))", re.I),
]


def _title_after(text: str, pos: int, limit: int, double: bool) -> tuple[str | None, tuple[int, int]]:
    """The job title written right after a name, inline ("X, Director of Y, x@y") or on the lines below."""
    line_end = text.find("\n", pos)
    line_end = limit if line_end == -1 or line_end > limit else line_end
    rest_of_line = text[pos:line_end]
    if rest_of_line.strip(" \t") == "":
        # Block layout: title lines under the name.
        lines, cursor, blank_run = [], line_end + 1, 0
        start = None
        while cursor < limit:
            nl = text.find("\n", cursor)
            nl = limit if nl == -1 or nl > limit else nl
            line = text[cursor:nl].strip()
            if not line:
                blank_run += 1
                if (not double and lines) or blank_run > 1 or (double and not lines and blank_run > 1):
                    break
                cursor = nl + 1
                continue
            blank_run = 0
            if "@" in line or LABEL_FIELD.match(line) or F.attendance_in(line) or _CONTACT_LINE.match(line) \
                    or HONORIFIC_SEQ.match(line) or _ROLE_LINE.match(line) or _ROLE_MARK_LINE.match(line) \
                    or re.search(r"\d{3,}", line) or len(line) > 160:
                break
            if start is None:
                start = cursor + (len(text[cursor:nl]) - len(text[cursor:nl].lstrip()))
            lines.append(line.rstrip(" ,;"))
            cursor = nl + 1
            if len(lines) >= 4:
                break
        if not lines:
            return None, (pos, pos)
        title = F.clean_title(", ".join(lines))
        return title, (start or pos, cursor)
    if re.match(r"['’]s\b", rest_of_line):
        return None, (pos, pos)  # "Mr. Baptiste's address is now ...": a possessive, no post
    # Inline: from after the name to the first stop (past the separators right after the name).
    sep = re.match(r"[ \t]*(?:[,;:–—-][ \t]*)?\n?[ \t]*", text[pos:limit])
    pos += sep.end() if sep else 0
    seg = text[pos:limit]
    para = re.search(r"\n[ \t]*\n", seg)
    if para:
        seg = seg[: para.start()]
    cut = len(seg)
    for stop in _TITLE_STOPS:
        m = stop.search(seg)
        if m and m.start() < cut:
            cut = m.start()
    raw = seg[:cut]
    lead = len(raw) - len(raw.lstrip(" \t,\n–—-"))
    title = F.clean_title(raw)
    if title and title.split()[0].lower() in CONJUNCTIONS:
        return None, (pos, pos)
    if title and " " not in title and title[0].islower():
        return None, (pos, pos)  # one word of the sentence ("finalmente participará"), not a post
    return title, (pos + lead, pos + cut)


def _after_blank_line(text: str, pos: int) -> bool:
    """True when text[:pos] ends with a blank line and then bullet characters only (what
    `\\n[ \\t]*\\n[ \\t\\-•*·\\d.]*$` says), looked at from `pos` backwards: searching the
    whole text before each of many roles would be quadratic."""
    def ends(i: int) -> bool:
        while i > 0 and (text[i - 1] in " \t-•*·." or text[i - 1].isdecimal()):
            i -= 1
        if i == 0 or text[i - 1] != "\n":
            return False
        i -= 1
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        return i > 0 and text[i - 1] == "\n"
    return ends(pos) or (pos > 0 and text[pos - 1] == "\n" and ends(pos - 1))


def _trailing_role(text: str) -> tuple[str | None, float, int]:
    best = (None, 0.0, len(text) + 1)
    for regex in TRAIL_ROLE:
        for m in regex.finditer(text):
            # A role heading a new paragraph ("\n\nConseillère :") introduces the next person.
            if regex is _TRAIL_HEADING and _after_blank_line(text, m.start(1)):
                continue
            if regex is _TRAIL_ELIDED and _SENTENCE_END.search(text, 0, m.start()):
                continue
            # "Objet : Demande de participation en qualité d'observateur": the letter's subject.
            if _SUBJECT_LINE.match(text, text.rfind("\n", 0, m.start()) + 1):
                continue
            if m.start() < best[2]:
                best = (role_of(m.group(1)), 0.9, m.start())
            break
    m = TRAIL_REPRESENT.search(text)
    if m and m.start() < best[2]:
        best = ("representative", 0.88, m.start())
    return best


def _pronouns(text: str, stop: int):  # type: ignore[no-untyped-def]
    """(offset, word) of each pronoun that opens the text, a line, a sentence or a bracket,
    blanks allowed before it. The blanks are looked at from the pronoun backwards (a
    pattern starting at each blank would be quadratic on long runs of them)."""
    for m in PRONOUN_RE.finditer(text, 0, stop):
        r = m.start()
        while r > 0 and text[r - 1].isspace():
            r -= 1
        blanks = text[r: m.start()]
        if r == 0 or "\n" in blanks or text[r - 1] == "(" or (blanks and text[r - 1] in ".;:!?"):
            yield m.start(), m.group(1)


def read_segment(text: str, source: str, lang: str, context_role: str | None = None) -> tuple[list[Person], dict]:
    """Nominees in one readable part, in the order written; and facts about the part."""
    masked, rows = _mask_tables(text)
    people = read_tables(text, rows, source, lang)
    anchors = _anchors(masked)
    # In a letter, names above the salutation are the addressee and the letterhead.
    salutation = SALUTATION_START.search(masked) if anchors else None
    if salutation and salutation.start() < 0.7 * len(masked):
        anchors = [a for a in anchors if a.start >= salutation.start()]
    facts: dict = {"anchors": len(anchors)}
    if anchors:
        stop = closing_index(masked, anchors[0].start)
        anchors = [a for a in anchors if a.start < stop]
    else:
        stop = closing_index(masked)
    facts["closing"] = stop
    double = _double_spaced(masked[:stop]) if anchors else False  # (asked of the anchors' blocks only)
    known: list[Person] = list(people)
    # Mentions of people already met ("Mr. Mensah will attend", "La Sra. Viceministra") are references.
    prev_end = 0
    for a in anchors:
        if a.kind == "title-ref":
            a.ref = known[-1] if known else None
            continue
        toks = {t for t in re.split(r"[\s/'’.-]+", fold(a.name)) if len(t) >= 2}
        match = next((p for p in reversed(known) if toks and toks <= p.tokens()), None)
        if match is not None:
            a.ref = match
            continue
        # "Ms Y replaces Mr X as representative": X leaves; what follows X is about Y.
        between = masked[prev_end:a.start] if known else ""
        if known and (a.start - prev_end < 40 and REPLACES_RE.search(between)
                      or (a.start - prev_end < 200 and not re.search(r"\.\s|\n\s*\n|;", between)
                          and REPLACES_AFTER_APPOSITION.search(between))):
            a.ref = known[-1]
            continue
        _lead(masked, a, prev_end)
        p = Person(source=source, start=a.start, honorifics=a.honorifics)
        p.set("name", a.name, (a.name_start, a.name_end), 0.92 if a.kind != "header" else 0.85)
        a.person = p
        known.append(p)
        prev_end = a.name_end
    persons = [a for a in anchors if a.person is not None]
    # Each mention owns the text up to the next mention (or the next lead-in, or the closing).
    marks: list[tuple[int, str, object]] = []
    for a in anchors:
        marks.append((a.lead_start if a.lead_start is not None else a.start, "anchor", a))
    # A pronoun tells of the person named before it, a group of those known: with no one named
    # and no table read, neither is looked for.
    if anchors or people:
        for start, pronoun in _pronouns(masked, stop):
            marks.append((start, "pronoun", pronoun))
        for m in GROUP_RE.finditer(masked, 0, stop):
            marks.append((m.start(), "group", None))
    marks.sort(key=lambda t: t[0])
    spans: list[tuple[int, int, str, object]] = []
    for i, (pos, kind, obj) in enumerate(marks):
        nxt = marks[i + 1][0] if i + 1 < len(marks) else stop
        spans.append((pos, max(pos, nxt), kind, obj))
    last_person: Person | None = None
    for pos, end, kind, obj in spans:
        if kind == "anchor":
            a = obj
            owner = a.person or a.ref
            if owner is None:
                continue
            last_person = owner
            if a.person is not None:
                _fill_from_block(masked, a, end, double, lang, context_role)
            else:
                _fill_from_reference(masked, owner, a.name_end, end, a.honorifics)
        elif kind == "pronoun" and last_person is not None:
            pron = str(obj)
            if last_person.gender is None and PRONOUNS[pron]:
                last_person.set("gender", PRONOUNS[pron], (pos, pos + len(pron)), 0.85)
            _fill_from_reference(masked, last_person, pos + len(pron), end, [])
        elif kind == "group":
            for p in known:
                att = [h for h in F.attendance_in(masked[pos:end])]
                if att and p.attendance is None and not p.conditional_attendance:
                    value, s, e, cond = att[-1]
                    if cond:
                        p.conditional_attendance = True
                    else:
                        p.set("attendance", value, (pos + s, pos + e), 0.88)
    # Items of one list go together: a person listed right under a nominee is nominated too,
    # in the same role when the list's lead gave it ("represented by:\n- Dr A ...\n- Mr B ...").
    listed = [a for a in persons if _LIST_ITEM.match(masked, masked.rfind("\n", 0, a.start) + 1)]
    for prev, cur in zip(listed, listed[1:]):
        between = masked[prev.start:cur.start]
        if re.search(r"\n[ \t]*\n", between) or prev.person is None or cur.person is None:
            continue
        if prev.person.nominated and not cur.person.nominated:
            cur.person.nominated = True
            if cur.person.role is None and prev.role is not None and prev.lead_start is not None \
                    and re.search(r":\s*(?:[\-•*·▪►]|\d{1,2}[.)])?\s*$", masked[max(0, prev.start - 80):prev.start]):
                cur.person.role, cur.person.role_conf = prev.role, prev.role_conf
                cur.person.conf["role"] = prev.role_conf
    out = people + [a.person for a in persons]
    out.sort(key=lambda p: p.start)
    # "X ... is replaced by Y": Y takes the place, and so the role, of the person withdrawn.
    for i, p in enumerate(out):
        if p.role is None and p.replaced:
            gone = next((q for q in reversed(out[:i]) if q.withdrawn and q.role), None)
            if gone is not None:
                p.role, p.role_conf = gone.role, 0.85
                p.conf["role"] = 0.85
    facts["nomination_words"] = bool(NOMINATION_RE.search(masked[:stop]))
    return out, facts


def _fill_from_block(text: str, a: _Anchor, end: int, double: bool, lang: str, context_role: str | None) -> None:
    p = a.person
    assert p is not None
    block = text[a.name_end:end]
    p.end = end
    # Role: the lead-in first, then a role stated after the name.
    role, conf = a.role, a.role_conf
    # What is said of this person ends with its paragraph (unless the letter is double-spaced):
    # "Como asesora lo acompañará ..." in the next paragraph is about someone else.
    para = re.search(r"\n[ \t]*\n", block) if not double else None
    own = block[: para.start()] if para else block
    trail_role, trail_conf, trail_pos = _trailing_role(own)
    if role is None and trail_role is not None:
        role, conf = trail_role, trail_conf
    lead_text = text[_sentence_start(text, a.start): a.start]
    p.nominated = bool(NOMINATION_RE.search(lead_text)) or a.role is not None or a.kind.endswith("replaced") \
        or bool(re.search(r":\s*(?:[\-•*·▪►]|\d{1,2}[.)])?\s*$", text[max(0, a.start - 80): a.start])) \
        or (a.kind == "label" and bool(LABEL_NAME.match(text, a.start)))  # "Full name: X" lists a person
    if "replaced" in a.kind:
        p.replaced = True
    if role is None and a.kind.startswith("header"):
        role, conf = context_role, 0.7
    if role is None:
        # A list under a header line ("Advisers:" then "- Cons. X", "- Dr. Y").
        for m in HEADER_LINE.finditer(text, max(0, a.start - 600), a.start):
            between = text[m.end():a.start]
            if not re.search(r"\n[ \t]*\n[ \t]*[^\s\-•*·\d(]", between):
                role, conf = role_of(m.group(1)), 0.85
        if role:
            p.nominated = True
    p.role, p.role_conf = role, conf
    if role:
        p.spans["role"] = (a.lead_start if a.lead_start is not None else a.name_end + max(trail_pos, 0), a.name_end)
        p.conf["role"] = conf
    # Label lines inside the block (Email:, Title:, Attendance:, Role:).
    for m in LABEL_FIELD.finditer(block):
        label, value = m.group("label").lower(), m.group("value").strip()
        vs = a.name_end + m.start("value")
        if _TITLE_LABEL.match(label) and p.title is None:
            p.set("title", F.clean_title(value), (vs, vs + len(value)), 0.9)
        elif _UNIT_LABEL.fullmatch(label) and p.title and value.strip():
            start = p.spans.get("title", (vs, vs))[0]
            p.set("title", F.clean_title(f"{p.title}, {value.strip()}"), (start, vs + len(value)), p.conf.get("title", 0.9))
        elif _ATTENDANCE_LABEL.match(label):
            att = F.attendance_in(value)
            if att:
                v, s, e, cond = att[-1]
                if cond:
                    p.conditional_attendance = True
                else:
                    p.set("attendance", v, (vs + s, vs + e), 0.92)
    # After the name: a salutation in brackets ("Marie Hoareau (Mrs)") tells the gender; an
    # address in brackets ("X (x@y.gov), Director of ...") comes before the title.
    after = a.name_end
    paren_gender = None
    m = _HONORIFIC_IN_BRACKETS.match(text[after:end])
    if m:
        paren_gender = F.honorific_gender(_HON_ONE.findall(m.group(0)))
        after += m.end()
    m = re.match(r"[ \t]*\([ \t]*(?:e-?mail[ \t]*:?[ \t]*)?[^\s()@]+@[^\s()]+[ \t]*\)[ \t]*,", text[after:end], re.I)
    title, tspan = _title_after(text, after, end, double)
    if title is None and m:
        title, tspan = _title_after(text, after + m.end(), end, double)
    if title and _NOT_A_TITLE.search(title):
        title = None
    if title and p.title is None and not _EMAIL_WORD.match(title):
        p.set("title", title, tspan, 0.88)
    emails = F.find_emails(block)
    if emails:
        addr, s, e, conf = emails[0]
        if not F.email_matches_name(addr, p.name):
            conf = min(conf, 0.7)
        p.set("email", addr, (a.name_end + s, a.name_end + e), conf)
    _attendance(p, own, a.name_end)
    # Gender: salutation, a Spanish article, a gendered role or title word, a pronoun.
    g = F.honorific_gender(a.honorifics) or paren_gender
    if g is None:
        before = text[max(0, a.start - 6): a.start].lower()
        if _FEMININE_BEFORE.search(before):
            g = "female"
        elif _MASCULINE_BEFORE.search(before):
            g = "male"
    if g is None and a.lead_role_word:
        g = F.word_gender(a.lead_role_word.split()[-1], lang) if lang in GENDERED_LANGUAGES else None
    if g is None:
        g = F.title_gender(p.title, lang)
    if g is None:
        m = _ROLE_AFTER_DASH.search(block)
        if m and lang in GENDERED_LANGUAGES:
            g = F.word_gender(m.group(1), lang)
    if g:
        p.set("gender", g, (a.start, a.name_end), 0.9)
    # The next person's lead-in ("... est remplacé par") is cut from the block: look past it.
    if WITHDRAWN_RE.search(text[a.name_end: min(end + 40, a.name_end + 200)]) and not _attendance_change(block):
        p.withdrawn = True
    elif IN_PLACE_OF_RE.search(text[max(0, a.start - 40): a.start]):
        p.withdrawn = True  # "... as Representative in place of Shri R.K. Verma": the one who leaves
    address_said = ADDRESS_LEAD_RE.search(text[max(0, a.start - 60): a.start]) or ADDRESS_AFTER_RE.match(text, a.name_end)
    # (The verb may come after the post and address read as the person's: "M. X, Conseiller
    # technique du Ministre de ... (courriel : x@y), suivra les travaux à distance".)
    read_to = max([a.name_end] + [p.spans[f][1] for f in ("title", "email") if f in p.spans])
    announced = ANNOUNCE_RE.search(block) or (read_to > a.name_end and ANNOUNCE_RE.search(text[read_to:end]))
    if (announced or (address_said and F.find_emails(block[:80]))) and not p.withdrawn:
        p.announced = True


# Every "no longer" goes with every verb, as they did when one pattern held them all.
_NO_LONGER_TRAVEL = patterns.compile(
    rf"(?i)\b(?:{alternation('NO_LONGER')})\s+(?:(?:{alternation('ABLE_TO')})\s+)?(?:{alternation('TRAVEL_VERBS')})\b")


def _attendance_change(block: str) -> bool:
    """"X will no longer travel to Geneva and will instead participate remotely": the person
    stays, only the attendance changes (the sentence says how the person now attends)."""
    m = _NO_LONGER_TRAVEL.search(block)
    if not m:
        return False
    stop = re.search(r"\.\s|\n\s*\n", block[m.end():])
    sentence = block[m.end(): m.end() + stop.start() if stop else len(block)]
    return any(not cond for _, _, _, cond in F.attendance_in(sentence))


def _fill_from_reference(text: str, p: Person, start: int, end: int, honorifics: list[str]) -> None:
    block = text[start:end]
    if p.role is None:
        role, conf, _ = _trailing_role(block[:120])
        if role:
            p.role, p.role_conf = role, 0.85
            p.conf["role"] = 0.85
    if p.title is None:
        for m in LABEL_FIELD.finditer(block):
            if _TITLE_LABEL.match(m.group("label")):
                vs = start + m.start("value")
                p.set("title", F.clean_title(m.group("value").strip()), (vs, vs + len(m.group("value").strip())), 0.88)
                break
    if p.email is None:
        emails = F.find_emails(block)
        if emails:
            addr, s, e, conf = emails[0]
            if not F.email_matches_name(addr, p.name):
                conf = min(conf, 0.7)
            p.set("email", addr, (start + s, start + e), conf)
    if p.gender is None:
        g = F.honorific_gender(honorifics)
        if g:
            p.set("gender", g, (start, start), 0.85)
    _attendance(p, block, start)


def _attendance(p: Person, block: str, offset: int) -> None:
    hits = F.attendance_in(block)
    if not hits:
        return
    value, s, e, cond = hits[-1]
    if cond or any(h[3] for h in hits):
        p.conditional_attendance = True
        p.attendance = None
        p.spans.pop("attendance", None)
        return
    p.set("attendance", value, (offset + s, offset + e), 0.9)
