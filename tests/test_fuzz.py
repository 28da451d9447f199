"""Hypothesis over reading and the whole pipeline: any bytes end processed, for review,
ignored or quarantined with a reason; the worker's isolation never lets one escape, and no
reply carries a header the message smuggled in."""
from __future__ import annotations

import base64
from datetime import datetime, timezone
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.db import Database
from bot.mailbox import Fetched
from bot.meeting import load_meeting
from bot.models import Inbound, Outbox
from bot.reading import ReadOptions, read_message
from bot.states import load_states
from bot.worker import Worker
from soak.corpus import seeds
from soak.fuzz import reply_header_problems

MEETING = load_meeting("config/meeting.yaml")
SEEDS = seeds()
_n = count()


class NoMailbox:
    name = "fuzz"

    def ack(self, key: str, folder: str) -> None:
        return None

    def close(self) -> None:
        return None


@pytest.fixture(scope="module")
def worker(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'intake.db'}")
    yield Worker(meeting=MEETING, states=load_states(), db=db, mailbox=NoMailbox(), transport=None)  # type: ignore[arg-type]
    db.dispose()


def process(worker: Worker, raw: bytes) -> Inbound | None:
    n = next(_n)
    worker.store([Fetched(key=f"1:{n}", raw=raw, uidvalidity=1, uid=n, received_at=datetime.now(timezone.utc))])
    with worker.db.session() as s:
        row = s.scalar(select(Inbound).where(Inbound.uid == n))
    if row is None:
        return None  # the very same message was seen before: filed like the first copy
    for _ in range(MEETING.max_attempts + 1):
        worker.process_one(row.id)
    with worker.db.session() as s:
        row = s.get(Inbound, row.id)
        outs = s.scalars(select(Outbox.raw).where(Outbox.inbound_id == row.id)).all()
    assert row.status in ("processed", "review", "ignored", "quarantined"), row.status
    if row.status == "quarantined":
        assert row.last_error
    for raw_reply in outs:
        assert reply_header_problems(raw_reply) == []
    return row


nasty_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80) | st.sampled_from(
    ["Evil\r\nBcc: victim@attacker.test", "a\nX-Injected: 1", "\r\n\r\n", "=?utf-8?b?RXZpbA0KQmNjOiB4QHk=?="])


@st.composite
def messages(draw) -> bytes:  # type: ignore[no-untyped-def]
    """A nomination-like message whose names, subject and parts come from Hypothesis."""
    name, subject, org = draw(nasty_text), draw(nasty_text), draw(nasty_text)
    encoded = base64.b64encode(name.encode("utf-8", "surrogatepass")).decode()
    head = (f"From: =?utf-8?b?{encoded}?= <desk{draw(st.integers(0, 9))}@labour.gov.tt>\r\n"
            f"Subject: {subject.replace(chr(13), ' ').replace(chr(10), ' ')}\r\n"
            f"Message-ID: <fuzz-{next(_n)}@labour.gov.tt>\r\nMIME-Version: 1.0\r\n")
    body = (f"The Government of {draw(st.sampled_from(['Trinidad and Tobago', 'Chile', org]))} nominates\r\n"
            f"Representative: Mr {name}\r\nE-mail: {draw(nasty_text)}@labour.gov.tt\r\nAttendance: in person\r\n")
    ctype = draw(st.sampled_from(["text/plain; charset=utf-8", "text/html; charset=x-bogus", "text/plain; charset=utf-7",
                                  "multipart/mixed; boundary=zz", "application/pdf"]))
    return (head + f"Content-Type: {ctype}\r\n\r\n").encode() + body.encode("utf-8", "surrogatepass") + \
        draw(st.binary(max_size=200))


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=4000))
def test_reading_never_raises_on_any_bytes(raw: bytes) -> None:
    read_message(raw, ReadOptions.for_meeting(MEETING))


@FAST
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=30))
def test_damaged_fixtures_end_processed_or_quarantined(worker, seed: bytes, edits) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(seed)
    for pos, byte in edits:
        data[pos % len(data)] = byte
    process(worker, bytes(data))


@FAST
@given(messages())
def test_hostile_names_and_subjects_never_reach_a_reply_header(worker, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    process(worker, raw)


def test_a_name_with_cr_lf_in_a_complete_nomination_does_not_inject_a_header(worker) -> None:  # type: ignore[no-untyped-def]
    def enc(text: bytes) -> bytes:
        return b"=?utf-8?b?" + base64.b64encode(text) + b"?="

    raw = (b"From: " + enc(b"Desk\r\nBcc: victim@attacker.test") + b" <desk@labour.gov.cl>\r\n"
           b"To: sectoral-meetings@ilo.test\r\nSubject: " + enc(b"Nomination\r\nX-Injected: yes") + b"\r\n"
           b"Message-ID: <inject-1@labour.gov.cl>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"The Government of Chile is pleased to nominate as its representative:\r\n\r\n"
           b"Representative: Mr Evil\rBcc: victim@attacker.test\r\nTitle: Director of Labour\r\n"
           b"E-mail: evil@labour.gov.cl\r\nAttendance: in person\r\n")
    row = process(worker, raw)
    assert row is not None and row.status != "quarantined", row.last_error
