"""Hostile mail: it cannot stall the worker, eat its memory, or get an automatic answer by
being only partly read (docs/reliability.md, "Hostile mail")."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

import handlers
from bot.analyse import analyse
from bot.budget import READER_NICENESS, Analyser
from bot.db import Database
from bot.mailbox import MaildirMailbox, deliver_to_maildir
from bot.meeting import load_meeting
from bot.models import Inbound, Outbox
from bot.outbox import MaildirTransport
from bot.reading import ReadOptions, read_message
from bot.states import load_states
from bot.worker import Worker
from tests.intake_helpers import intake_env, nomination

ROOT = Path(__file__).resolve().parent.parent
MEETING = load_meeting("config/meeting.yaml")
STATES = load_states()


def letter(body: str, subject: str = "Nomination: Technical meeting on AI in manufacturing") -> bytes:
    """A complete nomination from a ministry, with `body` inside its text."""
    m = EmailMessage()
    m["From"] = "Ministry of Labour <desk@labour.gov.tt>"
    m["To"] = "sectoral-meetings@ilo.test"
    m["Subject"] = subject
    m["Message-ID"] = "<hostile@labour.gov.tt>"
    m["Date"] = "Mon, 02 Mar 2026 10:00:00 +0100"
    m.set_content("Dear Sir or Madam,\n\nTrinidad and Tobago nominates Mr. Kevin Ramdial, Director of Labour "
                  "(kevin.ramdial@labour.gov.tt), as representative; he will attend in person.\n\n"
                  + body + "\n\nYours faithfully,\nMinistry of Labour\n")
    return m.as_bytes()


# Each was quadratic (or worse) somewhere in the readers: minutes for a few tens of KB.
STALLS = {
    "10,000 lines of one space": " \n" * 10_000,
    "one line of 10,000 spaces": " " * 10_000,
    "5,000 numbered lines": "".join(f"{i}.\n" for i in range(1, 5001)),
    "20,000 lines of '-'": "-\n" * 20_000,
    "1 MB of 'Name: Ana Bo' lines": "Name: Ana Bo\n" * 80_000,
    "10,000 lines of a tab": "\t\n" * 10_000,
    "10,000 lines of a no-break space": "\u00a0\n" * 10_000,
    "10,000 carriage returns": "\r" * 10_000,
    "10,000 lines of '* '": "* \n" * 10_000,
    "10,000 lines of '- '": "- \n" * 10_000,
    "5,000 numbered lines with a space": "".join(f"{i}. \n" for i in range(1, 5001)),
    "an opening bracket, 10,000 blank lines, a role": "(\n" + " \n" * 10_000 + "Representative",
    "a role and 10,000 spaces": "Representative" + " " * 10_000 + "x",
    "a role and 10,000 blank lines": "Representative" + " \n" * 10_000 + "x",
    "50 roles each followed by 1,000 spaces": ("Representative" + " " * 1_000 + "x\n") * 50,
    "a forward marker and 10,000 spaces": "forwarded message" + " " * 10_000 + "x",
    "a From header and 10,000 spaces": "From" + " " * 10_000 + "x",
    "10,000 'From:' lines": "From:\n" * 10_000,
    "10,000 'role:' lines": "role:\n" * 10_000,
    "40,000 role label lines": "Representative: Ana Bo\n" * 40_000,
    "30,000 role headers over a name": "Adviser\nNora Lindqvist\n" * 30_000,
    "10,000 lines of an honorific": "Mr \n" * 10_000,
    "10,000 'Observer:' lines after blanks": " \n \nObserver:\n" * 3_000,
    "10,000 table rows with bars": "a | b | c\n" * 10_000,
    "10,000 table rows with tabs": "a\tb\tc\n" * 10_000,
    "10,000 lines of nine spaces": "         \n" * 10_000,
    "a bar, then 40 lines of 10,000 characters": "a | b\n" + ("word " * 2_000 + "\n") * 40,
}


@pytest.fixture(scope="module")
def warm() -> None:
    analyse(letter("warm"), MEETING, STATES)  # lazy tables built once, outside the timing


@pytest.mark.parametrize("name", list(STALLS))
def test_a_stall_input_is_read_in_under_two_seconds(warm, name):
    raw = letter(STALLS[name])
    started = time.monotonic()
    ctx = analyse(raw, MEETING, STATES)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"{name}: {elapsed:.1f} s"
    assert ctx.result.decision != "confirm" or "text_truncated" not in " ".join(ctx.parsed.problems)


def test_text_past_the_limit_is_not_read_and_the_message_goes_to_review(warm):
    ctx = analyse(letter(STALLS["1 MB of 'Name: Ana Bo' lines"]), MEETING, STATES)
    assert "text_truncated:body" in ctx.parsed.problems
    assert ctx.result.decision == "review" and "text_truncated:body" in ctx.result.reasons


def test_a_message_too_large_is_never_answered_automatically():
    options = ReadOptions.for_meeting(MEETING)
    small = ReadOptions(**{**options.__dict__, "max_message_bytes": 2_000})
    raw = letter("x" * 3_000)
    parsed = read_message(raw, small)
    assert "too_large" in parsed.problems
    ctx = handlers.Context(raw=raw, meeting=MEETING, states=STATES, parsed=parsed)
    handlers.run(handlers.READING, ctx)
    assert ctx.result.decision == "review" and "too_large" in ctx.result.reasons


def test_a_message_nested_a_thousand_levels_keeps_its_sender_and_subject_and_goes_to_review():
    head = ("From: Ministry of Labour <desk@labour.gov.tt>\nTo: sectoral-meetings@ilo.test\n"
            "Subject: Nomination deep\nMessage-ID: <deep@labour.gov.tt>\nMIME-Version: 1.0\n")
    body = ""
    for i in range(1_200):
        body += f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n'
    body += "Content-Type: text/plain\n\nTrinidad and Tobago nominates Mr. Kevin Ramdial as representative.\n"
    for i in reversed(range(1_200)):
        body += f"--b{i}--\n"
    ctx = analyse((head + body).encode(), MEETING, STATES)
    assert ctx.parsed.from_addr == "desk@labour.gov.tt"
    assert ctx.parsed.subject == "Nomination deep"
    assert "too_deep" in ctx.parsed.problems
    assert ctx.result.decision == "review" and "too_deep" in ctx.result.reasons


# -- the worker's reading budget ---------------------------------------------------------------

class Stalling:
    """The extract handler, made to hang on one message: any reader that stalls."""

    name, description, after_stop = "extract", "hangs on a message that says 'stall'", False

    def __init__(self, real):  # type: ignore[no-untyped-def]
        self.real = real

    def process(self, ctx):  # type: ignore[no-untyped-def]
        if b"stall-here" in ctx.raw:
            time.sleep(600)
        self.real.process(ctx)


@pytest.fixture
def tight(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(handlers.REGISTRY, "extract", Stalling(handlers.load()["extract"]))
    meeting = MEETING.model_copy(update={"limits": MEETING.limits.model_copy(update={"read_seconds": 2.0})})
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    box = MaildirMailbox(tmp_path / "mailbox")
    worker = Worker(meeting=meeting, states=STATES, db=db, mailbox=box, transport=MaildirTransport(tmp_path / "outbox"))
    yield worker, box, db
    worker.analyser.close()
    db.dispose()


def test_a_message_over_the_time_budget_goes_to_review_at_once_and_the_next_goes_on(tight):
    worker, box, db = tight
    deliver_to_maildir(box.path, nomination(1).replace(b"Dear Sir", b"stall-here Dear Sir"), name="1.eml")
    deliver_to_maildir(box.path, nomination(2), name="2.eml")
    started = time.monotonic()
    worker.drain()
    assert time.monotonic() - started < 30
    with db.session() as s:
        rows = {r.message_id: r for r in s.scalars(select(Inbound))}
        replies = s.scalars(select(Outbox)).all()
    bad, good = rows["<batch-1@labour.gov.tt>"], rows["<batch-2@labour.gov.tt>"]
    assert bad.status == "review" and bad.attempts == 1
    assert bad.reasons == ["over_budget:time"]
    assert bad.from_addr == "desk1@labour.gov.tt" and bad.subject
    assert good.status == "processed"
    assert [r.to_addr for r in replies] == ["desk2@labour.gov.tt"]


def test_a_message_over_the_memory_budget_goes_to_review(tmp_path, monkeypatch):
    class Hungry:
        name, description, after_stop = "extract", "takes memory on a message that says 'hungry'", False

        def __init__(self, real):  # type: ignore[no-untyped-def]
            self.real = real

        def process(self, ctx):  # type: ignore[no-untyped-def]
            ballast = bytearray(900 * 1024 * 1024) if b"hungry" in ctx.raw else None
            self.real.process(ctx)
            del ballast

    monkeypatch.setitem(handlers.REGISTRY, "extract", Hungry(handlers.load()["extract"]))
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    box = MaildirMailbox(tmp_path / "mailbox")
    worker = Worker(meeting=MEETING, states=STATES, db=db, mailbox=box, transport=MaildirTransport(tmp_path / "outbox"))
    try:
        deliver_to_maildir(box.path, nomination(3).replace(b"Dear Sir", b"hungry Dear Sir"), name="1.eml")
        deliver_to_maildir(box.path, nomination(4), name="2.eml")
        worker.drain()
        with db.session() as s:
            rows = {r.message_id: r for r in s.scalars(select(Inbound))}
        assert rows["<batch-3@labour.gov.tt>"].reasons == ["over_budget:memory"]
        assert rows["<batch-3@labour.gov.tt>"].status == "review"
        assert rows["<batch-4@labour.gov.tt>"].status == "processed"
    finally:
        worker.analyser.close()
        db.dispose()


def test_sigterm_stops_a_worker_busy_on_a_message_within_fifteen_seconds(tmp_path):
    box = MaildirMailbox(tmp_path / "mailbox")
    deliver_to_maildir(box.path, nomination(5).replace(b"Dear Sir", b"stall-here Dear Sir"))
    script = textwrap.dedent("""
        import sys, time
        import handlers
        real = handlers.load()["extract"]
        class Stalling:
            name, description, after_stop = "extract", "hangs", False
            def process(self, ctx):
                if b"stall-here" in ctx.raw:
                    print("reading", flush=True)
                    time.sleep(600)
                real.process(ctx)
        handlers.REGISTRY["extract"] = Stalling()
        from bot.cli import main
        sys.exit(main(["run"]))
    """)
    env = intake_env(f"maildir:{box.path}", f"maildir:{tmp_path / 'outbox'}", f"sqlite:///{tmp_path / 'intake.db'}")
    worker = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        seen = b""
        while b"reading" not in seen and time.monotonic() < deadline:
            seen += worker.stdout.readline()
        assert b"reading" in seen, seen.decode()[-2000:]
        time.sleep(1)
        worker.send_signal(signal.SIGTERM)
        started = time.monotonic()
        worker.wait(timeout=15)
        assert time.monotonic() - started < 15
        assert worker.returncode == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


# -- speaking for the Office -------------------------------------------------------------------

def headers_of(text: str):  # type: ignore[no-untyped-def]
    from bot.reading.message import read_headers

    return read_headers(text.replace("\n", "\r\n").encode() + b"\r\n\r\nbody\r\n")


def test_a_reply_goes_to_from_unless_reply_to_is_within_its_domain():
    from bot.replies import addressing

    stranger = headers_of("From: someone@example.org\nReply-To: victim@elsewhere.test\nMessage-ID: <a@example.org>")
    assert addressing(stranger, "<a@example.org>").to == "someone@example.org"
    ministry = headers_of("From: desk@labour.gov.tt\nReply-To: Registry@hr.labour.gov.tt\nMessage-ID: <b@x>")
    assert addressing(ministry, "<b@x>").to == "registry@hr.labour.gov.tt"
    lookalike = headers_of("From: desk@labour.gov.tt\nReply-To: desk@labour.gov.tt.evil.test\nMessage-ID: <c@x>")
    assert addressing(lookalike, "<c@x>").to == "desk@labour.gov.tt"


def test_a_reply_threads_only_to_a_message_id_the_sender_gave():
    from bot.mail import message_id_of
    from bot.replies import addressing

    given = headers_of("From: desk@labour.gov.tt\nMessage-ID: <m1@labour.gov.tt>\nReferences: <r0@x>")
    a = addressing(given, "<m1@labour.gov.tt>")
    assert a.in_reply_to == "<m1@labour.gov.tt>" and a.references == ["<r0@x>"]
    raw = b"From: desk@labour.gov.tt\r\nSubject: x\r\n\r\nbody\r\n"
    from bot.reading.message import read_headers

    none = addressing(read_headers(raw), message_id_of(raw))
    assert none.in_reply_to is None and none.references == []
    # The same Message-ID on other content is kept under a name of its own: no threading.
    reused = addressing(given, "<m1@labour.gov.tt>#sha256:0123456789abcdef")
    assert reused.in_reply_to is None and reused.references == []


def test_the_worker_and_the_review_page_address_a_reply_alike(tmp_path):
    """The page answers where the worker would: the worker's own result, kept with the view."""
    from bot.web.message import reply_target

    raw = (b"From: someone@example.org\r\nReply-To: victim@elsewhere.test\r\nSubject: x\r\n"
           b"Message-ID: <given@example.org>\r\nReferences: <a@example.org>\r\n\r\nbody\r\n")
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    box = MaildirMailbox(tmp_path / "mailbox")
    deliver_to_maildir(box.path, raw)
    worker = Worker(meeting=MEETING, states=STATES, db=db, mailbox=box, transport=MaildirTransport(tmp_path / "outbox"))
    try:
        worker.drain()
        with db.session() as s:
            row = s.scalar(select(Inbound))
            target = reply_target(row)
    finally:
        worker.analyser.close()
        db.dispose()
    assert target.to == "someone@example.org"
    assert (target.in_reply_to, target.references) == ("<given@example.org>", ["<a@example.org>"])
    ctx = handlers.Context(raw=raw, meeting=MEETING, states=STATES)
    handlers.run(("parse",), ctx)
    from handlers.screen import reply_target as worker_target

    assert worker_target(ctx) == target


