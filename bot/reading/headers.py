"""Header values: RFC 2047 words, raw 8-bit bytes, addresses, dates, Message-IDs."""
from __future__ import annotations

import base64
import email.header
import email.utils
import re
from datetime import datetime, timezone
from email.message import Message

from bot import patterns
from bot.reading.charset import decode_bytes, unsurrogate

_ENCODED_WORD = patterns.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = patterns.compile(r"(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)")
_MSGID = patterns.compile(r"<[^<>\s]+>")


def _decode_word(match: re.Match[str]) -> str:
    charset, enc, text = match.group(1), match.group(2).lower(), match.group(3)
    charset = charset.split("*", 1)[0]  # RFC 2231 language suffix
    try:
        if enc == "b":
            raw = base64.b64decode(text + "=" * (-len(text) % 4))
        else:
            raw = re.sub(r"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("latin-1"),
                         text.replace("_", " ")).encode("latin-1")
    except Exception:
        return match.group(0)
    return decode_bytes(raw, charset)


def decode_header(value: object) -> str:
    """A header value as text: encoded words decoded, raw 8-bit guessed, lines unfolded."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        try:
            parts = email.header.decode_header(value)
            text = "".join(p.decode(c or "utf-8", "replace") if isinstance(p, bytes) else p for p, c in parts)
        except Exception:
            text = str(value)
    else:
        text = str(value)
    text = unsurrogate(text)
    text = re.sub(r"\r?\n[ \t]+", " ", text).replace("\r", "").replace("\n", " ")
    if "=?" in text:
        # Whitespace between two adjacent encoded words is not part of the text (RFC 2047).
        text = _BETWEEN_WORDS.sub(r"\1", text)
        text = _ENCODED_WORD.sub(_decode_word, text)
    return text.strip()


def header_items(msg: Message) -> dict[str, list[str]]:
    """All headers, names lower-cased, every occurrence in order, values decoded."""
    out: dict[str, list[str]] = {}
    for name, value in msg.raw_items() if hasattr(msg, "raw_items") else msg.items():
        out.setdefault(unsurrogate(str(name)).strip().lower(), []).append(decode_header(value))
    return out


def addresses(values: list[str]) -> list[tuple[str, str]]:
    """(name, lower-cased address) pairs from address header values.

    Give raw values (encoded words intact) when you have them: a decoded display name
    may hold a comma ("Tremblay-Roy, Geneviève") that would split the mailbox."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        value = unsurrogate(str(value))
        try:
            found = email.utils.getaddresses([re.sub(r"\r?\n[ \t]*", " ", value)])
        except Exception:
            found = []
        if not any("@" in a for _, a in found):
            # Lenient fallback for broken syntax: any address-looking token.
            tokens = re.findall(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", value)
            if tokens:
                found = [("", a) for a in tokens]
        for name, addr in found:
            addr = addr.strip().strip("<>").strip().lower()
            if addr:
                pairs.append((decode_header(name).strip().strip('"').strip(), addr))
    if any("@" in a for _, a in pairs):
        pairs = [(n, a) for n, a in pairs if "@" in a]
    return pairs


def raw_values(msg: Message, name: str) -> list[str]:
    """Every value of header `name` as sent (encoded words and raw 8-bit bytes kept)."""
    name = name.lower()
    try:
        return [str(v) for k, v in msg.raw_items() if str(k).strip().lower() == name]
    except Exception:
        return []


def parse_date(value: str | None) -> datetime | None:
    """An aware datetime from a Date header, or None when absent or unreadable."""
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def message_ids(value: str | None) -> list[str]:
    """Message-IDs in a References or In-Reply-To value, in order."""
    if not value:
        return []
    found = _MSGID.findall(value)
    if found:
        return found
    return [token for token in value.split() if "@" in token]
