"""The sender's own text: parts of a parsed message, without our invitation or quotes of our mail."""
from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from bot import patterns
from bot.extraction.lexicon import CLOSING_RE

# Where text quoting the secretariat's own mail (the invitation, our requests) begins.
_OWN_QUOTE_MARKERS = [
    r"^[ \t>]*(?:From|De|Von|Da)\s*:.*@ilo\.(?:test|org)",
    r"^[ \t>]*(?:On|Le|El) .{0,120}(?:@ilo\.(?:test|org)|Sectoral Meetings).{0,40}(?:wrote|a écrit|escribió)\s*:?",
    r"^[ \t>]*(?:TO ALL MEMBER STATES OF THE ILO|À TOUS LES ÉTATS MEMBRES DE L.OIT|A TODOS LOS ESTADOS MIEMBROS DE LA OIT)",
    r"^[ \t>]*In accordance with the decision taken by the Governing Body",
    r"^[ \t>]*Conformément à la décision prise par le Conseil d.administration",
    r"^[ \t>]*De conformidad con la decisión adoptada por el Consejo de Administración",
]
_OWN_QUOTE_RE = patterns.compile("|".join(_OWN_QUOTE_MARKERS), re.I | re.M)
_HEADER_LINE_RE = patterns.compile(r"^(?:From|De|Date|Sent|Envoyé|Enviado(?: el)?|To|À|A|Para|Cc|CC|Subject|Objet|Asunto)\s*:.*$", re.M)
_TAG_RE = patterns.compile(r"<[^>]+>")


_LETTER_CLOSING = patterns.compile(r"(?i)avails itself|saisit cette occasion|hace propicia|aprovecha|renouveler|agr[ée]er|assurances? of")


@dataclass
class Segment:
    """Readable text from one place of the message, as the extraction reads it."""

    source: str
    text: str
    method: str = "plain"
    forwarded: bool = False
    header_from: str = ""


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:html|body|div|p|table|td|br)\b", text[:5000], re.I))


def html_to_text(text: str) -> str:
    """A plain reading of HTML when no better one was given: table rows as "cell | cell"."""
    t = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    t = re.sub(r"(?is)<tr\b[^>]*>", "\n", t)
    t = re.sub(r"(?is)</t[dh]>\s*(?=<t[dh])", " | ", t)
    t = re.sub(r"(?is)<br\s*/?>|</p>|</div>|</li>|</h\d>|</tr>", "\n", t)
    t = _TAG_RE.sub("", t)
    t = html.unescape(t).replace("\xa0", " ")
    t = re.sub(r"[ \t]+", " ", t)
    t = re.sub(r"\n[ \t]+", "\n", t)
    return re.sub(r"\n{3,}", "\n\n", t).strip()


def normalise(text: str) -> str:
    """Line ends, no-break spaces and runs of spaces (PDF layout) made plain."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u200b", "")
    return re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)


def cut_own_quotes(text: str) -> str:
    """Text up to where the secretariat's own mail is quoted."""
    m = _OWN_QUOTE_RE.search(text)
    return text[: m.start()] if m else text


def strip_forward_header(text: str) -> tuple[str, str]:
    """Drop the From/Date/To/Subject block a forwarded part opens with; return (text, from line)."""
    lines = text.split("\n")
    i, sender = 0, ""
    while i < len(lines) and (not lines[i].strip() or _HEADER_LINE_RE.match(lines[i].strip())
                              or re.match(r"^-+ ?(?:Forwarded|Original|Message d'origine|Mensaje original|Message transféré)", lines[i].strip(), re.I)):
        if re.match(r"^(?:From|De)\s*:", lines[i].strip()):
            sender = lines[i].strip()
        i += 1
        if i > 12:
            break
    if sender or i:
        # Keep offsets stable: blank out the header block instead of removing it.
        head = "\n".join(" " * len(l) for l in lines[:i])
        return head + ("\n" if i < len(lines) else "") + "\n".join(lines[i:]), sender
    return text, sender


def own_segments(parsed, own_domains: set[str]) -> list[Segment]:
    """The message's readable parts without quotes of our own mail."""
    segments: list[Segment] = []
    for part in parsed.parts:
        text = part.text or ""
        method = getattr(part, "method", "plain")
        if looks_like_html(text):
            text, method = html_to_text(text), "html"
        text = cut_own_quotes(normalise(text))
        forwarded = part.source.startswith(("forwarded", "message", "attachment:")) and bool(
            re.match(r"\s*(?:-+ ?(?:Forwarded|Original|Message)|(?:From|De)\s*:)", text, re.I))
        sender = ""
        if part.source.startswith("forwarded") or forwarded:
            text, sender = strip_forward_header(text)
            if any(d in sender.lower() for d in own_domains):
                continue  # our own mail, forwarded back to us
        if text.strip():
            segments.append(Segment(part.source, text, method, part.source.startswith("forwarded") or forwarded, sender))
    return segments


def quoted_segments(parsed, own_domains: set[str]) -> list[Segment]:
    """Quoted earlier mail that is not ours: read only when a forward carries the nomination inline."""
    out: list[Segment] = []
    for part in parsed.parts:
        q = normalise(part.quoted or "")
        if not q.strip():
            continue
        q = "\n".join(re.sub(r"^\s?>+ ?", "", line) for line in q.split("\n"))
        m = _OWN_QUOTE_RE.search(q)
        if m and m.start() < 5:
            continue
        q = cut_own_quotes(q)
        q, sender = strip_forward_header(q)
        if any(d in sender.lower() for d in own_domains):
            continue
        if q.strip():
            out.append(Segment(part.source + ":quoted", q, getattr(part, "method", "plain"), True, sender))
    return out


class _Lines:
    """A text's lines (offset, stripped words) and, once asked, whether each closes the letter
    and whether it reads as a letter's closing formula: the readers ask several times for the
    closing of the same text (its language, its people, its signature, the gate)."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.lines: list[str] = []
        pos = 0
        for line in text.split("\n"):
            self.starts.append(pos)
            self.lines.append(line.strip())
            pos += len(line) + 1
        self.closes: list[bool | None] = [None] * len(self.lines)
        self.letter: list[bool | None] = [None] * len(self.lines)

    def letter_closing(self, i: int) -> bool:
        found = self.letter[i]
        if found is None:
            found = self.letter[i] = _LETTER_CLOSING.search(self.lines[i]) is not None
        return found

    def closing(self, i: int) -> bool:
        found = self.closes[i]
        if found is None:
            line = self.lines[i]
            found = self.closes[i] = bool(CLOSING_RE.match(line)) and (len(line) <= 90 or self.letter_closing(i))
        return found


@lru_cache(maxsize=8)
def _lines(text: str) -> _Lines:
    # A few entries: the texts of the message being read.
    return _Lines(text)


def closing_index(text: str, start: int = 0) -> int:
    """Offset of the first closing formula ("Best regards", "Cordialement") at or after `start`."""
    lines = _lines(text)
    starts = lines.starts
    for i in range(bisect_left(starts, start), len(starts)):
        if starts[i] < 150 and not start and not lines.letter_closing(i):
            continue  # "Cordial saludo." opens a letter
        if lines.closing(i):
            return starts[i]
    return len(text)
