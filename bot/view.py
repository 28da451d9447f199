"""What the review page shows of a message, made once, from the one reading of its bytes.

The worker reads a message's bytes once (bot/reading, in the parse handler); right after
the pipeline the process step (bot/process.py) keeps here, on the ledger row, what a person
looks at: the headers shown, the body as sent (its HTML made safe), the attachments (their
bytes in `inbound_attachment`), the texts the extraction's evidence offsets count in, where
a reply goes and how it threads, and the sender's own words. The review page only reads
these rows: it never parses mail on a request.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import nh3
from sqlalchemy import bindparam, delete

from bot.models import Inbound, InboundAttachment
from bot.replies import addressing

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.mail import ParsedMessage
    from bot.meeting import Meeting

SHOWN_HEADERS = ("From", "Reply-To", "To", "Cc", "Date", "Subject", "Message-ID")
MAX_TEXT = 500_000
# Only embedded images may show: a remote image is a read receipt for the sender.
_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
_LINK_SCHEMES = ("http:", "https:", "mailto:")
# A message's attachment rows, deleted with the Core: none is loaded in the session, so the
# ORM's bookkeeping (and the flush it would start first) has nothing to keep in step.
_DROP_ATTACHMENTS = delete(InboundAttachment.__table__).where(
    InboundAttachment.__table__.c.inbound_id == bindparam("inbound"))


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Second line after nh3's own rules: no remote images, only plain links."""
    if tag == "img" and attribute == "src":
        return value if _DATA_IMAGE.match(value.strip()) else None
    if attribute == "href":
        v = value.strip().lower()
        return value if v.startswith(_LINK_SCHEMES) else None
    return value


def sanitize_html(markup: str) -> str:
    """Mail HTML with no script, no event handler, no `javascript:` link and no remote content."""
    return nh3.clean(
        markup[:MAX_TEXT],
        clean_content_tags={"script", "style", "title", "head"},
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def shown_name(name: str | None, fallback: str) -> str:
    """An attachment's name as the page shows and downloads it: the last path component,
    without control or format characters (U+202E would show "letter\u202efdp.exe" as
    "letterexe.pdf"), never empty."""
    name = re.split(r"[\\/]", str(name or ""))[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip() or fallback


def segments(parsed: "ParsedMessage", meeting: "Meeting") -> list[tuple[str, str]]:
    """The texts exactly as the extraction reads them (layout spaces of a PDF made single,
    HTML made text, a forward's header block cut): evidence offsets count in these; then
    the first value of each header, where a header holds evidence."""
    from bot.addresses import domain_of
    from bot.extraction.texts import own_segments, quoted_segments

    own = {domain_of(a) or "" for a in meeting.own_addresses()} - {""}
    parts = [(seg.source, seg.text) for seg in [*own_segments(parsed, own), *quoted_segments(parsed, own)]]
    return parts + [(f"header:{name.title()}", values[0]) for name, values in parsed.headers.items() if values]


def unread_reason(parsed: "ParsedMessage") -> str | None:
    """Why the reading stopped at the headers (the reading budget), if it did."""
    return next((p for p in parsed.problems if p.startswith("over_budget")), None)


def _partial(parsed: "ParsedMessage") -> str | None:
    """Why the body could not be read (over the budget, too deeply nested, unparseable)."""
    return unread_reason(parsed) or next((p for p in parsed.problems if p in ("too_deep", "unparseable")), None)


def readable(parsed: "ParsedMessage", meeting: "Meeting") -> dict[str, Any]:
    """What the view shows that depends on the message alone: its HTML made safe, and the
    texts evidence is marked in. Made where the message is read (a reading child), so that
    the worker only puts the view together."""
    return {"html": sanitize_html(parsed.body_html) if parsed.body_html else None,
            "segments": [] if unread_reason(parsed) else [list(p) for p in segments(parsed, meeting)]}


def build(parsed: "ParsedMessage", meeting: "Meeting", ledger_id: str, main_text: str | None,
          made: dict[str, Any] | None = None) -> dict[str, Any]:
    """The view of one read message, as JSON for the ledger row (the attachments' bytes apart);
    `made`: its `readable()` part, when the reading made it already."""
    partial = _partial(parsed)
    made = made if made is not None else readable(parsed, meeting)
    body = next((p for p in parsed.parts if p.source == "body"), None)
    html = made["html"]
    # The HTML shows the body when it was read from it; the text when the sender wrote one.
    text = "" if html and body is not None and body.method == "html" else parsed.body_text[:MAX_TEXT]
    target = addressing(parsed, ledger_id)
    return {
        "headers": [[name, parsed.headers[name.lower()][0]] for name in SHOWN_HEADERS
                    if parsed.headers.get(name.lower()) and parsed.headers[name.lower()][0]],
        "text": text,
        "html": html,
        # The page then shows the raw text below the headers.
        "problem": f"not read whole ({partial}): the raw message is shown as text" if partial else None,
        "attachments": [{"index": i, "filename": shown_name(a.filename, f"part-{i}"), "content_type": a.content_type,
                         "size": len(a.payload)} for i, a in enumerate(parsed.attachments)],
        # Over the budget nothing was read: no texts to mark evidence in.
        "segments": made["segments"],
        "reply": {"to": target.to, "in_reply_to": target.in_reply_to, "references": list(target.references)},
        "main_text": main_text,
    }


def keep(s: "Session", row: Inbound, made: dict[str, Any], parsed: "ParsedMessage") -> None:
    """Write the view `made` of `row` and the attachments' bytes (replacing those of an
    earlier reading)."""
    row.view = made
    s.connection().execute(_DROP_ATTACHMENTS, {"inbound": row.id})
    s.add_all([InboundAttachment(inbound_id=row.id, position=i, filename=a["filename"], content_type=a["content_type"][:255],
                                 size=a["size"], data=parsed.attachments[i].payload)
               for i, a in enumerate(row.view["attachments"])])
