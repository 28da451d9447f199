"""Real servers for tests: Dovecot (IMAP + LMTP), an aiosmtpd sink, PostgreSQL.

Plain Python, no pytest import: usable from fixtures, scripts and a REPL.
See /work/shared/docs/TEST-SERVERS.md for the measurements behind the choices.

    dv = Dovecot().start()
    user = dv.fresh_user()              # ImapUser(name, password, url, ...)
    dv.append(user.name, user.password, b"Subject: x\\r\\n\\r\\nhi\\r\\n")
    dv.fetch_all(user.name, user.password, "INBOX")
    dv.stop()

    sink = SmtpSink(deliver_to=dv).start()
    ...                                 # smtplib.SMTP("127.0.0.1", sink.port)
    sink.wait_for(1, timeout=5)
    sink.stop()

    with fresh_postgres_schema() as url:    # a database of its own, dropped after
        sqlalchemy.create_engine(url)
"""

from __future__ import annotations

import base64
import contextlib
import email
import email.message
import email.policy
import functools
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

__all__ = [
    "Dovecot",
    "DovecotError",
    "ImapUser",
    "ReceivedMessage",
    "SmtpSink",
    "dovecot_binary",
    "free_port",
    "fresh_postgres_schema",
    "postgres_url",
]

HOST = "127.0.0.1"
_NOBODY = 65534
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def free_port(host: str = HOST) -> int:
    """A TCP port that was free a moment ago (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def dovecot_binary() -> str | None:
    """Path of the dovecot binary, also when /usr/sbin is not on PATH."""
    found = shutil.which("dovecot")
    if found:
        return found
    for candidate in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


class DovecotError(RuntimeError):
    pass


@dataclass(frozen=True)
class ImapUser:
    """A Dovecot user; `url` is imap://name:password@127.0.0.1:PORT/INBOX."""

    name: str
    password: str
    url: str
    host: str
    port: int
    dovecot: "Dovecot" = field(repr=False, compare=False)

    @property
    def address(self) -> str:
        """An e-mail address that LMTP (and SmtpSink(deliver_to=...)) maps to this user."""
        return f"{self.name}@example.org"

    def folder_url(self, folder: str) -> str:
        return self.dovecot.url(self.name, self.password, folder)

    def client(self):
        return self.dovecot.client(self.name, self.password)

    def append(self, raw: bytes, folder: str = "INBOX", flags: Sequence = ()) -> int | None:
        return self.dovecot.append(self.name, self.password, raw, folder, flags)

    def uids(self, folder: str = "INBOX") -> list[int]:
        return self.dovecot.folder_uids(self.name, self.password, folder)

    def fetch_all(self, folder: str = "INBOX") -> list[bytes]:
        return self.dovecot.fetch_all(self.name, self.password, folder)

    def reset(self) -> None:
        self.dovecot.reset_user(self.name)


