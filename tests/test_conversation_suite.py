"""The conversations we keep (tests/conversations.py), each over Dovecot and SMTP: after
every message the replies sent (none twice), the export and the history are checked, and
running the worker again changes nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Delegation, Event, Inbound, Outbox
from tests.conversations import CONVERSATIONS, Conv, message_id
from tests.test_conversation import scenario  # noqa: F401  (the fixture)


def run(scenario, conv: Conv) -> None:  # noqa: F811
    sent: list = []
    for n, step in enumerate(conv.steps, 1):
        where = f"{conv.name}, message {n}"
        raw = step.message(sent)
        replies = scenario.send(raw)
        sent.extend(replies)
        mid = message_id(raw)
        with scenario.db.session() as s:
            row = s.scalar(select(Inbound).where(Inbound.message_id == mid))
            assert row is not None, where
            templates = [o.template for o in s.scalars(select(Outbox).where(Outbox.inbound_id == row.id).order_by(Outbox.id))]
            d = s.scalar(select(Delegation).where(Delegation.key == conv.state))
            events = s.scalars(select(Event).where(Event.delegation_id == d.id).order_by(Event.id)).all() if d else []
            mine = [e for e in events if e.inbound_id == row.id]
            assert row.status == step.status, f"{where}: {row.status} {row.reasons}"
            for reason in step.reasons:
                assert reason in (row.reasons or []), f"{where}: {reason} not in {row.reasons}"
            assert templates == step.replies, f"{where}: {templates} {row.reasons}"
            assert len(replies) == len(step.replies), where
            if step.delegation:
                assert d.status == step.delegation, f"{where}: {d.status}"
            if step.event:
                assert events[-1].action == step.event, f"{where}: {[e.action for e in events]}"
            told = [(o["op"], o.get("person") or o.get("new")) for e in mine for o in (e.detail or {}).get("operations", [])]
            for change in step.changes:
                assert change in told, f"{where}: {change} not in {told}"
            if any(e.detail and "operations" in e.detail for e in mine):
                story = next(e.detail for e in mine if e.detail and "operations" in e.detail)
                # The summary before and after shows who takes part and how; other fields change
                # in the operations themselves (before → after).
                assert story["before"] != story["after"] or all(
                    o["op"] == "keep" or o.get("field") in ("title", "email", "gender") for o in story["operations"])
        ids = [m["Message-ID"] for m in scenario.smtp.messages]
        assert len(ids) == len(set(ids)), f"{where}: a reply went twice"
        rows = [(r["role"], r["name"], r["attendance"] or None) for r in scenario.export() if r["member_state"] == conv.state]
        assert sorted(rows) == sorted(step.export), f"{where}: {rows}"
        scenario.rerun_changes_nothing()


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c.name for c in CONVERSATIONS])
def test_conversation(scenario, conv):  # noqa: F811
    run(scenario, conv)


def test_we_keep_enough_conversations_in_three_languages():
    names = [c.name for c in CONVERSATIONS]
    assert len(names) == len(set(names)) >= 25
    for lang in ("en", "fr", "es"):
        assert sum(n.startswith(lang + "-") for n in names) >= 7
    assert all(2 <= len(c.steps) <= 5 for c in CONVERSATIONS)


# -- the two conversations of tests/fixtures/scenarios (README there) -------------------------

def _scenario_file(name: str) -> bytes:
    from tests.intake_helpers import fixture

    return fixture("scenarios", name).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_nepal_incomplete_answered_then_a_free_mail_change_is_held(scenario):  # noqa: F811
    first = scenario.send(_scenario_file("np-1-incomplete.eml"))
    assert len(first) == 1 and first[0]["Content-Language"] == "en"
    assert "e-mail address" in first[0].get_content()
    assert [(r["name"], r["email"], r["status"]) for r in scenario.export()] == [("Bishnu Prasad Adhikari", "", "pending")]
    ours = first[0]
    quoted = "\n".join("> " + line for line in ours.get_content().splitlines())
    answer = _scenario_file("np-2-answer.eml").decode().replace("{OUR_ID}", ours["Message-ID"]).replace(
        "{OUR_SUBJECT}", str(ours["Subject"])).replace("{QUOTED}", quoted.replace("\n", "\r\n"))
    second = scenario.send(answer.encode())
    assert len(second) == 1 and second[0]["Subject"].startswith("Nomination recorded")
    assert [(r["name"], r["email"], r["status"]) for r in scenario.export()] == [
        ("Bishnu Prasad Adhikari", "bishnu.adhikari@moless.gov.np", "confirmed")]
    assert scenario.send(_scenario_file("np-3-foreign-amendment.eml")) == []
    held = scenario.inbound("<CAF8x-np-0003@mail.gmail.com>")
    assert held.status == "review"
    assert [(r["name"], r["status"]) for r in scenario.export()] == [("Bishnu Prasad Adhikari", "confirmed")]
    scenario.rerun_changes_nothing()


def test_uruguay_duplicate_amendment_and_an_adviser_withdrawn(scenario):  # noqa: F811
    assert len(scenario.send(_scenario_file("uy-1-nomination.eml"))) == 1
    assert sorted((r["role"], r["name"]) for r in scenario.export()) == [
        ("adviser", "Martín Suárez Benítez"), ("representative", "María Fernanda Olivera Sosa")]
    again = scenario.send(_scenario_file("uy-2-duplicate-from-mission.eml"))
    assert len(again) == 1 and again[0]["Subject"].startswith("Designación ya registrada")
    assert len(scenario.export()) == 2
    changed = scenario.send(_scenario_file("uy-3-same-domain-amendment.eml"))
    assert len(changed) == 1
    assert {r["name"]: r["attendance"] for r in scenario.export()} == {
        "María Fernanda Olivera Sosa": "in_person", "Martín Suárez Benítez": "in_person"}
    withdrawn = scenario.send(_scenario_file("uy-4-withdraw-adviser.eml"))
    assert len(withdrawn) == 1 and "Martín Suárez Benítez" not in withdrawn[0].get_content()
    assert [(r["role"], r["name"], r["status"]) for r in scenario.export()] == [
        ("representative", "María Fernanda Olivera Sosa", "confirmed")]
    d = scenario.delegation("UY")
    assert ("adviser", "Martín Suárez Benítez", "msuarez@mrree.gub.uy", "in_person", "withdrawn") in d["people"]
    scenario.rerun_changes_nothing()
