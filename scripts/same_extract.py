"""Prove that a change left the reading untouched: `intake extract --json` on every message
file, with the code of a base revision and with the working tree, must be byte-identical.

    .venv/bin/python scripts/same_extract.py --base REV [DIR_OR_FILE ...]

Without paths it reads tests/fixtures and, when present beside the checkout, the shared
corpus, corpus2 and peer mails. The base revision is checked out in a temporary git
worktree and run with this checkout's virtual environment. Exit status 1 and a diff of the
first differing lines when anything differs.
"""
from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = ["tests/fixtures", "../shared/corpus", "../shared/corpus2", "../shared/peer-mails"]


def message_files(paths: list[str]) -> list[str]:
    found: list[str] = []
    for p in paths:
        path = (ROOT / p).resolve()
        if path.is_file():
            found.append(str(path))
        elif path.is_dir():
            found += sorted(str(f) for f in path.rglob("*.eml"))
    return found


def extract(code: Path, files: list[str]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONHASHSEED": "0"}
    out = subprocess.run([sys.executable, "-m", "bot.cli", "extract", "--json", *files], cwd=code, env=env,
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8").splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="git revision to compare the working tree against")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    files = message_files(args.paths or [d for d in DEFAULT_DIRS if (ROOT / d).exists()])
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            before = extract(base, files)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)
    after = extract(ROOT, files)
    if before == after:
        print(f"identical: {len(files)} messages, {len(after)} lines")
        return 0
    changed = [f for f, b, a in zip(files, before, after) if b != a]
    print(f"DIFFERENT: {len(changed)} of {len(files)} messages", file=sys.stderr)
    for name in changed[:10]:
        print(f"  {name}", file=sys.stderr)
    sys.stdout.writelines(list(difflib.unified_diff(before, after, "base", "work", lineterm="\n", n=0))[:40])
    return 1


if __name__ == "__main__":
    sys.exit(main())
