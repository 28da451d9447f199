"""Messages for the fault and fuzz runs: nominations that each earn a reply, and a corpus of
hostile and broken mail mutated from the project's own fixtures (tests/fixtures)."""
from __future__ import annotations

import base64
import functools
import io
import random
import re
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Iterator

from bot.states import load_states
from tests.pdfwrite import pdf_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def distinct_nominations(count: int, offset: int = 0, sender: str | None = None) -> list[bytes]:
    """`count` complete nominations, each from another member State, so each gets its own reply
    (a second one from the same State would go to review as an amendment)."""
    from tests.intake_helpers import nomination

    states = sorted(load_states().states.values(), key=lambda s: s.code)
    if offset + count > len(states):
        raise ValueError(f"only {len(states)} member States")
    out = []
    for n, st in enumerate(states[offset:offset + count], start=offset):
        domain = f"labour.gov.{st.code.lower()}"
        raw = nomination(n, state=st.names["en"], domain=domain)
        if sender:
            raw = re.sub(rb"^From: .*$", f"From: Desk <{sender}>".encode(), raw, count=1, flags=re.M)
        out.append(raw)
    return out


def many_nominations(count: int) -> list[bytes]:
    """`count` nominations (more than there are States: the later ones go to review)."""
    from tests.intake_helpers import nomination

    states = sorted(load_states().states.values(), key=lambda s: s.code)
    out = []
    for n in range(count):
        st = states[n % len(states)]
        out.append(nomination(n, state=st.names["en"], domain=f"labour.gov.{st.code.lower()}"))
    return out


# -- the seed corpus ------------------------------------------------------------------------
def seeds() -> list[bytes]:
    files = sorted((FIXTURES / "mail").glob("*.eml")) + sorted((FIXTURES / "worker").glob("*.eml"))
    return [p.read_bytes() for p in files]


def _doc(name: str) -> bytes:
    return (FIXTURES / "docs" / name).read_bytes()


def _split(raw: bytes) -> tuple[list[bytes], bytes]:
    """(header lines, body) of a raw message; continuation lines stay with their header."""
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    lines: list[bytes] = []
    for line in re.split(rb"\r?\n", head):
        if line[:1] in (b" ", b"\t") and lines:
            lines[-1] += b"\r\n" + line
        else:
            lines.append(line)
    return lines, body


def _join(lines: list[bytes], body: bytes) -> bytes:
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _with_attachment(name: str, ctype: str, data: bytes, subject: str = "Nomination with attachment") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Registry <registry@labour.gov.tt>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<att-{random.getrandbits(48):x}@labour.gov.tt>"
    msg.set_content("Please find our nomination attached.\n")
    maintype, subtype = ctype.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


# -- mutations: each takes (raw, rng) and returns raw ---------------------------------------
def bit_flips(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 40)):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    return bytes(data)


def truncation(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randrange(len(raw))]


def header_duplication(raw: bytes, rng: random.Random) -> bytes:
    lines, body = _split(raw)
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return _join(lines, body)


def header_removal(raw: bytes, rng: random.Random) -> bytes:
    lines, body = _split(raw)
    for _ in range(rng.randint(1, min(4, len(lines)))):
        if lines:
            lines.pop(rng.randrange(len(lines)))
    return _join(lines, body)


def invalid_charset(raw: bytes, rng: random.Random) -> bytes:
    bogus = rng.choice([b"x-unknown", b"utf-7", b"utf-16", b"utf-32", b"\"", b"", b"utf-8\x00", b"iso-2022-jp",
                        b"cp1252; charset=koi8-r", b"../../etc/passwd", b"a" * 500])
    out = re.sub(rb"charset=\"?[A-Za-z0-9_.:-]+\"?", b"charset=" + bogus, raw, flags=re.I)
    if out == raw:
        out = raw.replace(b"Content-Type: text/plain", b"Content-Type: text/plain; charset=" + bogus, 1)
    # Some invalid bytes in the body too.
    return out + bytes(rng.randrange(128, 256) for _ in range(rng.randint(0, 64)))


