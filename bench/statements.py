"""`python -m bench.statements`: SQL statements and time per message, by step of the worker.

The worker (bot/worker.py) is run in this process on a Maildir and a fresh SQLite ledger
(`--pg`: a fresh PostgreSQL database at 127.0.0.1) over a few hundred messages, in two
rounds: first nominations from many member States with every fixture and corpus message,
then follow-ups to the delegations just recorded (the same nomination again, a change of
attendance our mail server vouches for, a question). An SQLAlchemy `before_cursor_execute`
listener counts every statement under the step running at the time:

    store      the raw message into the ledger (worker.store)
    claim      counting an attempt (ledger.count_attempts)
    load       reading the ledger row back in the message's transaction
    screen, converse, record, reply    the steps after the reading (handlers.AFTER_READING)
    flush      what the steps changed, written at the message's one commit
    ack, send  acknowledging on the server, sending the outbox (bot/outbox.py send_pending)

and the time the steps take (the reading itself runs in child processes and is left out).
`--show STEP` prints the distinct statements of one step with their counts.

`--dump FILE` writes every row the run wrote, times left out: two revisions that behave
alike give the same file (checked for the figures below, SQLite and PostgreSQL).

Figures of 696 messages (2 shared cores; ms: the best of three runs on SQLite, noisy under
load). "before" is revision 411703e, "after" the delegation read with its people in one
statement, a new delegation inserted with its status and no lazy load of its (no) people,
the reply using the delegation converse found, the thread's delegation in one statement,
one plan per message, and an outbox claim that also marks the reply before it sent:

                 statements per message             ms per message (SQLite)
    step       SQLite before  after   PG before  after     before  after
    store           0.02      0.02      0.02     0.02       0.16   0.17
    claim           0.26      0.26      2.00     2.00       0.34   0.32
    load            1.00      1.00      1.00     1.00          -      -
    screen          1.00      1.00      1.00     1.00       0.47   0.44
    converse        2.36      1.31      2.36     1.31       3.08   2.71
    record          0.00      0.00      0.00     0.00       0.18   0.14
    reply           0.63      0.42      0.63     0.42       0.96   0.92
    flush           2.94      2.68      2.94     2.68       1.91   1.82
    ack             0.03      0.03      0.03     0.03       0.47   0.52
    send            0.85      0.44      0.85     0.44       0.62   0.68
    screen..flush   6.93      5.41      6.93     5.41
    total           9.13      7.20     12.85    10.92

(PostgreSQL's claim and "other" hold the row locks of several workers.) What is left per
message: the ledger row read and written once, one Event, the reply-limit count, the
delegation (with its people) looked up, and for a reply its outbox row, the check that it
is not there already (a message processed again), and one statement to send it.
"""
from __future__ import annotations

import argparse
import contextlib
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextvars import ContextVar
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

import handlers  # noqa: E402
import bot.worker  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.mailbox import MaildirMailbox, deliver_to_maildir  # noqa: E402
from bot.meeting import load_meeting  # noqa: E402
from bot.outbox import MaildirTransport  # noqa: E402
from bot.states import load_states  # noqa: E402
from tests.intake_helpers import FIXTURES, nomination_for, surname  # noqa: E402

# The shared corpus beside the checkout, when there is one.
CORPUS = ROOT.parent / "shared" / "corpus" / "messages"
STEPS = ("store", "claim", "load", *handlers.AFTER_READING, "flush", "ack", "send", "other")

_step: ContextVar[str] = ContextVar("step", default="other")


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    token = _step.set(name)
    try:
        yield
    finally:
        _step.reset(token)


class Tally:
    """Statements (and their texts) and seconds by step."""

    def __init__(self) -> None:
        self.statements: Counter[str] = Counter()
        self.texts: dict[str, Counter[str]] = defaultdict(Counter)
        self.seconds: Counter[str] = Counter()

    def listen(self, db: Database) -> None:
        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
            name = _step.get()
            self.statements[name] += 1
            self.texts[name][" ".join(statement.split())[:160]] += 1

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                with step(name):
                    return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
        return wrapper


