"""bot/patterns.py: a pattern behind the lookahead of its first characters finds exactly the
matches the pattern alone finds, and the project's own patterns do on the project's mail."""
from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import bot
import handlers  # noqa: F401 - imports every step, and with them the readers' patterns
from bot import patterns

FIXTURES = Path(__file__).parent / "fixtures"

TRICKY = [
    (r"\bvisa\b|\bhotel|\?", re.I),
    (r"\bcould you\b|\bpourriez-vous\b|\bpodr[ií]a\b", re.I),
    (r"stra(?:ss|ß)e|kelvin|\bs\w+", re.I),  # "ſ" (long s) and "K" (Kelvin sign) fold to s and k
    (r"\bonline\b|en l[ií]nea|(?<!\w)virtual", re.I),
    (r"(?:mr|mrs|ms)\.?\s+[A-Z]\w+", 0),
    (r"\b(?:a|b)+c|d{2,3}e", re.I),
    (r"x*y|z", 0),
    (r"""\b(?:in \s person  # a comment
         |présentiel)""", re.I | re.X),
    (r"[\]\-^\\a]b|(?:q)", re.I),
    (r"(?i:abc)|def", 0),  # a flag inside: compiled as it is
    (r"(?i)abc|def", 0),  # a flag written first stays first
    (r"(?ix)\bab  # a comment" "\n" r"|cd", 0),
    (r"(?=\w)\bword|other", re.I),
    (r"\bé[a-z]+", re.I | re.A),
    (r"(?P<who>\bms|\bmr)\.? (?P<name>\w+)", re.I),
]

TEXTS = [
    "Could you kindly confirm the VISA letter? Mr. Jones will attend ONLINE; Ms Ana Pérez en línea.",
    "The Straße and the ſtreet, the \u212aelvin sign, KELVIN; ddde aabc, de, xy y z, zz.",
    "présentiel / PRÉSENTIEL / in person / IN  PERSON; ]b -b ^b \\b ab qq",
    "ABC abc Def def; wordy words, other; éclat Éclat",
    "",
]


def _texts() -> list[str]:
    out = list(TEXTS)
    for path in sorted(FIXTURES.rglob("*.eml"))[:40]:
        text = path.read_bytes()[:20_000].decode("utf-8", "replace")
        out += [text, text.casefold()]
    return out


def _same(a: re.Pattern, b: re.Pattern, texts: list[str]) -> None:
    for n, text in enumerate(texts):
        found = [(m.span(), m.groups(), m.groupdict()) for m in a.finditer(text)]
        assert [(m.span(), m.groups(), m.groupdict()) for m in b.finditer(text)] == found, (a.pattern, text[:200])
        for pos in range(len(text) if n < len(TEXTS) else 0):
            ma, mb = a.match(text, pos), b.match(text, pos)
            assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups())), (a.pattern, pos)
        assert a.sub("#", text) == b.sub("#", text)
        assert a.split(text) == b.split(text)


@pytest.mark.parametrize("pattern,flags", TRICKY)
def test_the_same_matches_as_the_pattern_alone(pattern: str, flags: int) -> None:
    _same(re.compile(pattern, flags), patterns.compile(pattern, flags), TEXTS)


def test_what_gets_a_lookahead() -> None:
    assert patterns.compile(r"\bvisa\b|\bhotel", re.I).pattern.startswith(r"(?=\b[hv])")
    assert patterns.compile(r"visa|\bhotel", re.I).pattern.startswith(r"(?=[hv])")
    assert patterns.compile(r"(?i)visa|\bhotel").pattern.startswith(r"(?i)(?=[hv])(?:")
    # The engine finds these starts itself (a literal, a class, literals without case): left alone.
    for pattern, flags in [(r"<[^>]+>", 0), ("x|y", 0), (r"[<>]", re.I), (r"\d+", 0), ("", 0), ("a*", re.I),
                           (r"(?i:abc)|def", 0), (r"(?i)<abc", 0), (rb"\bab", re.I)]:
        assert patterns.compile(pattern, flags).pattern == pattern, pattern


def _original(p: re.Pattern) -> str | None:
    """The pattern `compile` put behind its lookahead, or None when it put none."""
    if not isinstance(p.pattern, str):
        return None
    m = re.match(r"((?:\(\?[aiLmsux]+\))*)\(\?=(?:\\b)?\[(?:\\.|[^\\\]])*\]\)\(\?:", p.pattern)
    if m is None or not p.pattern.endswith(")"):
        return None
    body = p.pattern[m.end():-1]
    return m.group(1) + (body[:-1] if p.flags & re.X and body.endswith("\n") else body)


def _project_patterns() -> dict[str, re.Pattern]:
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        if not info.name.startswith(("bot.web", "bot.migrations")):
            importlib.import_module(info.name)
    found: dict[str, re.Pattern] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("bot.", "handlers")):
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and _original(value) is not None:
                found.setdefault(f"{name}.{attr}", value)
    return found


def test_the_projects_patterns_find_what_they_find_alone() -> None:
    found = _project_patterns()
    assert len(found) > 40, sorted(found)  # the readers' alternations get their lookahead
    texts = _texts()
    for name, fast in found.items():
        original = _original(fast)
        assert original is not None
        assert patterns.compile(original, fast.flags).pattern == fast.pattern, name
        _same(re.compile(original, fast.flags), fast, texts)
