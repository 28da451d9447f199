"""Mailbox adapters: IMAP (imapclient, with IDLE) and a local Maildir (the embedded default).

Both offer the same small interface: `fetch_new()` yields what is in the inbox, `ack()`
files one message into a folder after the database commit, `wait()` blocks until new mail
may have arrived (IDLE) or the timeout passes.
"""
from __future__ import annotations

import hashlib
import os
import random
import select
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Protocol
from urllib.parse import unquote, urlsplit

import structlog
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from bot.log import redact_url

log = structlog.get_logger("intake.mailbox")

DONE_KEYWORD = b"$IntakeDone"
FOLDERS = ("Processed", "Review", "Ignored", "Quarantine")
BATCH = 200


class MailboxError(Exception):
    """The mailbox cannot be used as configured (bad URL, missing capability, login refused)."""


@dataclass
class Fetched:
    key: str  # what ack() needs: "UIDVALIDITY:UID" for IMAP, the file name for Maildir
    raw: bytes
    uidvalidity: int | None = None
    uid: int | None = None
    received_at: datetime | None = None


class Mailbox(Protocol):
    name: str

    def fetch_new(self) -> Iterator[Fetched]: ...
    def ack(self, key: str, folder: str) -> None: ...
    def ack_many(self, keys: list[str], folder: str) -> None: ...
    def wait(self, timeout: float, should_stop: Callable[[], bool] = lambda: False) -> bool: ...
    def close(self) -> None: ...


