"""Reply texts (jinja2, per language) and the messages built from them."""
from __future__ import annotations

import email.charset
import email.policy
import re
from dataclasses import dataclass, field
from email.header import Header
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from bot.meeting import Meeting, format_date
from bot.states import StateName

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.models import Inbound, Outbox

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
_TOKEN = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9_.-]*)/(\d+)\]")


@lru_cache(maxsize=8)
def environment(meeting_id: str) -> Environment:
    """Templates: the meeting's own override folder first, then the defaults."""
    loader = ChoiceLoader([
        FileSystemLoader(str(TEMPLATES / "meetings" / meeting_id)),
        FileSystemLoader(str(TEMPLATES)),
    ])
    return Environment(loader=loader, undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                       trim_blocks=True, lstrip_blocks=True)


def reply_language(meeting: Meeting, language: str | None) -> str:
    return language if language in meeting.languages else meeting.languages[0]


def requested(missing: list[str], participants: list[dict]) -> list[dict]:
    """The missing items grouped by role, as a request lists them: [{"role", "names", "fields"}].
    A whole role ("representative") asks for every field of it."""
    from bot.schema import PERSON_FIELDS

    groups: dict[str, list[str]] = {}
    for item in missing:
        role, _, field = item.partition(".")
        fields = groups.setdefault(role, [])
        for f in ([field] if field else PERSON_FIELDS):
            if f not in fields:
                fields.append(f)
    order = ("representative", "adviser", "observer")
    out = []
    for role in sorted(groups, key=lambda r: order.index(r) if r in order else len(order)):
        people = [p for p in participants if p.get("role") == role and p.get("name")]
        genders = {p.get("gender") for p in people}
        out.append({"role": role, "fields": [f for f in PERSON_FIELDS if f in groups[role]],
                    "names": [p["name"] for p in people], "gender": genders.pop() if len(genders) == 1 else None})
    return out


def render(meeting: Meeting, template: str, language: str, *, state: StateName, token: str,
           participants: list[dict] | None = None, missing: list[str] | None = None,
           communication: datetime | None = None, reference: str | None = None,
           now: datetime | None = None, automatic: bool = True, **extra: object) -> tuple[str, str]:
    """(subject, text body) of reply `template` in `language`.

    `communication` is the date of the government's message and `reference` the reference its
    letter gives, both acknowledged when known; `now` (default: the present) decides whether
    the deadline for nominations has passed. `automatic` False: a person wrote or approved the
    text, which then does not say it was sent automatically. `extra` values are for the texts
    a person sends from the review page (the subject answered, the person a letter is for)."""
    env = environment(meeting.id)
    lang = reply_language(meeting, language)
    participants = participants or []
    received = communication.astimezone(meeting.zone).date() if communication and communication.tzinfo else (
        communication.date() if communication else None)
    values = {
        "meeting": meeting, "lang": lang, "official": meeting.official[lang], "dates": meeting.dates(lang),
        "deadline": format_date(meeting.deadline, lang), "open": not meeting.is_late(now or datetime.now(timezone.utc)),
        "received": format_date(received, lang) if received else "", "reference": (reference or "").strip(),
        "state": state, "token": token, "participants": participants, "missing": missing or [],
        "requested": requested(missing or [], participants), "automatic": automatic,
        "day": lambda d: format_date(d, lang), **extra,
    }
    subject = env.get_template(f"replies/{lang}/{template}.subject").render(values).strip()
    body = env.get_template(f"replies/{lang}/{template}.txt").render(values).rstrip() + "\n"
    return " ".join(subject.split()), body


# A letter's own reference, on a line of its own: "Réf. : N° 0234/MTEFP/DGT", "Our ref.: LAB 12/3/1",
# "Oficio N.º 114-2026-TR". Not "Your ref." (ours, quoted back) and not a subject ("Ref.: Designación").
_REFERENCE = re.compile(
    r"^[ \t>]*(?:(?:our|notre|nuestra|n/|ns/)\s*)?"
    r"(?:r[ée]f(?:[ée]rence|erencia)?s?|oficio|note verbale|nota verbal|nota|letter)\.?"
    r"\s*(?:n(?:o|[°º]|\.[°º])\.?|number|num[ée]ro|n[úu]mero)?\s*[:.]?[ \t]*(?P<ref>[^\n]{1,60})$",
    re.IGNORECASE | re.MULTILINE)
