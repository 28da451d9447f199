"""The `intake` command."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import structlog

from bot import log as logging_setup
from bot.app import App
from bot.settings import Settings

log = structlog.get_logger("intake.cli")


def cmd_extract(args: argparse.Namespace, app: App) -> int:
    from bot.analyse import analyse_file

    for path in args.files:
        obj = analyse_file(path, app.meeting, app.states)
        print(json.dumps(obj, ensure_ascii=False, indent=None if args.json else 2), flush=True)
    return 0


def cmd_run(args: argparse.Namespace, app: App) -> int:
    worker = app.worker()
    stats = worker.run(once=args.once)
    print(json.dumps({k: v for k, v in vars(stats).items()}), flush=True)
    return 0


def cmd_export(args: argparse.Namespace, app: App) -> int:
    from bot.export import COLUMNS, INDICO_COLUMNS, indico_rows, participant_rows, to_csv, to_xlsx

    with app.db.session() as s:
        rows = participant_rows(s, app.meeting.id, app.states, status=args.status)
    columns = COLUMNS
    if args.indico:
        rows, columns = indico_rows(rows), INDICO_COLUMNS
    if args.format == "xlsx":
        data = to_xlsx(rows, columns)
        if not args.output:
            sys.stdout.buffer.write(data)
            return 0
        Path(args.output).write_bytes(data)
    else:
        text = to_csv(rows, columns)
        if not args.output:
            sys.stdout.write(text)
            return 0
        Path(args.output).write_text(text, encoding="utf-8")
    print(f"{len(rows)} participants written to {args.output}", file=sys.stderr)
    return 0


def cmd_check_config(args: argparse.Namespace, app: App) -> int:
    from pydantic import ValidationError

    from bot.mailbox import MailboxError

    problems: list[str] = []
    try:
        meeting = app.meeting
    except ValidationError as exc:
        for err in exc.errors():
            key = ".".join(str(x) for x in err["loc"]) or "(file)"
            problems.append(f"{app.settings.meeting}: {key}: {err['msg']}")
    except (OSError, ValueError) as exc:
        problems.append(f"{app.settings.meeting}: {exc}")
    else:
        print(f"meeting file {app.settings.meeting}: ok ({meeting.id}, deadline {meeting.deadline})")
    try:
        states = app.states
        print(f"member States: ok ({len(states.states)})")
    except (OSError, ValueError) as exc:
        problems.append(f"member States: {exc}")
    try:
        app.mailbox().close()
        print("INTAKE_MAILBOX_URL: ok")
    except (MailboxError, ValueError) as exc:
        problems.append(f"INTAKE_MAILBOX_URL: {exc}")
    try:
        app.transport()
        print("INTAKE_SMTP_URL: ok")
    except ValueError as exc:
        problems.append(f"INTAKE_SMTP_URL: {exc}")
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(app.settings.database_url.get_secret_value())
        print("INTAKE_DATABASE_URL: ok")
    except ArgumentError as exc:
        problems.append(f"INTAKE_DATABASE_URL: {exc}")
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    return 1 if problems else 0


def cmd_status(args: argparse.Namespace, app: App) -> int:
    from bot.status import status

    report = status(app.db, app.meeting.id)
    if args.check_login:
        from bot.mailbox import RECONNECT_ERRORS, MailboxError

        box = app.mailbox()
        try:
            connect = getattr(box, "connect", None)
            if connect:
                connect()
            report["login"] = "ok"
        except (MailboxError, *RECONNECT_ERRORS) as exc:
            report["login"] = f"failed: {exc}"
        finally:
            box.close()
    print(json.dumps(report, indent=2))
    return 1 if report.get("login", "ok") != "ok" else 0


def cmd_purge(args: argparse.Namespace, app: App) -> int:
    from datetime import datetime, timezone

    from bot.purge import purge

    before = datetime.fromisoformat(args.before)
    if before.tzinfo is None:
        before = before.replace(tzinfo=timezone.utc)
    result = purge(app.db, args.meeting, before)
    print(json.dumps(result, indent=2, default=str))
    return 0


def cmd_serve(args: argparse.Namespace, app: App) -> int:
    import uvicorn

    from bot.web import create_app

    # X-Forwarded-For is read by the application, only from the proxies the settings name.
    uvicorn.run(create_app(app), host=args.host, port=args.port, log_level="warning", proxy_headers=False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description="Nomination intake bot")
    parser.add_argument("--log-json", action="store_true", help="log events as JSON lines")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING... (default: INFO for run and serve, "
                                             "WARNING for the other commands)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read message files and print what the bot reads out of them")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON object per line (JSON Lines)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("run", help="watch the mailbox and process what arrives")
    p.add_argument("--once", action="store_true", help="drain what is there, then exit")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("export", help="the list of participants")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.add_argument("--indico", action="store_true", help="the columns Indico imports")
    p.add_argument("--status", help="only delegations with this status (confirmed, pending, review)")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check-config", help="validate the settings and the meeting file")
    p.set_defaults(func=cmd_check_config)

    p = sub.add_parser("status", help="when mail was last fetched and processed; what is queued and unsent")
    p.add_argument("--check-login", action="store_true", help="also log in to the mailbox now")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("purge", help="remove raw messages and personal data of a finished meeting")
    p.add_argument("--meeting", required=True, help="the meeting id (from the meeting file)")
    p.add_argument("--before", required=True, help="ISO date: data received before it is removed")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("serve", help="serve the review page")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    from bot.web.users import cmd_user_add  # light: argon2 and the models, not FastAPI

    p = sub.add_parser("user", help="accounts of the review page")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    p = user_sub.add_parser("add", help="add an account; the password is asked at a terminal, "
                                        "else read from the first line of standard input")
    p.add_argument("name")
    p.add_argument("--update", action="store_true", help="change the password of an existing account")
    p.set_defaults(func=cmd_user_add)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = args.log_level or ("INFO" if args.command in ("run", "serve") else "WARNING")
    logging_setup.configure(level=level, json=args.log_json)
    try:
        settings = Settings()
    except Exception as exc:
        print(f"error: settings: {exc}", file=sys.stderr)
        return 2
    from bot.mailbox import MailboxError

    try:
        return args.func(args, App(settings))
    except MailboxError as exc:
        log.error("mailbox.unusable", error=str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