def test_authentication_results_count_only_from_the_named_server():
    from bot.authresults import passes_for

    ours = "mx.ilo.test; dkim=pass (good signature) header.d=labour.gov.tt header.s=s1; spf=pass"
    forged = "mx.ilo.test.evil; dkim=pass header.d=labour.gov.tt"
    assert passes_for({"authentication-results": [ours]}, "labour.gov.tt", "mx.ilo.test")
    assert passes_for({"authentication-results": [ours]}, "hr.labour.gov.tt", "mx.ilo.test")
    assert not passes_for({"authentication-results": [forged]}, "labour.gov.tt", "mx.ilo.test")
    assert not passes_for({"authentication-results": [ours]}, "other.gov.tt", "mx.ilo.test")
    assert not passes_for({"authentication-results": ["mx.ilo.test; dkim=fail header.d=labour.gov.tt"]},
                          "labour.gov.tt", "mx.ilo.test")
    dmarc = "MX.ILO.TEST 1; dmarc=pass (p=reject) header.from=labour.gov.tt"
    assert passes_for([("Authentication-Results", dmarc)], "labour.gov.tt", "mx.ilo.test")
    parsed = headers_of(f"From: desk@labour.gov.tt\nAuthentication-Results: {forged}\nAuthentication-Results: {ours}")
    assert passes_for(parsed, "labour.gov.tt", "mx.ilo.test")
    assert not passes_for(parsed, "labour.gov.tt", None)


