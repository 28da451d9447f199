"""Shared fixtures. Real servers come from tests/servers.py (see its docstring)."""

from __future__ import annotations

import pytest

from tests.servers import (
    Dovecot,
    DovecotError,
    SmtpSink,
    dovecot_binary,
    fresh_postgres_schema,
    postgres_url,
)

# ---------------------------------------------------------------- markers

_MARK_BY_FIXTURE = {
    "dovecot": "imap",
    "imap_user": "imap",
    "smtp_to_imap": "imap",
    "pg_url": "postgres",
    "pg_db": "postgres",
}


def pytest_collection_modifyitems(config, items):
    """Tests using the real-server fixtures get the matching marker (-m imap / -m postgres)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for fixture, mark in _MARK_BY_FIXTURE.items():
            if fixture in names and not item.get_closest_marker(mark):
                item.add_marker(getattr(pytest.mark, mark))


# ---------------------------------------------------------------- Dovecot / SMTP


@pytest.fixture(scope="session")
def dovecot():
    """One Dovecot (IMAP + LMTP on 127.0.0.1) for the whole session."""
    if dovecot_binary() is None:
        pytest.skip("dovecot not installed: run make test as root so it can apt-get install dovecot-imapd")
    server = Dovecot()
    try:
        server.start()
    except DovecotError as exc:
        server.stop()
        pytest.fail(f"Dovecot is installed but did not start:\n{exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap_user(dovecot):
    """A fresh Dovecot user: .name, .password, .url (imap://name:pw@127.0.0.1:PORT/INBOX),
    .address (name@example.org, for LMTP/SMTP delivery), and helpers
    .client(), .append(raw), .uids(folder), .fetch_all(folder)."""
    return dovecot.fresh_user()


@pytest.fixture
def smtp():
    """An SmtpSink: .url, .port, .messages, .wait_for(n, timeout), .clear()."""
    sink = SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def smtp_to_imap(dovecot):
    """An SmtpSink that also delivers every recipient's copy into the session Dovecot."""
    sink = SmtpSink(deliver_to=dovecot).start()
    try:
        yield sink
    finally:
        sink.stop()


# ---------------------------------------------------------------- databases


@pytest.fixture(scope="session")
def pg_url():
    """SQLAlchemy URL of the shared `test` database; skips when PostgreSQL is absent."""
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL does not answer at 127.0.0.1:5432 (tried users postgres, root, $USER)")
    return url


@pytest.fixture
def pg_db(pg_url):
    """URL of a brand-new PostgreSQL database, dropped after the test."""
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request, tmp_path):
    """An empty database: a SQLite file in tmp_path, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.db'}"
    return request.getfixturevalue("pg_db")
