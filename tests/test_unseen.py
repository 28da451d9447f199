"""Labelled mail of the project's own, beyond the shared corpus: tests/fixtures/unseen
(58 messages, see make_unseen.py there) and tests/fixtures/unseen2 (40 messages written by
a second, independent hand: notes verbales, one-sentence letters, lists, HTML tables,
forwards, trilingual disclaimers, deadline edge cases in other time zones) and
tests/fixtures/unseen3 (45 messages by a third hand that had not seen the readers' code:
held out, first measured before any change for it; see its README) and
tests/fixtures/unseen4 (45 messages by a fourth such hand, likewise) and tests/fixtures/unseen5
(45 by a fifth, held out until measured; some general rules were made from it since, the
README's table lists them: only the trust rules are asserted on it) and tests/fixtures/unseen6
(45 by a sixth, likewise).

Scored with the rules of the shared corpus (participants paired by name, then by role;
names and addresses compared after NFC, case folding and whitespace collapsing; titles by
token-set similarity >= 85), in bot/scoring.py, which `make eval` uses too.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from bot.analyse import analyse
from bot.meeting import load_meeting
from bot.scoring import PERSON_FIELDS, SetScore, compare, gold_of, labelled
from bot.states import load_states

FIXTURES = Path(__file__).parent / "fixtures"
SETS = ("unseen", "unseen2", "unseen3", "unseen4")
# Measured before any change for it (the README's table gives the figures, and the rules made
# from it since): only the trust rules hold for it (no wrong confirmation, government mail
# never ignored, noise never answered), not the tuned sets' thresholds of F1 and automation.
HELD_OUT = ("unseen5", "unseen6")
STEMS = {name: [stem for stem, _, _ in labelled(FIXTURES / name)] for name in SETS + HELD_OUT}
ALL = [(name, stem) for name in SETS + HELD_OUT for stem in STEMS[name]]


@lru_cache(maxsize=8)
def predictions(name: str) -> dict[str, dict]:
    meeting, states = load_meeting("config/meeting.yaml"), load_states()
    return {stem: analyse((FIXTURES / name / f"{stem}.eml").read_bytes(), meeting, states).result.public()
            for stem in STEMS[name]}


@lru_cache(maxsize=256)
def gold(name: str, stem: str) -> dict:
    return gold_of(FIXTURES / name / f"{stem}.json")


@pytest.mark.parametrize("name", SETS + HELD_OUT)
def test_the_set_is_large_and_labelled(name):
    assert len(STEMS[name]) >= 40
    for stem in STEMS[name]:
        assert {"kind", "language", "member_state", "capacity", "participants", "decision"} <= set(gold(name, stem))


@pytest.mark.parametrize("name", SETS + HELD_OUT)
def test_no_wrong_confirmation(name):
    wrong = [s for s in STEMS[name] if compare(predictions(name)[s], gold(name, s),
                                                {f: [0, 0, 0] for f in PERSON_FIELDS})["wrong_confirm"]]
    assert wrong == []


@pytest.mark.parametrize("name, stem", [(n, s) for n, s in ALL if gold(n, s)["member_state"] or gold(n, s)["organization"]])
def test_government_and_organization_mail_is_never_ignored(name, stem):
    assert predictions(name)[stem]["kind"] not in ("other", "auto_reply", "bounce")
    assert predictions(name)[stem]["decision"] != "ignore"


@pytest.mark.parametrize("name, stem", [(n, s) for n, s in ALL if gold(n, s)["decision"] == "ignore"])
def test_noise_is_never_answered(name, stem):
    assert predictions(name)[stem]["decision"] not in ("confirm", "request_missing")


def score(name: str) -> SetScore:
    out = SetScore(name=name)
    for stem in STEMS[name]:
        out.add(stem, predictions(name)[stem], gold(name, stem))
    return out


@pytest.mark.parametrize("name", SETS)
def test_field_micro_f1(name):
    s = score(name)
    assert s.micro_f1 >= 0.97, s.counts


@pytest.mark.parametrize("name", SETS)
def test_most_messages_need_no_person(name):
    assert score(name).automation >= 0.90


@pytest.mark.parametrize("name", SETS)
def test_document_keys_mostly_right(name):
    keys = ("kind", "language", "member_state", "capacity", "decision")
    right = sum(predictions(name)[s].get(k) == gold(name, s).get(k) for s in STEMS[name] for k in keys)
    assert right / (len(STEMS[name]) * len(keys)) >= 0.9
