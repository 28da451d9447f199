"""decide: confirm, request the missing items, ask a person to review, or ignore.

A wrong automatic confirmation is the worst outcome: a nomination is confirmed only when
every required field was read with high confidence and nothing conflicts. Runs after a
`Stop` too: what the reading ended early (machine mail, unrelated mail) is ignored.
"""
from __future__ import annotations

from bot import gate
from bot.extraction.fields import find_emails, other_addresses
from bot.letter import letter_of
from bot.schema import HIGH_CONFIDENCE, PERSON_FIELDS, Extraction
from handlers.context import Context, register

# Reading problems that mean part of the message was never read (too large, too deep, a
# budget spent, text cut off, an attachment not read): whatever the rest says, a person
# reads it; no automatic answer rests on a partial reading.
UNREAD = ("too_large", "too_deep", "too_many_parts", "text_truncated", "attachment_truncated",
          "attachment_unreadable", "ocr", "read_error", "unparseable", "over_budget")


def unread_problems(ctx: Context) -> list[str]:
    return [p for p in (ctx.parsed.problems if ctx.parsed is not None else []) if p.startswith(UNREAD)]


def review_reasons(ctx: Context, result: Extraction) -> list[str]:
    """Why this message needs a person (empty when the bot may answer it alone)."""
    assert ctx.found is not None and ctx.checks is not None and ctx.reading is not None
    reasons: list[str] = list(dict.fromkeys(ctx.found.doubts + ctx.checks.problems))
    if result.kind == "inquiry":
        reasons.append("inquiry")
    if result.kind == "amendment":
        reasons.append("amendment_without_record")
    if result.kind == "withdrawal":
        reasons.append("withdrawal_without_record")
    if result.kind not in ("nomination",):
        return list(dict.fromkeys(reasons + unread_problems(ctx)))
    if result.organization or (result.member_state is None and result.capacity == "observer"):
        reasons.append("organization")
    if result.member_state is None:
        reasons.append("no_member_state")
    elif ctx.found.member_state_conf < HIGH_CONFIDENCE:
        reasons.append("unsure:member_state")
    reasons.extend(result.flags)
    if ctx.reading.attachments_unread:
        reasons.append("attachment_unread")
    reasons.extend(unread_problems(ctx))
    if result.missing and unassigned_addresses(ctx, result):
        # We would ask for items while the letter gives an address we did not attribute to
        # anyone: a person was probably misread (a layout we do not know); a person looks.
        reasons.append("unassigned_address")
    for p in result.participants:
        for f in ("role",) + PERSON_FIELDS:
            if getattr(p, f, None) is not None and p.confidence(f) < HIGH_CONFIDENCE:
                reasons.append(f"unsure:{p.role}.{f}")
        if p.name is None:
            reasons.append(f"unsure:{p.role}.name")
    return list(dict.fromkeys(reasons))


def unassigned_addresses(ctx: Context, result: Extraction) -> list[str]:
    """Addresses in the sender's own words (before the closing) that belong to no participant,
    nor to the sender, nor to the secretariat, nor to the From, To or Cc lines of a message
    forwarded in it (who sent it on to whom is not an address the letter gives)."""
    assert ctx.reading is not None
    known = {(p.email or "").lower() for p in result.participants}
    if ctx.parsed is not None:
        known.add((ctx.parsed.from_addr or "").lower())
        known.update(addr.lower() for part in ctx.parsed.parts for value in part.headers.values()
                     for addr, _, _, _ in find_emails(value))
    own = {a.lower() for a in ctx.meeting.own_addresses()}
    own_domains = {a.split("@", 1)[-1] for a in own}
    return [a for a in other_addresses(ctx.reading.main_text, known | own) if a.split("@", 1)[-1] not in own_domains]


def read_so_far(ctx: Context) -> Extraction:
    """The reading's result before the decision: kind and language, what extract found,
    what validate checked."""
    found, checks = ctx.found, ctx.checks
    assert found is not None and checks is not None
    return Extraction(kind=ctx.kind, language=ctx.language, member_state=found.member_state,
                      organization=found.organization, capacity=found.capacity,
                      participants=found.participants, flags=checks.flags, missing=checks.missing)


@register
class Decide:
    name = "decide"
    description = "Decide confirm, request_missing, review or ignore, with the reasons for review."
    after_stop = True

    def process(self, ctx: Context) -> None:
        if ctx.stopped:
            ctx.result = Extraction(kind=ctx.kind, language=ctx.language, decision="ignore")
            return
        result = read_so_far(ctx)
        reasons = review_reasons(ctx, result)
        if result.kind == "nomination":
            # Whatever a reply would quote passes the gate first, independently of the readers.
            assert ctx.parsed is not None and ctx.reading is not None
            letter = letter_of(ctx.parsed, ctx.reading, ctx.states)
            reasons = list(dict.fromkeys(reasons + gate.check(result, letter, ctx.meeting, ctx.states)))
        if reasons:
            result.decision, result.reasons, result.missing = "review", reasons, []
        elif result.missing:
            result.decision, result.reasons = "request_missing", []
        else:
            result.decision, result.reasons = "confirm", []
        ctx.result = result
