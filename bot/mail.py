"""A parsed message: the headers and readable texts the handlers work on."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class TextPart:
    """Readable text from one place in the message.

    `source` names the place: `body`, `attachment:letter.pdf`, `attachment:scan.png`,
    `forwarded:1`; `method` says how the text was obtained (`plain`, `html`, `pdf`,
    `docx`, `ocr`, `tnef`, `msg`, `eml`)."""

    source: str
    text: str
    method: str = "plain"
    # Lines quoted from earlier mail (">" or below a "-----Original Message-----" marker)
    # are cut off and kept here, so extraction can ignore them by default.
    quoted: str = ""
    # For a forwarded or attached message: its From, Date, Subject, To and Cc as written.
    headers: dict[str, str] = field(default_factory=dict)
    # For OCR text: every word Tesseract read with its confidence (0 to 100), so that a
    # value read from a scan can be checked word by word before it is sent back as read.
    word_confidences: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Attachment:
    filename: str
    content_type: str
    size: int
    payload: bytes = b""


@dataclass
class ParsedMessage:
    message_id: str
    subject: str = ""
    from_addr: str = ""
    from_name: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    reply_to: list[str] = field(default_factory=list)
    date: datetime | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    # Header names lower-cased; every occurrence kept in order.
    headers: dict[str, list[str]] = field(default_factory=dict)
    content_type: str = "text/plain"
    parts: list[TextPart] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    # The message's own body as sent, for a person to see: its text parts joined (HTML made
    # text when it has no plain part), and its HTML part decoded (not made safe), if any.
    body_text: str = ""
    body_html: str = ""
    # Problems met while reading that a person should know about
    # ("ocr_unavailable", "attachment_unreadable:x.pdf", "too_many_parts").
    problems: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def message_id_of(raw: bytes) -> str:
    """The Message-ID header, or a stable `<sha256:HEX@intake>` when the message has none.

    The ledger and the parse handler both use this, so a message is known by one name."""
    import email.parser
    import hashlib

    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw[:200_000] else raw.split(b"\n\n", 1)[0]
    try:
        headers = email.parser.BytesHeaderParser().parsebytes(head[:200_000])
        value = headers.get("Message-ID")
        mid = " ".join(str(value).split()) if value else ""
    except Exception:  # a header block too broken to parse still has a digest
        mid = ""
    if mid and len(mid) <= 900:
        return mid
    return f"<sha256:{hashlib.sha256(raw).hexdigest()}@intake>"
