"""The SIGKILL run: `intake run` killed at random moments over one mailbox, then drained.
Afterwards every message is recorded once, filed out of INBOX, and no reply went twice."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from soak.corpus import many_nominations

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class KillResult:
    messages: int = 0
    kills: int = 0
    ledger_rows: int = 0
    distinct: int = 0
    statuses: Counter = field(default_factory=Counter)
    outbox: Counter = field(default_factory=Counter)
    replies_received: int = 0
    duplicate_replies: int = 0
    duplicate_outbox: int = 0
    left_in_inbox: int = 0
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        return self.messages - self.distinct

    @property
    def ok(self) -> bool:
        return (self.ledger_rows == self.distinct == self.messages and self.duplicate_replies == 0
                and self.duplicate_outbox == 0 and self.left_in_inbox == 0 and self.statuses.get("new", 0) == 0
                and self.outbox.get("sent", 0) <= self.replies_received
                <= self.outbox.get("sent", 0) + self.outbox.get("uncertain", 0))


def run_kills(user, smtp, db_url: str, total: int, kills: int, seed: int = 20, log=print) -> KillResult:  # type: ignore[no-untyped-def]
    """`user`: a tests.servers.ImapUser; `smtp`: a tests.servers.SmtpSink."""
    rng = random.Random(seed)
    res = KillResult(messages=total)
    with user.client() as c:
        for raw in many_nominations(total):
            c.append("INBOX", raw)
    env = dict(os.environ, INTAKE_MAILBOX_URL=user.url, INTAKE_SMTP_URL=smtp.url, INTAKE_DATABASE_URL=db_url,
               INTAKE_MEETING=str(ROOT / "config" / "meeting.yaml"), OMP_THREAD_LIMIT="1")
    start = time.monotonic()
    devnull = subprocess.DEVNULL
    for k in range(kills):
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env, stdout=devnull,
                                stderr=devnull)
        # Startup (imports, migrations, login) takes about a second; kill somewhere in the work.
        time.sleep(rng.uniform(0.8, 1.7))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        res.kills += 1
        if not user.uids("INBOX"):
            log(f"kill {k + 1}: the mailbox was already drained")
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--once"], cwd=ROOT, env=env, stdout=devnull,
                          stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        log(proc.stderr.decode()[-3000:])
    time.sleep(1.0)
    res.seconds = time.monotonic() - start
    engine = create_engine(db_url)
    with engine.connect() as c:
        res.ledger_rows, res.distinct = c.execute(text("select count(*), count(distinct message_id) from inbound")).one()
        res.statuses = Counter(dict(c.execute(text("select status, count(*) from inbound group by status")).all()))
        res.outbox = Counter(dict(c.execute(text("select status, count(*) from outbox group by status")).all()))
        res.duplicate_outbox = len(c.execute(text(
            "select inbound_id, template from outbox group by inbound_id, template having count(*) > 1")).all())
    engine.dispose()
    ids = [m["Message-ID"] for m in smtp.messages]
    res.replies_received = len(ids)
    res.duplicate_replies = len(ids) - len(set(ids))
    res.left_in_inbox = len(user.uids("INBOX"))
    return res
