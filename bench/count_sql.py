"""`python -m bench.count_sql ARGS`: `intake ARGS` with every SQL statement counted.

A listener on every SQLAlchemy engine counts the statements the worker sends (its
children, the readers, use no database); the count goes to standard error as one JSON
line at exit, so that the worker's own output is unchanged.
"""
from __future__ import annotations

import atexit
import json
import sys
from collections import Counter

from sqlalchemy import event
from sqlalchemy.engine import Engine

COUNTS: Counter[str] = Counter()


@event.listens_for(Engine, "before_cursor_execute")
def _count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
    COUNTS[statement.split(None, 1)[0].upper() if statement.strip() else "?"] += 1


def _report() -> None:
    print(json.dumps({"sql_statements": sum(COUNTS.values()), "by_verb": dict(COUNTS.most_common())}),
          file=sys.stderr, flush=True)


if __name__ == "__main__":
    atexit.register(_report)
    from bot.cli import main

    sys.exit(main(sys.argv[1:]))
