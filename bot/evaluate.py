"""`make eval`: score every labelled set given, with the corpus README's rules, one table.

usage: python -m bot.evaluate DIR [DIR ...]   (each DIR: messages/ + labels/, or .eml beside .json)

A folder of messages without labels (other projects' real-world mail, none of it a
nomination) is checked instead: each must be read without an error and none may be
answered automatically.
Exits 1 when a set has a wrong automatic confirmation, a crash, or an unlabelled message
that would be answered.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.analyse import analyse_file
from bot.meeting import load_meeting
from bot.scoring import DOC_FIELDS, PERSON_FIELDS, SetScore, f1, gold_of, labelled


def score_set(directory: Path, meeting, states) -> SetScore:
    score = SetScore(name=str(directory))
    started = time.perf_counter()
    for stem, message, label in labelled(directory):
        score.add(stem, analyse_file(message, meeting, states), gold_of(label))
    score.seconds = time.perf_counter() - started
    return score


ANSWERED = ("confirm", "request_missing")


def check_unlabelled(directory: Path, meeting, states) -> tuple[int, list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(messages, those read with an error, those the bot would answer) of a folder of .eml
    files that are no nominations."""
    crashed: list[str] = []
    answered: list[str] = []
    paths = sorted(directory.glob("*.eml"))
    for path in paths:
        out = analyse_file(path, meeting, states)
        if "error" in out:
            crashed.append(path.stem)
        elif out.get("decision") in ANSWERED:
            answered.append(f"{path.stem} ({out['decision']})")
    return len(paths), crashed, answered


def table(scores: list[SetScore]) -> str:
    rows = [("set", "messages", "micro-F1", "wrong confirmations", "automation", "crashed", "seconds")]
    for s in scores:
        rows.append((s.name, str(s.messages), f"{s.micro_f1:.3f}", str(len(s.wrong_confirms)), f"{s.automation:.3f}",
                     str(len(s.crashed)), f"{s.seconds:.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def detail(s: SetScore) -> str:
    fields = "  ".join(f"{f} {f1({f: s.counts[f]}):.3f}" for f in PERSON_FIELDS)
    docs = "  ".join(f"{f} {s.doc_right[f] / max(s.messages, 1):.3f}" for f in DOC_FIELDS)
    out = [f"{s.name}: fields F1 {fields}", f"{' ' * len(s.name)}  documents {docs}"]
    if s.wrong_confirms:
        out.append(f"{' ' * len(s.name)}  wrong confirmations: {', '.join(s.wrong_confirms)}")
    if s.crashed:
        out.append(f"{' ' * len(s.name)}  crashed: {', '.join(s.crashed)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    from bot.log import configure
    from bot.states import load_states

    configure(level="WARNING", file=sys.stderr)
    dirs = [Path(a) for a in (argv if argv is not None else sys.argv[1:])]
    meeting, states = load_meeting("config/meeting.yaml"), load_states()
    scores: list[SetScore] = []
    unlabelled: list[Path] = []
    missing: list[str] = []
    for d in dirs:
        if d.is_dir() and labelled(d):
            scores.append(score_set(d, meeting, states))
        elif d.is_dir() and any(d.glob("*.eml")):
            unlabelled.append(d)
        else:
            missing.append(str(d))
    print(table(scores))
    print()
    for s in scores:
        print(detail(s))
    bad = any(s.wrong_confirms or s.crashed for s in scores)
    for d in unlabelled:
        count, crashed, answered = check_unlabelled(d, meeting, states)
        print(f"{d}: {count} unlabelled messages, {len(crashed)} read with an error, {len(answered)} would be answered"
              + "".join(f"\n  read with an error: {x}" for x in crashed)
              + "".join(f"\n  would be answered: {x}" for x in answered))
        bad = bad or bool(crashed or answered)
    for d in missing:
        print(f"not scored (no messages there): {d}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
