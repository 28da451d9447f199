"""Scoring a labelled set of messages, with the rules of the corpus README.

Participants are paired by name similarity, then by role in order; names and addresses
are compared after NFC, case folding and whitespace collapsing, titles by token-set
similarity of at least 85, the rest exactly. A wrong confirmation is a message the bot
would confirm although a field, the decision or the member State is wrong. Automation is
the share of messages that need no person (labelled confirm, request_missing or ignore)
that the bot settles right.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

PERSON_FIELDS = ("role", "name", "title", "email", "attendance", "gender")
SAFETY_FIELDS = ("role", "name", "title", "email", "attendance")
DOC_FIELDS = ("kind", "language", "member_state", "capacity", "decision")


def norm(s):
    if s is None:
        return None
    return " ".join(unicodedata.normalize("NFC", str(s)).casefold().split())


def same(field_name: str, p, g) -> bool:
    if p is None or g is None:
        return p is None and g is None
    if field_name == "title":
        return fuzz.token_set_ratio(norm(p), norm(g)) >= 85
    if field_name in ("name", "email", "organization"):
        return norm(p) == norm(g)
    return p == g


def pair(preds: list[dict], golds: list[dict]):
    """Pair predicted with labelled participants: by name similarity, then by role in order."""
    pairs, free_p, free_g = [], list(range(len(preds))), list(range(len(golds)))
    scored = sorted(((fuzz.ratio(norm(p["name"]), norm(g["name"])), i, j)
                     for i, p in enumerate(preds) for j, g in enumerate(golds) if p.get("name") and g.get("name")),
                    reverse=True)
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
    """Add one message's field counts (tp, fp, fn) to `counts`; return what matters for safety."""
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
    automated = None
    if gold.get("decision") in ("confirm", "request_missing", "ignore"):
        automated = decision_ok
        if gold["decision"] == "confirm":
            automated = automated and record_ok
        if gold["decision"] == "request_missing":
            automated = automated and set(pred.get("missing") or []) == set(gold.get("missing") or [])
    return {"wrong_confirm": pred.get("decision") == "confirm" and not (decision_ok and record_ok),
            "decision_ok": decision_ok, "record_ok": record_ok, "automated": automated}


def f1(counts: dict) -> float:
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SetScore:
    name: str
    messages: int = 0
    wrong_confirms: list[str] = field(default_factory=list)
    automated: int = 0
    automatable: int = 0
    crashed: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {f: [0, 0, 0] for f in PERSON_FIELDS})
    doc_right: dict = field(default_factory=lambda: {f: 0 for f in DOC_FIELDS})
    seconds: float = 0.0

    @property
    def micro_f1(self) -> float:
        return f1(self.counts)

    @property
    def automation(self) -> float:
        return self.automated / self.automatable if self.automatable else 1.0

    def add(self, stem: str, pred: dict, gold: dict) -> None:
        self.messages += 1
        if "error" in pred:
            self.crashed.append(stem)
        for f in DOC_FIELDS:
            self.doc_right[f] += pred.get(f) == gold.get(f)
        out = compare(pred, gold, self.counts)
        if out["wrong_confirm"]:
            self.wrong_confirms.append(stem)
        if out["automated"] is not None:
            self.automatable += 1
            self.automated += bool(out["automated"])


def labelled(directory: Path) -> list[tuple[str, Path, Path]]:
    """(stem, message, label) of a set: DIR/messages/*.eml with DIR/labels/*.json, or both side by side."""
    if (directory / "messages").is_dir() and (directory / "labels").is_dir():
        pairs = [(p.stem, p, directory / "labels" / f"{p.stem}.json") for p in sorted((directory / "messages").glob("*.eml"))]
    else:
        pairs = [(p.stem, p, p.with_suffix(".json")) for p in sorted(directory.glob("*.eml"))]
    return [(stem, msg, label) for stem, msg, label in pairs if label.exists()]


def gold_of(label: Path) -> dict:
    return json.loads(label.read_text(encoding="utf-8"))
