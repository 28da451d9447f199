"""Authentication-Results (RFC 8601), read only from the mail server the meeting file names.

Anyone can write an Authentication-Results header into a message; only the one our own
server adds (the authserv-id the meeting file names, passed in by the caller) says anything. A
sender passes for a domain when that header shows DKIM passing with a signing domain
(header.d, or the domain of header.i) aligned with it, or DMARC passing for header.from.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_COMMENT = re.compile(r"\([^()]*\)")
_PROPERTY = re.compile(r"([A-Za-z0-9_.-]+)\s*=\s*(\"[^\"]*\"|[^\s;]+)")


def _values(parsed_or_headers: Any) -> list[str]:
    """The Authentication-Results values of a ParsedMessage, a header mapping or a list."""
    headers = getattr(parsed_or_headers, "headers", parsed_or_headers)
    if isinstance(headers, Mapping):
        for key, value in headers.items():
            if str(key).lower() == "authentication-results":
                return [value] if isinstance(value, str) else [str(v) for v in value]
        return []
    if isinstance(headers, Iterable) and not isinstance(headers, (str, bytes)):
        out = []
        for item in headers:
            if isinstance(item, tuple) and len(item) == 2:
                if str(item[0]).lower() == "authentication-results":
                    out.append(str(item[1]))
            else:
                out.append(str(item))
        return out
    return []


def aligned(signer: str, domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    a, b = signer.lower().strip(".").strip(), domain.lower().strip(".").strip()
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def passes_for(parsed_or_headers: Any, domain: str | None, authserv_id: str | None) -> bool:
    """True when an Authentication-Results header from `authserv_id` shows DKIM or DMARC
    passing, aligned with `domain`; every header from another authserv-id is ignored."""
    if not domain or not authserv_id:
        return False
    for value in _values(parsed_or_headers):
        text = " ".join(value.split())
        for _ in range(5):  # nested comments, innermost first
            text = _COMMENT.sub(" ", text)
        pieces = [p.strip() for p in text.split(";")]
        if not pieces or not pieces[0]:
            continue
        if pieces[0].split()[0].lower() != authserv_id.lower():
            continue
        # The top-most header of our server is the one it added (RFC 8601 section 5): one
        # below it claiming the same name came with the message.
        for resinfo in pieces[1:]:
            found = {k.lower(): v.strip('"') for k, v in _PROPERTY.findall(resinfo)}
            if found.get("dkim", "").lower() == "pass":
                signer = found.get("header.d") or found.get("header.i", "").rsplit("@", 1)[-1]
                if signer and aligned(signer, domain):
                    return True
            if found.get("dmarc", "").lower() == "pass":
                if aligned(found.get("header.from", ""), domain):
                    return True
        return False
    return False
