"""The original message, shown safely: headers, text, sanitised HTML, attachments, evidence.

Everything here comes from the view the worker kept when it processed the message
(bot/view.py): the page reads rows and never parses mail on a request.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from bot.models import Inbound
from bot.replies import Addressing
from bot.view import MAX_TEXT, SHOWN_HEADERS

NOT_READ = ("not shown: the message has not been read since it was recorded (or its reading failed); its raw "
            "text is below. Read it again to show it here.")


@dataclass
class AttachmentInfo:
    index: int
    filename: str
    content_type: str
    size: int

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf" or self.filename.lower().endswith(".pdf")


@dataclass
class MessageView:
    headers: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    html: str | None = None  # sanitised
    attachments: list[AttachmentInfo] = field(default_factory=list)
    problem: str | None = None
    # The texts evidence offsets count in: (source, text).
    segments: list[tuple[str, str]] = field(default_factory=list)


def raw_text(raw: bytes) -> str:
    """The raw message as text (its bytes decoded, nothing parsed), for a message not read."""
    return (raw or b"")[:MAX_TEXT].decode("utf-8", "replace")


def view(row: Inbound) -> MessageView:
    """What the item page shows of a ledger row (with its view loaded)."""
    stored: dict[str, Any] | None = row.view
    if stored is None:
        known = {"From": row.from_addr, "Subject": row.subject}
        return MessageView(headers=[(name, known[name]) for name in SHOWN_HEADERS if known.get(name)],
                           text=raw_text(row.raw), problem=NOT_READ)
    return MessageView(
        headers=[(name, value) for name, value in stored["headers"]],
        # Read no further than its headers (the reading budget): its raw text, for a person.
        text=stored["text"] or (raw_text(row.raw) if stored["problem"] else ""),
        html=stored["html"],
        attachments=[AttachmentInfo(**a) for a in stored["attachments"]],
        problem=stored["problem"],
        segments=[(source, text) for source, text in stored["segments"]],
    )


def outbox_view(raw: bytes) -> MessageView:
    """One of our own replies as it went out: its headers and text. Read with the project's
    reader (our replies are small, and their view is not kept); the mail we receive is
    never read here."""
    from bot.reading import read_message

    parsed = read_message(raw)
    return MessageView(headers=[(name, parsed.headers[name.lower()][0]) for name in SHOWN_HEADERS
                                if parsed.headers.get(name.lower())], text=parsed.body_text)


def reply_target(row: Inbound) -> Addressing:
    """Where a reply to the ledger row goes and how it threads, as the worker worked it out
    (bot.replies.addressing on its reading, kept in the view); no address for a message
    never read."""
    reply = (row.view or {}).get("reply")
    if reply is None:
        return Addressing("")
    return Addressing(reply["to"], reply["in_reply_to"], list(reply["references"]))


def iframe_document(sanitized: str) -> str:
    """A whole document for the sandboxed iframe's srcdoc (the CSP is inherited)."""
    return ("<!doctype html><html><head><meta charset=\"utf-8\"><base target=\"_blank\">"
            "<link rel=\"stylesheet\" href=\"/static/mail.css\"></head><body>" + sanitized + "</body></html>")


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """`text` escaped, with each (start, end, mark id, label) span in a <mark>; overlaps skipped."""
    out, pos = [], 0
    for start, end, mark_id, label in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark id="{html.escape(mark_id)}" title="{html.escape(label)}">'
                   f'{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return Markup("".join(out))
