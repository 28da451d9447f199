"""The corpus mix: the shared corpora's real-looking letters, repeated to any count.

The messages of the shared corpora (`corpus` and `corpus2` under the shared folder: text,
HTML and PDF letters, forwards, inquiries, out-of-office replies, bounces) are read as
they are; scans are left out (a message whose attachment is an image, or a PDF without a
text layer), because OCR is measured on its own. To reach the count asked for, the
messages are repeated in order; each copy gets its own Message-ID (and In-Reply-To /
References pointing at the same copy of its thread), and copies after the first a plus
address of the sender (`name+c3@domain`), so that the worker neither takes a copy for a
message it already has nor applies the per-address reply limit. The content is not
touched.

The shared folder is found at $INTAKE_SHARED, else next to the project (`../shared`).
Without it, `load()` returns None and the bench says which part it skipped.
"""
from __future__ import annotations

import email
import hashlib
import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from email import policy
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("corpus", "corpus2")


@dataclass(frozen=True)
class Letter:
    name: str
    raw: bytes
    decision: str | None  # the labelled decision, if the corpus labels it


def shared_dir() -> Path | None:
    """The shared folder holding the corpora, or None when it is not there."""
    env = os.environ.get("INTAKE_SHARED")
    for p in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if any((p / s / "messages").is_dir() for s in SETS):
            return p
    return None


def _pdf_has_text(data: bytes) -> bool:
    import pypdf

    try:
        return any((page.extract_text() or "").strip() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception:  # unreadable: not a scan we can tell, the worker reads it as it can
        return True


def is_scan(raw: bytes) -> bool:
    """An image attachment, or a PDF with no text layer: a letter only OCR can read."""
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = (part.get_filename() or "").lower()
        attached = bool(name) or (part.get("Content-Disposition") or "").lower().startswith("attachment")
        if ctype.startswith("image/") and attached:
            return True
        if ctype == "application/pdf" or name.endswith(".pdf"):
            if not _pdf_has_text(part.get_payload(decode=True) or b""):
                return True
    return False


@lru_cache(maxsize=1)
def _load(base: str) -> tuple[tuple[Letter, ...], tuple[str, ...]]:
    letters, scans = [], []
    for s in SETS:
        folder = Path(base) / s
        for path in sorted((folder / "messages").glob("*.eml")):
            raw = path.read_bytes()
            if is_scan(raw):
                scans.append(f"{s}/{path.name}")
                continue
            label = folder / "labels" / f"{path.stem}.json"
            decision = json.loads(label.read_text()).get("decision") if label.exists() else None
            letters.append(Letter(f"{s}/{path.name}", raw, decision))
    return tuple(letters), tuple(scans)


def load() -> tuple[tuple[Letter, ...], tuple[str, ...]] | None:
    """(letters, names of the scans left out), or None without the shared folder."""
    base = shared_dir()
    return _load(str(base)) if base else None


def decision_shares(letters: tuple[Letter, ...]) -> dict[str, float]:
    """The labelled outcomes' shares (confirm, request_missing, review, ignore)."""
    counts = Counter(x.decision for x in letters if x.decision)
    total = sum(counts.values())
    return {k: round(v / total, 3) for k, v in counts.most_common()}


_HEADER_END = re.compile(rb"\r?\n\r?\n")
_IDS = re.compile(rb"^(Message-ID|In-Reply-To|References):(.*(?:\r?\n[ \t].*)*)", re.I | re.M)
_FROM = re.compile(rb"^(From:.*(?:\r?\n[ \t].*)*)", re.I | re.M)
_ADDR = re.compile(rb"([A-Za-z0-9._%'-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def vary(raw: bytes, copy: int, tag: str) -> bytes:
    """The same message as copy number `copy`: new Message-ID (and thread references), and
    from the second copy on a plus address of the sender. Only the header block changes."""
    m = _HEADER_END.search(raw)
    cut = m.start() if m else len(raw)
    head, body = raw[:cut], raw[cut:]
    prefix = f"c{copy}.{tag}.".encode()

    def ids(mo: re.Match) -> bytes:
        return mo.group(1) + b":" + re.sub(rb"<([^<>\s]+)>", lambda x: b"<" + prefix + x.group(1) + b">", mo.group(2))

    head = _IDS.sub(ids, head)
    if not re.search(rb"^Message-ID:", head, re.I | re.M):
        head += f"\nMessage-ID: <{prefix.decode()}{hashlib.sha1(raw).hexdigest()}@corpus.invalid>".encode()
    if copy:
        plus = f"+c{copy}".encode()
        head = _FROM.sub(lambda mo: _ADDR.sub(lambda a: a.group(1) + plus + b"@" + a.group(2), mo.group(1), count=1),
                         head, count=1)
    return head + body


def mix(count: int, tag: str) -> list[tuple[str, bytes]] | None:
    """`count` (name, raw) pairs: the corpus letters in order, repeated and varied; None
    without the shared folder."""
    got = load()
    if got is None:
        return None
    letters = got[0]
    return [(letters[i % len(letters)].name, vary(letters[i % len(letters)].raw, i // len(letters), tag))
            for i in range(count)]