class Dovecot:
    """A private Dovecot (IMAP + LMTP on 127.0.0.1) in a temporary directory.

    Users live in one passwd-file per user (``DIR/users/NAME``), so a user added
    while the server runs can log in at once: Dovecot re-reads a passwd-file at
    most once a second, but a new file is read on first use.
    """

    def __init__(self, binary: str | None = None, host: str = HOST) -> None:
        self.binary = binary or dovecot_binary()
        self.host = host
        self.imap_port: int | None = None
        self.lmtp_port: int | None = None
        self.dir: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._users: dict[str, str] = {}
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()
        self._counter = 0
        self.as_root = os.geteuid() == 0

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> "Dovecot":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 10.0) -> "Dovecot":
        if self.binary is None:
            raise DovecotError("dovecot not installed (apt-get install dovecot-imapd dovecot-lmtpd)")
        if self.running:
            return self
        if self.dir is None:
            self.dir = Path(tempfile.mkdtemp(prefix="dv", dir="/tmp"))
            self.imap_port = free_port(self.host)
            self.lmtp_port = free_port(self.host)
            self._prepare_dir()
        self._write_config()
        self._spawn(timeout)
        return self

    def stop(self) -> None:
        """Stop the server and remove its directory (mail included)."""
        self._terminate()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
        self._users.clear()
        self._tokens.clear()

    def restart(self, timeout: float = 10.0) -> "Dovecot":
        """Stop and start again on the same ports and directory; mail and users stay.

        Every open IMAP connection is cut (clients see EOF / BYE)."""
        if self.dir is None:
            raise DovecotError("restart() before start()")
        self._terminate()
        self._spawn(timeout)
        return self

    def _prepare_dir(self) -> None:
        d = self.dir
        assert d is not None
        for sub in ("run", "state", "mail", "users", "tokens"):
            (d / sub).mkdir()
        if self.as_root:
            # Processes run as 65534 must traverse DIR and write DIR/mail.
            os.chmod(d, 0o755)
            os.chown(d / "mail", _NOBODY, _NOBODY)
        for sub in ("users", "tokens"):
            os.chmod(d / sub, 0o755)

    def _write_config(self) -> None:
        d = self.dir
        assert d is not None
        if self.as_root:
            identity = ""
            default_fields = f"uid={_NOBODY} gid={_NOBODY} home={d}/mail/%u"
            login_chroot = ""
            anvil_chroot = ""
        else:
            me = pwd.getpwuid(os.geteuid()).pw_name
            group = grp.getgrgid(os.getegid()).gr_name
            identity = (
                f"default_login_user = {me}\n"
                f"default_internal_user = {me}\n"
                f"default_internal_group = {group}\n"
            )
            default_fields = f"home={d}/mail/%u"
            login_chroot = "  chroot =\n"
            anvil_chroot = "  chroot =\n"
        conf = f"""\
protocols = imap lmtp
listen = {self.host}
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
{identity}ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
auth_username_format = %Ln
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {d}/users/%u
}}
passdb {{
  driver = passwd-file
  mechanisms = xoauth2 oauthbearer
  args = scheme=PLAIN username_format=%u {d}/tokens/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/users/%u
  default_fields = {default_fields}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
{login_chroot}}}
service lmtp {{
  inet_listener lmtp {{
    address = {self.host}
    port = {self.lmtp_port}
  }}
}}
# No auth penalty: otherwise each failed login from 127.0.0.1 delays the
# next ones (2, 4, 8, 15 s) whatever auth_failure_delay says.
service anvil {{
{anvil_chroot}  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
"""
        (d / "dovecot.conf").write_text(conf)

    def _spawn(self, timeout: float) -> None:
        d = self.dir
        assert d is not None
        with open(d / "stdout.log", "ab") as out:
            self._proc = subprocess.Popen(
                [self.binary, "-F", "-c", str(d / "dovecot.conf")],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        last = "no connection yet"
        while True:
            if self._proc.poll() is not None:
                code = self._proc.returncode
                self._proc = None
                raise DovecotError(f"dovecot exited with status {code} during start\n{self.log_tail()}")
            greeting = self._greeting()
            if greeting is not None:
                last = greeting
                if "ready" in greeting.lower():
                    return
            if time.monotonic() > deadline:
                self._terminate()
                raise DovecotError(
                    f"dovecot on {self.host}:{self.imap_port} not ready within {timeout:g} s "
                    f"(last greeting: {last!r})\n{self.log_tail()}"
                )
            time.sleep(0.05)

    def _greeting(self) -> str | None:
        try:
            with socket.create_connection((self.host, self.imap_port), timeout=1) as s:
                s.settimeout(1)
                data = b""
                while not data.endswith(b"\n"):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                with contextlib.suppress(OSError):
                    s.sendall(b"a LOGOUT\r\n")
                return data.decode("ascii", "replace")
        except OSError:
            return None

    def _terminate(self) -> None:
        """SIGTERM the whole process group and wait until it is gone.

        Signalling only the master is not enough: an imap process serving a
        logged-in client outlives it (and keeps the connection open), and the
        log/stats processes linger for a while."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        pgid = proc.pid  # start_new_session=True: the master leads its own group
        self._signal_group(pgid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._signal_group(pgid, signal.SIGKILL)
            proc.wait(timeout=5)
        deadline = time.monotonic() + 5
        while self._group_alive(pgid):
            if time.monotonic() > deadline:
                self._signal_group(pgid, signal.SIGKILL)
                break
            self._signal_group(pgid, signal.SIGTERM)
            time.sleep(0.05)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and self._port_open(self.imap_port):
            time.sleep(0.05)

    @staticmethod
    def _signal_group(pgid: int, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)

    @staticmethod
    def _group_alive(pgid: int) -> bool:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def _port_open(self, port: int | None) -> bool:
        if port is None:
            return False
        try:
            with socket.create_connection((self.host, port), timeout=0.5):
                return True
        except OSError:
            return False

    def log_tail(self, lines: int = 30) -> str:
        if self.dir is None:
            return "(no directory)"
        parts = []
        for name in ("dovecot.log", "stdout.log"):
            p = self.dir / name
            if p.exists():
                text = p.read_text(errors="replace").splitlines()[-lines:]
                if text:
                    parts.append(f"--- {p} (last {len(text)} lines) ---\n" + "\n".join(text))
        return "\n".join(parts) or f"(no log in {self.dir})"

    def _require_running(self) -> Path:
        if self.dir is None or not self.running:
            raise DovecotError("Dovecot is not running: call start() first")
        return self.dir

    # ------------------------------------------------------------------ users

    def _write_secret(self, sub: str, name: str, secret: str) -> None:
        d = self._require_running()
        if not _USERNAME_RE.match(name):
            raise ValueError(f"user name {name!r}: use lower-case letters, digits, '.', '_', '-'")
        if any(c in secret for c in ":\n\r"):
            raise ValueError("password/token must not contain ':' or newlines")
        path = d / sub / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(f"{name}:{{PLAIN}}{secret}::::::\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)

    def add_user(self, name: str, password: str, timeout: float = 5.0) -> ImapUser:
        """Create (or change the password of) a user; returns once login works."""
        self._write_secret("users", name, password)
        self._users[name] = password
        self._wait_login(name, password, timeout)
        return self.user(name)

    def add_token(self, name: str, token: str) -> None:
        """Allow XOAUTH2 / OAUTHBEARER login of `name` with the static `token`.

        The user needs a mailbox too: call add_user() (or fresh_user()) first."""
        self._write_secret("tokens", name, token)
        self._tokens[name] = token

    def user(self, name: str) -> ImapUser:
        password = self._users[name]
        return ImapUser(name, password, self.url(name, password), self.host, self.imap_port, self)

    def fresh_user(self, prefix: str = "u") -> ImapUser:
        """A new user with a random password, already able to log in."""
        with self._lock:
            self._counter += 1
            name = f"{prefix}{self._counter}x{secrets.token_hex(3)}"
        return self.add_user(name, "pw-" + secrets.token_urlsafe(9).replace(":", "_"))

    def _wait_login(self, name: str, password: str, timeout: float) -> None:
        import imaplib

        deadline = time.monotonic() + timeout
        while True:
            try:
                conn = imaplib.IMAP4(self.host, self.imap_port, timeout=5)
            except OSError as exc:
                err: Exception = exc
            else:
                try:
                    conn.login(name, password)
                    conn.logout()
                    return
                except imaplib.IMAP4.error as exc:
                    err = exc
                    with contextlib.suppress(Exception):
                        conn.logout()
            if time.monotonic() > deadline:
                raise DovecotError(f"login as {name!r} still fails after {timeout:g} s: {err}\n{self.log_tail()}")
            time.sleep(0.1)

    def reset_user(self, name: str, password: str | None = None) -> None:
        """Empty INBOX and Sent, delete every other folder of the user."""
        password = password or self._users[name]
        with self.client(name, password) as c:
            keep = {"INBOX", "Sent"}
            folders = [f[2] for f in c.list_folders()]
            # Children first so parents can be deleted.
            for folder in sorted(folders, key=lambda f: -f.count("/")):
                if folder in keep:
                    continue
                with contextlib.suppress(Exception):
                    c.delete_folder(folder)
            for folder in keep:
                c.select_folder(folder)
                uids = c.search("ALL")
                if uids:
                    c.delete_messages(uids)
                    c.expunge()
                c.close_folder()

    # ------------------------------------------------------------------ IMAP

    def url(self, user: str, password: str, folder: str = "INBOX") -> str:
        from urllib.parse import quote

        return (
            f"imap://{quote(user, safe='')}:{quote(password, safe='')}"
            f"@{self.host}:{self.imap_port}/{quote(folder, safe='/')}"
        )

    def client(self, user: str, password: str, timeout: float = 10.0):
        """A logged-in imapclient.IMAPClient; the caller logs out (it is a context manager)."""
        import imapclient

        self._require_running()
        c = imapclient.IMAPClient(self.host, port=self.imap_port, ssl=False, timeout=timeout)
        try:
            c.login(user, password)
        except BaseException:
            with contextlib.suppress(Exception):
                c.shutdown()
            raise
        return c

    def append(
        self,
        user: str,
        password: str,
        raw: bytes,
        folder: str = "INBOX",
        flags: Sequence = (),
        msg_time=None,
    ) -> int | None:
        """APPEND one message; returns its UID (from APPENDUID) when known."""
        with self.client(user, password) as c:
            if folder != "INBOX" and not c.folder_exists(folder):
                c.create_folder(folder)
            resp = c.append(folder, raw, flags=tuple(flags), msg_time=msg_time)
        m = re.search(rb"APPENDUID \d+ (\d+)", resp or b"")
        return int(m.group(1)) if m else None

    def folder_uids(self, user: str, password: str, folder: str = "INBOX") -> list[int]:
        with self.client(user, password) as c:
            c.select_folder(folder, readonly=True)
            return sorted(c.search("ALL"))

    def fetch_all(self, user: str, password: str, folder: str = "INBOX") -> list[bytes]:
        """Raw bytes of every message in the folder, in UID order (flags untouched)."""
        with self.client(user, password) as c:
            c.select_folder(folder, readonly=True)
            uids = sorted(c.search("ALL"))
            if not uids:
                return []
            data = c.fetch(uids, ["BODY.PEEK[]"])
            return [data[u][b"BODY[]"] for u in uids]

    def fetch_flags(self, user: str, password: str, folder: str = "INBOX") -> dict[int, tuple]:
        with self.client(user, password) as c:
            c.select_folder(folder, readonly=True)
            return dict(c.get_flags(c.search("ALL")))

    # ------------------------------------------------------------------ LMTP

    def deliver_lmtp(self, user: str, raw: bytes, mail_from: str = "sender@example.org") -> None:
        """Deliver `raw` into `user`'s INBOX over LMTP (user may be 'name' or 'name@domain')."""
        self._require_running()
        if isinstance(raw, str):
            raw = raw.encode()
        with smtplib.LMTP(self.host, self.lmtp_port, timeout=10) as lmtp:
            refused = lmtp.sendmail(mail_from, [user], raw)
        if refused:
            raise DovecotError(f"LMTP refused {refused}")


# ====================================================================== SMTP


@dataclass
class ReceivedMessage:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    delivery_errors: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def message(self) -> email.message.EmailMessage:
        """The message parsed when first asked for: the benchmark counts hundreds of
        replies it never reads, on the cores of the machine it measures."""
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]

    # Convenience: sink.messages[0]["Subject"]
    def __getitem__(self, header: str):
        return self.message[header]


