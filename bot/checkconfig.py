"""`intake check-config`: the settings and the meeting file, checked before the bot runs.

Every finding is one line: an error (the bot would not work as configured), a warning (it
would, perhaps not as meant), or what is fine. With `online`, it also logs in to the mailbox
and the SMTP server and opens the database, and says how each went.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from bot.settings import Settings

# What INTAKE_DATABASE_URL may name: SQLAlchemy's dialect and the driver installed.
DATABASE_DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"}
DATABASE_EXAMPLE = "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE (or sqlite:///PATH)"
SECRET_WORDS = ("password", "secret", "token", "credential", "private_key")


@dataclass
class Report:
    ok: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def check(settings: Settings, *, online: bool = False) -> Report:
    from bot.app import App

    report = Report()
    app = App(settings)
    _meeting(app, report)
    try:
        report.ok.append(f"member States: ok ({len(app.states.states)})")
    except (OSError, ValueError) as exc:
        report.errors.append(f"member States: {exc}")
    try:
        from bot.states import load_articles

        report.ok.append(f"country names in replies: ok ({len(load_articles())})")
    except (OSError, ValueError) as exc:
        report.errors.append(f"country names in replies: {exc}")
    mailbox_ok = _mailbox_url(app, report)
    smtp_ok = _smtp_url(app, report)
    database_ok = _database_url(settings.database_url.get_secret_value(), report)
    if online:
        if mailbox_ok:
            _mailbox_online(app, report)
        if smtp_ok:
            _smtp_online(app, report)
        if database_ok:
            _database_online(settings.database_url.get_secret_value(), report)
    return report


# -- the meeting file -------------------------------------------------------------------
def _meeting(app, report: Report) -> None:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from bot.meeting import meeting_path

    name = app.settings.meeting
    try:
        meeting = app.meeting
    except ValidationError as exc:
        for err in exc.errors():
            key = ".".join(str(x) for x in err["loc"]) or "(file)"
            if err["type"] == "extra_forbidden" and any(w in key.lower() for w in SECRET_WORDS):
                report.errors.append(f"{name}: {key}: secrets are never read from the meeting file; set them in "
                                     "the environment (INTAKE_...) or in a file named by INTAKE_..._FILE")
                continue
            got = f" (got {err['input']!r})" if not isinstance(err.get("input"), (dict, list)) else ""
            report.errors.append(f"{name}: {key}: {err['msg']}{got}")
        return
    except FileNotFoundError:
        report.errors.append(f"{meeting_path(name)}: no such file (INTAKE_MEETING)")
        return
    except (OSError, ValueError) as exc:
        report.errors.append(" ".join(str(exc).split()))
        return
    report.ok.append(f"meeting file {name}: ok ({meeting.id}, deadline {meeting.deadline})")
    now = datetime.now(meeting.zone)
    if now > datetime.combine(meeting.deadline, time.max, tzinfo=meeting.zone):
        report.warnings.append(f"{name}: deadline: {meeting.deadline} has passed (today is {now.date()} in "
                               f"{meeting.timezone}): every nomination will be late and go to review")
    if not meeting.watchdog.alert_to:
        report.warnings.append(f"{name}: watchdog.alert_to: empty; nobody is told by mail when the bot cannot "
                               "log in or no mail arrives")


# -- URLs ---------------------------------------------------------------------------------
def _userinfo_problem(var: str, url: str) -> str | None:
    """An @ in the user name or password that is not written %40 (the URL then means
    another host, or another user, depending on the reader)."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    netloc = rest.split("/", 1)[0]
    if netloc.count("@") > 1:
        scheme = url.split("://", 1)[0]
        return (f"{var}: the user name or password holds an @ that is not encoded: write it %40, "
                f"e.g. {scheme}://nominations%40example.org:PASSWORD@HOST/...")
    return None


def _maildir(var: str, url: str, report: Report) -> bool:
    path = Path(url[len("maildir:"):])
    if not path.is_dir():
        report.errors.append(f"{var}: the Maildir {path} does not exist (create it, or correct the path)")
        return False
    report.ok.append(f"{var}: ok (Maildir {path})")
    return True


def _token_source(app, url: str, var: str, report: Report, smtp: bool):  # type: ignore[no-untyped-def]
    try:
        return app.token_source(url, smtp=smtp), True
    except ValueError as exc:
        report.errors.append(f"{var}: OAuth2 settings: {exc}")
        return None, False


def _mailbox_url(app, report: Report) -> bool:  # type: ignore[no-untyped-def]
    from bot.mailbox import ImapMailbox, MailboxError

    def login(url: str) -> tuple[str, str, str]:
        box = ImapMailbox(url)
        return box.user or "", box.password or "", box.name

    return _mail_url(app, report, "INTAKE_MAILBOX_URL", app.settings.mailbox_url.get_secret_value(), login,
                     (MailboxError,), smtp=False)


