"""The `intake` command."""
from __future__ import annotations

import argparse
import json
import sys

from bot.settings import Settings


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from bot.analyse import analyse_file
    from bot.meeting import load_meeting
    from bot.states import load_states

    meeting, states = load_meeting(settings.meeting), load_states()
    for path in args.files:
        obj = analyse_file(path, meeting, states)
        if args.json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        else:
            print(json.dumps(obj, ensure_ascii=False, indent=2), flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description="Nomination intake bot")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="read message files and print what the bot reads out of them")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON object per line (JSON Lines)")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