def deep_nesting(raw: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([20, 100, 500, 2000])
    head = b"From: deep@labour.gov.tt\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    parts = []
    for d in range(depth):
        parts.append(b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (d, d))
    inner = b"Content-Type: text/plain\r\n\r\nNomination: Mr Deep\r\n"
    tail = b"".join(b"\r\n--b%d--\r\n" % d for d in reversed(range(depth)))
    return head + b"".join(parts) + inner + tail


def many_parts(raw: bytes, rng: random.Random) -> bytes:
    n = rng.choice([250, 1000, 5000])
    body = b"".join(b"--x\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(n))
    return (b"From: parts@labour.gov.tt\r\nSubject: many parts\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=x\r\n\r\n" + body + b"--x--\r\n")


def huge_headers(raw: bytes, rng: random.Random) -> bytes:
    lines, body = _split(raw)
    if rng.random() < 0.5:
        lines.insert(0, b"X-Huge: " + b"A" * rng.choice([100_000, 1_000_000, 3_000_000]))
    else:
        lines[0:0] = [b"X-Many-%d: %d" % (i, i) for i in range(rng.choice([10_000, 50_000]))]
    if rng.random() < 0.3:  # a folded subject of thousands of encoded words
        lines.append(b"Subject: " + b"\r\n ".join([b"=?utf-8?b?" + base64.b64encode("é".encode() * 20) + b"?="] * 5000))
    return _join(lines, body)


def header_injection(raw: bytes, rng: random.Random) -> bytes:
    """CR/LF smuggled into names, subjects and addresses, raw and RFC 2047-encoded."""
    evil = rng.choice(["Evil\r\nBcc: victim@attacker.test", "Evil\nX-Injected: yes", "Evil\rBcc: v@a.test",
                       "Evil\r\n\r\nbody-injection"])
    enc = b"=?utf-8?b?" + base64.b64encode(evil.encode()) + b"?="
    lines, body = _split(raw)
    lines = [ln for ln in lines if not ln.lower().startswith((b"from:", b"subject:", b"reply-to:"))]
    lines += [b"From: " + enc + b" <desk@labour.gov.tt>", b"Subject: " + enc + b" Nomination",
              b"Reply-To: " + rng.choice([enc + b" <desk@labour.gov.tt>", b"\"a\r\n Bcc: x@y.test\" <desk@labour.gov.tt>"])]
    body = body.replace(b"Mr ", b"Mr " + evil.encode() + b" ", 1)
    return _join(lines, body)


def attachment_25mb(raw: bytes, rng: random.Random) -> bytes:
    return _with_attachment("annex.pdf", "application/pdf", b"%PDF-1.4\n" + rng.randbytes(25_000_000))


def _pdf_with_stream(stream: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream"]
    return pdf_file(objs, header=b"%PDF-1.4\n")


def pdf_bomb(raw: bytes, rng: random.Random) -> bytes:
    """A page whose content stream inflates to 1 GB (about 3 MB compressed)."""
    return _with_attachment("letter.pdf", "application/pdf", _pdf_bomb())


@functools.lru_cache(maxsize=1)
def _pdf_bomb() -> bytes:
    z = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf (A) Tj ET\n" * 40_000
    stream = b"".join(z.compress(chunk) for _ in range(1_000_000_000 // len(chunk))) + z.flush()
    return _pdf_with_stream(stream)


def zip_bomb(raw: bytes, rng: random.Random) -> bytes:
    """A .docx whose document.xml inflates to 1 GB; one that lies about its size; a nested .zip."""
    kind = rng.choice(["docx", "liar", "zip"])
    name = "nomination.zip" if kind == "zip" else "nomination.docx"
    return _with_attachment(name, "application/octet-stream", _zip_bomb(kind))


@functools.lru_cache(maxsize=3)
def _zip_bomb(kind: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if kind == "zip":
            zf.writestr("inner.zip", b"PK\x03\x04" + b"\0" * 10_000_000)
        else:
            zf.writestr("[Content_Types].xml", "<Types/>")
            with zf.open("word/document.xml", "w", force_zip64=True) as f:
                for _ in range(1000):
                    f.write(b"<w:t>" + b"A" * 1_000_000 + b"</w:t>")
    data = buf.getvalue()
    if kind == "liar":  # central directory says 100 bytes uncompressed
        i = data.rfind(b"PK\x01\x02")
        data = data[:i + 24] + (100).to_bytes(4, "little") + data[i + 28:]
    return data


def broken_documents(raw: bytes, rng: random.Random) -> bytes:
    """A real fixture document (PDF, DOCX, PNG, winmail.dat) with its bytes damaged."""
    name = rng.choice(["letter-text-layer.pdf", "letter-header-table.docx", "winmail.dat", "scan-letter-en.pdf"])
    data = bit_flips(_doc(name), rng) if rng.random() < 0.5 else truncation(_doc(name), rng)
    return _with_attachment(name, "application/octet-stream", data)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "bit_flips": bit_flips,
    "truncation": truncation,
    "header_duplication": header_duplication,
    "header_removal": header_removal,
    "invalid_charset": invalid_charset,
    "deep_nesting": deep_nesting,
    "many_parts": many_parts,
    "huge_headers": huge_headers,
    "header_injection": header_injection,
    "broken_documents": broken_documents,
    "attachment_25mb": attachment_25mb,
    "pdf_bomb": pdf_bomb,
    "zip_bomb": zip_bomb,
}
# The expensive ones are rare: a few of each per run are enough to show they are bounded.
HEAVY = {"attachment_25mb": 4, "pdf_bomb": 3, "zip_bomb": 6, "many_parts": 10, "huge_headers": 30, "deep_nesting": 30}


def mutated(count: int, seed: int = 6) -> Iterator[tuple[str, bytes]]:
    """`count` (mutation, raw) pairs; every mutation appears at least once."""
    rng = random.Random(seed)
    base = seeds()
    heavy_left = dict(HEAVY)
    names = list(MUTATIONS)
    for i in range(count):
        name = names[i] if i < len(names) else rng.choice(names)
        if name in heavy_left and i >= len(names):
            if heavy_left[name] <= 0 or rng.random() < 0.7:
                name = rng.choice([n for n in names if n not in HEAVY])
            else:
                heavy_left[name] -= 1
        raw = MUTATIONS[name](rng.choice(base), rng)
        if rng.random() < 0.2:  # and mutations on top of mutations
            second = rng.choice([n for n in names if n not in HEAVY])
            raw = MUTATIONS[second](raw or b"x", rng)
            name = f"{name}+{second}"
        yield name, raw