def _smtp_url(app, report: Report) -> bool:  # type: ignore[no-untyped-def]
    from bot.outbox import SmtpTransport

    def login(url: str) -> tuple[str, str, str]:
        transport = SmtpTransport(url)
        return transport.user or "", transport.password or "", f"{transport.host}:{transport.port}"

    return _mail_url(app, report, "INTAKE_SMTP_URL", app.settings.smtp_url.get_secret_value(), login,
                     (ValueError,), smtp=True)


def _mail_url(app, report: Report, var: str, url: str, login, errors: tuple, *, smtp: bool) -> bool:  # type: ignore[no-untyped-def]
    """A mailbox or SMTP URL: a Maildir that exists, or a server URL with a password or an
    OAuth2 token source (SMTP may also go without login)."""
    from bot.log import redact_url

    if url.startswith("maildir:"):
        return _maildir(var, url, report)
    problem = _userinfo_problem(var, url)
    if problem:
        report.errors.append(problem)
        return False
    try:
        user, password, where = login(url)
    except errors as exc:
        report.errors.append(f"{var}: {exc}")
        return False
    source, fine = _token_source(app, url, var, report, smtp=smtp) if not password else (None, True)
    if not fine:
        return False
    if not password and source is None and (user or not smtp):
        who = "names a user but has no password" if smtp else "has no password"
        command = "INTAKE_SMTP_OAUTH2_TOKEN_COMMAND" if smtp else "INTAKE_OAUTH2_TOKEN_COMMAND"
        report.errors.append(f"{var}: {redact_url(url)} {who}, and no OAuth2 token source is set: "
                             f"add :PASSWORD after the user (URL-encoded), or set INTAKE_OAUTH2_PROVIDER (or {command})")
        return False
    how = "no login" if smtp and not user else ("XOAUTH2" if source is not None else "password")
    report.ok.append(f"{var}: ok ({where}, {how})")
    return True


def _database_url(url: str, report: Report) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    var = "INTAKE_DATABASE_URL"
    problem = _userinfo_problem(var, url)
    if problem:
        report.errors.append(problem)
        return False
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        report.errors.append(f"{var}: not a database URL ({exc}); write {DATABASE_EXAMPLE}")
        return False
    if parsed.drivername not in DATABASE_DRIVERS:
        report.errors.append(f"{var}: unknown dialect {parsed.drivername!r}; write {DATABASE_EXAMPLE}")
        return False
    report.ok.append(f"{var}: ok ({parsed.get_backend_name()})")
    return True


# -- online ---------------------------------------------------------------------------------
def _mailbox_online(app, report: Report) -> None:  # type: ignore[no-untyped-def]
    from bot.mailbox import RECONNECT_ERRORS, MailboxError
    from bot.oauth import TokenError

    box = app.mailbox()
    connect = getattr(box, "connect", None)
    if connect is None:
        return
    try:
        connect()
        report.ok.append(f"INTAKE_MAILBOX_URL: logged in to {box.name}")
    except TokenError as exc:
        report.errors.append(f"INTAKE_MAILBOX_URL: no OAuth2 token: {exc}")
    except (MailboxError, *RECONNECT_ERRORS) as exc:
        report.errors.append(f"INTAKE_MAILBOX_URL: {type(exc).__name__}: {exc}")
    finally:
        box.close()


def _smtp_online(app, report: Report) -> None:  # type: ignore[no-untyped-def]
    import smtplib

    from bot.oauth import TokenError
    from bot.outbox import SmtpTransport, login_problem

    transport = app.transport()
    if not isinstance(transport, SmtpTransport):
        return
    try:
        session = transport._connect()
    except (smtplib.SMTPAuthenticationError, TokenError) as exc:
        report.errors.append(f"INTAKE_SMTP_URL: {login_problem(exc)}")
        return
    except (smtplib.SMTPException, OSError) as exc:
        report.errors.append(f"INTAKE_SMTP_URL: cannot connect to {transport.host}:{transport.port}: "
                             f"{type(exc).__name__}: {exc}")
        return
    try:
        session.quit()
    except (smtplib.SMTPException, OSError):
        pass
    what = f"logged in to {transport.host}:{transport.port} as {transport.user}" if transport.user else \
        f"connected to {transport.host}:{transport.port} (no login)"
    report.ok.append(f"INTAKE_SMTP_URL: {what}")


def _database_online(url: str, report: Report) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db import make_engine, schema_revisions

    try:
        engine = make_engine(url)
    except (SQLAlchemyError, ImportError, ValueError, OSError) as exc:
        report.errors.append(f"INTAKE_DATABASE_URL: {type(exc).__name__}: {exc}")
        return
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = next(iter(schema_revisions(conn)), None)
        state = f"schema at {revision}" if revision else "empty: the first run creates the tables"
        report.ok.append(f"INTAKE_DATABASE_URL: opened ({engine.dialect.name}, {state})")
    except SQLAlchemyError as exc:
        report.errors.append(f"INTAKE_DATABASE_URL: cannot open: {' '.join(str(getattr(exc, 'orig', None) or exc).split())[:300]}")
    finally:
        engine.dispose()
