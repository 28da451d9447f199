"""The original message, shown safely: headers, text, sanitised HTML, attachments, evidence."""
from __future__ import annotations

import email
import email.policy
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage

import nh3
from markupsafe import Markup

from bot.reading.message import read_headers
from bot.replies import Addressing, addressing

# Only embedded images may show: a remote image is a read receipt for the sender.
_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
_LINK_SCHEMES = ("http:", "https:", "mailto:")
MAX_TEXT = 500_000
# A message larger than this, or with more multipart levels, is shown by its headers alone
# (the raw message can be downloaded): parsing it on a request would hold the web process.
MAX_VIEW_BYTES = 10_000_000
MAX_VIEW_MULTIPARTS = 100


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


def _parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    return content if isinstance(content, str) else ""


def _attachment_parts(msg: EmailMessage) -> list[EmailMessage]:
    """Every leaf part that is not the displayed body: named parts, and non-text parts."""
    out = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if disposition == "attachment" or part.get_filename() or part.get_content_maintype() not in ("text", "multipart"):
            out.append(part)  # type: ignore[arg-type]
    return out


def shown_name(name: str | None, fallback: str) -> str:
    """An attachment's name as the page shows and downloads it: the last path component,
    without control or format characters (U+202E would show "letter\u202efdp.exe" as
    "letterexe.pdf"), never empty."""
    name = re.split(r"[\\/]", str(name or ""))[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip() or fallback


def reply_target(row) -> Addressing:  # type: ignore[no-untyped-def]
    """Where a reply to the ledger row goes and how it threads: the worker's rule
    (bot.replies.addressing), on the headers alone (read in linear time)."""
    return addressing(read_headers(row.raw or b""), row.message_id)


def viewable(raw: bytes) -> bool:
    """False for mail too large or too deeply nested to parse on a request."""
    return len(raw) <= MAX_VIEW_BYTES and raw.lower().count(b"multipart/") <= MAX_VIEW_MULTIPARTS


def view(raw: bytes) -> MessageView:
    """What the item page shows of a raw message; never raises on a broken message."""
    if not viewable(raw):
        head = read_headers(raw)
        v = MessageView(problem="too large or too deeply nested to show here: download the raw message")
        v.headers = [(name, (head.headers.get(name.lower()) or [""])[0])
                     for name in ("From", "Reply-To", "To", "Cc", "Date", "Subject", "Message-ID")
                     if head.headers.get(name.lower())]
        return v
    try:
        msg = _parse(raw)
    except Exception as exc:  # a message too broken to parse is still shown as raw text
        return MessageView(text=raw[:MAX_TEXT].decode("utf-8", "replace"), problem=f"unparseable: {exc}")
    v = MessageView()
    for name in ("From", "Reply-To", "To", "Cc", "Date", "Subject", "Message-ID"):
        value = msg.get(name)
        if value:
            v.headers.append((name, str(value)))
    try:
        plain = msg.get_body(preferencelist=("plain",))
        rich = msg.get_body(preferencelist=("html",))
    except Exception:
        plain = rich = None
    if plain is not None:
        v.text = _content(plain)[:MAX_TEXT]  # type: ignore[arg-type]
    if rich is not None:
        v.html = sanitize_html(_content(rich))  # type: ignore[arg-type]
    for i, part in enumerate(_attachment_parts(msg)):
        payload = part.get_payload(decode=True)
        v.attachments.append(AttachmentInfo(i, shown_name(part.get_filename(), f"part-{i}"), part.get_content_type(),
                                            len(payload) if isinstance(payload, bytes) else 0))
    return v


def attachment(raw: bytes, index: int) -> tuple[str, str, bytes] | None:
    """(file name, content type, bytes) of attachment `index`, or None."""
    if not viewable(raw):
        return None
    parts = _attachment_parts(_parse(raw))
    if not 0 <= index < len(parts):
        return None
    part = parts[index]
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    return shown_name(part.get_filename(), f"part-{index}"), part.get_content_type(), data


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