def instrument(worker: bot.worker.Worker, tally: Tally) -> None:
    """Every phase of the worker under its step name."""
    worker.store = tally.timed("store", worker.store)  # type: ignore[method-assign]
    worker.ledger.count_attempts = tally.timed("claim", worker.ledger.count_attempts)  # type: ignore[method-assign]
    worker.processor.process_one = tally.timed("load", worker.processor.process_one)  # type: ignore[method-assign]
    worker.acknowledge = tally.timed("ack", worker.acknowledge)  # type: ignore[method-assign]
    bot.worker.send_pending = tally.timed("send", bot.worker.send_pending)  # type: ignore[assignment]
    for name in handlers.AFTER_READING:
        h = handlers.REGISTRY[name]
        h.process = tally.timed(name, h.process)  # type: ignore[method-assign]
    # What the session writes at the commit is the flush's, whatever step queued it.
    from sqlalchemy.orm import Session

    starts: list[float] = []

    @event.listens_for(Session, "before_commit")
    def _begin(session) -> None:  # type: ignore[no-untyped-def]
        if _step.get() != "load":
            return  # another phase's commit (claim, store) stays that phase's
        starts.append(time.perf_counter())
        session.info["step"] = _step.set("flush")

    @event.listens_for(Session, "after_commit")
    def _end(session) -> None:  # type: ignore[no-untyped-def]
        token = session.info.pop("step", None)
        if token is not None:
            _step.reset(token)
            tally.seconds["flush"] += time.perf_counter() - starts.pop()


def amendment(n: int, domain: str, state: str) -> bytes:
    """A change of attendance for nomination `n`, vouched for by our own mail server."""
    msg = EmailMessage()
    msg["From"] = f"Desk {n} <desk{n}@{domain}>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = "Change of attendance"
    msg["Date"] = "Wed, 18 Mar 2026 10:00:00 +0000"
    msg["Message-ID"] = f"<change-{n}@{domain}>"
    msg["Authentication-Results"] = f"mx.ilo.test; dkim=pass header.d={domain}"
    msg.set_content(f"Dear Sir or Madam,\n\nThe Government of {state} informs you that Mr Person {surname(n)} "
                    "will now attend remotely.\n\nYours faithfully,\nMinistry of Labour\n")
    return msg.as_bytes()


