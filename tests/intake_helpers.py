"""Helpers for tests that run the `intake` command against real servers."""
from __future__ import annotations

import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Other projects' real-world mail, none of it a nomination: in the shared folder beside the
# checkout (or at $INTAKE_SHARED); the tests that read it skip without it.
PEER_MAILS = Path(os.environ.get("INTAKE_SHARED") or ROOT.parent / "shared") / "peer-mails"


def fixture(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


def intake_env(mailbox_url: str, smtp_url: str, database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(INTAKE_MAILBOX_URL=mailbox_url, INTAKE_SMTP_URL=smtp_url, INTAKE_DATABASE_URL=database_url,
               INTAKE_MEETING=str(ROOT / "config" / "meeting.yaml"), OMP_THREAD_LIMIT="1", **extra)
    return env


def intake(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `intake ARGS` as a user would; fails the test with its output when it fails."""
    proc = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"intake {' '.join(args)} exited {proc.returncode}:\n{proc.stderr.decode()[-3000:]}")
    return proc


def spawn(*args: str, env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    """`intake ARGS` in the background; its log in a pipe to read, or in the file `log` (a
    worker whose pipe nobody reads stops at its first line past the pipe's capacity)."""
    stderr = open(log, "wb") if log is not None else subprocess.PIPE
    try:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE if log is None else subprocess.DEVNULL, stderr=stderr)
    finally:
        if log is not None:
            stderr.close()


def surname(n: int) -> str:
    """A surname made of letters only for the number `n` (7 -> "Hjk"): names carry no digits."""
    return ("".join("abcdefghij"[int(d)] for d in str(n)) + "jk").capitalize()


def nomination(n: int, *, state: str = "Trinidad and Tobago", domain: str = "labour.gov.tt") -> bytes:
    """A complete, well-formed nomination number `n` (for batch tests)."""
    msg = EmailMessage()
    msg["From"] = f"Desk {n} <desk{n}@{domain}>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = f"Nomination {n}"
    msg["Date"] = "Tue, 17 Mar 2026 09:12:00 +0000"
    msg["Message-ID"] = f"<batch-{n}@{domain}>"
    msg.set_content(
        "Dear Sir or Madam,\n\n"
        f"The Government of {state} is pleased to nominate as its representative:\n\n"
        f"Representative: Mr Person {surname(n)}\n"
        "Title: Director of Labour, Ministry of Labour\n"
        f"E-mail: person{n}@{domain}\n"
        "Attendance: in person\n\n"
        "Yours faithfully,\nMinistry of Labour\n"
    )
    return msg.as_bytes()


def nomination_for(n: int) -> bytes:
    """A complete nomination from the n-th member State (in the registry's order), so that
    a batch of them makes as many delegations, each confirmed and answered."""
    from bot.states import load_states

    states = sorted(load_states().states.values(), key=lambda s: s.code)
    state = states[n % len(states)]
    tld = "uk" if state.code == "GB" else state.code.lower()
    return nomination(n, state=state.names["en"], domain=f"labour.gov.{tld}")
