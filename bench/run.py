"""`python -m bench.run`: the worker next to django-mailbox, on PostgreSQL, throughput, latency, OCR and scaling.

Real servers on 127.0.0.1 (tests/servers.py: Dovecot for IMAP, an aiosmtpd sink for SMTP),
the worker run as a user runs it (`intake run --once` / `intake run`, a subprocess), a
SQLite ledger in a temporary directory. Prints a table with PASS/FAIL per target and
writes bench/results.json. `--quick` for development (about 6 minutes); the full run
takes about 15 to 20 minutes on 2 cores. See docs/performance.md.
"""
from __future__ import annotations

import argparse
import contextlib
import imaplib
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bench import corpus, djmailbox, mailgen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.intake_helpers import intake_env  # noqa: E402
from tests.servers import Dovecot, SmtpSink, dovecot_binary  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
APPEND_BATCH = 100  # messages per MULTIAPPEND command

# Targets. The worker next to django-mailbox 4.10 (fetch and store, nothing else) on the
# corpus mix, both into a fresh SQLite database with WAL; the old one (pipeline at 40 % of a
# bare fetch + mail-parser loop) is retired: that floor is still measured and reported.
TARGET_VS_DJANGO_MAILBOX = 1.5  # intake msg/s / django-mailbox msg/s, corpus mix, one run
TARGET_MEDIAN = 0.6        # s, arrival to reply
TARGET_P95 = 0.8           # s
TARGET_MEMORY_MB = 300     # worker and its children (readers, Tesseract, pdftoppm)
TARGET_OCR_SPEEDUP = 0.75  # pages/s at least this share of (cores x one-page rate)
TARGET_GROWTH = 1.5        # per-message time, largest history / smallest: flat within the noise


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ====================================================================== the worker as a subprocess

@dataclass
class WorkerRun:
    wall: float
    returncode: int
    peak_rss_mb: float          # the worker process itself (VmHWM)
    tree_rss_mb: float          # largest of the worker and its children (wait4 ru_maxrss: OCR included)
    tree_pss_mb: float          # peak of the whole tree together: worker, Tesseract, pdftoppm (sum of PSS)
    cpu_seconds: float          # user + system, worker and children
    stats: dict = field(default_factory=dict)
    # CPU seconds by part of the tree: the worker's main thread, its other threads, the
    # processes it started (the reading children); read from /proc while it ran.
    cpu_split: dict = field(default_factory=dict)
    stderr_path: str = ""


def _proc_kb(path: str, key: str) -> int | None:
    """The kB figure on the line starting with `key` in a /proc file; None if unreadable."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _vm_hwm_kb(pid: int) -> int | None:
    return _proc_kb(f"/proc/{pid}/status", "VmHWM:")


def _descendants(pid: int) -> list[int]:
    """The process and everything it started (reader processes, Tesseract, pdftoppm), from
    /proc/PID/task/TID/children of every thread."""
    found, i = [pid], 0
    while i < len(found):
        p = found[i]
        i += 1
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    found += [int(c) for c in f.read().split()]
            except (OSError, ValueError):
                pass
    return found


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(stat_path: str) -> float | None:
    """utime + stime of a process or thread, from its /proc stat file."""
    try:
        with open(stat_path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages divided among the processes that share them, so
    that the sum over a process tree is the memory it really holds."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:") or 0


class _Sampler(threading.Thread):
    """Polls the worker's high-water mark (VmHWM only grows, so the last reading is the peak)
    every 50 ms and the memory of its whole process tree every `tree_every` seconds.

    The tree's PSS is read from /proc/PID/smaps_rollup, for which the kernel walks every
    page of the process: about 4 ms a reading for a worker or reader of 100 MB. Read 20
    times a second for the worker and its two readers, that was a quarter of a core taken
    from the machine under test, which the worker (on both cores) paid and a one-core
    program hardly did. Twice a second costs a fortieth of a core; the tree's memory moves
    over seconds (read-ahead, history), not within 50 ms."""

    def __init__(self, pid: int, tree_every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.tree_peak_kb, self.done = pid, 0, 0, threading.Event()
        self.tree_every = tree_every
        self._cpu: dict[tuple[int, str], tuple[str, float]] = {}  # (pid, tid) -> (part, seconds)

    def run(self) -> None:
        next_tree = 0.0
        while not self.done.is_set():
            kb = _vm_hwm_kb(self.pid)
            if kb is None:
                break
            self.peak_kb = max(self.peak_kb, kb)
            tree = _descendants(self.pid)
            self._read_cpu(tree)
            if time.monotonic() >= next_tree:
                self.tree_peak_kb = max(self.tree_peak_kb, sum(_pss_kb(p) for p in tree))
                next_tree = time.monotonic() + self.tree_every
            self.done.wait(0.05)

    def _read_cpu(self, tree: list[int]) -> None:
        """The CPU time of every thread of the tree so far (the last reading of each counts:
        what a process spends in its last 50 ms is not seen)."""
        for pid in tree:
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for tid in tids:
                seconds = _cpu_seconds(f"/proc/{pid}/task/{tid}/stat")
                if seconds is not None:
                    part = ("main" if tid == str(pid) else "threads") if pid == self.pid else "children"
                    self._cpu[(pid, tid)] = (part, seconds)

    def cpu_split(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for part, seconds in self._cpu.values():
            out[part] = out.get(part, 0.0) + seconds
        return out


def worker_cmd(*args: str, profile: str | None = None) -> list[str]:
    if profile:
        return [sys.executable, "-m", "cProfile", "-o", profile, "-m", "bot.cli", *args]
    return [sys.executable, "-m", "bot.cli", *args]


def run_once(env: dict, workdir: Path, label: str, timeout: float, profile: str | None = None) -> WorkerRun:
    """`intake run --once` as a user runs it; wall time, peak memory, the stats it prints."""
    return run_process(worker_cmd("run", "--once", profile=profile), env, workdir, label, timeout)


def run_process(cmd: list[str], env: dict, workdir: Path, label: str, timeout: float) -> WorkerRun:
    """A command to its end: wall time from start to exit, peak memory of it and its
    children, and the last JSON line it prints (its figures)."""
    err_path = workdir / f"{label}.stderr.log"
    out_path = workdir / f"{label}.stdout.log"
    with open(err_path, "wb") as err, open(out_path, "wb") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        sampler = _Sampler(proc.pid)
        sampler.start()
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                log(f"{label}: killed after {timeout:.0f} s")
                break
            time.sleep(0.02)
        wall = time.monotonic() - t0
        sampler.done.set()
        sampler.join(2)
        proc.returncode = os.waitstatus_to_exitcode(status)
    stats: dict = {}
    text = out_path.read_text(errors="replace").strip().splitlines()
    for line in reversed(text):
        with contextlib.suppress(ValueError):
            stats = json.loads(line)
            break
    if proc.returncode != 0:
        tail = err_path.read_text(errors="replace")[-2000:]
        log(f"{label}: {' '.join(cmd[1:4])} exited {proc.returncode}\n{tail}")
    return WorkerRun(wall=wall, returncode=proc.returncode, peak_rss_mb=sampler.peak_kb / 1024,
                     tree_rss_mb=usage.ru_maxrss / 1024, tree_pss_mb=sampler.tree_peak_kb / 1024, cpu_seconds=usage.ru_utime + usage.ru_stime, stats=stats,
                     stderr_path=str(err_path), cpu_split=sampler.cpu_split())


def log_span(stderr_path: str) -> float | None:
    """Seconds from the first `message.stored` to the last `message.filed` or `outbox.sent` in a worker log."""
    first = last = None
    with open(stderr_path, errors="replace") as f:
        for line in f:
            if "message.stored" in line or "message.filed" in line or "outbox.sent" in line:
                try:
                    t = datetime.fromisoformat(line[:26])
                except ValueError:
                    continue
                if first is None and "message.stored" in line:
                    first = t
                last = t
    if first is None or last is None:
        return None
    return (last - first).total_seconds()


# ====================================================================== IMAP helpers

def seed(user, raws: list[bytes]) -> float:  # type: ignore[no-untyped-def]
    """Put `raws` in the user's INBOX with MULTIAPPEND (several messages per command); msg/s."""
    t0 = time.monotonic()
    with user.client() as c:
        for i in range(0, len(raws), APPEND_BATCH):
            c.multiappend("INBOX", raws[i:i + APPEND_BATCH])
    return len(raws) / max(1e-9, time.monotonic() - t0)


