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


def settings_for(**values) -> "Settings":  # noqa: F821
    from pydantic import SecretStr

    from bot.settings import Settings

    secret = {"oauth2_client_secret", "oauth2_client_certificate", "oauth2_service_account", "oauth2_refresh_token"}
    return Settings(**{k: SecretStr(v) if k in secret else v for k, v in values.items()})


def test_msal_keeps_a_token_and_renews_it_five_minutes_before_it_expires(endpoint, monkeypatch):
    from bot.oauth import token_source

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", endpoint.ca_file)
    endpoint.add_client("intake-app", secret="app-secret")
    endpoint.issue = ["first", "second", "third"]
    settings = settings_for(oauth2_provider="microsoft", oauth2_tenant="t1", oauth2_client_id="intake-app",
                            oauth2_client_secret="app-secret", oauth2_authority=endpoint.authority)
    source = token_source(settings, "nominations@ilo.test")
    assert (source(), source()) == ("first", "first")  # an hour left: kept
    assert len(endpoint.granted()) == 1
    endpoint.expires_in = 240  # less than five minutes left: renewed at every call
    source = token_source(settings, "nominations@ilo.test")
    assert (source(), source()) == ("second", "third")


def test_msal_with_a_certificate_signs_its_request(endpoint, monkeypatch):
    from bot.oauth import token_source

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", endpoint.ca_file)
    key_pem, cert_pem = self_signed("intake-app")
    endpoint.add_client("cert-app", certificate=cert_pem)
    endpoint.issue = ["by-certificate"]
    source = token_source(settings_for(oauth2_provider="microsoft", oauth2_tenant="t1", oauth2_client_id="cert-app",
                                       oauth2_client_certificate=key_pem + cert_pem,
                                       oauth2_authority=endpoint.authority), None)
    assert source() == "by-certificate"
    assert endpoint.granted()[0]["with"] == "certificate"
    # Another certificate than the one registered is refused.
    other_key, other_cert = self_signed("intake-app")
    source = token_source(settings_for(oauth2_provider="microsoft", oauth2_tenant="t1", oauth2_client_id="cert-app",
                                       oauth2_client_certificate=other_key + other_cert,
                                       oauth2_authority=endpoint.authority), None)
    with pytest.raises(Exception) as err:
        source()
    assert type(err.value).__name__ == "TokenError" and "invalid_client" in str(err.value)
    assert "PRIVATE KEY" not in str(err.value)


def test_a_refused_client_secret_is_a_token_error_that_never_shows_the_secret(endpoint, monkeypatch):
    from bot.oauth import TokenError, token_source

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", endpoint.ca_file)
    endpoint.add_client("intake-app", secret="the-right-one")
    source = token_source(settings_for(oauth2_provider="microsoft", oauth2_tenant="t1", oauth2_client_id="intake-app",
                                       oauth2_client_secret="an-expired-one", oauth2_authority=endpoint.authority),
                          None)
    with pytest.raises(TokenError, match="invalid_client") as err:
        source()
    assert "an-expired-one" not in str(err.value)
    endpoint.stop()  # the identity platform cannot be reached at all
    source = token_source(settings_for(oauth2_provider="microsoft", oauth2_tenant="t2", oauth2_client_id="intake-app",
                                       oauth2_client_secret="the-right-one", oauth2_authority=endpoint.authority),
                          None)
    with pytest.raises(TokenError, match="Microsoft identity platform"):
        source()


def test_google_service_account_acts_as_the_mailbox_user(dovecot, imap_user, endpoint, tmp_path, monkeypatch):
    """Domain-wide delegation: the service account signs a request for the mailbox's user;
    the token logs in to the mailbox; it is renewed 3 min 45 s before it expires."""
    from bot.oauth import token_source

    key = endpoint.add_service_account("intake@project.iam.gserviceaccount.com")
    endpoint.issue = ["google-token-1"]
    dovecot.add_token(imap_user.name, "google-token-1")
    key_file = tmp_path / "service-account.json"
    key_file.write_text(json.dumps(key))
    imap_user.append(fixture("worker", "complete-nomination-en.eml"))
    env = intake_env(f"imap://{imap_user.name}@127.0.0.1:{dovecot.imap_port}/INBOX", f"maildir:{tmp_path / 'out'}",
                     f"sqlite:///{tmp_path / 'x.db'}", INTAKE_OAUTH2_PROVIDER="google",
                     INTAKE_OAUTH2_SERVICE_ACCOUNT_FILE=str(key_file), REQUESTS_CA_BUNDLE=endpoint.ca_file)
    proc = intake("run", "--once", env=env)
    assert json.loads(proc.stdout)["processed"] == 1
    (grant,) = endpoint.granted()
    assert grant["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert grant["subject"] == imap_user.name and grant["scope"] == "https://mail.google.com/"
    assert b"google-token-1" not in proc.stderr and b"PRIVATE KEY" not in proc.stderr

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", endpoint.ca_file)
    endpoint.issue = ["kept", "renewed"]
    endpoint.requests.clear()
    endpoint._issued = 0
    source = token_source(settings_for(oauth2_provider="google", oauth2_service_account=json.dumps(key)),
                          "nominations@ilo.test")
    assert (source(), source()) == ("kept", "kept")
    assert len(endpoint.granted()) == 1  # an hour left: kept
    endpoint.expires_in = 200  # under google-auth's 3 min 45 s: renewed at every call
    source = token_source(settings_for(oauth2_provider="google", oauth2_service_account=json.dumps(key)),
                          "nominations@ilo.test")
    assert (source(), source()) == ("renewed", "renewed")
    assert len(endpoint.granted()) == 3


def test_google_stored_refresh_token(endpoint, monkeypatch):
    from bot.oauth import TokenError, token_source

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", endpoint.ca_file)
    endpoint.add_client("desktop-client", secret="client-secret", refresh_token="1//refresh")
    endpoint.issue = ["from-refresh"]

    def source(refresh: str):  # type: ignore[no-untyped-def]
        return token_source(settings_for(oauth2_provider="google", oauth2_refresh_token=refresh,
                                         oauth2_client_id="desktop-client", oauth2_client_secret="client-secret",
                                         oauth2_token_uri=endpoint.token_uri), "nominations@ilo.test")

    assert source("1//refresh")() == "from-refresh"
    assert endpoint.granted()[0]["grant_type"] == "refresh_token"
    with pytest.raises(TokenError, match="invalid_grant") as err:
        source("1//revoked")()
    assert "1//revoked" not in str(err.value) and "client-secret" not in str(err.value)
