"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db import Database
from bot.models import Base


def test_the_migrations_match_the_models(db_url):
    db = Database(db_url)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == []


def test_migrating_twice_changes_nothing(db_url):
    Database(db_url).dispose()
    db = Database(db_url)
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0003"
    db.dispose()
