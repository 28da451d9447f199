"""Wiring: settings to meeting, states, database, mailbox and transport."""
from __future__ import annotations

from functools import cached_property

from bot.db import Database
from bot.mailbox import Mailbox, open_mailbox, token_source
from bot.meeting import Meeting, load_meeting
from bot.outbox import Transport, open_transport
from bot.settings import Settings
from bot.states import StateRegistry, load_states


class App:
    """What the commands need, built lazily from the settings."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()

    @cached_property
    def meeting(self) -> Meeting:
        return load_meeting(self.settings.meeting)

    @cached_property
    def states(self) -> StateRegistry:
        return load_states()

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.database_url.get_secret_value())

    def mailbox(self) -> Mailbox:
        s = self.settings
        token = token_source(s.oauth2_token.get_secret_value() if s.oauth2_token else None, s.oauth2_token_command)
        return open_mailbox(s.mailbox_url.get_secret_value(), oauth2_token=token)

    def transport(self) -> Transport:
        return open_transport(self.settings.smtp_url.get_secret_value())

    def worker(self):  # type: ignore[no-untyped-def]
        from bot.worker import Worker

        return Worker(meeting=self.meeting, states=self.states, db=self.db, mailbox=self.mailbox(),
                      transport=self.transport(), poll_seconds=self.settings.poll_seconds,
                      idle_seconds=self.settings.idle_seconds)
