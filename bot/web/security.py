"""Sessions, sign-in gate, CSRF tokens, login rate limits and security headers."""
from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SESSION_SECONDS = 8 * 3600
SECRET_FILE = Path("var/secret_key")
CSP = ("default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
       "object-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
# Paths anyone may open: the sign-in form, the health check, the stylesheet and script.
PUBLIC = frozenset({"/login", "/healthz"})
PUBLIC_PREFIX = "/static/"


def secret_key() -> str:
    """INTAKE_SECRET_KEY, else a random key kept in var/secret_key (created 0600 on first use)."""
    key = os.environ.get("INTAKE_SECRET_KEY")
    if key:
        return key
    try:
        return SECRET_FILE.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def signed_in(session: dict[str, Any]) -> str | None:
    """The user name of a session that has not expired (absolute limit from sign-in)."""
    user, since = session.get("user"), session.get("since", 0)
    if not user or time.time() - float(since) > SESSION_SECONDS:
        return None
    return str(user)


def served_over_https(scope: Scope, trusted_proxies: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when the browser speaks HTTPS: to us, or to a proxy the settings name (its
    X-Forwarded-Proto)."""
    if scope.get("scheme") == "https":
        return True
    peer = (scope.get("client") or ("-",))[0]
    if peer not in trusted_proxies:
        return False
    proto = dict(scope.get("headers") or []).get(b"x-forwarded-proto", b"")
    return proto.split(b",")[-1].strip().lower() == b"https"


class SecurityHeaders:
    """Strict CSP and friends on every response (a PDF shown inline keeps them too); over
    HTTPS, cookies are marked Secure."""

    def __init__(self, app: ASGIApp, trusted_proxies: frozenset[str] = frozenset()):
        self.app, self.trusted_proxies = app, trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = served_over_https(scope, self.trusted_proxies)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"content-security-policy": CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"SAMEORIGIN",
                    b"cache-control": b"no-store",
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                if https:
                    headers = [(k, v + b"; secure" if k.lower() == b"set-cookie" and b"secure" not in v.lower() else v)
                               for k, v in headers]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SignInGate:
    """Every path but PUBLIC needs a signed-in user: pages redirect, fragments get 401.

    A gate in front of all routes, rather than a dependency on each, so that a route added
    later is protected without anyone remembering to."""

    def __init__(self, app: ASGIApp, user_exists: Any):
        self.app, self.user_exists = app, user_exists

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC or scope["path"].startswith(PUBLIC_PREFIX):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        session = scope.get("session", {})
        user = signed_in(session)
        if user and self.user_exists(user, float(session.get("since", 0))):
            scope["state"] = {**scope.get("state", {}), "user": user}
            await self.app(scope, receive, send)
            return
        scope.get("session", {}).pop("user", None)
        if request.headers.get("accept", "").startswith("application/json") or scope["path"].endswith(".json"):
            response: Any = JSONResponse({"error": "sign-in required"}, status_code=401)
        elif request.method in ("GET", "HEAD"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            from urllib.parse import quote

            response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        else:
            response = JSONResponse({"error": "sign-in required"}, status_code=401)
        await response(scope, receive, send)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


class CsrfError(Exception):
    pass


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against the session's."""
    form = await request.form()
    sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
    expected = str(request.session.get("csrf") or "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfError()
    return form


def client_address(request: Request, trusted_proxies: frozenset[str] | set[str] = frozenset()) -> str:
    """The address of whoever sent the request: the peer, or, when the peer is one of the
    proxies named in the settings, the last address its X-Forwarded-For names that is not
    itself such a proxy (anyone else can write any X-Forwarded-For)."""
    peer = request.client.host if request.client else "-"
    if peer not in trusted_proxies:
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop[:64]
    return peer


class LoginLimiter:
    """Failed sign-ins in `window` s, counted per name and address (`per_user`: that address
    is blocked for that name), per address (`per_ip`: blocked for all names) and per name
    from everywhere (`per_user` as well: from then on the name may be tried from an address
    it never signed in from only once every `slow_seconds`). A stranger can neither guess
    quickly from many addresses nor lock the officer out: an address the name signed in from
    before stays open to it."""

    def __init__(self, per_user: int = 5, per_ip: int = 20, window: float = 900, slow_seconds: float = 60):
        self.per_user, self.per_ip, self.window, self.slow_seconds = per_user, per_ip, window, slow_seconds
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._known: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.Lock()

    def _count(self, key: str, now: float) -> int:
        q = self._fails[key]
        while q and q[0] < now - self.window:
            q.popleft()
        return len(q)

    def blocked(self, ip: str, name: str) -> bool:
        now = time.monotonic()
        user = name.lower()
        with self._lock:
            if self._count(f"ip:{ip}", now) >= self.per_ip or self._count(f"pair:{user}:{ip}", now) >= self.per_user:
                return True
            if ip in self._known[user] or self._count(f"user:{user}", now) < self.per_user:
                return False
            last = self._fails[f"user:{user}"][-1]
            return now - last < self.slow_seconds

    def failed(self, ip: str, name: str) -> None:
        now = time.monotonic()
        user = name.lower()
        with self._lock:
            for key in (f"ip:{ip}", f"pair:{user}:{ip}", f"user:{user}"):
                self._fails[key].append(now)

    def succeeded(self, ip: str, name: str) -> None:
        user = name.lower()
        with self._lock:
            self._fails.pop(f"pair:{user}:{ip}", None)
            self._known[user].add(ip)
