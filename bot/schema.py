"""What the bot reads out of one message: the corpus schema, plus evidence and reasons."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["nomination", "amendment", "withdrawal", "inquiry", "auto_reply", "bounce", "other"]
Language = Literal["en", "fr", "es", "other"]  # the lexicon's LANGUAGES and "other" (tests/test_lexicon.py)
Role = Literal["representative", "adviser", "observer"]
Attendance = Literal["in_person", "remote"]
Gender = Literal["female", "male"]
Capacity = Literal["member", "observer"]
Flag = Literal["late", "accessibility_request", "over_quota"]
Decision = Literal["confirm", "request_missing", "review", "ignore"]

PERSON_FIELDS = ("name", "title", "email", "attendance")
HIGH_CONFIDENCE = 0.8


class Evidence(BaseModel):
    """Where a value was read: the part (`body`, `attachment:NAME`, `header:From`), the
    character span in that part's text, and how sure the reading is (0 to 1)."""

    source: str
    start: int = 0
    end: int = 0
    confidence: float = Field(1.0, ge=0.0, le=1.0)


class Participant(BaseModel):
    role: Role
    name: str | None = None
    title: str | None = None
    email: str | None = None
    attendance: Attendance | None = None
    gender: Gender | None = None
    evidence: dict[str, Evidence] = {}

    def confidence(self, field: str) -> float:
        ev = self.evidence.get(field)
        return ev.confidence if ev else (0.0 if getattr(self, field) is None else 1.0)


class Extraction(BaseModel):
    """One message as a careful secretariat officer reads it (corpus README schema)."""

    kind: Kind = "other"
    language: Language = "en"
    member_state: str | None = None
    organization: str | None = None
    capacity: Capacity | None = None
    participants: list[Participant] = []
    flags: list[Flag] = []
    decision: Decision = "review"
    missing: list[str] = []
    # Why the message needs a person (empty unless decision is review): short codes such as
    # "late", "over_quota", "inquiry", "unsure:representative.name", "ocr_unavailable".
    reasons: list[str] = []

    def public(self) -> dict:
        """The corpus-schema view, as `intake extract --json` prints it."""
        return self.model_dump(mode="json", exclude={"participants": {"__all__": {"evidence"}}})