def baseline(user, batch: int = 200) -> dict:  # type: ignore[no-untyped-def]
    """What the issue calls the floor: imapclient FETCH BODY.PEEK[] in batches, mail-parser, nothing else."""
    import mailparser

    fetch_s = parse_s = 0.0
    n = 0
    t_all = time.monotonic()
    with user.client() as c:
        c.select_folder("INBOX", readonly=True)
        uids = sorted(c.search("ALL"))
        for i in range(0, len(uids), batch):
            t0 = time.monotonic()
            data = c.fetch(uids[i:i + batch], ["BODY.PEEK[]"])
            t1 = time.monotonic()
            for item in data.values():
                mailparser.parse_from_bytes(item[b"BODY[]"])
                n += 1
            parse_s += time.monotonic() - t1
            fetch_s += t1 - t0
    total = time.monotonic() - t_all
    return {"messages": n, "seconds": round(total, 2), "msg_per_s": round(n / total, 1),
            "fetch_msg_per_s": round(n / fetch_s, 1) if fetch_s else None,
            "parse_msg_per_s": round(n / parse_s, 1) if parse_s else None}


_READ: dict = {}  # what the forked readers inherit: the messages, meeting and States


def _read_slice(bounds: tuple[int, int]) -> float:
    """Run the reading handlers over _READ["raws"][a:b]; CPU seconds spent."""
    from bot.analyse import analyse

    a, b = bounds
    c0 = time.process_time()
    for raw in _READ["raws"][a:b]:
        analyse(raw, _READ["meeting"], _READ["states"])
    return time.process_time() - c0


