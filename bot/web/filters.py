"""Jinja filters for the review page."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from jinja2 import Environment


def when(value: datetime | None) -> str:
    """A stored time as `2026-03-20 14:05 UTC` (SQLite gives it back without a zone: UTC)."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def size(n: int | None) -> str:
    n = n or 0
    for unit in ("bytes", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def detail(value: Any) -> str:
    """An event's detail in one readable line."""
    if not value:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {detail(v)}" for k, v in value.items() if v not in (None, [], {}, ""))
    if isinstance(value, list):
        return ", ".join(detail(v) for v in value)
    return str(value)


def install(env: Environment) -> None:
    from bot.reasons import explain

    env.filters.update(when=when, size=size, detail=detail)
    env.globals.update(explain=explain)
    env.globals.update(percent=percent)
