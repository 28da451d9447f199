"""`make soak`: the hostile set, the SIGKILL run and the mutated-corpus fuzz run at full size, with figures.

    .venv/bin/python -m soak.run                 # 200 messages x 20 kills; 5,000 fuzzed messages
    .venv/bin/python -m soak.run --fuzz 500 --kills 5 --messages 60   # a quicker look

Needs Dovecot (make system-deps); prints one JSON object and exits 1 when an invariant broke.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from soak.fuzz import run_fuzz
from soak.kill import run_kills


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="soak.run", description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=200, help="mailbox size of the SIGKILL run")
    p.add_argument("--kills", type=int, default=20, help="SIGKILLs in the SIGKILL run")
    p.add_argument("--fuzz", type=int, default=5000, help="messages in the mutated-corpus run")
    p.add_argument("--ocr-seconds", type=float, default=10.0, help="OCR budget per message in the fuzz run")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--no-hostile", action="store_true", help="skip the hostile set (tests/test_hostile.py)")
    args = p.parse_args(argv)
    from tests.servers import Dovecot, SmtpSink

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    report: dict[str, object] = {}
    ok = True
    if not args.no_hostile:
        # The hostile set: stall inputs, reading budgets, SIGTERM, reply addressing.
        import subprocess

        log("hostile set: tests/test_hostile.py ...")
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/test_hostile.py"],
                              cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True)
        summary = (done.stdout.strip().splitlines() or [""])[-1]
        report["hostile"] = {"summary": summary, "seconds": round(time.monotonic() - start, 1),
                             "ok": done.returncode == 0}
        ok &= done.returncode == 0
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        work = Path(tmp)
        if args.kills:
            log(f"SIGKILL run: {args.messages} messages, {args.kills} kills ...")
            with Dovecot() as dv, SmtpSink() as sink:
                user = dv.fresh_user("soak")
                k = run_kills(user, sink, f"sqlite:///{work / 'kill.db'}", args.messages, args.kills, seed=args.seed,
                              log=log)
            report["kill"] = {"messages": k.messages, "kills": k.kills, "ledger_rows": k.ledger_rows,
                              "distinct": k.distinct, "lost": k.lost, "statuses": dict(k.statuses),
                              "outbox": dict(k.outbox), "replies_received": k.replies_received,
                              "duplicate_replies": k.duplicate_replies, "duplicate_records": k.duplicate_outbox,
                              "left_in_inbox": k.left_in_inbox, "seconds": round(k.seconds, 1), "ok": k.ok}
            ok &= k.ok
        if args.fuzz:
            log(f"fuzz run: {args.fuzz} mutated messages ...")
            start = time.monotonic()
            f = run_fuzz(args.fuzz, work / "fuzz", seed=args.seed, ocr_seconds=args.ocr_seconds, log=log)
            report["fuzz"] = {"messages": f.messages, "by_mutation": dict(f.by_mutation), "statuses": dict(f.statuses),
                              "quarantined_reasons": dict(f.quarantined_reasons), "unfinished": f.unfinished,
                              "left_in_inbox": f.left_in_inbox, "replies": f.replies,
                              "injected_reply_headers": f.bad_reply_headers, "worker_exits": f.worker_exits,
                              "peak_rss_mb": round(f.peak_rss_mb, 1), "worker_seconds": round(f.seconds, 1),
                              "total_seconds": round(time.monotonic() - start, 1), "ok": f.ok}
            ok &= f.ok
    report["ok"] = ok
    print(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
