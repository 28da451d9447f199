"""XOAUTH2 login (Microsoft 365 and Google mailboxes) against a real Dovecot."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.intake_helpers import ROOT, fixture, intake, intake_env


def test_the_worker_logs_in_with_a_token_from_the_environment(dovecot, imap_user, smtp, tmp_path):
    dovecot.add_token(imap_user.name, "token-from-env-123")
    imap_user.append(fixture("worker", "complete-nomination-en.eml"))
    url = f"imap://{imap_user.name}@127.0.0.1:{dovecot.imap_port}/INBOX"
    env = intake_env(url, smtp.url, f"sqlite:///{tmp_path / 'x.db'}", INTAKE_OAUTH2_TOKEN="token-from-env-123")
    stats = json.loads(intake("run", "--once", env=env).stdout)
    assert stats["processed"] == 1 and stats["sent"] == 1
    assert imap_user.uids("INBOX") == []


def test_the_worker_asks_a_command_for_the_token_and_a_wrong_token_is_reported(dovecot, imap_user, smtp, tmp_path):
    dovecot.add_token(imap_user.name, "token-from-command-456")
    url = f"imap://{imap_user.name}@127.0.0.1:{dovecot.imap_port}/INBOX"
    env = intake_env(url, smtp.url, f"sqlite:///{tmp_path / 'x.db'}",
                     INTAKE_OAUTH2_TOKEN_COMMAND="echo token-from-command-456")
    intake("run", "--once", env=env)
    env["INTAKE_OAUTH2_TOKEN_COMMAND"] = "echo expired-token"
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--once"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "login" in proc.stderr and "expired-token" not in proc.stderr
