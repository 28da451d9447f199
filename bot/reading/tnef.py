"""winmail.dat (TNEF): the body Outlook hid in it and the files it carries."""
from __future__ import annotations

import warnings

from bot.reading.charset import decode_bytes
from bot.reading.documents import rtf_to_text
from bot.reading.html import html_to_text


def _bytes(value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)  # type: ignore[arg-type]


def read_tnef(data: bytes) -> tuple[str, str, list[tuple[str, bytes]]]:
    """(body text, method, [(filename, payload)]) of a TNEF blob; raises when unreadable."""
    import tnefparse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        blob = tnefparse.TNEF(data)
    body, method = "", "tnef"
    plain = _bytes(getattr(blob, "body", None))
    html = _bytes(getattr(blob, "htmlbody", None))
    if plain.strip():
        body = decode_bytes(plain)
    elif html.strip():
        body = html_to_text(decode_bytes(html))
    else:
        try:
            rtf = _bytes(blob.rtfbody)
        except Exception:
            rtf = b""
        if rtf.strip():
            body = rtf_to_text(rtf)
    files: list[tuple[str, bytes]] = []
    for index, att in enumerate(getattr(blob, "attachments", []) or []):
        try:
            name = att.long_filename() or att.name
        except Exception:
            name = getattr(att, "name", "") or ""
        if isinstance(name, bytes):
            name = decode_bytes(name)
        name = (name or f"tnef-{index + 1}").replace("\x00", "").strip()
        files.append((name, _bytes(getattr(att, "data", b""))))
    return body.replace("\r\n", "\n"), method, files