_REF_WORD = re.compile(r"^(?:[\w./\-()]*[\d/][\w./\-()]*|[A-Z]{1,8}|n[°º.]+|no\.?)$", re.IGNORECASE)


def letter_reference(texts: list[str]) -> str | None:
    """The reference a government's letter gives itself, if one of `texts` states it."""
    for text in texts:
        for m in _REFERENCE.finditer(text or ""):
            ref = m.group("ref").strip().rstrip(".,;")
            words = ref.split()
            if (words and len(words) <= 4 and any(c.isdigit() for c in ref)
                    and all(_REF_WORD.match(w) and (w.isupper() or not w.isalpha() or len(w) <= 3) for w in words)):
                return ref
    return None


def token(meeting: Meeting, number: int) -> str:
    """The reference token our subjects carry, so that answers thread back: [TMAI-2026/42]."""
    return f"[{meeting.id}/{number}]"


def find_token(meeting: Meeting, subject: str) -> int | None:
    """The number in our reference token in a subject, if it is this meeting's."""
    for m in _TOKEN.finditer(subject or ""):
        if m.group(1).lower() == meeting.id.lower():
            return int(m.group(2))
    return None


def reply_message_id(meeting: Meeting, inbound_id: int, template: str) -> str:
    """Derived from the record, so that a retry after a crash is recognisable."""
    domain = meeting.addresses.nominations.rsplit("@", 1)[1]
    return f"<intake.{meeting.id.lower()}.{inbound_id}.{template}@{domain}>"


def is_own_message_id(meeting: Meeting, message_id: str | None) -> bool:
    return bool(message_id) and message_id.strip().lower().startswith(f"<intake.{meeting.id.lower()}.")


def _one_line(value: str) -> str:
    """A header value on one line: CR and LF from a sender's text never make a header of ours."""
    return " ".join(str(value).split())


_UTF8 = email.charset.Charset("utf-8")
_UTF8.body_encoding = email.charset.QP


