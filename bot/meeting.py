"""The meeting file: what this mailbox collects nominations for."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.addresses import Address
from bot.extraction.lexicon import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Addresses(_Strict):
    nominations: Address
    accessibility: Address
    own: list[Address] = []


class Official(_Strict):
    """The meeting and the secretariat as the replies in one language name them."""

    title: str  # the official title in running text, with its article
    venue: str
    sender: str  # display name on the From line
    department: str
    office: str
    address: list[str] = Field(min_length=1)

    @field_validator("title", "venue", "sender", "department", "office")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("must not be empty")
        return value


class Quotas(_Strict):
    representative: int = Field(1, ge=0)
    adviser: int = Field(1, ge=0)
    observer: int = Field(1, ge=0)


class Replies(_Strict):
    per_address_per_hour: int = Field(3, ge=0)
    max_backlog_hours: float = Field(72, gt=0)


class Limits(_Strict):
    max_message_bytes: int = Field(30_000_000, gt=0)
    max_parts: int = Field(200, gt=0)
    max_attachment_chars: int = Field(200_000, gt=0)
    max_text_chars: int = Field(50_000, gt=0)
    ocr_seconds: float = Field(60, gt=0)
    ocr_max_pages: int = Field(5, gt=0)
    document_seconds: float = Field(15, gt=0)
    max_depth: int = Field(12, gt=0, le=50)
    read_seconds: float = Field(120, gt=0)
    read_memory_mb: int = Field(600, ge=0)


class Watchdog(_Strict):
    # Who is told by mail when the bot cannot log in, cannot get a token, or has processed
    # no mail for `quiet_hours` while nominations are open.
    alert_to: list[Address] = []
    quiet_hours: float = Field(48, gt=0)
    # First day nominations are expected (the window closes with the deadline); without it
    # the window opens with the first message processed.
    opens: date | None = None


class Meeting(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str
    short_name: dict[str, str]
    official: dict[str, Official]
    start: date
    end: date
    deadline: date
    timezone: str
    addresses: Addresses
    quotas: Quotas = Quotas()
    languages: list[str] = list(LANGUAGES)
    replies: Replies = Replies()
    limits: Limits = Limits()
    max_attempts: int = Field(3, ge=1)
    watchdog: Watchdog = Watchdog()
    # Addresses the secretariat writes to per member State (the mission, the ministry), by code.
    contacts: dict[str, list[Address]] = {}
    # The authserv-id of our own mail server's Authentication-Results header (RFC 8601).
    authserv_id: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except Exception as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Meeting":
        if self.end < self.start:
            raise ValueError("end is before start")
        if self.deadline > self.end:
            raise ValueError("deadline is after the end of the meeting")
        missing = [lang for lang in self.languages if lang not in self.short_name]
        if missing:
            raise ValueError(f"short_name lacks the languages {missing}")
        missing = [lang for lang in self.languages if lang not in self.official]
        if missing:
            raise ValueError(f"official lacks the languages {missing}")
        unwritten = [lang for lang in self.languages if lang not in MONTHS]
        if unwritten:
            raise ValueError(f"no way to write dates in {unwritten} (known: {sorted(MONTHS)})")
        ours = {a.lower() for a in self.watchdog.alert_to} & self.own_addresses()
        if ours:
            raise ValueError(f"watchdog.alert_to must be a person's address, not the bot's own ({', '.join(sorted(ours))}): "
                             "the bot files its own mail away unread")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_late(self, sent: datetime | None) -> bool:
        """True when `sent` falls after the deadline day in the meeting's time zone."""
        if sent is None:
            return False
        if sent.tzinfo is None:
            sent = sent.replace(tzinfo=self.zone)
        limit = datetime.combine(self.deadline, time.max, tzinfo=self.zone)
        return sent > limit

    def dates(self, lang: str) -> str:
        """When the meeting is held, as `lang` writes the range: "13–17 April 2026"."""
        return date_range(self.start, self.end, lang)

    def own_addresses(self) -> set[str]:
        return {a.lower() for a in [self.addresses.nominations, self.addresses.accessibility, *self.addresses.own]}


# --- dates as each language writes them ---------------------------------------------------

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}


def _day(d: date, lang: str) -> str:
    return "1er" if lang == "fr" and d.day == 1 else str(d.day)


def format_date(d: date, lang: str) -> str:
    """One day: "3 April 2026", "1er avril 2026", "3 de abril de 2026"."""
    month = MONTHS[lang][d.month - 1]
    if lang == "es":
        return f"{d.day} de {month} de {d.year}"
    return f"{_day(d, lang)} {month} {d.year}"


def date_range(start: date, end: date, lang: str) -> str:
    """From `start` to `end` as running text writes it in `lang`:
    en "13–17 April 2026", "30 March–2 April 2026", "28 December 2026–2 January 2027";
    fr "du 13 au 17 avril 2026", "du 30 mars au 2 avril 2026";
    es "del 13 al 17 de abril de 2026", "del 30 de marzo al 2 de abril de 2026".
    One day is that day ("le 13 avril 2026" in French, "el 13 de abril de 2026" in Spanish)."""
    months = MONTHS[lang]
    if start == end:
        return {"fr": "le ", "es": "el "}.get(lang, "") + format_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        first = _day(start, lang)
    elif start.year == end.year:
        first = {"en": f"{start.day} {months[start.month - 1]}", "fr": f"{_day(start, lang)} {months[start.month - 1]}",
                 "es": f"{start.day} de {months[start.month - 1]}"}[lang]
    else:
        first = format_date(start, lang)
    last = format_date(end, lang)
    if lang == "fr":
        return f"du {first} au {last}"
    if lang == "es":
        return f"del {first} al {last}"
    return f"{first}\u2013{last}"



class _Loader(yaml.SafeLoader):
    """YAML without timestamps: dates stay text, so that the model checks them and an
    impossible one (2026-02-30) is an error naming its key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def meeting_path(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = ROOT / p
    return p


def load_meeting(path: str | Path) -> Meeting:
    """Read and validate a meeting file; raises ValueError naming the file (and the line and
    column of a YAML syntax error)."""
    p = meeting_path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
        where = f"{p}:{mark.line + 1}:{mark.column + 1}" if mark else str(p)
        what = exc.problem or exc.context or "not YAML"
        if context is not None and mark is not None and context.line != mark.line and exc.context:
            what += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
        raise ValueError(f"{where}: {' '.join(what.split())}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{p}: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected a mapping of keys")
    return Meeting.model_validate(data)