def reading_alone(raws: list[bytes], processes: int = 1) -> dict:
    """The ceiling of any pipeline: the reading handlers (parse, classify, extract, validate,
    decide) over the same messages, in memory, with no database, IMAP or SMTP; in one
    process, or split across `processes` forked ones. Logs are rendered as the worker's
    are, to /dev/null."""
    import multiprocessing

    import structlog

    from bot import log as logging_setup
    from bot.meeting import load_meeting
    from bot.states import load_states

    _READ.update(raws=raws, meeting=load_meeting(ROOT / "config" / "meeting.yaml"), states=load_states())
    with open(os.devnull, "w") as null:
        logging_setup.configure(file=null)
        try:
            _read_slice((0, min(50, len(raws))))  # imports and compiled patterns, as a worker has them
            step = -(-len(raws) // processes)
            slices = [(i, min(i + step, len(raws))) for i in range(0, len(raws), step)]
            t0 = time.monotonic()
            if processes == 1:
                cpu = _read_slice(slices[0])
            else:
                with multiprocessing.get_context("fork").Pool(processes) as pool:
                    cpu = sum(pool.map(_read_slice, slices))
            wall = time.monotonic() - t0
        finally:
            structlog.reset_defaults()
            _READ.clear()
    return {"processes": processes, "seconds": round(wall, 2), "msg_per_s": round(len(raws) / wall, 1),
            "cpu_ms_per_message": round(1000 * cpu / len(raws), 2)}


def _spin(n: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t0


def parallel_speedup(n: int = 5_000_000) -> float:
    """How much more pure-Python work the machine's cores do together than one alone (2 cores
    of a shared virtual machine often give less than 2)."""
    import multiprocessing

    cores = len(os.sched_getaffinity(0))
    one = min(_spin(n) for _ in range(2))
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        t0 = time.perf_counter()
        pool.map(_spin, [n] * cores)
        together = time.perf_counter() - t0
    return round(cores * one / together, 2)


def folder_counts(user) -> dict:  # type: ignore[no-untyped-def]
    out = {}
    with user.client() as c:
        for folder in ("INBOX", "Processed", "Review", "Ignored", "Quarantine"):
            if folder == "INBOX" or c.folder_exists(folder):
                out[folder] = c.select_folder(folder, readonly=True)[b"EXISTS"]
    return out


def ledger_counts(db_path: Path) -> dict:
    con = sqlite3.connect(db_path)
    try:
        status = dict(con.execute("select status, count(*) from inbound group by status").fetchall())
        outbox = dict(con.execute("select status, count(*) from outbox group by status").fetchall())
        decisions = dict(con.execute("select coalesce(decision, '-'), count(*) from inbound group by decision"))
    finally:
        con.close()
    return {"inbound": status, "outbox": outbox, "decisions": decisions}


# ====================================================================== the parts of the benchmark

class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.dir = Path(tempfile.mkdtemp(prefix="intake-bench-", dir=args.workdir))
        self.dv = Dovecot()
        self.sink = SmtpSink()
        self.results: dict = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              "mode": "quick" if args.quick else "full", "machine": machine(), "runs": {}}
        self.tag = time.strftime("%H%M%S")

    def __enter__(self) -> "Bench":
        self.dv.start()
        self.sink.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sink.stop()
        self.dv.stop()
        if not self.args.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            log(f"kept {self.dir}")

    def env(self, user, db: Path, **extra: str) -> dict:  # type: ignore[no-untyped-def]
        return intake_env(user.url, self.sink.url, f"sqlite:///{db}", **extra)

    # -------------------------------------------------------------- throughput + baseline
    def throughput(self, count: int, label: str = "throughput") -> dict:
        user = self.dv.fresh_user("tp")
        t0 = time.monotonic()
        mix = mailgen.throughput_mix(count, tag=f"{self.tag}-{label}")
        gen_s = time.monotonic() - t0
        kinds: dict[str, int] = {}
        for k, _ in mix:
            kinds[k] = kinds.get(k, 0) + 1
        raws = [r for _, r in mix]
        del mix
        rate = seed(user, raws)
        log(f"{label}: {count} messages generated in {gen_s:.1f} s, seeded at {rate:.0f} msg/s")
        base = baseline(user)
        log(f"{label}: baseline {base['msg_per_s']} msg/s (fetch {base['fetch_msg_per_s']}, "
            f"parse {base['parse_msg_per_s']})")
        cores = len(os.sched_getaffinity(0))
        reading = [reading_alone(raws)] + ([reading_alone(raws, cores)] if cores > 1 else [])
        log(f"{label}: reading alone " + ", ".join(f"{r['msg_per_s']} msg/s in {r['processes']} process(es)"
                                                   for r in reading))
        self.sink.clear()
        db = self.dir / f"{label}.db"
        run = run_once(self.env(user, db), self.dir, label, timeout=self.args.timeout)
        time.sleep(0.3)
        rate_p = count / run.wall
        span = log_span(run.stderr_path)
        res = {
            "messages": count, "kinds": kinds, "mean_bytes": round(sum(map(len, raws)) / count),
            "seed_msg_per_s": round(rate), "baseline": base,
            "pipeline": {"seconds": round(run.wall, 2), "msg_per_s": round(rate_p, 1), "returncode": run.returncode,
                         "steady_msg_per_s": round(count / span, 1) if span else None,
                         "peak_rss_mb": round(run.peak_rss_mb, 1), "tree_rss_mb": round(run.tree_rss_mb, 1),
                         "tree_pss_mb": round(run.tree_pss_mb, 1), "cpu_seconds": round(run.cpu_seconds, 1), "stats": run.stats},
            "ratio": round(rate_p / base["msg_per_s"], 3),
            "reading_alone": [dict(r, ratio=round(r["msg_per_s"] / base["msg_per_s"], 3)) for r in reading],
            "replies_at_sink": len(self.sink.messages), "ledger": ledger_counts(db), "folders": folder_counts(user),
        }
        log(f"{label}: pipeline {rate_p:.1f} msg/s in {run.wall:.1f} s, ratio {res['ratio']:.2f}, "
            f"peak {run.peak_rss_mb:.0f} MB, {res['replies_at_sink']} replies")
        self.results["runs"][label] = res
        return res

    # -------------------------------------------------------------- the worker next to django-mailbox
    def compare(self, count: int, rounds: int = 2) -> None:
        """django-mailbox and the worker on the same messages (the corpus mix, then the
        generated one), each from the same folder of Dovecot seeded anew for every run and into
        a fresh SQLite database; alternating, best of `rounds` each."""
        why = djmailbox.available()
        if why:
            log(f"compare: skipped: {why}")
            self.results["runs"]["compare"] = {"skipped": why}
            return
        mixes: dict[str, list[bytes] | str] = {}
        got = corpus.mix(count, tag=f"{self.tag}-cmp")
        mixes["corpus"] = [r for _, r in got] if got else (
            "no shared corpus (set INTAKE_SHARED or put it at ../shared): the corpus mix is skipped")
        mixes["generated"] = [r for _, r in mailgen.throughput_mix(count, tag=f"{self.tag}-cmpgen", seed=13)]
        out: dict = {}
        for name, raws in mixes.items():
            if isinstance(raws, str):
                log(f"compare {name}: skipped: {raws}")
                out[name] = {"skipped": raws}
                continue
            out[name] = self._compare_one(name, raws, rounds)
        self.results["runs"]["compare"] = out

    def _compare_one(self, name: str, raws: list[bytes], rounds: int) -> dict:
        n = len(raws)
        runs: dict[str, list[dict]] = {"django_mailbox_wal": [], "django_mailbox": [], "intake": []}
        for r in range(rounds):
            for kind in runs:
                user = self.dv.fresh_user("cmp")
                seed(user, raws)
                label = f"cmp-{name}-{kind}-{r}"
                if kind == "intake":
                    self.sink.clear()
                    db = self.dir / f"{label}.db"
                    run = run_once(self.env(user, db), self.dir, label, timeout=self.args.timeout)
                    led = ledger_counts(db)
                    stored = sum(led["inbound"].values())
                    extra = {"ledger": led, "replies_at_sink": len(self.sink.messages),
                             "steady_msg_per_s": round(n / span, 1) if (span := log_span(run.stderr_path)) else None}
                    db.unlink(missing_ok=True)
                else:
                    run = self._djmailbox(user, label, wal=kind.endswith("wal"))
                    stored = run.stats.get("messages", 0)
                    extra = {"fetch_msg_per_s": round(n / run.stats["fetch_seconds"], 1)
                             if run.stats.get("fetch_seconds") else None,
                             "attachments": run.stats.get("attachments")}
                row = {"seconds": round(run.wall, 2), "msg_per_s": round(n / run.wall, 1), "stored": stored,
                       "returncode": run.returncode, "cpu_seconds": round(run.cpu_seconds, 1),
                       "cpu_ms_per_msg": {k: round(v / n * 1000, 2) for k, v in sorted(run.cpu_split.items())},
                       "peak_mb": round(max(run.peak_rss_mb, run.tree_pss_mb), 1), **extra}
                if stored != n or run.returncode:
                    log(f"compare {name}: {kind} stored {stored} of {n} (exit {run.returncode})")
                runs[kind].append(row)
                log(f"compare {name}: {kind} round {r + 1}: {row['msg_per_s']} msg/s ({row['seconds']} s); "
                    f"CPU ms a message {row['cpu_ms_per_msg']}")
        best = {k: max(v, key=lambda x: x["msg_per_s"] if x["stored"] == n else 0) for k, v in runs.items()}
        res = {"messages": n, "mean_bytes": round(sum(map(len, raws)) / n), "rounds": rounds, "runs": runs,
               "best": {k: v["msg_per_s"] for k, v in best.items()},
               "ratio": round(best["intake"]["msg_per_s"] / best["django_mailbox_wal"]["msg_per_s"], 2),
               "ratio_no_wal": round(best["intake"]["msg_per_s"] / best["django_mailbox"]["msg_per_s"], 2),
               "decisions": best["intake"]["ledger"]["decisions"]}
        log(f"compare {name}: intake {res['best']['intake']} msg/s, django-mailbox {res['best']['django_mailbox_wal']} "
            f"(WAL) / {res['best']['django_mailbox']} msg/s: ratio {res['ratio']} ({res['ratio_no_wal']} without WAL)")
        return res

    def _djmailbox(self, user, label: str, wal: bool) -> WorkerRun:  # type: ignore[no-untyped-def]
        media = self.dir / f"{label}.media"
        db = self.dir / f"{label}.db"
        cmd = [sys.executable, "-m", "bench.djmailbox", "--db", str(db), "--media", str(media),
               "--uri", djmailbox.imap_uri(self.dv.host, self.dv.imap_port, user.name, user.password)]
        run = run_process(cmd + (["--wal"] if wal else []), dict(os.environ), self.dir, label, self.args.timeout)
        shutil.rmtree(media, ignore_errors=True)
        for p in self.dir.glob(f"{label}.db*"):
            p.unlink()
        return run

    # -------------------------------------------------------------- several workers on PostgreSQL
    def postgres(self, count: int, rounds: int = 1) -> None:
        """1 and then 2 `intake run` workers on one fresh PostgreSQL database each time, the
        same backlog in the mailbox: from their start until every message is recorded and
        every reply sent."""
        from tests.servers import fresh_postgres_schema, postgres_url

        if postgres_url() is None:
            why = "PostgreSQL does not answer at 127.0.0.1:5432"
            log(f"postgres: skipped: {why}")
            self.results["runs"]["postgres"] = {"skipped": why}
            return
        got = corpus.mix(count, tag=f"{self.tag}-pg")
        mix_name = "corpus" if got else "generated"
        raws = [r for _, r in got] if got else [r for _, r in mailgen.throughput_mix(count, tag=f"{self.tag}-pg")]
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for r in range(rounds):
            for workers in runs:
                user = self.dv.fresh_user("pg")
                seed(user, raws)
                self.sink.clear()
                with fresh_postgres_schema("intake_bench_") as url:
                    row = self._pg_run(user, url, workers, len(raws), f"pg-{workers}-{r}")
                runs[workers].append(row)
                log(f"postgres: {workers} worker(s) round {r + 1}: {row['msg_per_s']} msg/s ({row['seconds']} s, "
                    f"processed by each {row['processed_by']})")
        best = {w: max(v, key=lambda x: x["msg_per_s"]) for w, v in runs.items()}
        res = {"messages": len(raws), "mix": mix_name, "runs": {str(k): v for k, v in runs.items()},
               "msg_per_s": {str(w): b["msg_per_s"] for w, b in best.items()},
               "speedup": round(best[2]["msg_per_s"] / best[1]["msg_per_s"], 2)}
        log(f"postgres: 1 worker {res['msg_per_s']['1']} msg/s, 2 workers {res['msg_per_s']['2']}: "
            f"x{res['speedup']}")
        self.results["runs"]["postgres"] = res

    def _pg_run(self, user, url: str, workers: int, n: int, label: str) -> dict:  # type: ignore[no-untyped-def]
        import sqlalchemy

        env = self.env(user, Path("unused"))
        env["INTAKE_DATABASE_URL"] = url
        # The database is migrated before the clock starts, as it would be in service.
        from bot.db import Database

        Database(url).engine.dispose()
        engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
        done_sql = sqlalchemy.text(
            "SELECT (SELECT count(*) FROM inbound), (SELECT count(*) FROM inbound WHERE status = 'new'), "
            "(SELECT count(*) FROM outbox WHERE status NOT IN ('sent', 'failed'))")
        procs, samplers, logs = [], [], []
        t0 = time.monotonic()
        for w in range(workers):
            err = open(self.dir / f"{label}-w{w}.stderr.log", "wb")
            logs.append(err)
            procs.append(subprocess.Popen(worker_cmd("run"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err))
            samplers.append(_Sampler(procs[-1].pid))
            samplers[-1].start()
        wall = None
        try:
            deadline = t0 + self.args.timeout
            while time.monotonic() < deadline and all(p.poll() is None for p in procs):
                time.sleep(0.2)
                with contextlib.suppress(sqlalchemy.exc.DBAPIError), engine.connect() as c:
                    total, new, unsent = c.execute(done_sql).one()
                    if total >= n and new == 0 and unsent == 0:
                        wall = time.monotonic() - t0
                        break
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            for smp in samplers:
                smp.done.set()
            for f in logs:
                f.close()
        with engine.connect() as c:
            status = dict(c.execute(sqlalchemy.text("SELECT status, count(*) FROM inbound GROUP BY status")).all())
        engine.dispose()
        processed_by = [self._count_in_log(self.dir / f"{label}-w{w}.stderr.log", "message.recorded") for w in range(workers)]
        if wall is None:
            log(f"{label}: not finished: {status}")
            wall = time.monotonic() - t0
        return {"workers": workers, "seconds": round(wall, 2), "msg_per_s": round(n / wall, 1), "inbound": status,
                "processed_by": processed_by, "replies_at_sink": len(self.sink.messages),
                "peak_mb_each": [round(max(s.peak_kb, s.tree_peak_kb) / 1024, 1) for s in samplers]}

    @staticmethod
    def _count_in_log(path: Path, event: str) -> int:
        with open(path, errors="replace") as f:
            return sum(1 for line in f if event in line)

    # -------------------------------------------------------------- scanned letters
    def scanned(self, count: int) -> dict:
        why = mailgen.scans_available()
        if why is None and not shutil.which("tesseract"):
            why = "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-spa)"
        if why is None and not shutil.which("pdftoppm"):
            why = "pdftoppm is not installed (apt-get install poppler-utils)"
        if why:
            log(f"scanned: skipped: {why}")
            self.results["runs"]["scanned"] = {"skipped": why}
            return self.results["runs"]["scanned"]
        user = self.dv.fresh_user("sc")
        made = mailgen.scanned_mix(count, tag=f"{self.tag}-scan")
        pages = sum(p for _, p in made)
        seed(user, [r for r, _ in made])
        one_page = self._one_page_seconds(made)
        cores = len(os.sched_getaffinity(0))
        db = self.dir / "scanned.db"
        run = run_once(self.env(user, db), self.dir, "scanned", timeout=self.args.timeout)
        # A page whose language the message's own text did not tell is read a second time
        # with its language first (bot/reading/ocr.py): the parallelism is judged on the
        # Tesseract runs, the speed a user sees on the pages.
        again = self._count_in_log(Path(run.stderr_path), "ocr.read_again")
        pages_per_s = pages / run.wall
        ideal = cores / one_page
        res = {"messages": count, "pages": pages, "cores": cores, "seconds": round(run.wall, 1),
               "pages_per_s": round(pages_per_s, 2), "msg_per_s": round(count / run.wall, 2),
               "one_page_seconds": round(one_page, 2), "ideal_pages_per_s": round(ideal, 2),
               "read_again": again, "parallel_efficiency": round((pages + again) / run.wall / ideal, 2),
               "cores_busy": round(run.cpu_seconds / run.wall, 2),
               "peak_rss_mb": round(run.peak_rss_mb, 1), "tree_rss_mb": round(run.tree_rss_mb, 1),
               "tree_pss_mb": round(run.tree_pss_mb, 1), "stats": run.stats, "ledger": ledger_counts(db)}
        log(f"scanned: {pages} pages ({again} read again) in {run.wall:.1f} s = {pages_per_s:.2f} pages/s "
            f"(one page alone {one_page:.2f} s, {cores} cores: ideal {ideal:.2f}), cores busy {res['cores_busy']}")
        self.results["runs"]["scanned"] = res
        return res

    def _one_page_seconds(self, made: list[tuple[bytes, int]]) -> float:
        """Tesseract alone on one rendered page, the way bot/reading/ocr.py calls it (median of 3)."""
        import email

        from bot.reading import ocr

        raw = next(r for r, p in made if p == 1 and b"application/pdf" in r)
        msg = email.message_from_bytes(raw)
        pdf = next(p.get_payload(decode=True) for p in msg.walk() if p.get_content_type() == "application/pdf")
        tmp = self.dir / "onepage"
        tmp.mkdir(exist_ok=True)
        (tmp / "p.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-tiff", "-f", "1", "-l", "1", str(tmp / "p.pdf"),
                        str(tmp / "p")], check=True, capture_output=True)
        tif, _ = ocr.bilevel(next(tmp.glob("p-*.tif")))
        times = []
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        for _ in range(3):
            t0 = time.monotonic()
            subprocess.run(["tesseract", str(tif), "stdout", "-l", ocr._languages(), "--psm", "3"],
                           capture_output=True, env=env, check=False)
            times.append(time.monotonic() - t0)
        return statistics.median(times)

    # -------------------------------------------------------------- latency
    def latency(self, samples: int) -> dict:
        user = self.dv.fresh_user("lat")
        db = self.dir / "latency.db"
        self.sink.clear()
        env = self.env(user, db)
        proc = subprocess.Popen(worker_cmd("run"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        events: list[tuple[float, str]] = []
        cond = threading.Condition()

        def reader() -> None:
            assert proc.stderr is not None
            with open(self.dir / "latency.stderr.log", "wb") as keep:
                for line in proc.stderr:
                    keep.write(line)
                    with cond:
                        events.append((time.monotonic(), line.decode("utf-8", "replace")))
                        cond.notify_all()

        threading.Thread(target=reader, daemon=True).start()
        sampler = _Sampler(proc.pid)
        sampler.start()

        def wait_event(pred, since: int, timeout: float) -> tuple[float, int] | None:  # type: ignore[no-untyped-def]
            end = time.monotonic() + timeout
            with cond:
                while True:
                    for i in range(since, len(events)):
                        if pred(events[i][1]):
                            return events[i][0], i
                    left = end - time.monotonic()
                    if left <= 0 or proc.poll() is not None:
                        return None
                    cond.wait(left)

        to_reply: list[float] = []
        to_filed: list[float] = []
        to_smtp: list[float] = []
        missing_replies = not_queued = 0
        pos = 0
        try:
            got = wait_event(lambda l: "worker.waiting" in l, 0, 60)
            if got is None:
                raise RuntimeError("the worker never logged worker.waiting")
            pos = got[1] + 1
            with user.client() as c:
                for n in range(samples + 1):  # sample 0 warms the worker up (imports, templates): not counted
                    time.sleep(0.3)  # the worker is in IDLE (it logged worker.waiting)
                    replies_before = len(self.sink.messages)
                    raw = mailgen.latency_message(n, self.tag)
                    mid = f"bench-lat-{self.tag}-{n}@"
                    t0 = time.monotonic()
                    c.append("INBOX", raw)
                    filed = wait_event(lambda l, mid=mid: "message.filed" in l and mid in l, pos, 20)
                    if filed is None:
                        raise RuntimeError(f"message {n} was not filed within 20 s")
                    queued = wait_event(lambda l, mid=mid: "reply.queued" in l and mid in l, pos, 0.01)
                    reply_at = smtp_done = None
                    if queued is not None:
                        # The SMTP transaction of this reply is over (sent, or refused by the server).
                        attempt = re.compile(rf"outbox\.(sent|send_failed).*reply_message_id=<intake\.\S*?\.{n + 1}\.")
                        got = wait_event(lambda l: bool(attempt.search(l)), pos, 5)
                        smtp_done = got[0] if got else None
                        with contextlib.suppress(TimeoutError):
                            self.sink.wait_for(replies_before + 1, timeout=0.5 if got and "send_failed" in
                                               events[got[1]][1] else 3)
                            reply_at = time.monotonic()
                    nxt = wait_event(lambda l: "worker.waiting" in l, filed[1] + 1, 20)
                    if nxt is None:
                        raise RuntimeError("the worker did not go back to waiting")
                    pos = nxt[1] + 1
                    if n == 0:
                        continue
                    to_filed.append(filed[0] - t0)
                    if smtp_done is not None:
                        to_smtp.append(smtp_done - t0)
                    if queued is None:
                        not_queued += 1
                    if reply_at is None:
                        missing_replies += 1
                    else:
                        to_reply.append(reply_at - t0)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            sampler.done.set()

        def summary(xs: list[float]) -> dict | None:
            if not xs:
                return None
            xs = sorted(xs)
            p95 = xs[min(len(xs) - 1, max(0, round(0.95 * len(xs) + 0.5) - 1))]
            return {"n": len(xs), "median": round(statistics.median(xs), 3), "p95": round(p95, 3),
                    "min": round(xs[0], 3), "max": round(xs[-1], 3)}

        failed = sum(1 for _, l in events if "outbox.send_failed" in l)
        res = {"samples": samples, "to_reply": summary(to_reply), "to_smtp_done": summary(to_smtp),
               "to_filed": summary(to_filed), "without_reply": missing_replies, "reply_not_queued": not_queued,
               "smtp_refusals": failed, "peak_rss_mb": round(sampler.peak_kb / 1024, 1),
               "tree_pss_mb": round(sampler.tree_peak_kb / 1024, 1), "ledger": ledger_counts(db)}
        log(f"latency: to reply {res['to_reply']}, to SMTP done {res['to_smtp_done']}, to filed {res['to_filed']}, "
            f"{missing_replies} without reply ({not_queued} not queued, {failed} SMTP refusals)")
        self.results["runs"]["latency"] = res
        return res

    # -------------------------------------------------------------- scaling with history
    def scaling(self, sizes: list[int], new: int) -> dict:
        from bench import history
        from bot.meeting import load_meeting

        meeting = load_meeting(str(ROOT / "config" / "meeting.yaml"))
        rows = []
        for size in sizes:
            user = self.dv.fresh_user("hs")
            db = self.dir / f"history-{size}.db"
            from bot.mailbox import ImapMailbox

            mailbox_name = ImapMailbox(user.url).name
            filled = history.fill(f"sqlite:///{db}", count=size, meeting_id=meeting.id, mailbox=mailbox_name)
            log(f"scaling: {size} recorded messages inserted in {filled['seconds']} s "
                f"({db.stat().st_size / 1e6:.0f} MB)")
            env = self.env(user, db)
            empty = run_once(env, self.dir, f"history-{size}-empty", timeout=self.args.timeout)
            mix = mailgen.throughput_mix(new, tag=f"{self.tag}-h{size}", seed=size)
            seed(user, [r for _, r in mix])
            self.sink.clear()
            run = run_once(env, self.dir, f"history-{size}", timeout=self.args.timeout)
            per_msg = (run.wall - empty.wall) / new
            steady = log_span(run.stderr_path)
            if steady is not None:  # first message stored to the last filed: no start-up noise
                per_msg = steady / new
            rows.append({"history": size, "db_mb": round(db.stat().st_size / 1e6, 1), "new": new,
                         "seconds": round(run.wall, 2), "startup_seconds": round(empty.wall, 2),
                         "ms_per_message_wall": round((run.wall - empty.wall) / new * 1000, 1),
                         "ms_per_message": round(per_msg * 1000, 1),
                         "peak_rss_mb": round(max(run.peak_rss_mb, empty.peak_rss_mb), 1),
                         "stats": run.stats, "rows": filled})
            log(f"scaling: history {size}: {per_msg * 1000:.1f} ms per new message "
                f"(run {run.wall:.1f} s, start-up {empty.wall:.1f} s), peak {run.peak_rss_mb:.0f} MB")
        res = {"sizes": rows,
               "growth": round(rows[-1]["ms_per_message"] / rows[0]["ms_per_message"], 2) if len(rows) > 1 else None}
        self.results["runs"]["scaling"] = res
        return res

    # -------------------------------------------------------------- profile
    def profile(self, count: int) -> dict:
        import pstats

        user = self.dv.fresh_user("pf")
        got = corpus.mix(count, tag=f"{self.tag}-prof")  # the corpus mix when there is one
        seed(user, [r for _, r in got or mailgen.throughput_mix(count, tag=f"{self.tag}-prof", seed=5)])
        out = self.dir / "worker.prof"
        run = run_once(self.env(user, self.dir / "profile.db"), self.dir, "profile", timeout=self.args.timeout,
                       profile=str(out))
        statements = self._statements(count)
        text_path = ROOT / "bench" / "profile.txt"
        parts = summarise(str(out))
        with open(text_path, "w") as f:
            f.write(f"cProfile of `intake run --once` over {count} messages ({run.wall:.1f} s under the profiler)\n")
            if statements:
                f.write(f"SQL statements (another run, not profiled): {statements['sql_statements']} = "
                        f"{statements['sql_statements'] / count:.1f} a message; {statements['by_verb']}\n")
            f.write("\n")
            f.write("== where the time goes (cumulative seconds; steps overlap: a step includes its sub-steps) ==\n")
            for label, sec, calls in parts:
                f.write(f"  {label:<58} {sec:7.2f} s  {sec / count * 1000:7.2f} ms/msg  {calls:>7} calls\n")
            f.write("\n")
            st = pstats.Stats(str(out), stream=f)
            st.strip_dirs()
            f.write("== by cumulative time ==\n")
            st.sort_stats("cumulative").print_stats(45)
            f.write("\n== by own time ==\n")
            st.sort_stats("tottime").print_stats(30)
        log(f"profile: written to {text_path}")
        res = {"messages": count, "seconds": round(run.wall, 1), "text": str(text_path.relative_to(ROOT)),
               "sql_statements": statements,
               "breakdown": [{"step": label, "seconds": round(sec, 2), "ms_per_message": round(sec / count * 1000, 2),
                              "calls": calls} for label, sec, calls in parts]}
        self.results["runs"]["profile"] = res
        return res


    def _statements(self, count: int) -> dict | None:
        """The SQL statements of one `intake run --once` over the same mix (bench/count_sql.py)."""
        user = self.dv.fresh_user("st")
        got = corpus.mix(count, tag=f"{self.tag}-stmt")
        seed(user, [r for _, r in got or mailgen.throughput_mix(count, tag=f"{self.tag}-stmt", seed=5)])
        run = run_process([sys.executable, "-m", "bench.count_sql", "run", "--once"],
                          self.env(user, self.dir / "statements.db"), self.dir, "statements", self.args.timeout)
        with open(run.stderr_path, errors="replace") as f:
            for line in reversed(f.read().splitlines()):
                if line.startswith('{"sql_statements"'):
                    got_counts = json.loads(line)
                    log(f"profile: {got_counts['sql_statements'] / count:.1f} SQL statements a message")
                    return got_counts
        return None


# ====================================================================== profile summary

# (label, file suffix, function name): cumulative time of these functions in the profile.
PROFILE_STEPS = [
    ("whole run (cli main)", "bot/cli.py", "main"),
    ("start-up: import of bot.cli and its imports", "bot/cli.py", "<module>"),
    ("start-up: database migration (alembic)", "bot/db.py", "migrate"),
    ("start-up: meeting file + member States", "bot/app.py", "meeting"),
    ("start-up: IMAP connect + login + select", "bot/mailbox.py", "connect"),
    ("fetch: FETCH BODY.PEEK[] batches (imapclient)", "imapclient/imapclient.py", "fetch"),
    ("store: ledger row per message (ledger.store)", "bot/ledger.py", "store"),
    ("process: process_one (claim + steps after the reading + commit)", "bot/process.py", "process_one"),
    ("  the reading, waited for (in the children: bot/budget.py)", "bot/budget.py", "analyse"),
    ("  pipeline after the reading: handlers.run", "handlers/__init__.py", "run"),
    ("    screen", "handlers/screen.py", "process"),
    ("    converse (the delegation rules)", "handlers/converse.py", "process"),
    ("    record", "handlers/record.py", "process"),
    ("    reply (queue_reply: render + build)", "handlers/reply.py", "process"),
    ("      jinja2 render", "bot/replies.py", "render"),
    ("      email build (EmailMessage.as_bytes)", "bot/replies.py", "build"),
    ("  the message's view kept (bot/view.py)", "bot/process.py", "keep_view"),
    ("acknowledge: keyword + MOVE per message", "bot/ledger.py", "acknowledge"),
    ("  IMAP STORE +FLAGS", "imapclient/imapclient.py", "add_flags"),
    ("  IMAP UID MOVE", "imapclient/imapclient.py", "move"),
    ("send: outbox.send_pending", "bot/outbox.py", "send_pending"),
    ("  SMTP per reply (connect, EHLO, DATA)", "bot/outbox.py", "send"),
    ("database: Session.commit (all)", "sqlalchemy/orm/session.py", "commit"),
    ("database: Session.execute (all)", "sqlalchemy/orm/session.py", "execute"),
    ("database: sqlite3 execute (driver)", "~", "<method 'execute' of 'sqlite3.Cursor' objects>"),
    ("logging: structlog (all events)", "structlog/_native.py", "meth"),
    ("logging: console renderer", "structlog/dev.py", "__call__"),
]


def summarise(prof: str) -> list[tuple[str, float, int]]:
    import pstats

    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    out = []
    for label, suffix, func in PROFILE_STEPS:
        sec, calls = 0.0, 0
        for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in stats.items():
            if name == func and (filename == suffix or filename.endswith("/" + suffix)):
                sec += ct
                calls += nc
        if calls:
            out.append((label, sec, calls))
    return out


# ====================================================================== report

def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = None
    with contextlib.suppress(OSError, ValueError):
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    dovecot = ""
    with contextlib.suppress(Exception):
        dovecot = subprocess.run([dovecot_binary() or "dovecot", "--version"], capture_output=True,
                                 text=True).stdout.strip()
    commit = ""
    with contextlib.suppress(Exception):
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        if subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip():
            commit += " (with uncommitted changes)"
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "parallel_speedup": parallel_speedup(),
            "memory_gb": mem_gb, "os": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "dovecot": dovecot,
            "commit": commit}


def targets(results: dict) -> list[dict]:
    runs = results["runs"]
    out = []

    def add(name: str, value: str, goal: str, ok: bool | None, note: str = "") -> None:
        out.append({"target": name, "value": value, "goal": goal,
                    "result": "PASS" if ok else ("n/a" if ok is None else "FAIL"), "note": note})

    cmp_ = runs.get("compare", {}).get("corpus")
    if cmp_:
        if "skipped" in cmp_:
            add("intake vs django-mailbox, corpus mix", "skipped", f">= {TARGET_VS_DJANGO_MAILBOX}", None,
                cmp_["skipped"])
        else:
            b = cmp_["best"]
            add("intake vs django-mailbox, corpus mix", f"{cmp_['ratio']:.2f} ({b['intake']} / "
                f"{b['django_mailbox_wal']} msg/s)", f">= {TARGET_VS_DJANGO_MAILBOX}",
                cmp_["ratio"] >= TARGET_VS_DJANGO_MAILBOX,
                f"{cmp_['ratio_no_wal']:.2f} against django-mailbox without WAL ({b['django_mailbox']} msg/s)")
    elif "skipped" in runs.get("compare", {}):
        add("intake vs django-mailbox, corpus mix", "skipped", f">= {TARGET_VS_DJANGO_MAILBOX}", None,
            runs["compare"]["skipped"])
    lat = runs.get("latency")
    if lat:
        s, note = lat["to_reply"], ""
        if s is None or lat["without_reply"]:
            if lat.get("to_smtp_done") and lat["to_smtp_done"]["n"] == lat["samples"]:
                s = lat["to_smtp_done"]
                note = (f"{lat['without_reply']} of {lat['samples']} replies never reached the sink "
                        f"({lat['smtp_refusals']} SMTP refusals): measured to the end of the worker's SMTP transaction")
            else:
                s = lat["to_filed"]
                note = (f"{lat['without_reply']} of {lat['samples']} replies never reached the sink: "
                        "measured to the message being filed")
        add("arrival to reply, median", f"{s['median']:.2f} s", f"< {TARGET_MEDIAN} s", s["median"] < TARGET_MEDIAN, note)
        add("arrival to reply, p95", f"{s['p95']:.2f} s", f"< {TARGET_P95} s", s["p95"] < TARGET_P95, note)
    sc = runs.get("scanned")
    if sc:
        if "skipped" in sc:
            add("OCR pages in parallel", "skipped", f">= {TARGET_OCR_SPEEDUP:.0%} of cores x one-page rate", None,
                sc["skipped"])
        else:
            add("OCR pages in parallel", f"{sc['pages_per_s']} pages/s + {sc.get('read_again', 0)} read again "
                f"= {sc['parallel_efficiency']:.0%} of {sc['cores']} x {1 / sc['one_page_seconds']:.2f}",
                f">= {TARGET_OCR_SPEEDUP:.0%}",
                sc["parallel_efficiency"] >= TARGET_OCR_SPEEDUP, f"cores busy on average {sc['cores_busy']}")
    hs = runs.get("scaling")
    if hs and hs.get("growth") is not None:
        first, last = hs["sizes"][0], hs["sizes"][-1]
        add("time per message vs history", f"{first['ms_per_message']} ms @ {first['history']:,} -> "
            f"{last['ms_per_message']} ms @ {last['history']:,}", f"growth <= x{TARGET_GROWTH}",
            hs["growth"] <= TARGET_GROWTH)
    peaks = []
    for name, r in runs.items():
        # OCR makes the worker a process tree: the whole tree is counted.
        if name == "throughput" or name.startswith("throughput"):
            p = r["pipeline"]
            peaks.append((max(p["peak_rss_mb"], p.get("tree_pss_mb", 0)), name))
        elif name == "scanned" and "peak_rss_mb" in r:
            peaks.append((max(r["peak_rss_mb"], r.get("tree_pss_mb", 0)), name))
        elif name == "latency":
            peaks.append((max(r["peak_rss_mb"], r.get("tree_pss_mb", 0)), name))
        elif name == "scaling":
            peaks += [(x["peak_rss_mb"], f"history {x['history']:,}") for x in r["sizes"]]
        elif name == "compare":
            peaks += [(x["peak_mb"], f"{mix} mix") for mix, c in r.items() if "runs" in c for x in c["runs"]["intake"]]
        elif name == "postgres" and "runs" in r:
            peaks += [(mb, f"PostgreSQL, {x['workers']} worker(s)") for v in r["runs"].values() for x in v
                      for mb in x["peak_mb_each"]]
    if peaks:
        worst = max(peaks)
        add("worker peak memory", f"{worst[0]:.0f} MB ({worst[1]})", f"< {TARGET_MEMORY_MB} MB",
            worst[0] < TARGET_MEMORY_MB)
    return out


def table(results: dict) -> str:
    runs = results["runs"]
    lines = []
    m = results["machine"]
    lines.append(f"intake benchmark ({results['mode']}), {m['cores']} cores {m['cpu']} (together x"
                 f"{m.get('parallel_speedup', '?')} of one), {m['memory_gb']} GB, "
                 f"Python {m['python']}, SQLite {m['sqlite']}, Dovecot {m['dovecot']}, commit {m['commit']}")
    rows: list[tuple[str, str]] = []
    tp = runs.get("throughput")
    if tp:
        b, p = tp["baseline"], tp["pipeline"]
        rows += [
            ("mailbox", f"{tp['messages']:,} messages, mean {tp['mean_bytes']:,} bytes, " +
             ", ".join(f"{k} {v}" for k, v in tp["kinds"].items())),
            ("seeding (MULTIAPPEND)", f"{tp['seed_msg_per_s']:,} msg/s"),
            ("baseline fetch + mail-parser", f"{b['msg_per_s']:,} msg/s (fetch {b['fetch_msg_per_s']:,}, "
             f"parse {b['parse_msg_per_s']:,})"),
            ("pipeline intake run --once", f"{p['msg_per_s']:,} msg/s ({p['seconds']} s, cpu {p['cpu_seconds']} s, "
             f"peak {p['peak_rss_mb']} MB, whole tree {p.get('tree_pss_mb', '?')} MB" +
             (f"; {p['steady_msg_per_s']:,} msg/s without start-up)"
                                              if p.get("steady_msg_per_s") else ")")),
            *((f"reading alone, {r['processes']} process{'es' if r['processes'] > 1 else ''}",
               f"{r['msg_per_s']:,} msg/s ({r['cpu_ms_per_message']} ms CPU per message), {r['ratio']:.2f} of the "
               "baseline" + ("; no database, IMAP or SMTP: the ceiling of any pipeline" if r["processes"] == 1 else ""))
              for r in tp.get("reading_alone", [])),
            ("  outcome", f"ledger {tp['ledger']['inbound']}, outbox {tp['ledger']['outbox']}, "
             f"{tp['replies_at_sink']} replies at the sink, folders {tp['folders']}"),
        ]
    for mix, c in runs.get("compare", {}).items():
        if not isinstance(c, dict):
            continue
        if "skipped" in c:
            rows.append((f"{mix} mix vs django-mailbox", f"skipped: {c['skipped']}"))
            continue
        b = c["best"]
        rows.append((f"{mix} mix ({c['messages']:,}, mean {c['mean_bytes']:,} B)",
                     f"intake {b['intake']} msg/s, django-mailbox {b['django_mailbox_wal']} msg/s with WAL, "
                     f"{b['django_mailbox']} without: ratio {c['ratio']} ({c['ratio_no_wal']}); best of {c['rounds']}"))
        rows.append(("  intake decisions", ", ".join(f"{k} {v}" for k, v in sorted(c["decisions"].items()))))
        fastest = max(c["runs"]["intake"], key=lambda x: x["msg_per_s"])
        if fastest.get("cpu_ms_per_msg"):
            rows.append(("  intake CPU a message", ", ".join(f"{k} {v} ms" for k, v in fastest["cpu_ms_per_msg"].items())
                         + " (worker's main thread, its other threads, its reading children)"))
    if isinstance(runs.get("compare"), dict) and "skipped" in runs["compare"]:
        rows.append(("vs django-mailbox", f"skipped: {runs['compare']['skipped']}"))
    pg = runs.get("postgres")
    if pg:
        rows.append(("PostgreSQL, 1 and 2 workers", f"skipped: {pg['skipped']}" if "skipped" in pg else
                     f"{pg['messages']:,} messages ({pg['mix']} mix): 1 worker {pg['msg_per_s']['1']} msg/s, "
                     f"2 workers {pg['msg_per_s']['2']} msg/s: x{pg['speedup']}"))
    sc = runs.get("scanned")
    if sc:
        if "skipped" in sc:
            rows.append(("scanned letters", f"skipped: {sc['skipped']}"))
        else:
            rows.append(("scanned letters (OCR)", f"{sc['messages']} messages, {sc['pages']} pages "
                         f"({sc.get('read_again', 0)} readings again: their own language first, or for accents) in {sc['seconds']} s: "
                         f"{sc['pages_per_s']} pages/s; one page alone {sc['one_page_seconds']} s; cores busy "
                         f"{sc['cores_busy']}; peak {sc['peak_rss_mb']} MB (whole tree {sc.get('tree_pss_mb', '?')} MB)"))
    lat = runs.get("latency")
    if lat:
        for key, label in (("to_reply", "latency arrival -> reply at sink"),
                           ("to_smtp_done", "latency arrival -> SMTP done"),
                           ("to_filed", "latency arrival -> filed")):
            s = lat.get(key)
            rows.append((label, "no sample" if s is None else
                         f"median {s['median']} s, p95 {s['p95']} s, min {s['min']}, max {s['max']} (n={s['n']})"))
    hs = runs.get("scaling")
    if hs:
        for x in hs["sizes"]:
            rows.append((f"history {x['history']:,} ({x['db_mb']} MB)",
                         f"{x['ms_per_message']} ms per new message over {x['new']}; start-up "
                         f"{x['startup_seconds']} s; peak {x['peak_rss_mb']} MB"))
    width = max(len(r[0]) for r in rows) if rows else 10
    lines += [f"  {a.ljust(width)}  {b}" for a, b in rows]
    lines.append("")
    ts = results.get("targets", [])
    if ts:
        w1 = max(len(t["target"]) for t in ts)
        w2 = max(len(t["value"]) for t in ts)
        w3 = max(len(t["goal"]) for t in ts)
        lines.append(f"  {'target'.ljust(w1)}  {'measured'.ljust(w2)}  {'goal'.ljust(w3)}  result")
        for t in ts:
            note = f"  ({t['note']})" if t["note"] else ""
            lines.append(f"  {t['target'].ljust(w1)}  {t['value'].ljust(w2)}  {t['goal'].ljust(w3)}  {t['result']}{note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes for development (about 6 minutes)")
    p.add_argument("--messages", type=int, help="messages in the throughput run (10,000; quick 1,000)")
    p.add_argument("--compare", type=int, help="messages of each mix next to django-mailbox (2,000; quick 300; "
                                               "0 skips)")
    p.add_argument("--rounds", type=int, help="runs of each tool in the comparison, the best kept (2; quick 1)")
    p.add_argument("--postgres", type=int, help="messages for 1 and 2 workers on PostgreSQL (2,000; quick 300; "
                                                "0 skips)")
    p.add_argument("--scanned", type=int, help="scanned letters in the OCR run (40; quick 12; 0 skips it)")
    p.add_argument("--latency", type=int, help="latency samples (30; quick 20; 0 skips)")
    p.add_argument("--history", help="comma-separated history sizes (1000,10000,50000; quick 1000,5000; 0 skips)")
    p.add_argument("--new", type=int, help="new messages per history size (500; quick 200)")
    p.add_argument("--profile", type=int, nargs="?", const=1000, default=0,
                   help="also profile the worker over N messages (1000) into bench/profile.txt")
    p.add_argument("--only", help="comma-separated parts: compare,postgres,throughput,scanned,latency,scaling")
    p.add_argument("--output", default=str(RESULTS), help="where the JSON goes (bench/results.json)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds allowed to one worker run")
    p.add_argument("--workdir", default="/tmp", help="where the temporary databases go")
    p.add_argument("--merge", action="store_true",
                   help="keep the other parts' figures already in the output file (with --only)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (databases, worker logs)")
    args = p.parse_args(argv)
    q = args.quick
    messages = args.messages or (1_000 if q else 10_000)
    scanned = args.scanned if args.scanned is not None else (12 if q else 40)
    samples = args.latency if args.latency is not None else (20 if q else 30)
    sizes = [int(x) for x in (args.history or ("1000,5000" if q else "1000,10000,50000")).split(",") if int(x) > 0]
    new = args.new or (200 if args.quick else 500)
    compare = args.compare if args.compare is not None else (300 if q else 2_000)
    rounds = args.rounds or (1 if q else 2)
    pg = args.postgres if args.postgres is not None else (300 if q else 2_000)
    parts = set((args.only or "compare,postgres,throughput,scanned,latency,scaling").split(","))

    if dovecot_binary() is None:
        print("error: dovecot is not installed: run `make system-deps` as root "
              "(apt-get install dovecot-imapd dovecot-lmtpd)", file=sys.stderr)
        return 2
    t_start = time.monotonic()
    with Bench(args) as bench:
        res = bench.results
        res["config"] = {"compare": compare, "rounds": rounds, "postgres": pg, "messages": messages, "scanned": scanned, "latency_samples": samples, "history": sizes,
                         "new_per_history": new}
        steps = [("compare", compare, lambda: bench.compare(compare, rounds)),
                 ("postgres", pg, lambda: bench.postgres(pg, rounds)),
                 ("throughput", messages, lambda: bench.throughput(messages)),
                 ("latency", samples, lambda: bench.latency(samples)),
                 ("scanned", scanned, lambda: bench.scanned(scanned)),
                 ("scaling", sizes, lambda: bench.scaling(sizes, new)),
                 ("profile", args.profile, lambda: bench.profile(args.profile))]
        try:
            for name, wanted, step in steps:
                if not wanted or (name != "profile" and name not in parts):
                    continue
                try:
                    step()
                except Exception as exc:  # one broken part must not hide the others' figures
                    log(f"{name}: failed: {type(exc).__name__}: {str(exc)[:1000]}")
                    res.setdefault("errors", {})[name] = f"{type(exc).__name__}: {str(exc)[:1000]}"
        except KeyboardInterrupt:
            log("interrupted: reporting what was measured")
        res["seconds"] = round(time.monotonic() - t_start, 1)
        if args.merge and Path(args.output).exists():
            old = json.loads(Path(args.output).read_text())
            res["runs"] = {**old.get("runs", {}), **res["runs"]}
            res["merged"] = f"{', '.join(sorted(parts))} measured {res['started']}; the rest {old.get('started')}"
        res["targets"] = targets(res)
        Path(args.output).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
        print(table(res))
        print(f"\n(written to {args.output}; whole benchmark {res['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