class _HeaderCharset(email.charset.Charset):
    """UTF-8 for a header, cut into encoded words as the standard library cuts them, in one
    pass: its own splitter encodes the whole line again after each character (quadratic,
    0.35 ms for a subject of 110 characters). The length of the encoded line grows by each
    character's own bytes (quoted-printable: a fixed width per byte; base64: by the count of
    bytes), so a running count gives the same cuts."""

    def header_encode_lines(self, string, maxlengths):  # type: ignore[no-untyped-def]
        from email import quoprimime

        codec = self.output_codec or "us-ascii"
        charset = self.get_output_charset()
        encoder_module = self._get_encoder(string.encode(codec))
        qp = encoder_module is quoprimime
        extra = len(charset) + email.charset.RFC2047_CHROME_LEN
        lines: list[str | None] = []
        start = size = 0  # the current line is string[start:i]; size: its quoted-printable width, or its bytes
        maxlen = next(maxlengths) - extra
        widths: dict[str, int] = {}  # each character's, measured once
        for i, character in enumerate(string):
            own = widths.get(character)
            if own is None:
                octets = character.encode(charset)
                own = widths[character] = quoprimime.header_length(octets) if qp else len(octets)
            grown = size + own
            # base64: four characters for each three bytes begun.
            if (grown if qp else -(-grown // 3) * 4) > maxlen:
                if not lines and start == i:  # nothing fits on the first line
                    lines.append(None)
                else:
                    lines.append(encoder_module.header_encode(string[start:i].encode(codec), charset=codec))
                start, grown, maxlen = i, own, next(maxlengths) - extra
            size = grown
        lines.append(encoder_module.header_encode(string[start:].encode(codec), charset=codec))
        return lines


# A subject beyond ASCII is encoded with this one (the shortest of base64 and quoted-printable).
_HEADER_UTF8 = _HeaderCharset("utf-8")


class _Compat32(email.policy.Compat32):
    """compat32, but a header that fits on its line as it is (printable ASCII, no blank at
    either end) is written as it is: the standard library makes a Header of every value and
    runs its folding, which gives back the same text for such a value, at a tenth of a
    millisecond a message."""

    def _fold(self, name, value, sanitize):  # type: ignore[no-untyped-def]
        if (isinstance(value, str) and value and value.isascii() and value.isprintable() and value == value.strip()
                and len(name) + 2 + len(value) <= (self.max_line_length or 1_000_000)):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


# CRLF line ends: SMTP needs them, and smtplib sends bytes as they are.
_SMTP32 = _Compat32(linesep="\r\n")


@dataclass(frozen=True)
class Addressing:
    """Where a reply to a message goes and how it threads: the one rule for the worker and
    the review page."""

    to: str
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)


def _within(domain: str | None, base: str | None) -> bool:
    return bool(domain and base and (domain == base or domain.endswith("." + base)))


def addressing(parsed, ledger_id: str) -> Addressing:  # type: ignore[no-untyped-def]
    """To From, or to Reply-To only when it is within From's domain (a stranger cannot make
    the Office write to an address of his choosing); In-Reply-To and References only when
    the sender gave the message a Message-ID of its own that we keep it under (none when it
    had none, or reused another message's)."""
    from bot.addresses import domain_of
    from bot.reading.headers import message_ids

    sender = (parsed.from_addr or "").lower()
    to = sender
    for other in parsed.reply_to[:1]:
        if _within(domain_of(other), domain_of(sender)):
            to = other.lower()
    given = message_ids(parsed.header("message-id") or "")
    if not given or given[0] != ledger_id:
        return Addressing(to)
    return Addressing(to, ledger_id, list(parsed.references))


def build(meeting: Meeting, *, to: str, subject: str, body: str, message_id: str, language: str,
          in_reply_to: str | None, references: list[str]) -> bytes:
    """The reply as bytes, with the headers that keep machines from answering it.

    Built with the compat32 classes: four times cheaper than EmailMessage for the same bytes."""
    msg = MIMEText(body, "plain", _UTF8)
    sender = meeting.official[reply_language(meeting, language)].sender
    msg["From"] = formataddr((sender, meeting.addresses.nominations))
    msg["To"] = _one_line(to)
    subject = _one_line(subject)
    msg["Subject"] = subject if subject.isascii() else Header(subject, _HEADER_UTF8)
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    msg["Message-ID"] = _one_line(message_id)
    if in_reply_to:
        msg["In-Reply-To"] = _one_line(in_reply_to)
        msg["References"] = _one_line(" ".join([*references, in_reply_to][-10:]))
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Content-Language"] = language
    return msg.as_bytes(policy=_SMTP32)


def render_reply(meeting: Meeting, inbound: "Inbound", template: str, language: str, *, state: StateName,
                 participants: list[dict], missing: list[str], reference: str | None = None,
                 automatic: bool = True) -> tuple[str, str]:
    """(subject, body) of reply `template` to the ledger row `inbound`, with its reference token;
    the government's communication is acknowledged with the date of the message."""
    number = inbound.delegation_id or inbound.id
    return render(meeting, template, language, state=state, token=token(meeting, number),
                  participants=participants, missing=missing, communication=inbound.date, reference=reference,
                  automatic=automatic)


def queue_reply(s: "Session", meeting: Meeting, inbound: "Inbound", template: str, language: str | None, *,
                to: str, in_reply_to: str | None, references: list[str], state: StateName | None = None,
                participants: list[dict] | None = None, missing: list[str] | None = None,
                reference: str | None = None, automatic: bool = True,
                subject: str | None = None, body: str | None = None) -> "Outbox":
    """Put reply `template` to `inbound` in the outbox (sent after commit by the sender).

    The text is rendered from the template unless `subject` and `body` are given (a person
    edited it on the review page). A message processed again (re-processing) gets the same
    reply row back: rewritten while it waits, left alone once it went (at most once)."""
    from sqlalchemy import select

    from bot.models import Outbox

    mid = reply_message_id(meeting, inbound.id, template)
    existing = s.scalar(select(Outbox).where(Outbox.message_id == mid))
    if existing is not None and existing.status not in ("pending", "failed"):
        return existing
    lang = reply_language(meeting, language)
    if subject is None or body is None:
        if state is None:
            raise ValueError("a reply rendered from its template names the State (or organization)")
        subject, body = render_reply(meeting, inbound, template, lang, state=state, participants=participants or [],
                                     missing=missing or [], reference=reference, automatic=automatic)
    raw = build(meeting, to=to, subject=subject, body=body, message_id=mid, language=lang,
                in_reply_to=in_reply_to, references=references)
    row = existing or Outbox(meeting_id=meeting.id, inbound_id=inbound.id, message_id=mid, template=template)
    # In lower case: the reply limit and the bounce rules look addresses up as such.
    row.delegation_id, row.to_addr, row.language, row.subject, row.raw = inbound.delegation_id, to.lower(), lang, subject, raw
    row.status, row.attempts, row.next_try_at, row.last_error = "pending", 0, None, None
    s.add(row)
    return row
