"""Where XOAUTH2 tokens come from, for IMAP and SMTP (Microsoft 365 and Google mailboxes).

A token source is a callable that returns a valid access token: asked at every login and
at every pass of the worker, it answers from its cache while the token has more than a few
minutes left and asks the identity provider for a new one before that. Four kinds:

- a fixed token (INTAKE_OAUTH2_TOKEN), for short tests;
- a command that prints one (INTAKE_OAUTH2_TOKEN_COMMAND), run at every call;
- Microsoft 365 through MSAL, the client-credentials flow of an Entra ID application
  (tenant, client id, and a client secret or a certificate); MSAL keeps the token and asks
  for a new one five minutes before it expires;
- Google Workspace through google-auth: a service account with domain-wide delegation
  acting as the mailbox's user, or a stored refresh token; refreshed 3 min 45 s before
  expiry.

A token is never logged, and never part of an error message.
"""
from __future__ import annotations

import json
import shlex
import subprocess
import threading
from typing import TYPE_CHECKING, Callable

import structlog

if TYPE_CHECKING:
    from bot.settings import Settings

log = structlog.get_logger("intake.oauth")

TokenSource = Callable[[], str]

MICROSOFT_AUTHORITY = "https://login.microsoftonline.com"
MICROSOFT_SCOPE = "https://outlook.office365.com/.default"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
GOOGLE_SCOPE = "https://mail.google.com/"
PROVIDERS = ("microsoft", "google")


class OAuthSettingsError(ValueError):
    """The OAuth2 settings are incomplete or unreadable (says which)."""


class TokenError(Exception):
    """No token can be had: the identity provider refused or cannot be reached, or the
    command failed. The message says which, never the token or a secret."""