class _SinkHandler:
    def __init__(self, sink: "SmtpSink") -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        rec = ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), raw)
        target = self.sink.deliver_to
        if target is not None:
            # Synchronous on purpose: when the client's DATA returns, the
            # mail is already in Dovecot.  One recipient per LMTP transaction.
            for rcpt in rec.rcpt_tos:
                try:
                    target.deliver_lmtp(rcpt, raw, mail_from=rec.mail_from or "<>")
                except Exception as exc:  # recorded, never fails the SMTP side
                    rec.delivery_errors[rcpt] = f"{type(exc).__name__}: {exc}"
        self.sink._add(rec)
        return "250 Message accepted for delivery"


class _XOAuth2Handler(_SinkHandler):
    """AUTH XOAUTH2 only (PLAIN and LOGIN are not offered), with the tokens in
    ``sink.xoauth2``; no mail is taken before a login."""

    async def auth_XOAUTH2(self, server, args):
        from aiosmtpd.smtp import AuthResult

        if len(args) < 2:
            blob = await server.challenge_auth("")
        else:
            try:
                blob = base64.b64decode(args[1], validate=True)
            except ValueError:
                blob = b""
        if not isinstance(blob, bytes):  # the client gave up; challenge_auth() answered it
            return AuthResult(success=False, handled=True)
        fields = dict(part.split("=", 1) for part in blob.decode(errors="replace").split("\x01") if "=" in part)
        user, auth = fields.get("user", ""), fields.get("auth", "")
        if auth.startswith("Bearer ") and self.sink.xoauth2.get(user) == auth[len("Bearer "):]:
            self.sink.logins.append(user)
            return AuthResult(success=True, auth_data=user)
        self.sink.refused_logins.append(user)
        return AuthResult(success=False, handled=False, message="535 5.7.8 Authentication unsuccessful [token refused]")

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message it receives.

    With ``deliver_to=dovecot`` each recipient also gets the message in its
    Dovecot INBOX (``name@anydomain`` maps to user ``name``); failures are kept in
    ``ReceivedMessage.delivery_errors`` and ``sink.delivery_errors``.

    With ``xoauth2={user: token}`` it takes mail only after AUTH XOAUTH2 with one of
    these tokens (the dict may change while it runs); ``sink.logins`` and
    ``sink.refused_logins`` list the users who tried.
    """

    def __init__(self, deliver_to: Dovecot | None = None, host: str = HOST,
                 xoauth2: dict[str, str] | None = None, **controller_kwargs) -> None:
        self.host = host
        self.port: int | None = None
        self.deliver_to = deliver_to
        self.xoauth2 = xoauth2
        self.logins: list[str] = []
        self.refused_logins: list[str] = []
        self._controller_kwargs = controller_kwargs
        self._controller = None
        self._messages: list[ReceivedMessage] = []
        self._cond = threading.Condition()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "SmtpSink":
        from aiosmtpd.controller import Controller

        if self._controller is not None:
            return self
        self.port = self.port or free_port(self.host)
        kwargs = {"enable_SMTPUTF8": True, "ready_timeout": 5.0}
        handler: _SinkHandler = _SinkHandler(self)
        if self.xoauth2 is not None:
            handler = _XOAuth2Handler(self)
            kwargs.update(auth_require_tls=False, auth_exclude_mechanism=["PLAIN", "LOGIN"])
        kwargs.update(self._controller_kwargs)
        self._controller = Controller(handler, hostname=self.host, port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()
            with contextlib.suppress(Exception):
                controller.loop.close()

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def _add(self, rec: ReceivedMessage) -> None:
        with self._cond:
            self._messages.append(rec)
            self._cond.notify_all()

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self._cond:
            return list(self._messages)

    @property
    def delivery_errors(self) -> list[tuple[str, str]]:
        return [(r, e) for m in self.messages for r, e in m.delivery_errors.items()]

    def clear(self) -> None:
        with self._cond:
            self._messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Block until at least `count` messages arrived; TimeoutError otherwise."""
        with self._cond:
            ok = self._cond.wait_for(lambda: len(self._messages) >= count, timeout=timeout)
            if not ok:
                raise TimeoutError(
                    f"SmtpSink {self.url}: {len(self._messages)} message(s) after {timeout:g} s, wanted {count}"
                )
            return list(self._messages)


