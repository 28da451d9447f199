"""Compiling the patterns that are searched over message text: `compile(pattern, flags)`.

Python's regular-expression engine tries a pattern at every position of the text, and skips
positions cheaply only when it can tell the characters a match starts with: a literal
prefix, or a set of literal characters, and never under IGNORECASE. The readers' patterns
are mostly case-insensitive alternations of words in three languages ("\\bcould you\\b|
\\bvisa\\b|\\bpourriez-vous\\b|..."): at each position the engine tries each alternative in
turn, about 0.5 ms for one search over a 1 KB letter.

`compile` gives the same pattern behind a lookahead that says which characters a match can
start with, and that it starts at a word boundary when every alternative does:
`(?=\\b[achiklnpqsvw?])(?:...)`. A position that cannot start a match then costs one test
instead of one per alternative (two to three times faster for the largest). The lookahead
is computed from the pattern's own parse, with its own flags, so every match (its span, its
groups) is the one the pattern alone finds. When it cannot be computed (a pattern that may
match an empty string, starts with a class such as \\w or \\s or with any character,
changes its flags inside, or a Python whose parser differs), the pattern is compiled as it
is.
"""
from __future__ import annotations

import re

try:  # the engine's own parser (Python 3.11 names); without it patterns are compiled as they are
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python
    _C = _P = None  # type: ignore[assignment]

__all__ = ["compile"]

# A class wider than this (a range of letters of another script, say) is not worth listing.
_MAX_CHARS = 300
# Flags written at the start of a pattern ("(?i)"), which must stay there.
_GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))+")


class _Unknown(Exception):
    """What a match starts with cannot be told (any character, a category, a back-reference...)."""


def _sequence(items, bounded: bool) -> tuple[set[str], bool, bool]:
    """(characters a match of `items` can start with, whether it can match an empty string,
    whether every way of consuming that first character passed a word boundary there)."""
    chars: set[str] = set()
    every_bounded = True
    for op, av in items:
        if op is _C.AT:
            bounded = bounded or av is _C.AT_BOUNDARY
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            continue  # zero width: what follows consumes the first character
        found, empty, inner = _item(op, av, bounded)
        chars |= found
        every_bounded = every_bounded and (bounded or inner)
        if not empty:
            return chars, False, every_bounded
    return chars, True, every_bounded


def _item(op, av, bounded: bool) -> tuple[set[str], bool, bool]:  # type: ignore[no-untyped-def]
    if op is _C.LITERAL:
        return {chr(av)}, False, False
    if op is _C.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _C.LITERAL:
                chars.add(chr(value))
            elif kind is _C.RANGE and value[1] - value[0] < _MAX_CHARS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:  # NEGATE, CATEGORY (\w, \s, \d), a wide range
                raise _Unknown()
        return chars, False, False
    if op is _C.BRANCH:
        chars, empty, every_bounded = set(), False, True
        for alternative in av[1]:
            found, may_be_empty, inner = _sequence(alternative.data, bounded)
            chars |= found
            empty = empty or may_be_empty
            every_bounded = every_bounded and inner
        return chars, empty, every_bounded
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown()  # "(?i:...)": the lookahead would not share its flags
        return _sequence(sub.data, bounded)
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _sequence(av.data, bounded)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        found, empty, inner = _sequence(sub.data, bounded)
        return found, empty or low == 0, inner
    raise _Unknown()


def _cased(c: str) -> bool:
    return c.lower() != c or c.upper() != c


def _engine_skips(items, flags: int) -> bool:
    """True when the engine finds the start of a match itself: the pattern opens on a literal
    character, a class or an alternation of literal characters, none of them a letter whose
    case IGNORECASE ignores (re/_compiler.py: the literal and charset prefixes)."""
    while items and items[0][0] is _C.SUBPATTERN and not (items[0][1][1] or items[0][1][2]):
        items = items[0][1][3].data
    if not items:
        return False
    op, av = items[0]
    ignore = bool(flags & re.IGNORECASE)
    if op is _C.LITERAL:
        return not (ignore and _cased(chr(av)))
    if op is _C.BRANCH:
        firsts = [alternative.data[0] if alternative.data else (None, None) for alternative in av[1]]
        return all(kind is _C.LITERAL and not (ignore and _cased(chr(value))) for kind, value in firsts)
    if op is _C.IN:
        return not ignore or not any(
            (kind is _C.LITERAL and _cased(chr(value))) or (kind is _C.RANGE and any(
                _cased(chr(x)) for x in range(value[0], value[1] + 1))) for kind, value in av)
    return False


def _first_characters(pattern: str, flags: int) -> tuple[frozenset[str], bool, int] | None:
    """(the characters a match of `pattern` can start with, whether it always starts at a word
    boundary, the flags with the pattern's own "(?i)"), or None when that cannot be told, when
    it may match an empty string, or when the engine finds where a match starts on its own."""
    if _P is None:
        return None
    try:
        parsed = _P.parse(pattern, flags)
        flags = parsed.state.flags
        if _engine_skips(parsed.data, flags):
            return None
        chars, empty, bounded = _sequence(parsed.data, False)
    except Exception:  # _Unknown, or a parser of another shape: compiled as it is
        return None
    if empty or not chars:
        return None
    return frozenset(chars), bounded, flags


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's twin
    """`re.compile(pattern, flags)`, behind the lookahead of its first characters when they
    can be told (the same matches, found faster)."""
    first = _first_characters(pattern, flags) if isinstance(pattern, str) else None
    if first is None:
        return re.compile(pattern, flags)
    chars, bounded, own_flags = first
    listed = "".join("\\" + c if c in "\\]^-[" else c for c in sorted(chars))
    # Flags written first ("(?i)") stay first; in verbose mode a "#" comment runs to the end
    # of the line: the group closes on the next.
    lead = _GLOBAL_FLAGS.match(pattern)
    head, body = (lead.group(0), pattern[lead.end():]) if lead else ("", pattern)
    body += "\n" if own_flags & re.VERBOSE else ""
    look = f"(?=\\b[{listed}])" if bounded else f"(?=[{listed}])"
    return re.compile(f"{head}{look}(?:{body})", flags)
