"""The mutated-corpus run: hostile and broken mail through the real worker (a subprocess on a
Maildir, SQLite and a Maildir outbox). Every message must end processed or quarantined with a
reason, the worker must never die, its peak RSS stays bounded, and no reply carries a header
the message smuggled in."""
from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

from bot.mailbox import MaildirMailbox, deliver_to_maildir
from soak.corpus import mutated

ROOT = Path(__file__).resolve().parent.parent
# Every header our replies may carry (bot/replies.py build()).
REPLY_HEADERS = {"from", "to", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
                 "x-auto-response-suppress", "content-language", "content-type", "content-transfer-encoding",
                 "mime-version"}


@dataclass
class FuzzResult:
    messages: int = 0
    by_mutation: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    quarantined_reasons: Counter = field(default_factory=Counter)
    left_in_inbox: int = 0
    unfinished: int = 0
    quarantined_without_reason: int = 0
    replies: int = 0
    bad_reply_headers: list[str] = field(default_factory=list)
    worker_exits: list[int] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (self.left_in_inbox == 0 and self.unfinished == 0 and self.quarantined_without_reason == 0
                and not self.bad_reply_headers and all(c == 0 for c in self.worker_exits))


def meeting_file(tmp: Path, ocr_seconds: float) -> Path:
    """The project's meeting file with a shorter OCR budget (a PDF bomb uses all of it)."""
    data = yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8"))
    data["limits"]["ocr_seconds"] = ocr_seconds
    path = tmp / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run_fuzz(count: int, workdir: Path, seed: int = 6, ocr_seconds: float = 10.0, log=print) -> FuzzResult:
    workdir.mkdir(parents=True, exist_ok=True)
    box = workdir / "mailbox"
    res = FuzzResult()
    for name, raw in mutated(count, seed):
        deliver_to_maildir(box, raw or b"\r\n")
        res.messages += 1
        res.by_mutation[name.split("+")[0]] += 1
    db = f"sqlite:///{workdir / 'intake.db'}"
    env = dict(os.environ, INTAKE_MAILBOX_URL=f"maildir:{box}", INTAKE_SMTP_URL=f"maildir:{workdir / 'outbox'}",
               INTAKE_DATABASE_URL=db, INTAKE_MEETING=str(meeting_file(workdir, ocr_seconds)), OMP_THREAD_LIMIT="1")
    start = time.monotonic()
    # A message that makes the pipeline raise stays "new" until its third attempt: --once
    # passes until nothing is left (the long-running worker does the same on its own).
    for attempt in range(5):
        proc = subprocess.run([sys.executable, "-m", "soak.child", "run", "--once"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = proc.stderr.decode("utf-8", "replace")
        res.worker_exits.append(proc.returncode)
        m = re.search(r"soak\.peak_rss_kb=(\d+)", err)
        if m:
            res.peak_rss_mb = max(res.peak_rss_mb, int(m.group(1)) / 1024)
        if proc.returncode != 0:
            log(f"worker exited {proc.returncode}:\n{err[-3000:]}")
        engine = create_engine(db)
        with engine.connect() as c:
            new = c.execute(text("select count(*) from inbound where status = 'new'")).scalar()
        engine.dispose()
        if not new and not MaildirMailbox(box)._inbox_files():
            break
    res.seconds = time.monotonic() - start
    engine = create_engine(db)
    with engine.connect() as c:
        res.statuses = Counter(dict(c.execute(text("select status, count(*) from inbound group by status")).all()))
        res.unfinished = res.statuses.get("new", 0)
        for (reason,) in c.execute(text("select last_error from inbound where status = 'quarantined'")):
            if not reason:
                res.quarantined_without_reason += 1
            else:
                res.quarantined_reasons[reason.split(":")[0][:60]] += 1
        for (raw,) in c.execute(text("select raw from outbox")):
            res.replies += 1
            res.bad_reply_headers += reply_header_problems(raw)
    engine.dispose()
    res.left_in_inbox = len(MaildirMailbox(box)._inbox_files())
    return res


def reply_header_problems(raw: bytes) -> list[str]:
    """Headers in one of our replies that we did not put there (a header injection)."""
    problems = []
    head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    for line in re.split(rb"\r?\n", head):
        if not line or line[:1] in (b" ", b"\t"):
            continue
        name = line.split(b":", 1)[0].decode("ascii", "replace").strip().lower()
        if name not in REPLY_HEADERS:
            problems.append(name)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for name in ("to", "subject"):
        if any(c in str(msg.get(name, "")) for c in "\r\n"):
            problems.append(f"{name}-with-newline")
    return problems
