"""The secretariat's review page (`intake serve`).

Routes (all but /login, /healthz and /static/ need a signed-in user; every POST needs the
session's CSRF token; accounts come from `intake user add NAME`):

    GET  /login, POST /login, POST /logout          sign-in (rate-limited), sign-out
    GET  /healthz                                   JSON: queued, review, quarantined, outbox, last run
    GET  /queue, /queue/rows                        flagged items, oldest first; rows polled by app.js
    GET  /items/{id}                                message (sanitised), evidence, editable fields
    POST /items/{id}/save|approve|dismiss|reprocess the decisions, each an Event with the user as actor
    GET/POST /items/{id}/ask                        request for missing items, text editable
    GET  /items/{id}/raw, /items/{id}/attachments/{n}[?inline=1]   downloads; PDF inline
    GET  /outbox/{id}, POST /outbox/{id}/requeue, POST /outbox/send  replies
    GET  /delegations, /delegations/{id}            per member State: people, history, mail in and out
    GET  /participants, /participants/export?format=csv|xlsx&indico=0|1&status=
    POST /queue/ignore                              bulk ignore (workday.py)
    GET  /mail                                      all mail with search (workday.py)
    GET  /delegations                               search, filter, sort, organizations apart (delegations.py)
    GET  /not-answered, POST /not-answered/preview|send   States without a nomination; reminder
    GET/POST /items/{id}/write, GET /items/{id}/visa-letter.pdf   write to the sender (compose.py)

Imported lazily so that the other commands do not pay for FastAPI: `create_app` builds
the application from bot/web/server.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.app import App


def create_app(app: "App", *, secret_key: str | None = None) -> "FastAPI":
    """The review page's ASGI application for `app` (settings, meeting, database)."""
    from bot.web.server import build

    return build(app, secret_key=secret_key)
