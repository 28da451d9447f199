"""Settings from the environment (INTAKE_*), with the embedded defaults.

Every setting may instead be read from a file named by INTAKE_<NAME>_FILE (how container
platforms pass secrets); the variable itself wins when both are set. Secrets never come
from the meeting file."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PREFIX = "INTAKE_"


class _FromFiles(PydanticBaseSettingsSource):
    """INTAKE_<NAME>_FILE=PATH: the value is the file's content (without the final newline)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.settings_cls.model_fields:
            var = f"{PREFIX}{name.upper()}_FILE"
            path = os.environ.get(var)
            if not path:
                continue
            try:
                values[name] = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                raise ValueError(f"{var}: cannot read {path}: {exc.strerror}") from None
        return values


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore")

    # imap://USER:PASSWORD@HOST:PORT/FOLDER, imaps://..., or maildir:PATH
    mailbox_url: SecretStr = SecretStr("maildir:var/mailbox")
    # smtp://[USER[:PASSWORD]@]HOST:PORT (STARTTLS when offered), smtps://..., or maildir:PATH;
    # a user without a password logs in with XOAUTH2.
    smtp_url: SecretStr = SecretStr("maildir:var/outbox")
    # A SQLAlchemy URL.
    database_url: SecretStr = SecretStr("sqlite:///var/intake.db")
    # The meeting file.
    meeting: str = "config/meeting.yaml"
    # Addresses of the reverse proxies in front of the review page (a JSON list): only
    # from them is X-Forwarded-For believed, for the sign-in limits and the audit trail.
    trusted_proxies: list[str] = []
    # XOAUTH2 for the mailbox instead of a password: the token itself, or a command that
    # prints one (run again whenever a login is needed, so it can refresh).
    oauth2_token: SecretStr | None = None
    oauth2_token_command: str | None = None
    # ... or a built-in provider (bot/oauth.py): "microsoft" (Entra ID client credentials)
    # or "google" (service account with domain-wide delegation, or a refresh token).
    oauth2_provider: Literal["microsoft", "google"] | None = None
    oauth2_tenant: str | None = None  # Microsoft: the directory (tenant) id or domain
    oauth2_client_id: str | None = None
    oauth2_client_secret: SecretStr | None = None
    # Microsoft: instead of a secret, one PEM with the private key and the certificate.
    oauth2_client_certificate: SecretStr | None = None
    oauth2_authority: str | None = None  # Microsoft: https://login.microsoftonline.com
    oauth2_service_account: SecretStr | None = None  # Google: the service account key (JSON)
    oauth2_refresh_token: SecretStr | None = None  # Google: a stored refresh token
    oauth2_token_uri: str | None = None  # Google: https://oauth2.googleapis.com/token
    oauth2_scope: str | None = None  # default: the provider's scope for IMAP and SMTP
    # A token source for SMTP alone, when it differs from the mailbox's.
    smtp_oauth2_token: SecretStr | None = None
    smtp_oauth2_token_command: str | None = None
    # Seconds between full polls while idling, and the IDLE renewal period (under 10 min).
    poll_seconds: float = Field(180, gt=0)
    idle_seconds: float = Field(540, gt=0, lt=600)

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _FromFiles(settings_cls), dotenv_settings, file_secret_settings

    def oauth2_configured(self, smtp: bool = False) -> bool:
        return bool(self.oauth2_token or self.oauth2_token_command or self.oauth2_provider
                    or (smtp and (self.smtp_oauth2_token or self.smtp_oauth2_token_command)))
