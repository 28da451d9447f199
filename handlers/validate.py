"""validate: membership, quotas, the deadline, accessibility, and what is missing."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.extraction.lexicon import ACCESSIBILITY_GENERIC_RE, ACCESSIBILITY_RE
from bot.schema import PERSON_FIELDS
from handlers.context import Context, register


@dataclass
class Checks:
    """What validate found: the flags of the corpus schema, the items a nomination lacks,
    and problems a person must look at."""

    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def missing_items(result: Any) -> list[str]:
    """ROLE.FIELD for each required item not read; "representative" when none is named.
    (`result`: anything with a capacity and participants.)"""
    missing: list[str] = []
    if result.capacity == "member" and not any(p.role == "representative" for p in result.participants):
        missing.append("representative")
    if result.capacity == "observer" and not any(p.role == "observer" for p in result.participants):
        missing.append("observer")
    for p in result.participants:
        for f in PERSON_FIELDS:
            if getattr(p, f) is None:
                item = f"{p.role}.{f}"
                if item not in missing:
                    missing.append(item)
    return missing


def accessibility_asked(text: str) -> bool:
    """A need for accessibility said of a person, not the meeting's general offer of it."""
    return any(not ACCESSIBILITY_GENERIC_RE.search(text[max(0, m.start() - 60): m.end() + 60])
               for m in ACCESSIBILITY_RE.finditer(text))


@register
class Validate:
    name = "validate"
    description = "Check membership and quotas; flag late and accessibility; list missing items."
    after_stop = False

    def process(self, ctx: Context) -> None:
        parsed, reading, found = ctx.parsed, ctx.reading, ctx.found
        assert parsed is not None and reading is not None and found is not None
        checks = Checks()
        if found.member_state is not None:
            try:
                if not ctx.states.is_member(found.member_state):
                    checks.problems.append("not_member_state")
            except Exception:
                checks.problems.append("member_state_unchecked")
        if ctx.kind in ("nomination", "amendment"):
            quotas = ctx.meeting.quotas
            for role, limit in (("representative", quotas.representative), ("adviser", quotas.adviser)):
                if sum(1 for p in found.participants if p.role == role) > limit:
                    checks.flags.append("over_quota")
                    break
            if ctx.meeting.is_late(parsed.date):
                checks.flags.append("late")
            if accessibility_asked(reading.main_text):
                checks.flags.append("accessibility_request")
        checks.flags = list(dict.fromkeys(checks.flags))
        checks.missing = missing_items(found) if ctx.kind == "nomination" else []
        ctx.checks = checks
