"""classify: what kind of message this is and which language it is written in.

Machine mail is told by its headers first (delivery reports, auto-replies, bulk mail),
then by its subject; everything else by the sender's own text. Auto-replies, bounces
and unrelated mail end the reading here (`Stop`): decide ignores them.
"""
from __future__ import annotations

from bot.addresses import domain_of
from bot.extraction import message as M
from bot.extraction import origin
from bot.extraction.lexicon import (
    AMENDMENT_RE, AUTO_BODY_RE, INQUIRY_RE, LANGUAGES, MEETING_RE, NEWSLETTER_RE,
    REPLACEMENT_RE, WITHDRAWAL_RE, without_earlier_messages,
)
from bot.rules import machine_kind
from handlers.context import Context, Stop, register

# Kinds whose reading ends here: nothing in them is for us.
IGNORED = ("auto_reply", "bounce", "other")


def text_kind(reading: M.Reading, subject: str, government: bool = False) -> str:
    """nomination, amendment, withdrawal, inquiry or other from what the sender wrote.

    `other` (ignored without a reply) only for mail that neither mentions the meeting,
    nor comes from a government domain, nor lists a person with labelled fields: when in
    doubt a message goes to a person (inquiry) rather than unanswered."""
    text = reading.main_text
    whole = subject + "\n" + reading.own_text
    labelled = reading.labelled_people
    # (The cheap conditions first: a pattern is searched only when its answer counts.)
    if not reading.nomination_words and not government and not labelled and not MEETING_RE.search(whole):
        return "other"
    if not reading.people and not government and NEWSLETTER_RE.search(reading.own_text):
        return "other"
    if not reading.people and AUTO_BODY_RE.search(text) and len(text.split()) < 120:
        return "auto_reply"
    # People named with a role, a nomination verb, or said to attend / given an address
    # (a follow-up answering our request for missing items).
    nominees = [p for p in reading.people if p.role or p.nominated or p.announced]
    # ("Further to our e-mail withdrawing our participation, ..." tells what was said then)
    withdrawal = WITHDRAWAL_RE.search(without_earlier_messages(text)) is not None
    # (Searched only when a withdrawal or nominees make it count.)
    replacement = (withdrawal or bool(nominees)) and REPLACEMENT_RE.search(text) is not None
    if withdrawal and not (replacement and any(not p.withdrawn for p in nominees)):
        return "withdrawal"
    if nominees and (AMENDMENT_RE.search(text) or replacement or AMENDMENT_RE.search(subject)):
        return "amendment"
    if nominees or reading.self_role:
        if reading.nomination_words or any(p.role_conf >= 0.9 for p in nominees) or reading.self_role:
            return "nomination"
        return "inquiry" if INQUIRY_RE.search(text) else "nomination"
    if INQUIRY_RE.search(text) and not reading.attachments_unread:
        return "inquiry"
    if reading.nomination_words or reading.attachments_unread:
        return "nomination"
    return "inquiry"


@register
class Classify:
    name = "classify"
    description = "Tell the kind of message (nomination, inquiry, auto-reply...) and its language."
    after_stop = False

    def process(self, ctx: Context) -> None:
        parsed, reading = ctx.parsed, ctx.reading
        assert parsed is not None and reading is not None
        kind = machine_kind(parsed, ctx.meeting)
        ctx.language = reading.language if reading.language in LANGUAGES else "other"
        if kind is None:
            government = origin.government_domain(ctx.states, domain_of(parsed.from_addr)) is not None
            kind = text_kind(reading, parsed.subject or "", government)
        ctx.kind = kind
        if kind in IGNORED:
            raise Stop(kind)
