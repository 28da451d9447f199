"""`python -m bench.scans [--seed N] [--count N]`: how well the bot reads scanned letters.

The bench's generated scans (`bench/mailgen.py` `scanned_letters`: PNG scans at 150 dpi and
image-only PDFs of one to three pages, in English, French and Spanish, with invented
names, accents included) are read the way `intake extract` reads a message (OCR included,
two at a time), and each person's name, e-mail and title is checked against the line of
the letter it was drawn from: the name and the e-mail exactly (Unicode NFC, case folded,
as the corpus's score.py compares them), the title only for being there. A confirmation
that carries a wrong field is a wrong confirmation: the figure that matters.

Prints one line per letter that is not read right, then the totals, as JSON on the last
line. Needs Tesseract, pdftoppm and Pillow; seed 11 is the `make bench` set, others are
letters no rule was made from.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from bench import mailgen

# The letter's labels (bench/mailgen.py letter_lines) -> the field they give.
_ROLES = {"representative": "representative", "représentant": "representative", "representante": "representative",
          "adviser": "adviser", "conseiller": "adviser", "asesor": "adviser"}
_FIELDS = {"title": "title", "fonction": "title", "cargo": "title",
           "e-mail": "email", "courriel": "email", "correo electrónico": "email"}


def people(lines: list[str]) -> list[dict[str, str]]:
    """The people a generated letter names, with what it says of each."""
    out: list[dict[str, str]] = []
    for line in lines:
        label, colon, value = line.partition(":")
        label = label.strip().lower()
        if not colon:
            continue
        if label in _ROLES:
            out.append({"role": _ROLES[label], "name": value.strip()})
        elif out and label in _FIELDS:
            out[-1][_FIELDS[label]] = value.strip()
    return out


def _norm(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def _read(raw: bytes) -> dict:
    from bot.analyse import analyse
    from bot.app import App

    global _APP
    if "_APP" not in globals():
        _APP = App()
    return analyse(raw, _APP.meeting, _APP.states).result.public()


@contextlib.contextmanager
def _foreign_names() -> Iterator[None]:
    """The generator's letters all English, naming people with French and Spanish names
    (accents included: read with English first, Tesseract drops them), while it lasts."""
    first, last, pick = mailgen.FIRST["en"], mailgen.LAST["en"], mailgen._lang
    mailgen.FIRST["en"] = mailgen.FIRST["fr"][:5] + mailgen.FIRST["es"][:5]
    mailgen.LAST["en"] = mailgen.LAST["fr"][:5] + mailgen.LAST["es"][:5]
    mailgen._lang = lambda rng: (pick(rng), "en")[1]  # the same draws, so the same letters otherwise
    try:
        yield
    finally:
        mailgen.FIRST["en"], mailgen.LAST["en"], mailgen._lang = first, last, pick


def check(seed: int, count: int, foreign_names: bool = False) -> dict:
    with _foreign_names() if foreign_names else contextlib.nullcontext():
        letters = mailgen.scanned_letters(count, tag=f"scans{seed}", seed=seed)
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_read, [raw for raw, _, _ in letters]))
    right = wrong = confirmed = wrong_confirmed = 0
    for n, ((_, pages, lines), got) in enumerate(zip(letters, results)):
        by_role = {p.get("role"): p for p in got.get("participants") or []}
        bad = []
        for person in people(lines):
            read = by_role.get(person["role"], {})
            for f in ("name", "email", "title"):
                if f not in person:
                    continue
                ok = bool(read.get(f)) if f == "title" else _norm(read.get(f)) == _norm(person[f])
                right += ok
                wrong += not ok
                if not ok:
                    bad.append(f"{person['role']} {f} {read.get(f)!r} for {person[f]!r}")
        decision = got.get("decision")
        confirmed += decision == "confirm"
        wrong_confirmed += decision == "confirm" and bool(bad)
        if bad:
            print(f"{n:3d} {pages} page(s) {decision}: " + "; ".join(bad))
    return {"seed": seed, "letters": count, "foreign_names": foreign_names, "fields_right": right, "fields_wrong": wrong,
            "confirmed": confirmed, "wrong_confirmations": wrong_confirmed}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--foreign-names", action="store_true",
                   help="English letters naming people with French and Spanish names")
    args = p.parse_args(argv)
    why = mailgen.scans_available()
    if why:
        print(json.dumps({"skipped": why}))
        return 0
    print(json.dumps(check(args.seed, args.count, args.foreign_names)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
