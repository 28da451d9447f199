"""What every page module needs: the shared state, rendering, flashes, the audit trail, the
signed-in reviewer, one ledger row, and sending the outbox now.

The route modules (pages, workday, delegations, compose) import from here and never from
each other's routes; bot/web/server.py builds the application and includes their routers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from sqlalchemy.orm import undefer
from starlette.concurrency import run_in_threadpool

from bot.app import App
from bot.models import Event, Inbound
from bot.web.review import Reviewer
from bot.web.security import LoginLimiter, csrf_token

log = structlog.get_logger("intake.web")


class _CodesOnly:
    """Stand-in when the member States list cannot be loaded: codes instead of names."""

    def name(self, code: str, lang: str = "en") -> str:
        return code


@dataclass
class Web:
    """What every route needs, kept on `FastAPI.state.web`."""

    app: App
    templates: Environment
    limiter: LoginLimiter

    def states(self) -> Any:
        try:
            return self.app.states
        except Exception as exc:  # the page still works, with codes for names
            log.warning("web.states_unavailable", error=f"{type(exc).__name__}: {exc}")
            return _CodesOnly()

    def problems(self) -> list[dict]:
        """What the watchdog says is wrong (bot/watchdog.py), for the header of every page."""
        from bot.watchdog import problems

        try:
            return problems(self.app.db, self.app.meeting)
        except Exception as exc:  # the page still works
            log.warning("web.watchdog_unavailable", error=f"{type(exc).__name__}: {exc}")
            return []

    def state_name(self, code: str | None, lang: str = "en") -> str:
        if not code:
            return ""
        try:
            return str(self.states().name(code, lang))
        except Exception:
            return code


def web(request: Request) -> Web:
    return request.app.state.web


def user_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("user") or "")


def flash(request: Request, text: str, kind: str = "info") -> None:
    request.session.setdefault("flash", []).append([kind, text])


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    w = web(request)
    values.update(request=request, user=user_of(request), csrf=csrf_token(request), meeting=w.app.meeting,
                  flashes=request.session.pop("flash", []), state_name=w.state_name, path=request.url.path,
                  problems=w.problems() if user_of(request) else [])
    return HTMLResponse(w.templates.get_template(template).render(values), status_code=status_code)


def audit(request: Request, action: str, *, inbound_id: int | None = None, delegation_id: int | None = None,
          actor: str | None = None, **detail: Any) -> None:
    """One Event row for something a person did on the page."""
    with web(request).app.db.session() as s, s.begin():
        s.add(Event(actor=actor or user_of(request) or "-", action=action, inbound_id=inbound_id,
                    delegation_id=delegation_id, detail=detail or None))


def reviewer(request: Request) -> Reviewer:
    w = web(request)
    return Reviewer(user=user_of(request), meeting=w.app.meeting, state_name=w.state_name)


def ledger_row(request: Request, inbound_id: int) -> Inbound:
    """The meeting's ledger row `inbound_id` with its stored view (404 when there is none)."""
    with web(request).app.db.session() as s:
        row = s.get(Inbound, inbound_id, options=[undefer(Inbound.view)])
    if row is None or row.meeting_id != web(request).app.meeting.id:
        raise HTTPException(404, "no such message")
    return row


async def send_pending_now(request: Request) -> None:
    """Send what waits in the outbox now, rather than at the worker's next pass."""
    from bot.outbox import send_pending

    app = web(request).app

    def send() -> int:
        return send_pending(app.db, app.transport(), app.meeting.addresses.nominations)

    try:
        sent = await run_in_threadpool(send)
    except Exception as exc:
        flash(request, f"Sending failed: {exc}. The worker will try again.", "error")
        return
    await run_in_threadpool(audit, request, "outbox.sent_now", sent=sent)
    flash(request, f"Sent {sent} reply(ies).")
