"""What the confirmation gate (bot/gate.py) knows of a message besides the extraction: the
texts as read, who signed, who was copied, who sent it."""
from __future__ import annotations

import re
from email.utils import getaddresses

from bot import gate
from bot.addresses import domain_of
from bot.extraction.lexicon import CC_LABELS
from bot.extraction.message import Reading
from bot.extraction.nominees import signature_name
from bot.mail import ParsedMessage
from bot.states import StateRegistry

# "cc: Mr X, Permanent Secretary" under a letter: officials copied, never nominees.
_CC_LINE = re.compile(rf"(?im)^[ \t]*(?:{CC_LABELS})\s*[:.-]?[ \t]*(.+)$")


def letter_of(parsed: ParsedMessage, reading: Reading, states: StateRegistry) -> gate.Letter:
    """The gate's view of the message: each part's text, the signer, the officials copied."""
    texts: dict[str, str] = {}
    for seg in reading.segments:
        texts.setdefault(seg.source, seg.text)
    signatory = None
    for seg in reading.segments:
        signed = signature_name(seg.text)
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
        sender_domain_state=states.by_domain(domain_of(parsed.from_addr)),
        signatory=signatory,
        cc=cc,
        self_nomination=reading.self_role is not None,
        word_confidences={part.source: part.word_confidences for part in parsed.parts if part.word_confidences},
    )
