"""structlog set-up: one event per step, with fields; secrets never logged."""
from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

import structlog

_SECRET = re.compile(r"(://[^:/@\s]+:)([^@\s]+)(@)")
_SECRET_KEYS = {"password", "token", "secret", "authorization"}


def _redact(_logger, _name, event_dict: dict) -> dict:
    """Drop passwords from URLs and secret-looking keys wherever they appear."""
    for key, value in list(event_dict.items()):
        if key.lower() in _SECRET_KEYS:
            event_dict[key] = "***"
        elif isinstance(value, str) and "://" in value:
            event_dict[key] = _SECRET.sub(r"\1***\3", value)
    return event_dict


def redact_url(url: str) -> str:
    return _SECRET.sub(r"\1***\3", url)


def configure(level: str = "INFO", json: bool = False, file: TextIO | None = None) -> None:
    # mail-parser reports MIME defects through logging; the parse step records them as
    # the message's problems instead.
    logging.getLogger("mailparser").setLevel(logging.CRITICAL)
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=file or sys.stderr),
        cache_logger_on_first_use=False,
    )
