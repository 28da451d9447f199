"""Labelled mail of the project's own, beyond the shared corpus: tests/fixtures/unseen
(58 messages, see make_unseen.py there) and tests/fixtures/unseen2 (40 messages written by
a second, independent hand: notes verbales, one-sentence letters, lists, HTML tables,
forwards, trilingual disclaimers, deadline edge cases in other time zones).

Scored with the rules of the shared corpus (participants paired by name, then by role;
names and addresses compared after NFC, case folding and whitespace collapsing; titles by
token-set similarity >= 85), written out here so that the suite stands on its own.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bot.analyse import analyse
from bot.meeting import load_meeting
from bot.states import load_states

FIXTURES = Path(__file__).parent / "fixtures"
SETS = ("unseen", "unseen2")
PERSON_FIELDS = ("role", "name", "title", "email", "attendance", "gender")
SAFETY_FIELDS = ("role", "name", "title", "email", "attendance")
STEMS = {name: sorted(p.stem for p in (FIXTURES / name).glob("*.eml")) for name in SETS}
ALL = [(name, stem) for name in SETS for stem in STEMS[name]]


def norm(s):
    if s is None:
        return None
    return " ".join(unicodedata.normalize("NFC", str(s)).casefold().split())


def same(field, p, g):
    if p is None or g is None:
        return p is None and g is None
    if field == "title":
        return fuzz.token_set_ratio(norm(p), norm(g)) >= 85
    if field in ("name", "email"):
        return norm(p) == norm(g)
    return p == g


def pair(preds, golds):
    pairs, free_p, free_g = [], list(range(len(preds))), list(range(len(golds)))
    scored = sorted(((fuzz.ratio(norm(p["name"]), norm(g["name"])), i, j)
                     for i, p in enumerate(preds) for j, g in enumerate(golds) if p.get("name") and g.get("name")), reverse=True)
    for sim, i, j in scored:
        if sim >= 70 and i in free_p and j in free_g:
            pairs.append((i, j))
            free_p.remove(i)
            free_g.remove(j)
    for i in list(free_p):
        for j in list(free_g):
            if preds[i].get("role") == golds[j].get("role"):
                pairs.append((i, j))
                free_p.remove(i)
                free_g.remove(j)
                break
    return pairs, free_p, free_g


def compare(pred: dict, gold: dict, counts: dict) -> dict:
    """Add one message's field counts to `counts`; return what matters for safety."""
    pp, gp = pred.get("participants") or [], gold.get("participants") or []
    pairs, free_p, free_g = pair(pp, gp)
    person_ok = not free_p and not free_g
    for i, j in pairs:
        for f in PERSON_FIELDS:
            p, g = pp[i].get(f), gp[j].get(f)
            if g is not None:
                if same(f, p, g):
                    counts[f][0] += 1
                else:
                    counts[f][2] += 1
                    counts[f][1] += p is not None
            elif p is not None:
                counts[f][1] += 1
            if f in SAFETY_FIELDS and not same(f, p, g):
                person_ok = False
    for i in free_p:
        for f in PERSON_FIELDS:
            counts[f][1] += pp[i].get(f) is not None
    for j in free_g:
        for f in PERSON_FIELDS:
            counts[f][2] += gp[j].get(f) is not None
    decision_ok = pred.get("decision") == gold.get("decision")
    record_ok = person_ok and pred.get("member_state") == gold.get("member_state")
    return {"wrong_confirm": pred.get("decision") == "confirm" and not (decision_ok and record_ok),
            "decision_ok": decision_ok, "record_ok": record_ok}


@lru_cache(maxsize=2)
def predictions(name: str) -> dict[str, dict]:
    meeting, states = load_meeting("config/meeting.yaml"), load_states()
    return {stem: analyse((FIXTURES / name / f"{stem}.eml").read_bytes(), meeting, states).result.public()
            for stem in STEMS[name]}


@lru_cache(maxsize=256)
def gold(name: str, stem: str) -> dict:
    return json.loads((FIXTURES / name / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SETS)
def test_the_set_is_large_and_labelled(name):
    assert len(STEMS[name]) >= 40
    for stem in STEMS[name]:
        assert {"kind", "language", "member_state", "capacity", "participants", "decision"} <= set(gold(name, stem))


@pytest.mark.parametrize("name", SETS)
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


@pytest.mark.parametrize("name", SETS)
def test_field_micro_f1(name):
    counts = {f: [0, 0, 0] for f in PERSON_FIELDS}
    for stem in STEMS[name]:
        compare(predictions(name)[stem], gold(name, stem), counts)
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    assert f1 >= 0.9, {f: c for f, c in counts.items()}


@pytest.mark.parametrize("name", SETS)
def test_document_keys_mostly_right(name):
    keys = ("kind", "language", "member_state", "capacity", "decision")
    right = sum(predictions(name)[s].get(k) == gold(name, s).get(k) for s in STEMS[name] for k in keys)
    assert right / (len(STEMS[name]) * len(keys)) >= 0.9