# ====================================================================== PostgreSQL

_PG_HOST = os.environ.get("INTAKE_TEST_PGHOST", "127.0.0.1")
_PG_PORT = int(os.environ.get("INTAKE_TEST_PGPORT", "5432"))
_PG_DB = "test"
_pg_cache: dict[str, str | None] = {}


def _pg_users() -> list[str]:
    users = ["postgres", "root"]
    with contextlib.suppress(Exception):
        me = pwd.getpwuid(os.geteuid()).pw_name
        if me not in users:
            users.append(me)
    return users


def _pg_connect(user: str, dbname: str = _PG_DB, timeout: float = 3.0, autocommit: bool = False):
    import psycopg

    return psycopg.connect(
        host=_PG_HOST, port=_PG_PORT, user=user, dbname=dbname,
        connect_timeout=max(1, int(timeout)), autocommit=autocommit,
    )


def _pg_user() -> str | None:
    if "user" not in _pg_cache:
        found = None
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _pg_cache["user"] = None
            return None
        for user in _pg_users():
            try:
                with _pg_connect(user) as conn:
                    conn.execute("SELECT 1")
                found = user
                break
            except Exception:
                continue
        _pg_cache["user"] = found
    return _pg_cache["user"]


def _pg_sqlalchemy_url(user: str, dbname: str) -> str:
    return f"postgresql+psycopg://{user}@{_PG_HOST}:{_PG_PORT}/{dbname}"


def postgres_url() -> str | None:
    """SQLAlchemy URL of the `test` database if PostgreSQL answers within 3 s, else None."""
    user = _pg_user()
    return _pg_sqlalchemy_url(user, _PG_DB) if user else None


def _drop_database(user: str, name: str) -> None:
    with _pg_connect(user, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_postgres_schema(prefix: str = "intake_test_") -> Iterator[str]:
    """Create a database of its own, yield its SQLAlchemy URL, drop it afterwards.

    Dispose of your engines before leaving the block (DROP ... WITH (FORCE)
    terminates leftover connections anyway)."""
    user = _pg_user()
    if user is None:
        raise RuntimeError(f"PostgreSQL does not answer at {_PG_HOST}:{_PG_PORT}")
    name = f"{prefix}{secrets.token_hex(6)}"
    with _pg_connect(user, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_sqlalchemy_url(user, name)
    finally:
        _drop_database(user, name)


def postgres_database_exists(name: str) -> bool:
    user = _pg_user()
    if user is None:
        return False
    with _pg_connect(user) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
