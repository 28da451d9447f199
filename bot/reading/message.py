"""Raw bytes to a ParsedMessage: the MIME walk, bodies, attachments, forwards.

The stdlib email package (compat32 policy: it never raises on bad headers) gives the
structure; everything else is decoded here, tolerant of lies about charsets and types.
"""
from __future__ import annotations

import email
import email.message
import email.parser
import email.policy
import email.utils
import hashlib
import re
import time
from dataclasses import dataclass, field

import mailparser
from mailparser.exceptions import MailParserRecursionError

from bot.mail import Attachment, ParsedMessage, TextPart
from bot.reading import documents, ocr, quotes
from bot.reading.charset import SURROGATES, decode_bytes, unsurrogate
from bot.reading.headers import addresses, decode_header, header_items, message_ids, parse_date, raw_values
from bot.reading.html import charset_from_meta, html_to_text

_SIGNATURES = {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"}


@dataclass(frozen=True)
class ReadOptions:
    """Limits and the facts that tell our own mail apart (from the meeting file)."""

    max_message_bytes: int = 30_000_000
    max_parts: int = 200
    max_attachment_chars: int = 200_000
    max_text_chars: int = 50_000
    ocr_seconds: float = 60.0
    ocr_max_pages: int = 5
    document_seconds: float = 15.0
    max_depth: int = 12
    own_addresses: frozenset[str] = frozenset()
    token: str = ""  # start of our reference token, e.g. "[TMAI-2026/"

    @classmethod
    def for_meeting(cls, meeting) -> "ReadOptions":
        limits = meeting.limits
        return cls(
            max_message_bytes=limits.max_message_bytes,
            max_parts=limits.max_parts,
            max_attachment_chars=limits.max_attachment_chars,
            max_text_chars=limits.max_text_chars,
            ocr_seconds=limits.ocr_seconds,
            ocr_max_pages=limits.ocr_max_pages,
            document_seconds=limits.document_seconds,
            max_depth=limits.max_depth,
            own_addresses=frozenset(meeting.own_addresses()),
            token=f"[{meeting.id}/",
        )


@dataclass
class _Unit:
    """A readable place in the message, in order; bodies are split into quotes later."""

    part: TextPart
    split: bool = False  # a mail body: separate own text, quotes and forwards
    subject: str = ""
    sender: str = ""
    ocr: "ocr.Job | None" = None
    forwards: list[TextPart] = field(default_factory=list)


def read_message(raw: bytes, options: ReadOptions | None = None) -> ParsedMessage:
    """Read raw mail into a ParsedMessage; never raises, problems are recorded instead."""
    return _Reader(options or ReadOptions()).read(raw)


def read_headers(raw: bytes, problem: str = "") -> ParsedMessage:
    """The top header block alone, without the MIME walk (linear in its size): for mail
    too deep or too costly to read whole, so that it is still known by sender and subject."""
    reader = _Reader(ReadOptions())
    if problem:
        reader.problem(problem)
    mid_fallback = "<sha256:%s@intake>" % hashlib.sha256(raw).hexdigest()
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw[:200_000] else raw.split(b"\n\n", 1)[0]
    try:
        msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head[:200_000])
        parsed = reader.headers(msg, mid_fallback)
    except Exception:
        parsed = ParsedMessage(message_id=mid_fallback)
    parsed.parts = [TextPart("body", "")]
    parsed.problems = reader.problems
    return parsed


_TABLE_ROW = re.compile(r"(?m)^[ \t]*[^|\s][^\n|]*\|[^\n]*\S")  # (one way to match: linear)


