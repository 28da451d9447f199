"""Split a body into what the sender wrote, what it quotes, and what it forwards.

A block of earlier mail starts at a forward marker ("---------- Forwarded message
---------", "Début du message réexpédié", "Mensaje reenviado", "-----Original
Message-----"), an Outlook header block ("From: ... Sent: ... To: ... Subject:" and its
French and Spanish forms), a reply attribution ("On ... wrote:", "Le ... a écrit :",
"El ... escribió:"), the invitation letter's first line, or lines starting with ">".

What the block is decides where it goes, not how it is marked:
- our own mail (from a meeting address, carrying our reference token, or the invitation
  letter) is never new data: it goes to `quoted`;
- a forward (an explicit forward marker, a forward subject such as Fwd/TR/RV/WG, or mail
  from a third party that the sender passes on, e.g. ministry to mission) is new data:
  it becomes a forwarded part (the caller makes it a TextPart `forwarded:<n>`), itself
  split again so that what *it* quotes goes to that part's `quoted`;
- anything else (a reply's quoted original, ">" lines) goes to `quoted`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import patterns
from bot.extraction import lexicon
from bot.reading.headers import addresses

_FORWARD_MARK = patterns.compile(rf"^\s*(?:[-=_*]{{2,}}\s*)?(?:{lexicon.FORWARD_MARKS})\s*(?::\s*)?(?:[-=_*]{{2,}}\s*)?$", re.I)
_ORIGINAL_MARK = patterns.compile(rf"^\s*[-=_*]{{2,}}\s*(?:{lexicon.ORIGINAL_MARKS})\s*[-=_*]{{2,}}\s*$", re.I)
_RULE = patterns.compile(r"^\s*_{10,}\s*$")
_HEADER_KEYS = lexicon.QUOTE_HEADER_KEYS
_HEADER_LINE = patterns.compile(
    r"^[*>\s]*(?P<key>" + "|".join(f"(?P<{k}>{v})" for k, v in _HEADER_KEYS.items()) + r")\s*(?:\*+\s*)?[:：]\s*\**(?P<value>.*)$",
    re.I,
)
_ATTRIBUTION_END = patterns.compile(rf"({lexicon.ATTRIBUTION_END})\s*:?\s*$", re.I)
_ATTRIBUTION_START = patterns.compile(rf"^\s*({lexicon.ATTRIBUTION_START})\b", re.I)
_INVITATION_START = patterns.compile(rf"^[\s>*]*({lexicon.INVITATION_START})", re.I)
# Phrases of the invitation letter in each language; two of them make a block ours.
_INVITATION_PHRASES = patterns.compile(f"({lexicon.INVITATION_PHRASES})", re.I)
_FORWARD_SUBJECT = patterns.compile(r"^\s*(?:\[[^\]]*\]\s*)?(fw|fwd|tr|rv|wg|enc|reenv|i|vs|doorst)\s*:", re.I)


@dataclass
class Forward:
    """A message the sender passes on: its header lines and its own split text."""

    headers: dict[str, str]
    text: str
    quoted: str = ""
    forwards: list["Forward"] = field(default_factory=list)


@dataclass
class Split:
    text: str
    quoted: str = ""
    forwards: list[Forward] = field(default_factory=list)


@dataclass
class Ours:
    """What marks mail as the secretariat's own."""

    addresses: frozenset[str] = frozenset()
    token: str = ""  # e.g. "[TMAI-2026/"

    def is_ours(self, headers: dict[str, str], text: str) -> bool:
        sender = headers.get("from", "")
        if sender and any(addr in self.addresses for _, addr in addresses([sender])):
            return True
        if sender and any(a in sender.lower() for a in self.addresses):
            return True
        if self.token and self.token.lower() in (headers.get("subject", "") + "\n" + text).lower():
            return True
        return is_invitation(text)


def is_invitation(text: str) -> bool:
    """True when `text` is (or quotes) the invitation letter."""
    head = "\n".join(text.split("\n")[:40])
    if any(_INVITATION_START.match(line) for line in head.split("\n")):
        return True
    found = {m.group(1).lower() for m in _INVITATION_PHRASES.finditer(re.sub(r"\s+", " ", text.replace(">", " ")))}
    return len(found) >= 2


def _header_block(lines: list[str], i: int) -> tuple[dict[str, str], int] | None:
    """Header lines starting at `i`: their values and the index after them. From comes first
    (Outlook, Gmail, Apple Mail), or Subject with From below it (Thunderbird: "Sujet :",
    "Date :", "De :", "Pour :")."""
    m = _HEADER_LINE.match(lines[i])
    if not m or not (m.group("from") or m.group("subject")):
        return None
    last = "from" if m.group("from") else "subject"
    found: dict[str, str] = {last: m.group("value").strip()}
    j = i + 1
    while j < len(lines) and j < i + 14:
        line = lines[j]
        hm = _HEADER_LINE.match(line)
        if hm:
            key = next(k for k in _HEADER_KEYS if hm.group(k))
            if key in found and key != "cc":
                break
            found[key] = hm.group("value").strip()
            last = key
        elif not line.strip(" >"):
            if len(found) >= 3:
                break
        elif last in ("to", "cc", "from") and ("@" in line or line.startswith((" ", "\t"))):
            found[last] += " " + line.strip()  # a wrapped address list
        else:
            break
        j += 1
    if "from" in found and "date" in found and ("subject" in found or "to" in found):
        return found, j
    return None


