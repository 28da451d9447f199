"""Conversations written blind (tests/fixtures/blind_conversations and blind_conversations2, see
their READMEs): by a hand
that had not seen the readers' code, held out, and measured before any change for them. Each
runs over Dovecot and SMTP, message after message; after each one the reply the bot sent on
its own (or none), whether the message waits for a person, and the State's participants (who,
in which role, attending how, at which address) must be what the set's expected.json says.
"""
from __future__ import annotations

import json
from email import message_from_bytes
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import gate
from bot.models import Inbound, Outbox
from tests.test_conversation import scenario  # noqa: F401  (the fixture)

FIXTURES = Path(__file__).parent / "fixtures"
SETS = ("blind_conversations", "blind_conversations2", "blind_conversations3", "blind_conversations4")
# "set/conversation" for every conversation of every set.
CONVERSATIONS = sorted(f"{name}/{p.name}" for name in SETS if (FIXTURES / name).exists()
                       for p in (FIXTURES / name).iterdir() if (p / "expected.json").exists())
# What a reply the bot sends on its own is, by its template.
KIND = {"confirm": "confirm", "already_recorded": "acknowledge", "withdrawal": "confirm",
        "request_missing": "request_missing"}


def fill(text: str, ours) -> str:  # type: ignore[no-untyped-def]
    """The placeholders of a message that answers our last reply: its Message-ID, its subject
    and its text quoted."""
    if ours is None:
        return text
    quoted = "\n".join("> " + line for line in ours.get_content().splitlines())
    return (text.replace("{OUR_ID}", ours["Message-ID"]).replace("{OUR_SUBJECT}", str(ours["Subject"]))
            .replace("{QUOTED}", quoted))


def norm(value: str | None) -> str:
    return " ".join((value or "").casefold().split())


def run(scenario, name: str) -> list[str]:  # noqa: F811
    """What differs from the expectation, step by step (empty: all as expected)."""
    folder = FIXTURES / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    state = expected["state"]
    sent: list = []
    wrong: list[str] = []
    last_date = None
    for step in expected["steps"]:
        where = f"{name} {step['file']}"
        text = (folder / step["file"]).read_bytes().decode("utf-8")
        ours = next((m for m in reversed(sent) if m is not None), None)
        raw = fill(text, ours).replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        # The steps come as far apart as their Date headers say (days, mostly), not seconds: the
        # replies already queued are aged by as much, so that the hourly limit of replies to
        # one address counts them as it would.
        date = parsedate_to_datetime(str(message_from_bytes(raw)["Date"]))
        if last_date is not None and date > last_date:
            with scenario.db.session() as s, s.begin():
                for o in s.scalars(select(Outbox)):
                    o.created_at -= date - last_date
        last_date = date
        with scenario.db.session() as s:
            before = s.scalar(select(func.max(Outbox.id))) or 0
        replies = scenario.send(raw)
        sent.extend(replies)
        mid = str(message_from_bytes(raw)["Message-ID"]).strip()
        with scenario.db.session() as s:
            # (a message delivered again under the same Message-ID is filed beside the first)
            row = s.scalar(select(Inbound).where(Inbound.message_id == mid).order_by(Inbound.id.desc()).limit(1))
            if row is None:
                wrong.append(f"{where}: not recorded")
                continue
            # The replies this step queued, whatever message they answer.
            templates = [o.template for o in s.scalars(select(Outbox).where(Outbox.id > before).order_by(Outbox.id))]
            status, reasons = row.status, row.reasons
        kinds = [KIND.get(t, t) for t in templates]
        want = [] if step["reply"] == "none" else [step["reply"]]
        if kinds != want:
            wrong.append(f"{where}: replied {templates}, expected {want} ({status} {reasons})")
        held = status == "review"
        if held != step["held_for_review"]:
            wrong.append(f"{where}: status {status} {reasons}, expected held_for_review={step['held_for_review']}")
        listed = sorted((r["role"], norm(r["name"]), r["attendance"] or None, norm(r["email"]) or None)
                        for r in scenario.export() if r["member_state"] == state)
        expect = sorted((p[0], norm(p[1]), p[2], norm(p[3]) or None) for p in step["participants_after"])
        # The sets leave titles out; whatever is recorded still reads as a post.
        for r in scenario.export():
            if r["member_state"] == state and r["title"] and gate.value_doubt("title", r["title"]):
                wrong.append(f"{where}: {r['name']}'s title recorded as {r['title']!r}")
        if listed != expect:
            wrong.append(f"{where}: listed {listed}, expected {expect}")
    return wrong


# Where the bot still falls short of the expectation, and how. In each the message in question
# waits for a person with the reason given (nothing wrong is applied or confirmed): the bot
# is more careful than the set asks, and the set keeps the step as it should be. Strict: a
# conversation that comes out right fails here until it is taken off this list.
SHORT = {
    "blind_conversations2/03-zm-withdrawal-then-renomination": "a complete new nomination after the delegation's withdrawal, forwarded, waits for a person (amendment_without_nomination); the set expects it confirmed, and says holding it is defensible",
    "blind_conversations3/09-bo-conditional-remote-then-no-change": "'la visa fue emitida ... No hay cambios en la delegación': read as an inquiry, held",
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=SHORT[n], strict=True)) if n in SHORT
                                  else n for n in CONVERSATIONS])
def test_blind_conversation(scenario, name):  # noqa: F811
    wrong = run(scenario, name)
    assert not wrong, "\n".join(wrong)