def _safe_type(part: email.message.Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:
        return "application/octet-stream"


def _payload(part: email.message.Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:
        raw = part.get_payload()
        if isinstance(raw, str):
            return raw.encode("utf-8", errors="surrogateescape")
        return b""
    return data


def _raw_param(part: email.message.Message) -> str:
    """A filename sent as raw 8-bit bytes (compat32 would turn them into U+FFFD)."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        try:
            value = part.get(header)
        except Exception:
            continue
        if isinstance(value, str) and SURROGATES.search(value):
            text = unsurrogate(value)
            match = re.search(param + r'\s*=\s*(?:"([^"]*)"|([^;\s]+))', text, re.I)
            if match:
                return match.group(1) or match.group(2) or ""
    return ""


def _filename(part: email.message.Message) -> str:
    name = _raw_param(part)
    if name:
        return "".join(ch for ch in re.split(r"[\\/]", name)[-1] if ch.isprintable()).strip()
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if not name:
        try:
            name = part.get_param("name") or ""
            if isinstance(name, tuple):  # RFC 2231 (charset, language, value)
                name = email.utils.collapse_rfc2231_value(name)
        except Exception:
            name = ""
    name = decode_header(unsurrogate(str(name)))
    # Keep only the last path component and no control characters.
    name = re.split(r"[\\/]", name)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()


def _sniff(name: str, ctype: str, data: bytes) -> str:
    """What an attachment is, by content first (types and names are often wrong)."""
    lower = name.lower()
    head = data[:8]
    if head.startswith(b"%PDF") or data[:1024].find(b"%PDF-") >= 0 and lower.endswith(".pdf"):
        return "pdf"
    if head[:4] == b"\x78\x9f\x3e\x22" or lower == "winmail.dat" or ctype in ("application/ms-tnef", "application/vnd.ms-tnef"):
        return "tnef"
    if head[:4] == b"PK\x03\x04":
        if lower.endswith(".docx") or lower.endswith(".docm") or "wordprocessingml" in ctype:
            return "docx"
        if b"word/" in data[:4096]:
            return "docx"
        return "zip"
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if lower.endswith(".msg") or ctype == "application/vnd.ms-outlook":
            return "msg"
        return "ole"
    if head.startswith(b"\x89PNG") or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"II*\x00", b"MM\x00*") \
            or head[:6] in (b"GIF87a", b"GIF89a") or head[:2] == b"BM":
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    # Nothing recognisable inside: believe the name and type (a broken file is then reported).
    if ctype == "application/pdf" or lower.endswith(".pdf"):
        return "pdf"
    if lower.endswith(".docx") or "wordprocessingml" in ctype:
        return "docx"
    if lower.endswith(".eml") or ctype in ("message/rfc822", "message/global"):
        return "eml"
    if lower.endswith(".msg"):
        return "msg"
    if ctype == "text/html" or lower.endswith((".html", ".htm")):
        return "html"
    if ctype.startswith("text/") or lower.endswith((".txt", ".csv")):
        return "text"
    if ctype.startswith("image/"):
        return "image"
    return "other"


_UNREADABLE_DOCUMENTS = (".doc", ".odt", ".xls", ".xlsx", ".pages", ".wpd")


class _Reader:
    def __init__(self, options: ReadOptions):
        self.options = options
        self.ours = quotes.Ours(options.own_addresses, options.token)
        self.units: list[_Unit] = []
        self.bodies: list[list[tuple[str, str]]] = []  # stack: (text, method) per message level
        self.attachments: list[Attachment] = []
        self.problems: list[str] = []
        self.html = ""  # the message's own HTML body, decoded
        self.count = 0
        self.cheap = False  # too large: read bodies only
        self.started = time.monotonic()
        self.pixels = 0  # pixels given to OCR so far (ocr.MAX_MESSAGE_PIXELS in all)
        self.document_seconds = options.document_seconds  # left for PDF text layers, all of them

    def problem(self, name: str) -> None:
        if name not in self.problems:
            self.problems.append(name)

    # -- the whole message -----------------------------------------------------------------
    def read(self, raw: bytes) -> ParsedMessage:
        raw = raw or b""
        mid_fallback = "<sha256:%s@intake>" % hashlib.sha256(raw).hexdigest()
        data = raw
        if len(raw) > self.options.max_message_bytes:
            self.problem("too_large")
            self.cheap = True
            data = raw[: self.options.max_message_bytes]
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return self.read_outlook_file(data, mid_fallback)
        try:
            # mail-parser builds the (compat32) message and lists its MIME defects.
            mp = mailparser.MailParser.from_bytes(data)
            msg = mp.message
            for category in sorted(mp.defects_categories):
                self.problem(f"mime_defect:{category}")
        except (MailParserRecursionError, RecursionError):
            return read_headers(raw, "too_deep")
        except Exception:
            self.problem("unparseable")
            return ParsedMessage(message_id=mid_fallback, parts=[TextPart("body", decode_bytes(raw))], problems=self.problems)
        parsed = self.headers(msg, mid_fallback)
        try:
            self.bodies.append([])
            self.walk(msg, 0)
            body = self.bodies.pop()
            text, method = _join_bodies(body)
            parsed.body_text = text
            self.units.insert(0, _Unit(TextPart("body", text, method), split=True, subject=parsed.subject, sender=parsed.from_addr))
        except RecursionError:
            self.problem("too_deep")
        except Exception as exc:  # a bug or a pathological structure: keep what we have
            self.problem(f"read_error:{type(exc).__name__}")
            if not self.units or self.units[0].part.source != "body":
                self.units.insert(0, _Unit(TextPart("body", ""), split=False))
        self.run_ocr()
        parsed.parts = self.finish_parts()
        parsed.attachments = self.attachments
        parsed.body_html = self.html
        parsed.problems = self.problems
        return parsed

    def read_outlook_file(self, data: bytes, mid_fallback: str) -> ParsedMessage:
        """A mailbox file that is an Outlook .msg rather than MIME: read its headers and body."""
        from bot.reading.outlook import read_msg

        try:
            found = read_msg(data)
        except Exception:
            self.problem("unparseable")
            return ParsedMessage(message_id=mid_fallback, parts=[TextPart("body", "")], problems=self.problems)
        if found.transport:
            parsed = self.headers(email.message_from_string(found.transport, policy=email.policy.compat32), mid_fallback)
        else:
            parsed = ParsedMessage(message_id=mid_fallback, subject=found.headers.get("subject", ""))
            sender = addresses([found.headers.get("from", "")])
            if sender:
                parsed.from_name, parsed.from_addr = sender[0]
            parsed.date = parse_date(found.headers.get("date"))
        parsed.content_type = "application/vnd.ms-outlook"
        parsed.body_text = found.body
        self.units.append(_Unit(TextPart("body", found.body, "msg"), split=True, subject=parsed.subject, sender=parsed.from_addr))
        for filename, payload in found.files:
            self.attachments.append(Attachment(filename, "application/octet-stream", len(payload), payload))
            self.read_document(filename, _sniff(filename, "", payload), payload, 1)
        self.run_ocr()
        parsed.parts = self.finish_parts()
        parsed.attachments = self.attachments
        parsed.problems = self.problems
        return parsed

    def headers(self, msg: email.message.Message, mid_fallback: str) -> ParsedMessage:
        headers = header_items(msg)
        first = lambda name: (headers.get(name) or [""])[0]  # noqa: E731
        sender = addresses(raw_values(msg, "from")) or addresses(raw_values(msg, "sender"))
        from_name, from_addr = sender[0] if sender else ("", "")
        mid = first("message-id").strip()
        found = message_ids(mid)
        mid = found[0] if found else (mid or mid_fallback)
        in_reply = message_ids(first("in-reply-to"))
        return ParsedMessage(
            message_id=mid,
            subject=first("subject"),
            from_addr=from_addr,
            from_name=from_name,
            to=[a for _, a in addresses(raw_values(msg, "to"))],
            cc=[a for _, a in addresses(raw_values(msg, "cc"))],
            reply_to=[a for _, a in addresses(raw_values(msg, "reply-to"))],
            date=parse_date(first("date")),
            in_reply_to=in_reply[0] if in_reply else (first("in-reply-to").strip() or None),
            references=message_ids(" ".join(headers.get("references", []))),
            headers=headers,
            content_type=_safe_type(msg),
        )

    # -- the MIME tree ---------------------------------------------------------------------
    def walk(self, part: email.message.Message, depth: int, in_report: bool = False) -> None:
        self.count += 1
        if self.count > self.options.max_parts:
            self.problem("too_many_parts")
            return
        if depth > self.options.max_depth:
            self.problem("too_deep")
            return
        ctype = _safe_type(part)
        if ctype == "message/delivery-status":
            self.units.append(_Unit(TextPart("attachment:delivery-status", _status_text(part), "plain")))
            return
        if ctype in ("message/rfc822", "message/global") or (ctype.startswith("message/") and isinstance(part.get_payload(), list) and ctype != "message/delivery-status"):
            self.embedded(part, depth, returned=in_report)
            return
        if part.is_multipart():
            children = [c for c in (part.get_payload() or []) if isinstance(c, email.message.Message)]
            if ctype == "multipart/alternative":
                self.alternative(children, depth)
                return
            for child in children:
                if _safe_type(child) in _SIGNATURES:
                    continue
                self.walk(child, depth + 1, in_report=in_report or ctype == "multipart/report")
            return
        name = _filename(part)
        try:
            disposition = (part.get_content_disposition() or "").lower()
        except Exception:
            disposition = ""
        if ctype in ("text/plain", "text/html", "text/enriched") and not name and disposition != "attachment":
            self.bodies[-1].append(self.text_of(part, ctype))
            return
        if ctype in ("message/delivery-status", "text/rfc822-headers", "message/disposition-notification"):
            text = decode_bytes(_payload(part))
            self.units.append(_Unit(TextPart(f"attachment:{name or ctype.split('/')[1]}", text.strip(), "plain")))
            return
        self.attachment(part, name, ctype, depth)

    def text_of(self, part: email.message.Message, ctype: str) -> tuple[str, str]:
        data = _payload(part)
        try:
            charset = part.get_content_charset()
        except Exception:
            charset = None
        if ctype == "text/html":
            markup = decode_bytes(data, charset or charset_from_meta(data))
            if len(self.bodies) == 1 and not self.html:  # the message's own, not a forwarded one's
                self.html = markup
            return html_to_text(markup), "html"
        text = decode_bytes(data, charset)
        if ctype == "text/enriched":
            text = re.sub(r"<[^>]+>", "", text)
        return text.replace("\r\n", "\n").replace("\r", "\n"), "plain"

    def alternative(self, children: list[email.message.Message], depth: int) -> None:
        plain = next((c for c in children if _safe_type(c) == "text/plain"), None)
        rich = None
        for child in children:
            ctype = _safe_type(child)
            if ctype == "text/html" or (child.is_multipart() and any(_safe_type(p) == "text/html" for p in child.walk())):
                rich = child
        if plain is None or rich is None:
            chosen = rich or plain or (children[-1] if children else None)
            if chosen is not None:
                self.walk(chosen, depth + 1)
            return
        self.count += 1
        plain_text, _ = self.text_of(plain, "text/plain")
        html_part = rich if not rich.is_multipart() else next(p for p in rich.walk() if _safe_type(p) == "text/html")
        html_text, _ = self.text_of(html_part, "text/html")
        # (A table the plain text flattens to one cell a line is read from the HTML, as a table.)
        table_lost = len(_TABLE_ROW.findall(html_text)) >= 2 and not _TABLE_ROW.search(plain_text)
        if _richness(plain_text) >= 0.6 * _richness(html_text) and plain_text.strip() and not table_lost:
            self.bodies[-1].append((plain_text, "plain"))
            if rich.is_multipart():
                # Keep the related parts (inline images) the plain body does not show.
                for child in rich.get_payload():
                    if isinstance(child, email.message.Message) and _safe_type(child) not in ("text/html", "text/plain"):
                        self.walk(child, depth + 2)
        else:
            self.walk(rich, depth + 1)

    # -- embedded messages -----------------------------------------------------------------
    def embedded(self, part: email.message.Message, depth: int, returned: bool = False) -> None:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, email.message.Message):
            data = _payload(part)
            try:
                inner = email.message_from_bytes(data, policy=email.policy.compat32)
            except Exception:
                self.problem(f"attachment_unreadable:{_filename(part) or 'message'}")
                return
        self.message_unit(inner, depth, "eml", returned=returned, name=_filename(part))

    def message_unit(self, inner: email.message.Message, depth: int, method: str, returned: bool = False, name: str = "") -> None:
        """An attached or forwarded message: its header lines and body, then its attachments."""
        hdrs = header_items(inner)
        first = lambda key: (hdrs.get(key) or [""])[0]  # noqa: E731
        unit = _Unit(TextPart("returned" if returned else "forwarded", "", method), split=not returned,
                     subject=first("subject"))
        sender = addresses(raw_values(inner, "from"))
        unit.sender = sender[0][1] if sender else ""
        unit.part.headers = {k: first(k) for k in ("from", "date", "subject", "to", "cc") if first(k)}
        self.units.append(unit)
        self.bodies.append([])
        try:
            self.walk(inner, depth + 1)
        finally:
            body = self.bodies.pop()
        text, _ = _join_bodies(body)
        if returned:
            unit.part.quoted = (_head_lines(unit.part.headers) + "\n\n" + text).strip()
        else:
            unit.part.text = text

    # -- attachments -----------------------------------------------------------------------
    def attachment(self, part: email.message.Message, name: str, ctype: str, depth: int) -> None:
        data = _payload(part)
        kind = _sniff(name, ctype, data)
        if not name:
            ext = {"pdf": ".pdf", "docx": ".docx", "image": "", "tnef": ".dat", "eml": ".eml", "msg": ".msg"}.get(kind, "")
            name = f"part-{self.count}{ext}"
        self.attachments.append(Attachment(name, ctype, len(data), data))
        if self.cheap:
            return
        self.read_document(name, kind, data, depth)

    def read_document(self, name: str, kind: str, data: bytes, depth: int) -> None:
        source = f"attachment:{name}"
        limit = self.options.max_attachment_chars
        try:
            if kind == "pdf":
                if self.document_seconds <= 0:
                    self.problem(f"attachment_unreadable:{name}")
                    return
                began = time.monotonic()
                result = documents.pdf_text(data, limit, self.document_seconds)
                self.document_seconds -= time.monotonic() - began
                if result.error and not result.text:
                    self.problem(f"attachment_unreadable:{name}")
                elif result.scanned:
                    self.ocr_unit(name, "pdf", data, result.pages, result.largest_page)
                else:
                    self.add_document(source, result.text, "pdf", name)
            elif kind == "docx":
                try:
                    text = documents.docx_text(data)
                except Exception:
                    text = documents.docx_text_fallback(data)
                self.add_document(source, text, "docx", name)
            elif kind == "image":
                if ocr.worth_reading(data):
                    self.ocr_unit(name, "image", data, 1)
            elif kind == "tnef":
                self.tnef(name, data, depth)
            elif kind == "msg":
                self.outlook_msg(name, data, depth)
            elif kind == "eml":
                inner = email.message_from_bytes(data, policy=email.policy.compat32)
                self.count += 1
                self.message_unit(inner, depth, "eml", name=name)
            elif kind == "rtf":
                self.add_document(source, documents.rtf_to_text(data), "plain", name)
            elif kind in ("text", "html"):
                text = decode_bytes(data)
                if kind == "html":
                    text = html_to_text(text)
                self.add_document(source, text, "html" if kind == "html" else "plain", name)
            elif name.lower().endswith(_UNREADABLE_DOCUMENTS):
                self.problem(f"attachment_unsupported:{name}")
        except Exception:
            self.problem(f"attachment_unreadable:{name}")

    def add_document(self, source: str, text: str, method: str, name: str) -> None:
        limit = self.options.max_attachment_chars
        if len(text) > limit:
            text = text[:limit]
            self.problem(f"attachment_truncated:{name}")
        if text.strip():
            self.units.append(_Unit(TextPart(source, text, method)))

    def ocr_unit(self, name: str, kind: str, data: bytes, pages: int, largest_page: float = 0.0) -> None:
        if not ocr.available():
            self.problem("ocr_unavailable")
            self.units.append(_Unit(TextPart(f"attachment:{name}", "", "ocr")))
            return
        job = ocr.Job(name, kind, data, pages)
        # Pixels are counted before anything is rendered or decoded: a small file can declare
        # a gigapixel picture, and every attachment of the message counts towards one total.
        if kind == "pdf":
            dpi = ocr.pdf_dpi(largest_page)
            if dpi is None:
                self.problem(f"ocr_too_large:{name}")
                return
            job.dpi = dpi
            job.page_pixels = int(largest_page * dpi * dpi / (72 * 72)) if largest_page > 0 else 0
        else:
            size = ocr.image_size(data)
            if size is None or size[0] * size[1] > ocr.MAX_PIXELS:
                self.problem(f"ocr_too_large:{name}" if size else f"ocr_unknown_size:{name}")
                return
        need = ocr.pixels(job, self.options.ocr_max_pages)
        if self.pixels + need > ocr.MAX_MESSAGE_PIXELS:
            self.problem(f"ocr_too_large:{name}")
            return
        self.pixels += need
        self.units.append(_Unit(TextPart(f"attachment:{name}", "", "ocr"), ocr=job))

    def run_ocr(self) -> None:
        jobs = [u.ocr for u in self.units if u.ocr is not None]
        if not jobs:
            return
        try:
            # The language of the message's own words (subject and text), for Tesseract's first.
            own = "\n".join(f"{u.subject}\n{u.part.text}" for u in self.units if u.ocr is None)
            ocr.run(jobs, self.options.ocr_seconds, self.options.ocr_max_pages, ocr.language_of(own))
        except Exception as exc:
            self.problem(f"ocr_error:{type(exc).__name__}")
        for unit in self.units:
            if unit.ocr is not None:
                for p in unit.ocr.problems:
                    self.problem(p)
                text = unit.ocr.text
                if len(text) > self.options.max_attachment_chars:
                    text = text[: self.options.max_attachment_chars]
                    self.problem(f"attachment_truncated:{unit.ocr.name}")
                unit.part.text = text
                unit.part.word_confidences = unit.ocr.words

    def tnef(self, name: str, data: bytes, depth: int) -> None:
        from bot.reading.tnef import read_tnef

        body, method, files = read_tnef(data)
        if body.strip():
            self.units.append(_Unit(TextPart(f"attachment:{name}", body, method), split=True))
        self.contained_files(files, depth)

    def outlook_msg(self, name: str, data: bytes, depth: int) -> None:
        from bot.reading.outlook import read_msg

        found = read_msg(data)
        unit = _Unit(TextPart("forwarded", "", "msg"), split=True, subject=found.headers.get("subject", ""))
        unit.part.headers = found.headers
        sender = addresses([found.headers.get("from", "")])
        unit.sender = sender[0][1] if sender else ""
        unit.part.text = found.body
        self.units.append(unit)
        self.contained_files(found.files, depth)

    def contained_files(self, files: list[tuple[str, bytes]], depth: int) -> None:
        """Files carried inside a winmail.dat or an Outlook message: kept and read like attachments."""
        for filename, payload in files:
            self.count += 1
            if self.count > self.options.max_parts:
                self.problem("too_many_parts")
                return
            self.attachments.append(Attachment(filename, "application/octet-stream", len(payload), payload))
            self.read_document(filename, _sniff(filename, "", payload), payload, depth + 1)

    # -- the parts, in order, with quotes and forwards separated -------------------------
    def finish_parts(self) -> list[TextPart]:
        out: list[TextPart] = []
        left = self.options.max_text_chars
        for unit in self.units:
            part = unit.part
            if len(part.text) > left:
                # Past the limit nothing is read: the readers' time grows with the text.
                part.text = part.text[:left]
                self.problem(f"text_truncated:{unit.ocr.name if unit.ocr else part.source}")
            left -= len(part.text)
            if unit.split and part.text:
                try:
                    split = quotes.split_text(part.text, unit.subject, unit.sender, self.ours)
                except RecursionError:
                    split = quotes.Split(part.text)
                part.text, quoted = split.text, split.quoted
                if part.headers and part.source == "forwarded":
                    part.text = (_head_lines(part.headers) + "\n\n" + part.text).strip()
                part.quoted = "\n\n".join(q for q in (quoted, part.quoted) if q)
                out.append(part)
                out.extend(_forward_parts(split.forwards, part.method))
            else:
                out.append(part)
        n = 0
        for part in out:
            if part.source in ("forwarded", "returned"):
                n += 1
                part.source = f"{part.source}:{n}"
        return out


def _forward_parts(forwards: list[quotes.Forward], method: str) -> list[TextPart]:
    parts: list[TextPart] = []
    for fwd in forwards:
        part = TextPart("forwarded", fwd.text, method, quoted=fwd.quoted)
        part.headers = dict(fwd.headers)
        parts.append(part)
        parts.extend(_forward_parts(fwd.forwards, method))
    return parts


def _status_text(part: email.message.Message) -> str:
    """The fields of a delivery status report (compat32 parses them as header blocks)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks = []
        for block in payload:
            if isinstance(block, email.message.Message):
                blocks.append("\n".join(f"{k}: {decode_header(v)}" for k, v in block.items()))
        return "\n\n".join(blocks).strip()
    return decode_bytes(_payload(part)).strip()


def _head_lines(headers: dict[str, str]) -> str:
    return "\n".join(f"{k.capitalize()}: {v}" for k, v in headers.items())


def _join_bodies(bodies: list[tuple[str, str]]) -> tuple[str, str]:
    texts = [t.strip("\n") for t, _ in bodies if t.strip()]
    method = bodies[0][1] if bodies else "plain"
    return "\n\n".join(texts), method


def _richness(text: str) -> int:
    return sum(map(str.isalnum, text))

