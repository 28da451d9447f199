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


def _operation(o: dict) -> str:
    """One operation of a delegation's history in words."""
    who = f"{o.get('person') or '—'} ({o.get('role') or '—'})"
    op = o.get("op")
    if op == "add":
        return f"added {o.get('new') or '—'} as {o.get('role') or '—'}"
    if op == "replace":
        return f"replaced {who} by {o.get('new') or '—'}"
    if op == "change":
        return f"{who}: {o.get('field')} {o.get('before') or '—'} → {o.get('after') or '—'}"
    if op == "withdraw":
        return f"withdrew {who}"
    if op == "withdraw_delegation":
        return "withdrew the whole delegation"
    if op == "capacity":
        return f"capacity {o.get('before') or '—'} → {o.get('after') or '—'}"
    if op == "keep":
        return f"{who} keeps their participation"
    return detail(o)


def _state(snap: dict) -> str:
    people = "; ".join(snap.get("people") or []) or "nobody"
    return f"{snap.get('status') or '—'}, {snap.get('capacity') or '—'}: {people}"


def story(event: Any) -> str:
    """An event as a line of the delegation's story: what changed, and the delegation before
    and after; other details as they are."""
    value = dict(event.detail or {})
    parts = []
    ops = value.pop("operations", None) or value.pop("proposed", None)
    if ops:
        parts.append(("proposed: " if event.detail.get("proposed") else "") + ", ".join(_operation(o) for o in ops))
    before, after = value.pop("before", None), value.pop("after", None)
    if value:
        parts.append(detail(value))
    if isinstance(before, dict) and isinstance(after, dict):
        parts.append(f"before: {_state(before)} — after: {_state(after)}")
    return " · ".join(p for p in parts if p)


def plain(reason: str) -> str:
    """A reason code in plain words (bot/reasons.py)."""
    from bot.reasons import explain

    return explain(reason).text


def install(env: Environment) -> None:
    from bot.reasons import explain

    env.filters.update(when=when, size=size, detail=detail, story=story, plain=plain)
    env.globals.update(explain=explain, percent=percent)
