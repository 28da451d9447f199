"""Outlook .msg files (extract-msg): headers, body and attachments."""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field

from bot.reading.charset import decode_bytes
from bot.reading.html import html_to_text

logging.getLogger("extract_msg").setLevel(logging.ERROR)


@dataclass
class MsgContent:
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    transport: str = ""  # the internet headers Outlook kept, when it kept them
    files: list[tuple[str, bytes]] = field(default_factory=list)


def read_msg(data: bytes) -> MsgContent:
    """The content of an Outlook message; raises when the file is not one."""
    import extract_msg

    out = MsgContent()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        msg = extract_msg.openMsg(data, delayAttachments=False)
        try:
            for key, attr in (("from", "sender"), ("date", "date"), ("subject", "subject"), ("to", "to"), ("cc", "cc")):
                try:
                    value = getattr(msg, attr)
                except Exception:
                    value = None
                if value:
                    out.headers[key] = str(value).strip()
            try:
                header = msg.header
                out.transport = header.as_string() if header is not None and len(header.keys()) > 1 else ""
            except Exception:
                out.transport = ""
            body = ""
            try:
                body = msg.body or ""
            except Exception:
                body = ""
            if not body.strip():
                try:
                    html = msg.htmlBody
                except Exception:
                    html = None
                if html:
                    body = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
            out.body = (decode_bytes(body) if isinstance(body, bytes) else body).replace("\r\n", "\n")
            for index, att in enumerate(getattr(msg, "attachments", []) or []):
                payload = getattr(att, "data", None)
                if not isinstance(payload, (bytes, bytearray)):
                    continue  # embedded .msg objects and OLE objects are not read
                name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or f"msg-{index + 1}"
                out.files.append((str(name), bytes(payload)))
        finally:
            try:
                msg.close()
            except Exception:
                pass
    return out