def question(n: int, domain: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Desk {n} <desk{n}@{domain}>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = "Hotels"
    msg["Date"] = "Wed, 18 Mar 2026 11:00:00 +0000"
    msg["Message-ID"] = f"<question-{n}@{domain}>"
    msg.set_content("Dear Sir or Madam,\n\nCould you send us the list of hotels near the venue?\n\nRegards\n")
    return msg.as_bytes()


def answer(reply_id: str, to: str, subject: str) -> bytes:
    """An answer to our request for missing items, in its thread, giving the title."""
    msg = EmailMessage()
    msg["From"] = to
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = f"Re: {subject}"
    msg["Date"] = "Wed, 18 Mar 2026 12:00:00 +0000"
    msg["Message-ID"] = f"<answer-{reply_id.strip('<>')}>"
    msg["In-Reply-To"] = reply_id
    msg["References"] = reply_id
    n = int(to.split("@")[0].removeprefix("desk"))
    msg.set_content(f"Dear Sir or Madam,\n\nRepresentative: Mr Person {surname(n)}\n"
                    "Title: Director of Labour, Ministry of Labour\n\nYours faithfully\n")
    return msg.as_bytes()


def first_round(count: int) -> list[bytes]:
    """Nominations from `count` member States (a fifth without the title: we ask for it),
    then every fixture and corpus message."""
    out = [nomination_for(n) for n in range(count)]
    out += [nomination_for(n).replace(b"Title: Director of Labour, Ministry of Labour\n", b"")
            for n in range(count, count + count // 5)]
    files = sorted(FIXTURES.rglob("*.eml")) + sorted(CORPUS.glob("*.eml"))
    return out + [f.read_bytes() for f in files]


def second_round(count: int, requests: list[tuple[str, str, str]]) -> list[bytes]:
    """Follow-ups to the first round's nominations: again, changed, asked about, and the
    answers to our `requests` (Message-ID, address, subject) for missing items."""
    states = sorted(load_states().states.values(), key=lambda s: s.code)
    out: list[bytes] = []
    for n in range(0, count, 2):
        again = nomination_for(n).replace(b"<batch-", b"<again-")
        st = states[n % len(states)]
        domain = f"labour.gov.{'uk' if st.code == 'GB' else st.code.lower()}"
        out += [again, amendment(n + 1, domain, st.names["en"])]
        if n % 6 == 0:
            out.append(question(n, domain))
    # Only the generated nominations answer (a fixture's sender may have been asked too).
    return out + [answer(*r) for r in requests if re.fullmatch(r"desk\d+@.+", r[1])]


def requests_for_items(db: Database) -> list[tuple[str, str, str]]:
    """Our requests for missing items sent so far (read outside the counted steps)."""
    from sqlalchemy import select

    from bot.models import Outbox

    with step("bench"), db.session() as s:
        return [tuple(r) for r in s.execute(select(Outbox.message_id, Outbox.to_addr, Outbox.subject)
                                            .where(Outbox.template == "request_missing").order_by(Outbox.id))]


# Columns that hold the time of writing (and the Date header of a reply), and the temporary
# mailbox: left out of --dump.
TIMES = {"at", "created_at", "updated_at", "fetched_at", "processed_at", "sent_at", "next_try_at", "received_at", "mailbox"}


def dump(db: Database, path: Path) -> None:
    """Every row the run wrote, without the times: two runs that behave alike dump alike."""
    import json
    import re

    from bot.models import Base

    with step("bench"), db.engine.connect() as conn, path.open("w") as out:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(table.select().order_by(*table.primary_key.columns)):
                values = {k: v for k, v in row._mapping.items() if k not in TIMES}
                if table.name == "outbox":
                    values["raw"] = re.sub(rb"(?m)^Date: .*$", b"Date: -", values["raw"]).decode("ascii", "replace")
                if table.name == "inbound":
                    values.pop("raw")
                out.write(f"{table.name} {json.dumps(values, default=str, sort_keys=True)}\n")


def run(db_url: str, work: Path, count: int, dump_to: Path | None = None) -> tuple[Tally, int]:
    db = Database(db_url)
    tally = Tally()
    tally.listen(db)
    box = MaildirMailbox(work / "mailbox")
    worker = bot.worker.Worker(meeting=load_meeting(str(ROOT / "config" / "meeting.yaml")), states=load_states(),
                               db=db, mailbox=box, transport=MaildirTransport(work / "outbox"))
    instrument(worker, tally)
    messages = 0
    try:
        for n in range(2):
            batch = first_round(count) if n == 0 else second_round(count, requests_for_items(db))
            for i, raw in enumerate(batch):
                deliver_to_maildir(box.path, raw, name=f"{messages + i:05d}.eml")
            messages += len(batch)
            worker.run(once=True)
        if dump_to is not None:
            dump(db, dump_to)
    finally:
        worker.analyser.close()
        db.dispose()
    return tally, messages


def report(tally: Tally, messages: int, show: str | None) -> None:
    print(f"{messages} messages; statements and milliseconds per message, by step")
    print(f"{'step':10} {'stmts/msg':>10} {'ms/msg':>8}")
    for name in STEPS:
        # The load phase holds the reading (child processes): its time says nothing of the database.
        ms = "-" if name == "load" else f"{1000 * tally.seconds[name] / messages:.2f}"
        print(f"{name:10} {tally.statements[name] / messages:10.2f} {ms:>8}")
    db_steps = ("load", *handlers.AFTER_READING, "flush")
    print(f"{'pipeline':10} {sum(tally.statements[s] for s in db_steps if s != 'load') / messages:10.2f} "
          f"{1000 * sum(tally.seconds[s] for s in handlers.AFTER_READING) / messages:8.2f}   "
          "(screen..reply + flush; ms: the four steps)")
    print(f"{'total':10} {sum(tally.statements[s] for s in STEPS) / messages:10.2f}")
    for name in ([show] if show else []):
        print(f"\n-- {name}")
        for text, n in tally.texts[name].most_common():
            print(f"{n:6}  {text}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=150, help="member States nominating in the first round")
    ap.add_argument("--pg", action="store_true", help="a fresh PostgreSQL database instead of SQLite")
    ap.add_argument("--show", help="print the statements of one step")
    ap.add_argument("--dump", type=Path, help="write every row the run wrote (times left out) to this file")
    args = ap.parse_args()
    import structlog
    import logging

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with tempfile.TemporaryDirectory(prefix="intake-statements-") as tmp:
        if args.pg:
            from tests.servers import fresh_postgres_schema

            with fresh_postgres_schema("intake_bench_") as url:
                tally, messages = run(url, Path(tmp), args.count, args.dump)
        else:
            tally, messages = run(f"sqlite:///{tmp}/intake.db", Path(tmp), args.count, args.dump)
    report(tally, messages, args.show)


if __name__ == "__main__":
    main()
