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


# ---------------------------------------------------------------- built-in providers

import pytest  # noqa: E402

from tests.servers import SmtpSink  # noqa: E402
from tests.token_endpoint import TokenEndpoint, self_signed  # noqa: E402

MAILBOX = "sectoral-meetings@ilo.test"


@pytest.fixture
def endpoint():
    ep = TokenEndpoint().start()
    try:
        yield ep
    finally:
        ep.stop()


def microsoft_env(endpoint: TokenEndpoint, **extra: str) -> dict[str, str]:
    return dict(INTAKE_OAUTH2_PROVIDER="microsoft", INTAKE_OAUTH2_TENANT="contoso.onmicrosoft.com",
                INTAKE_OAUTH2_CLIENT_ID="intake-app", INTAKE_OAUTH2_AUTHORITY=endpoint.authority,
                REQUESTS_CA_BUNDLE=endpoint.ca_file, **extra)


def test_microsoft_365_end_to_end_with_msal_client_credentials(dovecot, imap_user, endpoint, tmp_path):
    """The token from the MSAL client-credentials flow reads the mailbox (Dovecot XOAUTH2)
    and sends the confirmation through an SMTP server that takes XOAUTH2 and nothing else."""
    endpoint.add_client("intake-app", secret="app-secret-1")
    endpoint.issue = ["ms-access-token-1"]
    dovecot.add_token(imap_user.name, "ms-access-token-1")
    secret_file = tmp_path / "client-secret"
    secret_file.write_text("app-secret-1\n")
    imap_user.append(fixture("worker", "complete-nomination-en.eml"))
    with SmtpSink(xoauth2={MAILBOX: "ms-access-token-1"}) as sink:
        env = intake_env(f"imap://{imap_user.name}@127.0.0.1:{dovecot.imap_port}/INBOX",
                         f"smtp://{MAILBOX.replace('@', '%40')}@127.0.0.1:{sink.port}",
                         f"sqlite:///{tmp_path / 'x.db'}",
                         **microsoft_env(endpoint, INTAKE_OAUTH2_CLIENT_SECRET_FILE=str(secret_file)))
        proc = intake("--log-level", "DEBUG", "run", "--once", env=env)
        stats = json.loads(proc.stdout)
        assert stats["processed"] == 1 and stats["sent"] == 1
        assert sink.logins == [MAILBOX] and sink.refused_logins == []
        assert [m.rcpt_tos for m in sink.messages] == [["intl@labour.gov.tt"]]
    assert imap_user.uids("INBOX") == []
    granted = endpoint.granted()
    # One token served the IMAP and the SMTP login: MSAL keeps it while it is valid.
    assert len(granted) == 1 and granted[0]["with"] == "secret"
    assert granted[0]["grant_type"] == "client_credentials"
    assert "https://outlook.office365.com/.default" in granted[0]["scope"].split()
    assert granted[0]["path"] == "/contoso.onmicrosoft.com/oauth2/v2.0/token"
    assert b"ms-access-token-1" not in proc.stderr and b"app-secret-1" not in proc.stderr
