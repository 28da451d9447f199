"""parse: raw bytes to headers and readable text parts."""
from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib

from bot.mail import ParsedMessage, TextPart
from handlers import Context, register


@register
class Parse:
    name = "parse"
    description = "Read headers and bodies of the raw message."
    after_stop = False

    def process(self, ctx: Context) -> None:
        msg = email.message_from_bytes(ctx.raw, policy=email.policy.default)
        mid = (msg.get("Message-ID") or "").strip() or "<sha256:%s>" % hashlib.sha256(ctx.raw).hexdigest()
        headers: dict[str, list[str]] = {}
        for k, v in msg.raw_items():
            headers.setdefault(k.lower(), []).append(str(v))
        name, addr = email.utils.parseaddr(str(msg.get("From", "")))
        body = msg.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        try:
            date = email.utils.parsedate_to_datetime(str(msg.get("Date"))) if msg.get("Date") else None
        except (TypeError, ValueError):
            date = None
        ctx.parsed = ParsedMessage(
            message_id=mid, subject=str(msg.get("Subject", "")), from_addr=addr.lower(), from_name=name,
            date=date, in_reply_to=(msg.get("In-Reply-To") or None),
            references=str(msg.get("References", "")).split(), headers=headers,
            content_type=msg.get_content_type(), parts=[TextPart("body", text)],
        )
