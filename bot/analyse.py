"""Read one message without a database: what `intake extract` prints."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import handlers
from bot.meeting import Meeting
from bot.states import StateRegistry


def analyse(raw: bytes, meeting: Meeting, states: StateRegistry, received_at: datetime | None = None) -> handlers.Context:
    """Run the reading steps over raw message bytes and return the filled context."""
    ctx = handlers.Context(raw=raw, meeting=meeting, states=states, received_at=received_at)
    return handlers.run(handlers.READING, ctx)


def analyse_file(path: str | Path, meeting: Meeting, states: StateRegistry) -> dict:
    """One JSON-ready object for a file: the corpus schema with "file", or "error"."""
    out: dict = {"file": str(path)}
    try:
        raw = Path(path).read_bytes()
        ctx = analyse(raw, meeting, states)
    except Exception as exc:  # a file that cannot be read gives an error object, never a crash
        out["error"] = f"{type(exc).__name__}: {exc}"
        return out
    out.update(ctx.result.public())
    return out
