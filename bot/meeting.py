"""The meeting file: what this mailbox collects nominations for."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.addresses import Address

ROOT = Path(__file__).resolve().parent.parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Addresses(_Strict):
    nominations: Address
    accessibility: Address
    from_name: str = "Meeting secretariat"
    own: list[Address] = []


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


class Meeting(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str
    short_name: dict[str, str]
    place: str
    start: date
    end: date
    deadline: date
    timezone: str
    addresses: Addresses
    quotas: Quotas = Quotas()
    languages: list[str] = ["en", "fr", "es"]
    replies: Replies = Replies()
    limits: Limits = Limits()
    max_attempts: int = Field(3, ge=1)

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

    def own_addresses(self) -> set[str]:
        return {a.lower() for a in [self.addresses.nominations, self.addresses.accessibility, *self.addresses.own]}


def load_meeting(path: str | Path) -> Meeting:
    """Read and validate a meeting file; raises ValueError naming the file."""
    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = ROOT / p
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected a mapping of keys")
    return Meeting.model_validate(data)