def xoauth2(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial response (before base64) for `user`."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


class StaticToken:
    def __init__(self, token: str):
        self._token = token

    def __call__(self) -> str:
        return self._token


class CommandToken:
    """A command that prints a token, run at every call so that it can refresh it."""

    def __init__(self, command: str):
        self.command = command

    def __call__(self) -> str:
        try:
            out = subprocess.run(shlex.split(self.command), capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TokenError(f"the token command could not run: {type(exc).__name__}") from None
        token = out.stdout.strip()
        if out.returncode != 0 or not token:
            err = out.stderr.strip().splitlines()[-1:] or ["no output"]
            raise TokenError(f"the token command exited {out.returncode}: {err[0][:200]}")
        return token


class MicrosoftToken:
    """Exchange Online: an Entra ID application's own token (client credentials)."""

    def __init__(self, *, tenant: str, client_id: str, client_secret: str | None = None,
                 certificate: str | None = None, authority: str = MICROSOFT_AUTHORITY,
                 scope: str = MICROSOFT_SCOPE):
        if not (client_secret or certificate):
            raise OAuthSettingsError("Microsoft 365 needs INTAKE_OAUTH2_CLIENT_SECRET or INTAKE_OAUTH2_CLIENT_CERTIFICATE")
        self.authority = f"{authority.rstrip('/')}/{tenant}"
        self.client_id, self.scope = client_id, scope
        self._credential: str | dict = client_secret or _certificate_credential(certificate or "")
        self._app = None  # built at the first call: building it asks the tenant's endpoints
        self._lock = threading.Lock()

    def __call__(self) -> str:
        import msal
        import requests

        with self._lock:
            try:
                if self._app is None:
                    # instance_discovery=False: the authority is the one configured, no
                    # extra round trip to ask Microsoft whether it knows the host.
                    self._app = msal.ConfidentialClientApplication(
                        self.client_id, client_credential=self._credential, authority=self.authority,
                        instance_discovery=False)
                result = self._app.acquire_token_for_client(scopes=[self.scope])
            except (requests.RequestException, ValueError, RuntimeError) as exc:
                self._app = None
                raise TokenError(f"Microsoft identity platform at {self.authority}: {_first_line(exc)}") from None
        if "access_token" not in result:
            raise TokenError(f"Microsoft identity platform refused a token: {result.get('error')}: "
                             f"{_first_line(result.get('error_description') or '')}")
        if result.get("token_source") == "identity_provider":
            log.info("oauth2.token_obtained", provider="microsoft", expires_in=result.get("expires_in"))
        return str(result["access_token"])


class GoogleToken:
    """Google Workspace: a service account acting as `user` (domain-wide delegation), or a
    stored refresh token of the mailbox's user."""

    def __init__(self, *, user: str | None, service_account: str | None = None, refresh_token: str | None = None,
                 client_id: str | None = None, client_secret: str | None = None,
                 token_uri: str = GOOGLE_TOKEN_URI, scope: str = GOOGLE_SCOPE):
        if service_account:
            from google.oauth2 import service_account as sa

            try:
                info = json.loads(service_account)
                self._creds = sa.Credentials.from_service_account_info(info, scopes=[scope], subject=user)
            except (ValueError, KeyError) as exc:
                raise OAuthSettingsError(f"INTAKE_OAUTH2_SERVICE_ACCOUNT is not a service account key (JSON): "
                                 f"{_first_line(exc)}") from None
        elif refresh_token:
            from google.oauth2.credentials import Credentials

            if not (client_id and client_secret):
                raise OAuthSettingsError("a Google refresh token needs INTAKE_OAUTH2_CLIENT_ID and INTAKE_OAUTH2_CLIENT_SECRET")
            self._creds = Credentials(None, refresh_token=refresh_token, client_id=client_id,
                                      client_secret=client_secret, token_uri=token_uri, scopes=[scope])
        else:
            raise OAuthSettingsError("Google needs INTAKE_OAUTH2_SERVICE_ACCOUNT or INTAKE_OAUTH2_REFRESH_TOKEN")
        self._lock = threading.Lock()

    def __call__(self) -> str:
        import google.auth.exceptions
        from google.auth.transport.requests import Request

        with self._lock:
            if not self._creds.valid:  # no token yet, or less than 3 min 45 s left
                try:
                    self._creds.refresh(Request())
                except (google.auth.exceptions.GoogleAuthError, ValueError) as exc:
                    raise TokenError(f"Google refused a token: {_first_line(exc)}") from None
                log.info("oauth2.token_obtained", provider="google",
                         expires_at=self._creds.expiry.isoformat() if self._creds.expiry else None)
            return str(self._creds.token)


def token_source(settings: "Settings", user: str | None, *, smtp: bool = False) -> TokenSource | None:
    """The token source the settings describe, for logging in as `user`; None when no
    OAuth2 is configured. With `smtp`, INTAKE_SMTP_OAUTH2_TOKEN[_COMMAND] come first."""
    s = settings
    if smtp and s.smtp_oauth2_token_command:
        return CommandToken(s.smtp_oauth2_token_command)
    if smtp and s.smtp_oauth2_token:
        return StaticToken(s.smtp_oauth2_token.get_secret_value())
    if s.oauth2_token_command:
        return CommandToken(s.oauth2_token_command)
    if s.oauth2_token:
        return StaticToken(s.oauth2_token.get_secret_value())
    secret = s.oauth2_client_secret.get_secret_value() if s.oauth2_client_secret else None
    if s.oauth2_provider == "microsoft":
        if not (s.oauth2_tenant and s.oauth2_client_id):
            raise OAuthSettingsError("Microsoft 365 needs INTAKE_OAUTH2_TENANT and INTAKE_OAUTH2_CLIENT_ID")
        return MicrosoftToken(
            tenant=s.oauth2_tenant, client_id=s.oauth2_client_id, client_secret=secret,
            certificate=s.oauth2_client_certificate.get_secret_value() if s.oauth2_client_certificate else None,
            authority=s.oauth2_authority or MICROSOFT_AUTHORITY, scope=s.oauth2_scope or MICROSOFT_SCOPE)
    if s.oauth2_provider == "google":
        return GoogleToken(
            user=user, client_id=s.oauth2_client_id, client_secret=secret,
            service_account=s.oauth2_service_account.get_secret_value() if s.oauth2_service_account else None,
            refresh_token=s.oauth2_refresh_token.get_secret_value() if s.oauth2_refresh_token else None,
            token_uri=s.oauth2_token_uri or GOOGLE_TOKEN_URI, scope=s.oauth2_scope or GOOGLE_SCOPE)
    return None


def _certificate_credential(pem: str) -> dict:
    """MSAL's certificate credential from one PEM holding the private key and the certificate."""
    from cryptography import x509

    begin, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
    if begin not in pem or "PRIVATE KEY-----" not in pem:
        raise OAuthSettingsError("INTAKE_OAUTH2_CLIENT_CERTIFICATE must hold the private key and the certificate (PEM)")
    cert_pem = pem[pem.index(begin):]
    cert_pem = cert_pem[: cert_pem.index(end) + len(end)]
    try:
        x509.load_pem_x509_certificate(cert_pem.encode())
    except ValueError as exc:
        raise OAuthSettingsError(f"INTAKE_OAUTH2_CLIENT_CERTIFICATE: {_first_line(exc)}") from None
    # MSAL names the certificate by its SHA-256 thumbprint, computed from the certificate.
    return {"private_key": pem, "public_certificate": cert_pem}


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return (text.splitlines() or [""])[0][:300]
