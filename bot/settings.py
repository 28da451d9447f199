"""Settings from the environment (INTAKE_*), with the embedded defaults."""
from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    # imap://USER:PASSWORD@HOST:PORT/FOLDER, imaps://..., or maildir:PATH
    mailbox_url: SecretStr = SecretStr("maildir:var/mailbox")
    # smtp://[USER:PASSWORD@]HOST:PORT (STARTTLS when offered), smtps://..., or maildir:PATH
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
    # Seconds between full polls while idling, and the IDLE renewal period (under 10 min).
    poll_seconds: float = Field(180, gt=0)
    idle_seconds: float = Field(540, gt=0, lt=600)
