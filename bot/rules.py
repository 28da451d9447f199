"""Never answer a machine: the header and sender rules (DESIGN.md)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from bot import patterns
from bot.extraction.lexicon import AUTO_SUBJECT_RE, BOUNCE_SUBJECT_RE
from bot.mail import ParsedMessage
from bot.meeting import Meeting
from bot.replies import is_own_message_id

# Mail systems reporting on delivery, and senders that take no answer.
_DELIVERY_SENDERS = patterns.compile(r"^(mailer-daemon|postmaster|mail-daemon|maildelivery|mail-delivery|bounces?)\b", re.I)
_NOREPLY_SENDERS = patterns.compile(r"^(no-?reply|do-?not-?reply|donotreply|auto-?reply|autoresponder)", re.I)
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-help", "mailing-list", "x-mailing-list")
_AUTOREPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-autoresponse", "x-auto-reply",
                      "x-mail-autoreply")
_AUTOMATIC = {"auto_submitted", "autoreply_header", "precedence_auto_reply"}
_BULK = {"precedence_bulk", "precedence_junk", "precedence_list", "mailing_list", "own_address"}


def machine_reasons(parsed: ParsedMessage, meeting: Meeting) -> list[str]:
    """Why this message must not get an automatic reply (empty when it may)."""
    reasons: list[str] = []
    h = parsed.header
    return_path = (h("return-path") or "").strip()
    if return_path in ("<>", "") and "return-path" in parsed.headers:
        reasons.append("null_return_path")
    sender = parsed.from_addr.lower()
    if not sender or "@" not in sender:
        reasons.append("no_sender")
    elif _DELIVERY_SENDERS.match(sender) or _NOREPLY_SENDERS.match(sender):
        reasons.append("machine_sender")
    if parsed.content_type == "multipart/report" or "x-failed-recipients" in parsed.headers:
        reasons.append("delivery_report")
    auto = (h("auto-submitted") or "no").strip().lower()
    if not auto.startswith("no"):
        reasons.append("auto_submitted")
    precedence = (h("precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        reasons.append(f"precedence_{precedence}")
    if any(name in parsed.headers for name in _LIST_HEADERS):
        reasons.append("mailing_list")
    if any(name in parsed.headers for name in _AUTOREPLY_HEADERS):
        reasons.append("autoreply_header")
    suppress = (h("x-auto-response-suppress") or "").lower()
    if any(word in suppress for word in ("all", "autoreply", "oof")):
        reasons.append("suppress_auto_response")
    if sender in meeting.own_addresses():
        reasons.append("own_address")
    if is_own_message_id(meeting, parsed.message_id):
        reasons.append("own_message")
    return reasons


def machine_kind(parsed: ParsedMessage, meeting: Meeting) -> str | None:
    """bounce, auto_reply or other when the headers, the sender or the subject say a machine
    wrote the message (the same rules that keep us from answering it); None for a person."""
    reasons = set(machine_reasons(parsed, meeting))
    sender, subject = parsed.from_addr.lower(), parsed.subject or ""
    if "delivery_report" in reasons or _DELIVERY_SENDERS.match(sender) or BOUNCE_SUBJECT_RE.match(subject):
        return "bounce"
    if reasons & _AUTOMATIC or AUTO_SUBJECT_RE.match(subject):
        return "auto_reply"
    if reasons & _BULK or _NOREPLY_SENDERS.match(sender):
        return "other"
    return None


_AUTH = patterns.compile(r"\b(dkim|spf|dmarc)\s*=\s*(fail|permerror|softfail)\b", re.I)


def authentication_failures(parsed: ParsedMessage) -> list[str]:
    """`auth_failed:dkim` and the like, from the receiving server's Authentication-Results.

    Only the top-most header counts: it is the one our own server added; lower ones come
    from elsewhere and could be forged by the sender."""
    values = parsed.headers.get("authentication-results") or []
    if not values:
        return []
    found = {m.group(1).lower() for m in _AUTH.finditer(values[0])}
    return [f"auth_failed:{name}" for name in sorted(found)]


def backlog_reason(received_at: datetime | None, meeting: Meeting, now: datetime | None = None) -> str | None:
    """"old_backlog" when the message waited in the mailbox longer than the meeting allows."""
    if received_at is None:
        return None
    now = now or datetime.now(timezone.utc)
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=timezone.utc)
    if now - received_at > timedelta(hours=meeting.replies.max_backlog_hours):
        return "old_backlog"
    return None