def _attribution(lines: list[str], i: int) -> int:
    """Lines (1 to 3) forming a reply attribution starting at `i`, or 0."""
    if not _ATTRIBUTION_START.match(lines[i]):
        return 0
    joined = ""
    for n in range(3):
        if i + n >= len(lines):
            break
        joined += " " + lines[i + n].strip()
        if len(joined) > 300:
            return 0
        if _ATTRIBUTION_END.search(joined):
            return n + 1
    return 0


def _boundary(lines: list[str], i: int) -> tuple[str, dict[str, str], int] | None:
    """(kind, headers, first line of the block's own text) when a block starts at `i`."""
    line = lines[i]
    if _FORWARD_MARK.match(line) or _ORIGINAL_MARK.match(line):
        kind = "forward" if _FORWARD_MARK.match(line) else "original"
        k = i + 1
        while k < len(lines) and not lines[k].strip(" >") and k < i + 3:
            k += 1
        if k < len(lines):
            hb = _header_block([ln.lstrip("> ").rstrip() if ln.startswith(">") else ln for ln in lines], k)
            if hb:
                return kind, hb[0], hb[1]
        return kind, {}, i + 1
    if _RULE.match(line):
        k = i + 1
        while k < len(lines) and not lines[k].strip() and k < i + 3:
            k += 1
        if k < len(lines):
            hb = _header_block(lines, k)
            if hb:
                return "header", hb[0], hb[1]
        return None
    hb = _header_block(lines, i)
    if hb:
        return "header", hb[0], hb[1]
    n = _attribution(lines, i)
    if n:
        who = " ".join(lines[i:i + n])
        return "attribution", {"from": who}, i + n
    if _INVITATION_START.match(line):
        return "invitation", {}, i
    return None


def _unquote(lines: list[str]) -> list[str]:
    """Remove one level of "> " when every non-blank line carries it."""
    filled = [ln for ln in lines if ln.strip()]
    if filled and all(ln.startswith(">") for ln in filled):
        return [ln[2:] if ln.startswith("> ") else ln[1:] for ln in lines]
    return lines


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def split_text(text: str, subject: str = "", sender: str = "", ours: Ours | None = None, depth: int = 0) -> Split:
    """Split a body into own text, quoted text and forwarded messages."""
    ours = ours or Ours()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    own: list[str] = []
    quoted: list[str] = []
    forwards: list[Forward] = []
    forward_subject = bool(_FORWARD_SUBJECT.match(subject or ""))
    i = 0
    while i < len(lines):
        line = lines[i]
        found = _boundary(lines, i) if depth < 8 and not line.startswith(">") else None
        if found and found[0] == "invitation":
            quoted.extend(lines[i:])
            break
        if found and found[0] == "attribution":
            # A bottom-posted or interleaved reply: the ">" lines are handled one by one.
            nxt = next((ln for ln in lines[found[2]:] if ln.strip()), "")
            if nxt.startswith(">") and not forward_subject:
                quoted.extend(lines[i:found[2]])
                i = found[2]
                continue
        if found:
            kind, headers, start = found
            block = lines[i:]
            body = _unquote(lines[start:])
            inner = split_text(_join(body), headers.get("subject", ""), _addr(headers.get("from", "")), ours, depth + 1)
            if ours.is_ours(headers, inner.text):
                # Our mail quoted in ">" lines under its header block, the answer typed below it
                # (a bottom-posted reply): what follows the ">" run is the sender's own again.
                j = start
                while j < len(lines) and (not lines[j].strip() or _HEADER_LINE.match(lines[j])):
                    j += 1  # (a header block too short to be read as one: "From:", "Subject:")
                if j < len(lines) and lines[j].startswith(">"):
                    while j < len(lines) and (lines[j].startswith(">") or not lines[j].strip()):
                        j += 1
                    if j < len(lines):
                        quoted.extend(lines[i:j])
                        i = j
                        continue
                quoted.extend(block)
                break
            sender_of_block = _addr(headers.get("from", ""))
            third_party = bool(sender_of_block) and sender_of_block != sender
            if kind == "forward" or forward_subject or (kind in ("header", "original") and third_party):
                head = [f"{k.capitalize()}: {v}" for k, v in headers.items()]
                forwards.append(Forward(headers, _join(head + [""] + inner.text.split("\n")), inner.quoted, inner.forwards))
                break
            quoted.extend(block)
            break
        if line.startswith(">"):
            # A run of quoted lines (blank lines inside the run belong to it).
            j = i
            while j < len(lines) and (lines[j].startswith(">") or (not lines[j].strip() and j + 1 < len(lines) and lines[j + 1].startswith(">"))):
                j += 1
            run = lines[i:j]
            unq = _unquote(run)
            if forward_subject and not ours.is_ours({}, _join(unq)) and _has_header_block(unq):
                inner = split_text(_join(unq), subject, sender, ours, depth + 1)
                # The run is itself a forwarded message: its own split decides.
                own_lines = inner.text
                if own_lines.strip():
                    forwards.append(Forward({}, own_lines, inner.quoted, inner.forwards))
                else:
                    forwards.extend(inner.forwards)
                    if inner.quoted:
                        quoted.append(inner.quoted)
            else:
                quoted.extend(run)
            i = j
            continue
        own.append(line)
        i += 1
    return Split(_join(own), _join(quoted), forwards)


def _has_header_block(lines: list[str]) -> bool:
    return any(_header_block(lines, i) for i in range(min(len(lines), 30)))


def _addr(value: str) -> str:
    found = addresses([value]) if value else []
    return found[0][1] if found and "@" in found[0][1] else ""
