"""The meeting file and `intake check-config`."""
from __future__ import annotations

from datetime import datetime, timezone

import re

import pytest
import yaml
from pydantic import ValidationError

from bot.meeting import Meeting, load_meeting
from tests.intake_helpers import ROOT, intake_env

import subprocess
import sys


def test_the_deadline_is_judged_in_geneva_time():
    m = load_meeting("config/meeting.yaml")
    assert not m.is_late(datetime(2026, 3, 27, 22, 59, tzinfo=timezone.utc))  # 23:59 in Geneva
    assert m.is_late(datetime(2026, 3, 27, 23, 1, tzinfo=timezone.utc))
    assert not m.is_late(None)


def test_every_key_of_the_meeting_file_is_commented():
    lines = (ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "-")) and re.match(r"^\s*[a-z_]+:", line):
            assert lines[i - 1].strip().startswith("#"), f"key without a comment: {line}"


def test_a_wrong_key_is_named():
    data = yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8"))
    data["quotas"]["adviser"] = -1
    data["timezone"] = "Mars/Olympus"
    with pytest.raises(ValidationError) as err:
        Meeting.model_validate(data)
    locs = {".".join(map(str, e["loc"])) for e in err.value.errors()}
    assert {"quotas.adviser", "timezone"} <= locs


def run_check(tmp_path, meeting_text: str | None = None, **env_over: str) -> subprocess.CompletedProcess:
    (tmp_path / "mb").mkdir(exist_ok=True)
    (tmp_path / "out").mkdir(exist_ok=True)
    env = intake_env("maildir:" + str(tmp_path / "mb"), "maildir:" + str(tmp_path / "out"),
                     f"sqlite:///{tmp_path / 'x.db'}")
    if meeting_text is not None:
        path = tmp_path / "meeting.yaml"
        path.write_text(meeting_text, encoding="utf-8")
        env["INTAKE_MEETING"] = str(path)
    env.update(env_over)
    return subprocess.run([sys.executable, "-m", "bot.cli", "check-config"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_check_config_accepts_the_shipped_configuration(tmp_path):
    proc = run_check(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout


def test_check_config_says_which_key_is_wrong_and_why(tmp_path):
    text = (ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8").replace(
        "nominations: sectoral-meetings@ilo.test", "nominations: not-an-address")
    proc = run_check(tmp_path, text, INTAKE_SMTP_URL="ftp://nowhere")
    assert proc.returncode == 1
    assert "addresses.nominations" in proc.stderr
    assert "INTAKE_SMTP_URL" in proc.stderr
