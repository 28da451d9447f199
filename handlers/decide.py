"""decide: confirm, request the missing items, ask a person to review, or ignore.

A wrong automatic confirmation is the worst outcome: a nomination is confirmed only when
every required field was read with high confidence and nothing conflicts.
"""
from __future__ import annotations

import re
from email.utils import getaddresses

from bot import gate
from bot.addresses import domain_of
from bot.extraction import message as M
from bot.extraction.lexicon import CC_LABELS
from bot.schema import HIGH_CONFIDENCE, PERSON_FIELDS
from handlers import Context, register

# "cc: Mr X, Permanent Secretary" under a letter: officials copied, never nominees.
_CC_LINE = re.compile(rf"(?im)^[ \t]*(?:{CC_LABELS})\s*[:.-]?[ \t]*(.+)$")


# Reading problems that mean part of the message was never read (too large, too deep, a
# budget spent, text cut off, an attachment not read): whatever the rest says, a person
# reads it; no automatic answer rests on a partial reading.
UNREAD = ("too_large", "too_deep", "too_many_parts", "text_truncated", "attachment_truncated",
          "attachment_unreadable", "ocr", "read_error", "unparseable", "over_budget")


def unread_problems(ctx: Context) -> list[str]:
    return [p for p in (ctx.parsed.problems if ctx.parsed is not None else []) if p.startswith(UNREAD)]


def review_reasons(ctx: Context) -> list[str]:
    """Why this message needs a person (empty when the bot may answer it alone)."""
    result = ctx.result
    notes = ctx.notes.get("extract", {})
    reasons: list[str] = list(dict.fromkeys(notes.get("reasons", [])))
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
    elif notes.get("member_state_conf", 0.0) < HIGH_CONFIDENCE:
        reasons.append("unsure:member_state")
    reasons.extend(result.flags)
    reading = M.get(ctx)
    if reading.attachments_unread:
        reasons.append("attachment_unread")
    reasons.extend(unread_problems(ctx))
    if result.missing and _unassigned_addresses(ctx, reading):
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


def _unassigned_addresses(ctx: Context, reading) -> list[str]:
    """Addresses in the sender's own words (before the closing) that belong to no participant,
    nor to the sender, nor to the secretariat."""
    from bot.extraction.fields import find_emails

    known = {(p.email or "").lower() for p in ctx.result.participants}
    known.add((ctx.parsed.from_addr or "").lower() if ctx.parsed is not None else "")
    own = {a.lower() for a in ctx.meeting.own_addresses()}
    own_domains = {a.split("@", 1)[-1] for a in own}
    out = []
    for addr, _, _, _ in find_emails(reading.main_text):
        a = addr.lower()
        if a in known or a in own or a.split("@", 1)[-1] in own_domains:
            continue
        out.append(a)
    return out


def letter_of(ctx: Context) -> gate.Letter:
    """What the confirmation gate needs to know of the message besides the extraction."""
    from handlers.extract import _signature_name

    reading, parsed = M.get(ctx), ctx.parsed
    texts: dict[str, str] = {}
    for seg in reading.segments:
        texts.setdefault(seg.source, seg.text)
    signatory = None
    for seg in reading.segments:
        signed = _signature_name(seg.text)
        if signed is not None:
            signatory = signed[0]
            break
    cc = [(name, addr) for name, addr in getaddresses(parsed.headers.get("cc", [])) if name]
    for seg in reading.segments:
        for m in _CC_LINE.finditer(seg.text):
            cc.append((re.sub(r"(?i)^(?:mr|ms|mrs|m|mme|sr|sra|dr|h\.e)\.?\s+", "", m.group(1).split(",")[0].strip()), ""))
    subject = parsed.subject or ""
    return gate.Letter(
        texts=texts,
        main_text=reading.main_text,
        all_text=subject + "\n\n" + "\n\n".join(texts.values()),
        subject=subject,
        sender=parsed.from_addr or "",
        sender_domain_state=ctx.states.by_domain(domain_of(parsed.from_addr)),
        signatory=signatory,
        cc=cc,
        self_nomination=reading.self_role is not None,
        word_confidences={part.source: part.word_confidences for part in parsed.parts if part.word_confidences},
    )


@register
class Decide:
    name = "decide"
    description = "Decide confirm, request_missing, review or ignore, with the reasons for review."
    after_stop = False

    def process(self, ctx: Context) -> None:
        result = ctx.result
        if result.kind in ("auto_reply", "bounce", "other") and not unread_problems(ctx):
            result.decision, result.missing, result.reasons = "ignore", [], []
            return
        reasons = review_reasons(ctx)
        if result.kind == "nomination":
            # Whatever a reply would quote passes the gate first, independently of the readers.
            reasons = list(dict.fromkeys(reasons + gate.check(result, letter_of(ctx), ctx.meeting, ctx.states)))
        if reasons:
            result.decision, result.reasons, result.missing = "review", reasons, []
        elif result.missing:
            result.decision, result.reasons = "request_missing", []
        else:
            result.decision, result.reasons = "confirm", []