# -- memory: pixels are counted before anything is rendered ---------------------------------------

def blank_page_pdf(width: int, height: int) -> bytes:
    from tests.pdfwrite import pdf_file

    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (width, height)])


def huge_png(side: int) -> bytes:
    """A one-bit PNG of side x side white pixels: a few hundred KB declaring a gigapixel."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    data = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def with_attachment(data: bytes, filename: str, ctype: str) -> bytes:
    m = EmailMessage()
    m["From"] = "Ministry of Labour <desk@labour.gov.tt>"
    m["To"] = "sectoral-meetings@ilo.test"
    m["Subject"] = "Nomination"
    m["Message-ID"] = "<scan@labour.gov.tt>"
    m.set_content("Please find our nomination letter attached.\n")
    maintype, subtype = ctype.split("/")
    m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return m.as_bytes()


def peak_reading(raw: bytes, tmp_path: Path) -> tuple[int, list[str]]:
    """(peak RSS in MB of the reading process or any program it ran, its problems)."""
    path = tmp_path / "message.eml"
    path.write_bytes(raw)
    code = textwrap.dedent("""
        import json, resource, sys
        from bot.meeting import load_meeting
        from bot.reading import ReadOptions, read_message
        parsed = read_message(open(sys.argv[1], "rb").read(), ReadOptions.for_meeting(load_meeting("config/meeting.yaml")))
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(json.dumps([peak // 1024, parsed.problems]))
    """)
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    import json

    peak, problems = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return peak, problems


def test_a_tiny_pdf_with_one_huge_blank_page_is_read_in_bounded_memory(tmp_path):
    pdf = blank_page_pdf(5000, 5000)
    assert len(pdf) < 1000
    peak, problems = peak_reading(with_attachment(pdf, "letter.pdf", "application/pdf"), tmp_path)
    assert peak < 600, (peak, problems)


def test_a_small_png_declaring_a_gigapixel_is_not_decoded(tmp_path):
    png = huge_png(30_000)
    assert len(png) < 300_000
    peak, problems = peak_reading(with_attachment(png, "scan.png", "image/png"), tmp_path)
    assert peak < 600, (peak, problems)
    assert "ocr_too_large:scan.png" in problems


def test_a_page_too_large_for_any_resolution_is_not_rendered(tmp_path):
    peak, problems = peak_reading(with_attachment(blank_page_pdf(14400, 14400 * 50), "bomb.pdf", "application/pdf"), tmp_path)
    assert "ocr_too_large:bomb.pdf" in problems and peak < 600


def test_the_pixels_of_all_attachments_of_a_message_count_together():
    from bot.reading import ocr

    m = EmailMessage()
    m["From"] = "desk@labour.gov.tt"
    m["Subject"] = "Scans"
    m.set_content("Attached.")
    page = huge_png(5_900)  # 34.8 million pixels: under the cap for one image
    for n in range(6):
        m.add_attachment(page, maintype="image", subtype="png", filename=f"scan{n}.png")
    options = ReadOptions.for_meeting(MEETING)
    calls: list[int] = []
    real = ocr.run

    def counting(jobs, seconds, max_pages, language=None):  # type: ignore[no-untyped-def]
        calls.append(len(jobs))
        for job in jobs:
            job.text = ""

    try:
        ocr.run = counting
        parsed = read_message(m.as_bytes(), options)
    finally:
        ocr.run = real
    assert calls == [ocr.MAX_MESSAGE_PIXELS // (5_900 * 5_900)]
    assert "ocr_too_large:scan5.png" in parsed.problems


# -- replies that change nothing ----------------------------------------------------------------

@pytest.fixture
def plain(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    box = MaildirMailbox(tmp_path / "mailbox")
    worker = Worker(meeting=MEETING, states=STATES, db=db, mailbox=box, transport=MaildirTransport(tmp_path / "outbox"))
    yield worker, box, db
    worker.analyser.close()
    db.dispose()


def from_stranger(raw: bytes, n: int) -> bytes:
    return (raw.replace(b"From: Desk 1 <desk1@labour.gov.tt>", b"From: Someone <someone%d@example.org>" % n)
               .replace(b"Reply-To:", b"X-Was-Reply-To:")
               .replace(b"<batch-1@labour.gov.tt>", b"<copy-%d@example.org>" % n))


def test_already_on_record_goes_only_to_a_sender_linked_to_the_state(plain):
    worker, box, db = plain
    deliver_to_maildir(box.path, nomination(1), name="0.eml")
    worker.drain()
    for n in range(3):  # the same text from three fresh addresses: no reply quotes it again
        deliver_to_maildir(box.path, from_stranger(nomination(1), n), name=f"{n + 1}.eml")
    deliver_to_maildir(box.path, nomination(1).replace(b"<batch-1@", b"<again-1@"), name="9.eml")
    worker.drain()
    with db.session() as s:
        replies = s.scalars(select(Outbox).order_by(Outbox.id)).all()
        rows = {r.message_id: r for r in s.scalars(select(Inbound))}
    assert [(r.to_addr, r.template) for r in replies] == [("desk1@labour.gov.tt", "confirm"),
                                                         ("desk1@labour.gov.tt", "already_recorded")]
    for n in range(3):
        row = rows[f"<copy-{n}@example.org>"]
        assert row.status == "review" and "reply_withheld:sender_not_linked" in row.reasons


def test_a_first_nomination_from_webmail_is_confirmed_and_the_officer_sees_the_sender_was_not_linked(plain):
    from bot.models import Event

    worker, box, db = plain
    raw = nomination(7).replace(b"From: Desk 7 <desk7@labour.gov.tt>", b"From: Desk 7 <desk7.tt@gmail.com>")
    deliver_to_maildir(box.path, raw)
    worker.drain()
    with db.session() as s:
        replies = s.scalars(select(Outbox)).all()
        events = [e.action for e in s.scalars(select(Event))]
    assert [(r.to_addr, r.template) for r in replies] == [("desk7.tt@gmail.com", "confirm")]
    assert "sender.not_linked" in events


# -- the review page ------------------------------------------------------------------------------

def web_client(tmp_path: Path, trusted: list[str] | None = None, https: bool = False):  # type: ignore[no-untyped-def]
    from tests.test_web import TestClient, create_app, make_app

    app = make_app(tmp_path)
    if trusted is not None:
        app.settings = app.settings.model_copy(update={"trusted_proxies": trusted})
    base = "https://testserver" if https else "http://testserver"
    return app, TestClient(create_app(app, secret_key="test-secret"), follow_redirects=False, base_url=base)


def try_sign_in(client, password: str, forwarded: str | None = None) -> int:  # type: ignore[no-untyped-def]
    from tests.test_web import csrf_of

    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", data={"name": "ana", "password": password, "csrf": csrf_of(client, "/login")},
                       headers=headers).status_code


def test_wrong_passwords_from_a_stranger_do_not_lock_the_officer_out(tmp_path):
    from tests.test_web import PASSWORD

    app, client = web_client(tmp_path, trusted=["testclient"])
    with client:
        assert try_sign_in(client, PASSWORD, "10.0.0.1") == 303  # the officer, from her office
        client.cookies.clear()
        for n in range(30):  # a stranger, from many addresses
            assert try_sign_in(client, "guess", f"198.51.100.{n}") in (401, 429)
        assert try_sign_in(client, "guess", "198.51.100.99") == 429  # slowed down for the name
        assert try_sign_in(client, PASSWORD, "10.0.0.1") == 303  # the officer still gets in
    app.db.dispose()


def test_x_forwarded_for_counts_only_from_a_named_proxy(tmp_path):
    """`intake serve` itself, through a real socket: a rotating X-Forwarded-For from an
    address that is no named proxy does not reset the per-address limit."""
    import re
    import socket

    import httpx

    from tests.test_web import make_app

    app = make_app(tmp_path)
    app.db.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = intake_env(f"maildir:{tmp_path}/mailbox", f"maildir:{tmp_path}/outbox", f"sqlite:///{tmp_path}/intake.db",
                     INTAKE_SECRET_KEY="test-secret")
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/healthz", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "intake serve did not start"
                time.sleep(0.2)
        codes = []
        with httpx.Client(base_url=base, timeout=10) as client:
            for n in range(25):  # other names each time: only the per-address limit can stop it
                token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
                r = client.post("/login", data={"name": f"user{n}", "password": "guess", "csrf": token},
                                headers={"X-Forwarded-For": f"203.0.113.{n}"})
                codes.append(r.status_code)
    finally:
        server.terminate()
        server.wait(10)
    assert codes[:20] == [401] * 20 and codes[20:] == [429] * 5, codes


def test_health_shows_no_counts_without_sign_in_and_the_cookie_is_secure_over_https(tmp_path):
    from tests.test_web import PASSWORD

    app, client = web_client(tmp_path, https=True)
    with client:
        assert client.get("/healthz").json() == {"ok": True, "problems": []}
        r = client.post("/login", data={"name": "ana", "password": PASSWORD,
                                         "csrf": __import__("tests.test_web").test_web.csrf_of(client, "/login")})
        assert r.status_code == 303
        assert "secure" in r.headers["set-cookie"].lower()
        assert "queued" in client.get("/healthz").json()
    app.db.dispose()
    app, client = web_client(tmp_path / "plain")
    with client:
        r = client.get("/login")
        assert "secure" not in r.headers.get("set-cookie", "").lower()
    app.db.dispose()


def test_an_attachment_name_with_bidi_controls_is_shown_as_it_is():
    from bot.view import build

    raw = with_attachment(b"MZ" + b"\0" * 100, "letter\u202efdp.exe", "application/octet-stream")
    parsed = read_message(raw, ReadOptions.for_meeting(MEETING))
    assert parsed.attachments[0].filename == "letterfdp.exe"
    shown = build(parsed, MEETING, parsed.message_id, None)["attachments"][0]["filename"]
    assert "\u202e" not in shown and shown == "letterfdp.exe"


def test_several_pdf_bombs_in_one_message_end_in_review_within_the_reading_time_of_one_message(tmp_path):
    from soak.corpus import _pdf_bomb

    limits = MEETING.limits.model_copy(update={"document_seconds": 8.0, "ocr_seconds": 2.0})
    meeting = MEETING.model_copy(update={"limits": limits})
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    box = MaildirMailbox(tmp_path / "mailbox")
    worker = Worker(meeting=meeting, states=STATES, db=db, mailbox=box, transport=MaildirTransport(tmp_path / "outbox"))
    bomb = _pdf_bomb()
    m = EmailMessage()
    m["From"] = "Desk <desk8@labour.gov.tt>"
    m["To"] = "sectoral-meetings@ilo.test"
    m["Subject"] = "Nomination"
    m["Message-ID"] = "<bombs@labour.gov.tt>"
    m.set_content("The Government of Trinidad and Tobago nominates as its representative:\n\n"
                  "Representative: Mr Person Number8\nTitle: Director of Labour\nE-mail: person8@labour.gov.tt\n"
                  "Attendance: in person\n\nPlease find the letters attached.\n")
    for n in range(3):
        m.add_attachment(bomb, maintype="application", subtype="pdf", filename=f"letter{n}.pdf")
    deliver_to_maildir(box.path, m.as_bytes())
    try:
        started = time.monotonic()
        worker.drain()
        elapsed = time.monotonic() - started
        with db.session() as s:
            row = s.scalar(select(Inbound))
            replies = s.scalars(select(Outbox)).all()
    finally:
        worker.analyser.close()
        db.dispose()
    assert row.status == "review" and replies == []
    assert any(r.startswith(("attachment", "over_budget", "ocr")) for r in row.reasons), row.reasons
    # The documents' and the OCR's time are the message's, not each attachment's.
    assert elapsed < limits.document_seconds + limits.ocr_seconds + 10, elapsed  # was 3 x 8 s + 2 s


def test_the_review_page_shows_mail_nested_a_thousand_levels_by_its_headers_alone():
    from bot.view import build
    from bot.web.message import view

    head = "From: Desk <desk@labour.gov.tt>\nSubject: Deep\nMessage-ID: <deep2@labour.gov.tt>\nMIME-Version: 1.0\n"
    body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(3_000))
    raw = (head + body + "Content-Type: text/plain\n\nhello\n").encode()
    started = time.monotonic()
    parsed = read_message(raw, ReadOptions.for_meeting(MEETING))
    stored = build(parsed, MEETING, parsed.message_id, None)
    v = view(Inbound(raw=raw, view=stored))
    assert time.monotonic() - started < 2
    assert ("Subject", "Deep") in v.headers and "too_deep" in v.problem and v.attachments == []
    assert v.text.startswith("From: Desk")  # the raw text, for a person to read



def _word_file(edit=None) -> bytes:
    """A two-section Word file with first-page, default and even-page headers and footers;
    `edit(name, data)` may change or drop (None) a member of its zip."""
    import io
    import zipfile

    import docx
    from docx.enum.section import WD_SECTION

    doc = docx.Document()
    first = doc.sections[0]
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "First page header"
    first.header.paragraphs[0].text = "Ministry of Labour"
    first.footer.paragraphs[0].text = "Page footer"
    doc.add_paragraph("Nomination of Ms Ana Reyes")
    table = doc.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "Name"
    table.cell(0, 2).text = "Role"
    second = doc.add_section(WD_SECTION.NEW_PAGE)
    second.even_page_footer.paragraphs[0].text = "Even footer"
    doc.add_paragraph("Annex")
    buf = io.BytesIO()
    doc.save(buf)
    if edit is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = edit(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
    return out.getvalue()


def test_a_word_file_gives_its_headers_body_and_footers_in_section_order():
    from bot.reading import documents

    assert documents.docx_text(_word_file()) == (
        "First page header\n\nMinistry of Labour\n\nNomination of Ms Ana Reyes\nName |  | Role\n\nAnnex"
        "\n\nPage footer\n\nEven footer")


@pytest.mark.parametrize("edit", [
    lambda n, b: b.replace(b"document.main+xml", b"document.macroEnabled.main+xml") if n == "[Content_Types].xml" else b,
    lambda n, b: None if n == "word/header2.xml" else b,  # a relationship to a part that is not there
    lambda n, b: None if n == "[Content_Types].xml" else b,
], ids=["macro-enabled", "missing-part", "no-content-types"])
def test_a_word_package_that_is_refused_is_read_by_the_crude_reader(edit):
    from bot.reading import documents

    data = _word_file(edit)
    with pytest.raises((KeyError, ValueError)):
        documents.docx_text(data)
    assert documents.docx_text_fallback(data) == "Nomination of Ms Ana Reyes\nName\nRole\n\nAnnex"


def test_pdfs_read_in_several_threads_at_once_give_the_text_read_alone():
    """PDFium must not be called from two threads at once: the reader takes turns."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.reading import documents

    data = (ROOT / "tests/fixtures/docs/letter-text-layer.pdf").read_bytes()
    alone = documents.pdf_text(data, 200_000)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: documents.pdf_text(data, 200_000), range(16)))
    assert alone.text and all(result == alone for result in together)


def test_a_pdf_pdfium_refuses_is_read_by_pypdf(monkeypatch):
    import pypdfium2

    from bot.reading import documents

    data = (ROOT / "tests/fixtures/docs/letter-text-layer.pdf").read_bytes()
    read = documents.pdf_text(data, 200_000)

    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("refused")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    by_pypdf = documents.pdf_text(data, 200_000)
    assert by_pypdf.pages == read.pages and not by_pypdf.error
    assert by_pypdf.text.split() == read.text.split()


def test_the_reading_children_give_way_to_the_worker_for_a_core():
    analyser = Analyser(MEETING, STATES)
    try:
        analyser.prepare(1)
        child = analyser._idle[0].process
        # It reads (the analysis comes back from it), and it has done so at a lower priority.
        assert analyser.analyse(nomination(5)).result.kind == "nomination"
        assert analyser._idle[0].process is child
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + READER_NICENESS)
    finally:
        analyser.close()


