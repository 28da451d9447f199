"""Every reason the pipeline gives for a review has plain words and what to do (bot/reasons.py)."""
from __future__ import annotations

import re
from pathlib import Path

from bot.reasons import TABLE, explain

ROOT = Path(__file__).resolve().parent.parent
# The ways the code writes a reason: reasons.append("x"), self._hold(d, "x"), f"x:{...}", flags.
# ("precedence_" is the start of precedence_bulk and the like; "member" a line of `intake check-config`.)
_WRITTEN = re.compile(r"""(?:reasons\.append|_hold\(d,|flags\.append|problems\.append|self\.problem)\(?\s*f?["']([a-z_]+)""")


def written_codes() -> set[str]:
    codes = set()
    for path in [*ROOT.glob("handlers/*.py"), *ROOT.glob("bot/*.py"), *ROOT.glob("bot/reading/*.py")]:
        codes |= set(_WRITTEN.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_reason_the_code_writes_is_explained():
    from bot.gate import CODES

    codes = written_codes() | set(CODES)
    assert {"inquiry", "amendment_without_record", "no_member_state", "unassigned_address", "late"} <= codes
    missing = sorted(c for c in codes if c not in TABLE and c not in ("precedence_", "member"))
    assert missing == []


def test_reasons_read_as_words_with_what_to_do():
    r = explain("amendment_without_record")
    assert "no nomination on record" in r.text and r.todo
    assert explain("unsure:representative.email").text == "The bot is not sure of the representative's e-mail address."
    assert explain("invalid:adviser.email").text == "The adviser's e-mail address is not valid."
    assert "scan.pdf" in explain("ocr_timeout:scan.pdf").text
    assert "a@b.example" in explain("undeliverable:a@b.example").text
    assert "dkim" in explain("auth_failed:dkim").text
    assert "bulk" in explain("precedence_bulk").text
    assert "suppress_auto_response" in explain("reply_withheld:suppress_auto_response").text
    unknown = explain("something_new")
    assert unknown.text == "Something new." and unknown.todo
