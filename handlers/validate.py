"""validate: addresses, membership, quotas, the deadline, accessibility, and what is missing."""
from __future__ import annotations

from bot.addresses import is_address
from bot.extraction.lexicon import ACCESSIBILITY_GENERIC_RE, ACCESSIBILITY_RE
from bot.extraction import message as M
from bot.schema import PERSON_FIELDS
from handlers import Context, register


def missing_items(result) -> list[str]:
    """ROLE.FIELD for each required item not read; "representative" when none is named."""
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


@register
class Validate:
    name = "validate"
    description = "Check addresses, membership and quotas; flag late and accessibility; list missing items."
    after_stop = False

    def process(self, ctx: Context) -> None:
        result, parsed = ctx.result, ctx.parsed
        reasons: list[str] = ctx.notes.setdefault("extract", {"reasons": []})["reasons"]
        flags: list[str] = []
        for p in result.participants:
            if p.email is not None and not is_address(p.email):
                reasons.append(f"invalid:{p.role}.email")
                p.email = None
                p.evidence.pop("email", None)
        if result.member_state is not None:
            try:
                if not ctx.states.is_member(result.member_state):
                    reasons.append("not_member_state")
            except Exception:
                reasons.append("member_state_unchecked")
        if result.kind in ("nomination", "amendment"):
            quotas = ctx.meeting.quotas
            for role, limit in (("representative", quotas.representative), ("adviser", quotas.adviser)):
                if sum(1 for p in result.participants if p.role == role) > limit:
                    flags.append("over_quota")
                    break
            if ctx.meeting.is_late(parsed.date if parsed else None):
                flags.append("late")
            reading = M.get(ctx)
            text = reading.main_text
            needs = [m for m in ACCESSIBILITY_RE.finditer(text) if not ACCESSIBILITY_GENERIC_RE.search(text[max(0, m.start() - 60): m.end() + 60])]
            if needs:
                flags.append("accessibility_request")
        result.flags = list(dict.fromkeys(flags))
        result.missing = missing_items(result) if result.kind == "nomination" else []
