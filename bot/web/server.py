"""The FastAPI application: middleware, templates, sign-in, health, and the routers of the
page modules (pages, workday, delegations, compose), which import nothing from here."""
from __future__ import annotations

import secrets
import time
from datetime import timezone
from pathlib import Path
from urllib.parse import urlsplit

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from bot.app import App
from bot.models import Event, User
from bot.web import compose, delegations, pages, security, workday
from bot.web.base import Web, audit, page, user_of, web
from bot.web.security import CsrfError, LoginLimiter, checked_form
from bot.web.users import authenticate

log = structlog.get_logger("intake.web")

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates" / "web"
STATIC = Path(__file__).resolve().parent / "static"


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no `//`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/queue"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/queue"


def _templates() -> Environment:
    from bot.web.filters import install

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    install(env)
    return env


def build(app: App, *, secret_key: str | None = None) -> FastAPI:
    """The review page for `app`; `secret_key` signs the session cookies (default: see security)."""
    api = FastAPI(title="Intake review", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.web = Web(app=app, templates=_templates(), limiter=LoginLimiter())

    known: dict[str, float] = {}
    signed_out: dict[str, float] = {}
    trusted = frozenset(getattr(app.settings, "trusted_proxies", []) or [])

    def user_exists(name: str, since: float = 0.0) -> bool:
        # Checked on every request: a removed account is signed out (cached a minute), and a
        # session started before its user signed out is over, whichever browser holds it.
        if signed_out.get(name, 0.0) >= since:
            return False
        if known.get(name, 0) > time.monotonic():
            return True
        with app.db.session() as s:
            found = s.scalar(select(User.id).where(User.name == name)) is not None
            last = s.scalar(select(func.max(Event.at)).where(Event.actor == name, Event.action == "user.signed_out"))
        if last is not None:
            stamp = (last if last.tzinfo else last.replace(tzinfo=timezone.utc)).timestamp()
            signed_out[name] = max(signed_out.get(name, 0.0), stamp)
            if stamp >= since:
                return False
        if found:
            known[name] = time.monotonic() + 60
        return found

    # Added innermost first: headers wrap the session, which wraps the sign-in gate.
    api.add_middleware(security.SignInGate, user_exists=user_exists)
    api.add_middleware(SessionMiddleware, secret_key=secret_key or security.secret_key(),
                       session_cookie="intake_session", max_age=security.SESSION_SECONDS, same_site="strict")
    api.add_middleware(security.SecurityHeaders, trusted_proxies=trusted)
    api.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @api.exception_handler(CsrfError)
    async def _csrf_failed(request: Request, _exc: CsrfError) -> Response:
        return page(request, "error.html", status_code=403, title="Form expired",
                    text="The form was missing its security token or it has expired. Go back, reload and try again.")

    @api.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/queue") -> Response:
        if security.signed_in(request.session) and user_exists(security.signed_in(request.session) or "",
                                                               float(request.session.get("since", 0))):
            return RedirectResponse(safe_next(next), status_code=303)
        return page(request, "login.html", next=safe_next(next), name="")

    @api.post("/login")
    async def login(request: Request) -> Response:
        form = await checked_form(request)
        name, password = str(form.get("name", "")).strip()[:64], str(form.get("password", ""))
        target = safe_next(str(form.get("next", "")))
        ip = security.client_address(request, trusted)
        limiter = web(request).limiter
        if limiter.blocked(ip, name):
            log.warning("web.sign_in_blocked", name=name, ip=ip)
            await run_in_threadpool(audit, request, "user.sign_in_blocked", actor="-", name=name, ip=ip)
            return page(request, "login.html", status_code=429, next=target, name=name,
                        error="Too many failed attempts. Wait fifteen minutes and try again.")

        def check() -> bool:
            with app.db.session() as s, s.begin():
                return authenticate(s, name, password) is not None

        if not await run_in_threadpool(check):
            limiter.failed(ip, name)
            await run_in_threadpool(audit, request, "user.sign_in_failed", actor="-", name=name, ip=ip)
            return page(request, "login.html", status_code=401, next=target, name=name,
                        error="Wrong user name or password.")
        limiter.succeeded(ip, name)
        request.session.clear()  # a fresh session: nothing carried over from before sign-in
        request.session.update(user=name, since=time.time(), csrf=secrets.token_urlsafe(32))
        await run_in_threadpool(audit, request, "user.signed_in", actor=name, ip=ip)
        return RedirectResponse(target, status_code=303)

    @api.post("/logout")
    async def logout(request: Request) -> Response:
        await checked_form(request)
        user = user_of(request)
        request.session.clear()
        known.pop(user, None)
        signed_out[user] = time.time()
        await run_in_threadpool(audit, request, "user.signed_out", actor=user)
        return RedirectResponse("/login", status_code=303)

    @api.get("/healthz")
    def healthz(request: Request) -> JSONResponse:
        from bot.status import status
        from bot.watchdog import problems

        # The counts only for a signed-in user: anyone may ask whether the bot is working.
        found = problems(app.db, app.meeting)
        code = 503 if found else 200
        user = security.signed_in(request.session)
        if not user or not user_exists(user, float(request.session.get("since", 0))):
            # What is wrong, by kind, for a monitor; the details and the counts after sign-in.
            return JSONResponse({"ok": not found, "problems": [{"kind": p["kind"]} for p in found]}, status_code=code)
        return JSONResponse({"ok": not found, **status(app.db, app.meeting.id), "problems": found}, status_code=code)

    # The item pages first, then the pages of the day's work around the queue.
    for module in (pages, workday, delegations, compose):
        api.include_router(module.router)
    return api
