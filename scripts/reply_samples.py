"""Write docs/replies/: the demo's replies, and one reply of each kind in each language.

    .venv/bin/python scripts/reply_samples.py

The demo part runs `python -m bot.demo` (its worker pass over examples/mail), stops it once
it starts serving the review page, and copies what it put in var/outbox/new. The samples
are rendered from the templates with fixed dates, so both sides of the deadline show.
"""
from __future__ import annotations

import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.meeting import load_meeting  # noqa: E402
from bot.replies import build, render, reply_message_id, token  # noqa: E402
from bot.states import load_states, state_name  # noqa: E402

OUT = ROOT / "docs" / "replies"
BEFORE = datetime(2026, 3, 18, 10, tzinfo=timezone.utc)  # the deadline is 27 March 2026
AFTER = datetime(2026, 4, 2, 10, tzinfo=timezone.utc)
RECEIVED = datetime(2026, 3, 16, 8, 40, tzinfo=timezone.utc)

# (template, State, letter reference, participants, missing) per language.
SAMPLES = {
    "en": [
        ("confirm", "PH", "DOLE-ILAB-2026-031", [
            {"role": "representative", "name": "Maria Santos", "title": "Director, International Labor Affairs Bureau",
             "email": "msantos@dole.gov.ph", "attendance": "in_person", "gender": "female"},
            {"role": "adviser", "name": "Jose Reyes", "title": "Labor Attaché, Geneva", "email": "jreyes@dole.gov.ph",
             "attendance": "remote", "gender": "male"}], []),
        ("request_missing", "ZM", None, [
            {"role": "representative", "name": "Mwansa Chileshe", "title": "Director of Labour", "email": None,
             "attendance": None, "gender": None}], ["representative.email", "representative.attendance"]),
        ("already_recorded", "NL", None, [
            {"role": "representative", "name": "Pieter de Vries", "title": "Senior Policy Adviser",
             "email": "p.devries@minszw.nl", "attendance": "in_person", "gender": "male"}], []),
        ("withdrawal", "BO", None, [], []),
    ],
    "fr": [
        ("confirm", "CI", "N° 0412/MEPS/DGT", [
            {"role": "representative", "name": "Adjoua Kouassi", "title": "Directrice générale du Travail",
             "email": "a.kouassi@emploi.gouv.ci", "attendance": "in_person", "gender": "female"}], []),
        ("request_missing", "DZ", None, [
            {"role": "representative", "name": "Karim Benali", "title": None, "email": "k.benali@mtess.gov.dz",
             "attendance": None, "gender": "male"}], ["representative.title", "representative.attendance", "adviser.name"]),
        ("already_recorded", "HT", None, [
            {"role": "representative", "name": "Jean-Robert Pierre", "title": "Directeur du Travail",
             "email": "jrpierre@mast.gouv.ht", "attendance": "remote", "gender": "male"}], []),
        ("withdrawal", "ML", None, [
            {"role": "representative", "name": "Fatoumata Keïta", "title": "Directrice nationale du Travail",
             "email": "fatoumata.keita@travail.gouv.ml", "attendance": "in_person", "gender": "female"}], []),
    ],
    "es": [
        ("confirm", "PE", "Oficio N.º 114-2026-MTPE/4", [
            {"role": "representative", "name": "Carmen Rojas Díaz", "title": "Directora General de Trabajo",
             "email": "crojas@trabajo.gob.pe", "attendance": "in_person", "gender": "female"},
            {"role": "adviser", "name": "Luis Quispe", "title": "Especialista en asuntos internacionales",
             "email": "lquispe@trabajo.gob.pe", "attendance": "remote", "gender": "male"}], []),
        ("request_missing", "BO", None, [], ["representative"]),
        ("already_recorded", "US", None, [
            {"role": "representative", "name": "Laura Gómez", "title": "Deputy Under Secretary",
             "email": "gomez.laura@dol.gov", "attendance": "in_person", "gender": "female"}], []),
        ("withdrawal", "UY", None, [], []),
    ],
}


def as_text(raw: bytes) -> str:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    head = "".join(f"{h}: {msg[h]}\n" for h in ("From", "To", "Subject", "Content-Language") if msg[h])
    return head + "\n" + msg.get_content()


def samples() -> list[Path]:
    meeting, states = load_meeting(ROOT / "config" / "meeting.yaml"), load_states()
    written = []
    for lang, cases in SAMPLES.items():
        folder = OUT / "samples" / lang
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for n, (template, code, reference, people, missing) in enumerate(cases, 1):
            variants = [("", BEFORE, True)]
            if template == "request_missing":
                variants += [("-after-deadline", AFTER, True), ("-drafted-for-a-person", BEFORE, False)]
            for suffix, now, automatic in variants:
                subject, body = render(meeting, template, lang, state=state_name(states, code, lang),
                                       token=token(meeting, 10 + n), participants=people, missing=missing,
                                       communication=RECEIVED, reference=reference, now=now, automatic=automatic)
                raw = build(meeting, to=f"desk@{code.lower()}.example", subject=subject, body=body,
                            message_id=reply_message_id(meeting, 10 + n, template), language=lang,
                            in_reply_to=None, references=[])
                path = folder / f"{template}{suffix}.txt"
                path.write_text(as_text(raw), encoding="utf-8")
                written.append(path)
    return written


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo() -> list[Path]:
    """Run the demo's worker pass, stop it when it starts serving, keep its replies."""
    env = dict(os.environ, INTAKE_DEMO_PORT=str(free_port()))
    proc = subprocess.Popen([sys.executable, "-m", "bot.demo"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        deadline = time.monotonic() + 300
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("review page:") or time.monotonic() > deadline:
                break
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if not any(line.startswith("review page:") for line in lines):
        raise SystemExit("the demo did not get as far as serving:\n" + "".join(lines))
    folder = OUT / "demo"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "demo-output.txt").write_text("".join(lines[:-1]).strip() + "\n", encoding="utf-8")
    written = []
    files = sorted((ROOT / "var" / "outbox" / "new").iterdir(), key=lambda p: p.name)
    for n, path in enumerate(files, 1):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        out = folder / f"{n:02d}-{msg['Content-Language']}.txt"
        out.write_text(as_text(path.read_bytes()), encoding="utf-8")
        written.append(out)
    return written


if __name__ == "__main__":
    for p in [*samples(), *demo()]:
        print(p.relative_to(ROOT))
