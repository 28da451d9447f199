"""`make eval`: score every labelled set given, with the corpus README's rules, one table.

usage: python -m bot.evaluate DIR [DIR ...]   (each DIR: messages/ + labels/, or .eml beside .json)
Exits 1 when a set has a wrong automatic confirmation or a crash.
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
    scores = [score_set(d, meeting, states) for d in dirs if d.is_dir() and labelled(d)]
    missing = [str(d) for d in dirs if not (d.is_dir() and labelled(d))]
    print(table(scores))
    print()
    for s in scores:
        print(detail(s))
    for d in missing:
        print(f"not scored (no labelled messages there): {d}")
    return 1 if any(s.wrong_confirms or s.crashed for s in scores) else 0


if __name__ == "__main__":
    sys.exit(main())
