"""Wiring: settings to meeting, states, database, mailbox and transport."""
from __future__ import annotations

from functools import cached_property
from urllib.parse import unquote, urlsplit

from bot.db import Database
from bot.mailbox import Mailbox, open_mailbox
from bot.meeting import Meeting, load_meeting
from bot.oauth import TokenSource, token_source
from bot.outbox import Transport, open_transport
from bot.settings import Settings
from bot.states import StateRegistry, load_states


class App:
    """What the commands need, built lazily from the settings."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self._tokens: dict[tuple, TokenSource | None] = {}

    @cached_property
    def meeting(self) -> Meeting:
        return load_meeting(self.settings.meeting)

    @cached_property
    def states(self) -> StateRegistry:
        return load_states()

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.database_url.get_secret_value())

    def token_source(self, url: str, smtp: bool = False) -> TokenSource | None:
        """The XOAUTH2 token source for logging in with `url`'s user; one per user and
        purpose, so that its cached token serves every login."""
        user = unquote(urlsplit(url).username or "") or None
        s = self.settings
        # A Google service account acts as the user; other tokens are the application's.
        key = (user if s.oauth2_provider == "google" else None,
               smtp and bool(s.smtp_oauth2_token or s.smtp_oauth2_token_command))
        if key not in self._tokens:
            self._tokens[key] = token_source(self.settings, user, smtp=smtp)
        return self._tokens[key]

    def mailbox(self) -> Mailbox:
        url = self.settings.mailbox_url.get_secret_value()
        # XOAUTH2 when the URL has no password (as for SMTP).
        token = None if url.startswith("maildir:") or urlsplit(url).password else self.token_source(url)
        return open_mailbox(url, oauth2_token=token)

    def transport(self) -> Transport:
        url = self.settings.smtp_url.get_secret_value()
        token = None if url.startswith("maildir:") else self.token_source(url, smtp=True)
        return open_transport(url, oauth2_token=token)

    def worker(self):  # type: ignore[no-untyped-def]
        from bot.worker import Worker

        return Worker(meeting=self.meeting, states=self.states, db=self.db, mailbox=self.mailbox(),
                      transport=self.transport(), poll_seconds=self.settings.poll_seconds,
                      idle_seconds=self.settings.idle_seconds)
