"""`python -m bench.instructions`: instructions a message, counted by valgrind, for A/B work.

The 2-core machine's speed moves by a third from hour to hour, and a change of 5 % is lost
in it: two timings of the same code, minutes apart, differ more than the change. Valgrind's
callgrind counts the instructions a program runs instead; the count is the same run after
run, whatever else the machine does. This command counts two parts of the worker's work a
message, each over the same messages (the corpus mix of the shared folder, else the
generated mix), after the start-up and a few messages of warm-up:

    reading   handlers.READING and the review page's view, as in a reading child
              (bot.budget.analyse_here)
    clauses   the delegation rules' clause reading (bot.extraction.intent.read_clause) of
              each message's text, against its own people taken as the people on record
    worker    what the worker's main thread does with a message once it is read: the steps
              after the reading (screen, converse, record, reply), the view kept and the
              commit (bot.process.Processor.process_one), on a SQLite ledger that already
              holds the mix's first round (processed beforehand, not counted): the counted
              messages are the next ones, copies that meet the delegations on record, as
              most messages of the comparison's run do

and the start-up (the imports of `intake run`). Run it from two checkouts to compare:

    .venv/bin/python -m bench.instructions [--messages 66] [--parts reading,clauses,startup]

It needs valgrind (Debian's package) and a Python whose own functions valgrind can name
(`functools_reduce`: the measured loop runs inside functools.reduce, and only what runs
inside it is counted). Instructions are not seconds (a cache miss costs more than an
addition), but a change that removes a tenth of them is seen at once, where the clock needs
many alternating runs.
"""
from __future__ import annotations

import argparse
import functools
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("reading", "clauses", "worker", "startup")
# The shared corpora's messages that are not scans: one round of the corpus mix.
FIRST_ROUND = 132
# The C function of functools.reduce in CPython: valgrind counts only while it runs.
TOGGLE = "functools_reduce"


def _messages(count: int) -> list[bytes]:
    from bench import corpus, mailgen

    got = corpus.mix(count, tag="instructions")
    return [raw for _, raw in got or mailgen.throughput_mix(count, tag="instructions", seed=5)]


def _measure(part: str, path: str, count: int) -> None:
    """The counted loop (run under valgrind): `part` over the first `count` messages in `path`."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.CRITICAL))
    if part == "startup":  # what `intake run` imports before its first message
        functools.reduce(lambda _, name: __import__(name), ["bot.cli", "bot.app", "bot.worker", "bot.outbox",
                                                          "bot.mailbox"], None)
        return
    from bot.app import App
    from bot.budget import analyse_here

    app = App()
    every = pickle.loads(Path(path).read_bytes())
    if part == "worker":
        _worker(app, every, count, analyse_here)
        return
    raws = every[:count]
    for raw in raws[:5]:  # warm-up: caches filled, lazy imports done
        analyse_here(raw, app.meeting, app.states, None)
    if part == "reading":
        functools.reduce(lambda _, raw: analyse_here(raw, app.meeting, app.states, None), raws, None)
        return
    from bot.conversation import TEXT_READ
    from bot.extraction import intent

    readings = [analyse_here(raw, app.meeting, app.states, None) for raw in raws]
    work = [(a.reading.main_text[:TEXT_READ], a.result.participants) for a in readings if a.reading is not None]

    def clauses(_: None, item: tuple) -> None:
        text, people = item
        for sentence in intent.sentences(text):
            for part_ in intent.clauses(sentence):
                intent.read_clause(part_, people, people)

    functools.reduce(clauses, work, None)


def _worker(app, raws: list[bytes], count: int, analyse_here) -> None:  # type: ignore[no-untyped-def]
    """The worker's steps after the reading over `raws`, each message in its own commit; the
    last `count` counted."""
    from concurrent.futures import Future

    from bot.db import Database
    from bot.ledger import Ledger
    from bot.mailbox import Fetched, MaildirMailbox
    from bot.process import Processor

    with tempfile.TemporaryDirectory(prefix="intake-instructions-") as tmp:
        db = Database(f"sqlite:///{tmp}/ledger.db")
        ledger = Ledger(db, app.meeting, MaildirMailbox(f"{tmp}/mailbox"))
        ledger.store([Fetched(key=f"{i:05d}.eml", raw=raw) for i, raw in enumerate(raws)])
        ids = ledger.fresh(0)
        ledger.count_attempts(ids)
        processor = Processor(ledger, app.states)
        read: dict[int, Future] = {}
        for i, raw in zip(ids, raws):
            read[i] = Future()
            read[i].set_result(analyse_here(raw, app.meeting, app.states, None))
        for i in ids[:-count]:
            processor.process_one(i, read[i], counted=True)
        functools.reduce(lambda _, i: processor.process_one(i, read[i], counted=True), ids[-count:], None)
        db.dispose()


def count(part: str, path: str, messages: int) -> int:
    """Instructions counted for `part` (valgrind's "Collected")."""
    with tempfile.TemporaryDirectory(prefix="intake-instructions-") as tmp:
        cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={TOGGLE}",
               f"--callgrind-out-file={tmp}/out", sys.executable, "-m", "bench.instructions", "--inner", part,
               "--file", path, "--messages", str(messages)]
        # One hash seed: the order of sets and dicts of strings, and so the count, is the same.
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or not found:
        raise RuntimeError(f"valgrind failed ({run.returncode}): {run.stderr[-1500:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=66, help="messages counted (66; about a minute a part)")
    p.add_argument("--parts", default=",".join(PARTS), help="comma-separated: " + ",".join(PARTS))
    p.add_argument("--inner", choices=PARTS, help=argparse.SUPPRESS)
    p.add_argument("--file", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.inner:
        _measure(args.inner, args.file, args.messages)
        return 0
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.NamedTemporaryFile(prefix="intake-mix-", suffix=".pickle", delete=False) as f:
        # A first round of the corpus (132 messages) before the counted ones: the worker's
        # part counts copies that meet what that round recorded.
        f.write(pickle.dumps(_messages(FIRST_ROUND + args.messages)))
    try:
        parts = [x for x in args.parts.split(",") if x]
        # The parts in parallel, one a core: each count is its own whatever runs beside it.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counted = dict(zip(parts, pool.map(lambda part: count(part, f.name, args.messages), parts)))
    finally:
        os.unlink(f.name)
    for part, n in counted.items():
        per = n if part == "startup" else n / args.messages
        unit = "in all" if part == "startup" else "a message"
        print(f"{part:9} {per / 1e6:10.2f} million instructions {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
