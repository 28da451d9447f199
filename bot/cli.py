"""The `intake` command."""
from __future__ import annotations

import argparse
import atexit
import gc
import json
import sys
from pathlib import Path

import structlog

from bot import log as logging_setup
from bot.app import App
from bot.settings import Settings

log = structlog.get_logger("intake.cli")

# At its exit the interpreter collects, again and again while it takes the modules apart,
# every object the imports made (the patterns, the models, the lexicon, the caches): 0.3 s
# of every command, a fifth of an `intake run --once` with nothing to do. Frozen, they are
# left to the end of the process, as the reading children leave theirs (bot/budget.py).
# The exit handlers still run, what is in no cycle is still freed, and a connection left
# in one is closed by the system as at any exit, every commit written by then.
atexit.register(gc.freeze)


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
    from bot.export import export_file, participant_rows

    with app.db.session() as s:
        rows = participant_rows(s, app.meeting.id, app.states, status=args.status)
    data, written, left_out = export_file(rows, args.format, indico=args.indico, for_people=bool(args.output))
    if not args.output:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(args.output).write_bytes(data)
        print(f"{written} participants written to {args.output}", file=sys.stderr)
    if left_out:
        print(f"{left_out} participants without an e-mail left out (Indico needs one)", file=sys.stderr)
    return 0


def cmd_check_config(args: argparse.Namespace, app: App) -> int:
    from bot.checkconfig import check

    report = check(app.settings, online=args.online)
    for line in report.ok:
        print(line)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    return 1 if report.errors else 0


def cmd_status(args: argparse.Namespace, app: App) -> int:
    from bot.status import status

    from bot.watchdog import problems

    report = status(app.db, app.meeting.id)
    report["problems"] = problems(app.db, app.meeting)
    if args.check_login:
        from bot.mailbox import RECONNECT_ERRORS, MailboxError
        from bot.oauth import TokenError

        box = app.mailbox()
        try:
            connect = getattr(box, "connect", None)
            if connect:
                connect()
            report["login"] = "ok"
        except (MailboxError, TokenError, *RECONNECT_ERRORS) as exc:
            report["login"] = f"failed: {exc}"
        finally:
            box.close()
    print(json.dumps(report, indent=2))
    return 1 if report.get("login", "ok") != "ok" or report["problems"] else 0


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
    p.add_argument("--online", action="store_true", help="also log in to the mailbox and the SMTP server, "
                                                         "and open the database")
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

    p = sub.add_parser("user", help="accounts of the review page")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    p = user_sub.add_parser("add", help="add an account; the password is asked at a terminal, "
                                        "else read from the first line of standard input")
    p.add_argument("name")
    p.add_argument("--update", action="store_true", help="change the password of an existing account")
    p.set_defaults(func=cmd_user_add)
    return parser


def cmd_user_add(args: argparse.Namespace, app: App) -> int:
    from bot.web.users import cmd_user_add as add  # argon2 loaded only for this command

    return add(args, app)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = args.log_level or ("INFO" if args.command in ("run", "serve") else "WARNING")
    logging_setup.configure(level=level, json=args.log_json)
    from pydantic import ValidationError

    try:
        settings = Settings()
    except ValidationError as exc:
        for err in exc.errors():
            name = "INTAKE_" + "_".join(str(x) for x in err["loc"]).upper()
            secret = any(w in name for w in ("PASSWORD", "SECRET", "TOKEN", "URL", "CERTIFICATE", "ACCOUNT"))
            got = "" if secret else f" (got {err.get('input')!r})"
            print(f"error: {name}: {err['msg']}{got}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"error: settings: {exc}", file=sys.stderr)
        return 2
    from bot.mailbox import MailboxError
    from bot.oauth import OAuthSettingsError, TokenError

    try:
        return args.func(args, App(settings))
    except (MailboxError, TokenError, OAuthSettingsError) as exc:
        log.error("mailbox.unusable", error=str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