def _hold_a_slot(slots, go, deadline_s: float, out) -> None:  # type: ignore[no-untyped-def]
    """In a forked process: when told to, take a slot (within `deadline_s`), say whether it
    got one, and keep it until killed."""
    go.wait(10)
    got = slots.acquire(time.monotonic() + deadline_s)
    out.put(got is not None)
    time.sleep(600)


def test_one_ocr_per_core_holds_across_the_reading_children_and_a_killed_child_keeps_no_slot():
    import multiprocessing

    from bot.reading.ocr import _Slots

    ctx = multiprocessing.get_context("fork")
    slots = _Slots(1)
    slots.share()  # as the worker does before it forks its readers
    out = ctx.Queue()
    # Forked with every slot free, as the readers are.
    go_wait, go_hold = ctx.Event(), ctx.Event()
    waiting = ctx.Process(target=_hold_a_slot, args=(slots, go_wait, 0.5, out), daemon=True)
    holder = ctx.Process(target=_hold_a_slot, args=(slots, go_hold, 5, out), daemon=True)
    waiting.start()
    holder.start()
    try:
        # Another process cannot take the one slot while this one holds it...
        mine = slots.acquire(time.monotonic() + 1)
        assert mine is not None and mine >= 0
        go_wait.set()
        assert out.get(timeout=10) is False
        slots.release(mine)
        # ... and takes it once it is free; killed while holding it, it gives it back.
        go_hold.set()
        assert out.get(timeout=10) is True
        assert slots.acquire(time.monotonic() + 0.3) is None
        holder.kill()
        holder.join(5)
        again = slots.acquire(time.monotonic() + 2)
        assert again is not None and again >= 0
        slots.release(again)
    finally:
        for p in (waiting, holder):
            p.kill()
            p.join(5)
