"""Reduced forms of `make soak` (python -m soak.run): SIGKILL at random points over a mailbox,
and the mutated-corpus fuzz run through the real worker."""
from __future__ import annotations

from soak.fuzz import run_fuzz
from soak.kill import run_kills


def test_sigkill_at_random_points_loses_nothing_and_duplicates_nothing(imap_user, smtp, tmp_path):
    res = run_kills(imap_user, smtp, f"sqlite:///{tmp_path / 'intake.db'}", total=80, kills=5)
    assert res.ledger_rows == res.distinct == 80, res
    assert res.statuses.get("new", 0) == 0 and res.statuses.get("quarantined", 0) == 0, res
    assert res.duplicate_replies == 0 and res.duplicate_outbox == 0, res
    # A reply caught between "sending" and "sent" by a kill is "uncertain", never re-sent:
    # it may or may not have reached the server before the kill.
    assert res.outbox["sent"] <= res.replies_received <= res.outbox["sent"] + res.outbox.get("uncertain", 0), res
    assert res.outbox.get("uncertain", 0) <= res.kills
    assert set(res.outbox) <= {"sent", "uncertain"}, res
    assert res.left_in_inbox == 0, res
    assert res.kills == 5


def test_hostile_and_broken_mail_is_processed_or_quarantined_and_the_worker_survives(tmp_path):
    res = run_fuzz(60, tmp_path, ocr_seconds=3)
    assert res.worker_exits and all(code == 0 for code in res.worker_exits), res
    assert res.unfinished == 0 and res.left_in_inbox == 0, res
    assert res.quarantined_without_reason == 0, res
    assert not res.bad_reply_headers, res
    assert res.peak_rss_mb < 800, res
    assert set(res.by_mutation) >= {"attachment_25mb", "pdf_bomb", "zip_bomb", "header_injection", "deep_nesting"}