class MaildirMailbox:
    """A Maildir++ tree: the inbox is the top level, folders are `.Processed` and so on."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = f"maildir:{self.path}"
        for sub in ("new", "cur", "tmp"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)

    def _inbox_files(self) -> list[Path]:
        files = [p for sub in ("new", "cur") for p in (self.path / sub).iterdir() if p.is_file()]
        return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))

    def fetch_new(self) -> Iterator[Fetched]:
        for p in self._inbox_files():
            try:
                raw = p.read_bytes()
                mtime = datetime.fromtimestamp(p.stat().st_mtime, timezone.utc)
            except FileNotFoundError:  # moved by another process meanwhile
                continue
            yield Fetched(key=p.name.split(":2,")[0], raw=raw, received_at=mtime)

    def ack(self, key: str, folder: str) -> None:
        target = self.path / f".{folder}"
        for sub in ("new", "cur", "tmp"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        for sub in ("new", "cur"):
            for p in (self.path / sub).glob(f"{glob_escape(key)}*"):
                if p.name.split(":2,")[0] == key:
                    # A rename is atomic: the message is in exactly one folder at any time.
                    os.replace(p, target / "cur" / (key + ":2,S"))
                    return

    def ack_many(self, keys: list[str], folder: str) -> None:
        for key in keys:
            self.ack(key, folder)

    def wait(self, timeout: float, should_stop: Callable[[], bool] = lambda: False) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not should_stop():
            if any((self.path / sub).iterdir() for sub in ("new",)):
                return True
            time.sleep(0.2)
        return False

    def folder_files(self, folder: str) -> list[Path]:
        base = self.path / f".{folder}"
        return [p for sub in ("new", "cur") if (base / sub).is_dir() for p in (base / sub).iterdir()]

    def close(self) -> None:
        return None


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def deliver_to_maildir(path: str | Path, raw: bytes, name: str | None = None) -> Path:
    """Write one message into a Maildir's new/ the way a delivery agent does (tmp, rename)."""
    base = Path(path)
    for sub in ("new", "cur", "tmp"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    name = name or f"{time.time_ns()}.{os.getpid()}.{random.getrandbits(32):08x}.intake"
    tmp = base / "tmp" / name
    tmp.write_bytes(raw)
    final = base / "new" / name
    os.replace(tmp, final)
    return final


class ImapMailbox:
    """An IMAP folder watched with IDLE. Reconnection is the worker's job (connect())."""

    def __init__(self, url: str, *, oauth2_token: Callable[[], str] | None = None, timeout: float = 30.0):
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps"):
            raise MailboxError(f"mailbox URL must start with imap://, imaps:// or maildir: ({redact_url(url)})")
        if not parts.hostname or not parts.username:
            raise MailboxError(f"mailbox URL needs a user and a host: {redact_url(url)}")
        self.host = parts.hostname
        self.ssl = parts.scheme == "imaps"
        self.port = parts.port or (993 if self.ssl else 143)
        self.user = unquote(parts.username)
        self.password = unquote(parts.password or "")
        self.folder = unquote(parts.path.lstrip("/")) or "INBOX"
        self.oauth2_token = oauth2_token
        self.timeout = timeout
        self.name = f"{parts.scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"
        self.client: IMAPClient | None = None
        self.uidvalidity: int | None = None
        self.capabilities: set[bytes] = set()
        self._folders: set[str] = set()
        self._seen_uid = 0  # the highest UID fetch_new() has looked at
        self._token_digest: bytes | None = None  # of the token the session logged in with
        # One command at a time on the session: the worker fetches on one thread while it
        # files what it processed on another.
        self._lock = threading.RLock()

    # -- connection -------------------------------------------------------------------
    def connect(self) -> None:
        self.close()
        # The token first (bot.oauth.TokenError when none can be had): no connection is left open.
        token = self.oauth2_token() if self.oauth2_token is not None else None
        self._token_digest = hashlib.sha256(token.encode()).digest() if token is not None else None
        ctx = ssl.create_default_context() if self.ssl else None
        client = IMAPClient(self.host, port=self.port, ssl=self.ssl, ssl_context=ctx, timeout=self.timeout)
        try:
            if token is not None:
                client.oauth2_login(self.user, token)
            else:
                if not self.ssl and b"STARTTLS" in client.capabilities() and self.host not in ("127.0.0.1", "localhost", "::1"):
                    client.starttls(ssl.create_default_context())
                client.login(self.user, self.password)
        except IMAPClientError as exc:
            client.shutdown()
            if _transient(exc):
                # A server still starting (or restarting) answers "[UNAVAILABLE]": try again later.
                raise ConnectionError(f"login to {self.name} not possible yet: {exc}") from exc
            raise MailboxError(f"login to {self.name} refused: {exc}; check the user, password or token") from exc
        self.capabilities = set(client.capabilities())
        if b"IDLE" not in self.capabilities:
            log.warning("imap.no_idle", mailbox=self.name, hint="polling only")
        info = client.select_folder(self.folder)
        if self.uidvalidity != int(info[b"UIDVALIDITY"]):
            self._seen_uid = 0
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        self._folders = {f[2] for f in client.list_folders()}
        self.client = client
        log.info("imap.connected", mailbox=self.name, uidvalidity=self.uidvalidity)

    def token_renewed(self, token: str) -> bool:
        """True when the session logged in with another token than `token` (the token source
        renewed it): servers end a session when its token expires, so log in again now."""
        return self.client is not None and self._token_digest not in (None, hashlib.sha256(token.encode()).digest())

    def _c(self) -> IMAPClient:
        with self._lock:
            if self.client is None:
                self.connect()
            assert self.client is not None
            return self.client

    def close(self) -> None:
        with self._lock:
            if self.client is not None:
                try:
                    self.client.logout()
                except Exception:  # the connection may already be gone; nothing to save
                    pass
                self.client = None

    # -- interface --------------------------------------------------------------------
    def fetch_new(self) -> Iterator[Fetched]:
        with self._lock:
            c = self._c()
            # NOOP first: the server tells a selected session about mail that another
            # connection delivered only at such a point; SEARCH alone may not see it.
            c.noop()
            uids = sorted(c.search(["NOT", "KEYWORD", DONE_KEYWORD.decode()]))
            self._seen_uid = max([self._seen_uid, *uids])
        for i in range(0, len(uids), BATCH):
            batch = uids[i : i + BATCH]
            with self._lock:
                data = c.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
            for uid in batch:
                item = data.get(uid)
                if not item or b"BODY[]" not in item:
                    continue  # expunged meanwhile
                arrived = item.get(b"INTERNALDATE")
                if isinstance(arrived, datetime) and arrived.tzinfo is None:
                    arrived = arrived.astimezone(timezone.utc)
                yield Fetched(key=f"{self.uidvalidity}:{uid}", raw=item[b"BODY[]"], uidvalidity=self.uidvalidity,
                              uid=uid, received_at=arrived)

    def ack(self, key: str, folder: str) -> None:
        self.ack_many([key], folder)

    def ack_many(self, keys: list[str], folder: str) -> None:
        """Flag and move these messages to `folder` (created when missing), in one command each."""
        with self._lock:
            self._ack_many(keys, folder)

    def _ack_many(self, keys: list[str], folder: str) -> None:
        c = self._c()
        uids = []
        for key in keys:
            uidvalidity, uid = (int(x) for x in key.split(":"))
            if uidvalidity != self.uidvalidity:
                # The folder was recreated: the UID means nothing now. The message will be
                # fetched again and recognised by its Message-ID.
                log.warning("imap.uidvalidity_changed", mailbox=self.name, key=key)
                continue
            uids.append(uid)
        if not uids:
            return
        if folder not in self._folders:
            try:
                c.create_folder(folder)
            except IMAPClientError:
                pass  # created by someone else meanwhile
            self._folders.add(folder)
        c.add_flags(uids, [DONE_KEYWORD])
        if b"MOVE" in self.capabilities:
            c.move(uids, folder)
        else:
            c.copy(uids, folder)
            c.add_flags(uids, [b"\\Deleted"])
            if b"UIDPLUS" in self.capabilities:
                c.uid_expunge(uids)
            else:
                c.expunge()

    def wait(self, timeout: float, should_stop: Callable[[], bool] = lambda: False) -> bool:
        """IDLE until the server announces new mail, `timeout` passes or `should_stop()`."""
        c = self._c()
        deadline = time.monotonic() + timeout
        if b"IDLE" not in self.capabilities:
            while time.monotonic() < deadline and not should_stop():
                time.sleep(0.5)
            c.noop()
            return True
        # Mail that arrived after our last search was announced in a response imapclient
        # discarded, and IDLE will not announce it again: look for it before idling.
        if [u for u in c.search(["UID", f"{self._seen_uid + 1}:*"]) if u > self._seen_uid]:
            return True
        c.idle()
        try:
            while time.monotonic() < deadline and not should_stop():
                responses = c.idle_check(timeout=min(1.0, max(0.05, deadline - time.monotonic())))
                if any(r[1] in (b"EXISTS", b"RECENT") for r in responses if len(r) > 1):
                    return True
                # imapclient's idle_check swallows EOF (imapclient #449): a restarted server
                # says BYE, a cut connection just closes; either way, reconnect now rather
                # than idle on a dead socket until the renewal.
                if any(r and r[0] == b"BYE" for r in responses) or _closed(c.socket()):
                    raise ConnectionError(f"IMAP connection to {self.name} closed by the server")
        finally:
            try:
                c.idle_done()
            except RECONNECT_ERRORS:
                self.client = None  # dead: the worker reconnects
        return False


def open_mailbox(url: str, *, oauth2_token: Callable[[], str] | None = None) -> Mailbox:
    if url.startswith("maildir:"):
        return MaildirMailbox(url[len("maildir:"):])
    return ImapMailbox(url, oauth2_token=oauth2_token)


RECONNECT_ERRORS = (OSError, socket.timeout, IMAPClientError, ssl.SSLError)


def _closed(sock: socket.socket) -> bool:
    """True when the peer closed the connection (readable, and a peek reads nothing)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):
        return True


def _transient(exc: Exception) -> bool:
    """A refused login that says "not now" (RFC 5530 UNAVAILABLE) rather than "wrong credentials"."""
    text = str(exc).lower()
    if "authenticationfailed" in text or "authorizationfailed" in text:
        return False
    return "unavailable" in text or "temporary" in text or "try again" in text or "waiting for" in text


def backoff(attempt: int, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff with full jitter."""
    return random.uniform(0, min(cap, base * 2 ** attempt))
