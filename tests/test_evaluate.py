"""`make eval` on a folder of unlabelled mail: read without an error, never answered."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import structlog

from bot import evaluate

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def logging_as_it_was():
    """`evaluate.main` sets the logging up for a command (onto this test's captured stderr,
    closed after it): the tests after this one get the logging they had."""
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


def test_an_unlabelled_folder_fails_eval_when_one_of_its_messages_would_be_answered(tmp_path: Path, capsys) -> None:
    # A bounce (never answered) and a complete nomination (confirmed): the folder is meant
    # to hold no nomination at all, so the second is reported and eval fails.
    shutil.copy(FIXTURES / "nominations" / "bounce-multipart-report.eml", tmp_path / "a-bounce.eml")
    shutil.copy(FIXTURES / "unseen" / "u02-panama-datos-representante.eml", tmp_path / "b-nomination.eml")
    assert evaluate.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "2 unlabelled messages, 0 read with an error, 1 would be answered" in out
    assert "would be answered: b-nomination (confirm)" in out


def test_an_unlabelled_folder_of_mail_that_is_no_nomination_passes_eval(tmp_path: Path, capsys) -> None:
    for name in ("bounce-multipart-report.eml", "auto-reply-header.eml", "inquiry-hotel-list.eml"):
        shutil.copy(FIXTURES / "nominations" / name, tmp_path / name)
    assert evaluate.main([str(tmp_path)]) == 0
    assert "3 unlabelled messages, 0 read with an error, 0 would be answered" in capsys.readouterr().out
