"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.db import Database, alembic_config, at_head, head_revision, make_engine
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
        head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head == "0005"
    db.dispose()


def test_a_database_at_the_newest_migration_is_opened_without_alembic(db_url):
    """The chain read from the scripts' lines is alembic's own; a database at its head is
    opened without importing alembic, one that is behind is brought to it."""
    assert head_revision() == ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
    engine = make_engine(db_url)
    assert not at_head(engine)
    with engine.begin() as conn:
        cfg = alembic_config(db_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    assert not at_head(engine)
    engine.dispose()
    opened = "from bot.db import Database; import sys; Database(sys.argv[1]).dispose(); print('alembic' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    run = lambda: subprocess.run([sys.executable, "-c", opened, db_url], cwd=root, capture_output=True,  # noqa: E731
                                 text=True, check=True).stdout.strip()
    assert run() == "True"  # behind: migrated
    engine = make_engine(db_url)
    assert at_head(engine)
    engine.dispose()
    assert run() == "False"  # at the head: alembic not needed


def test_reply_addresses_on_record_are_lowered_by_the_migration(db_url):
    """The reply limit and the bounce rules look outbox addresses up in lower case."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        cfg = alembic_config(db_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.execute(text("INSERT INTO outbox (meeting_id, message_id, to_addr, template, language, subject, raw, "
                          "status, attempts, created_at) VALUES ('m', '<a@x>', 'Ana.Perez@Gob.EXAMPLE', 'confirm', "
                          "'es', 's', :raw, 'sent', 1, CURRENT_TIMESTAMP)"), {"raw": b"x"})
    engine.dispose()
    db = Database(db_url)
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT to_addr FROM outbox")) == "ana.perez@gob.example"
    db.dispose()


def test_messages_recorded_before_views_keep_no_view_and_the_migration_goes_back(db_url):
    """0005: a message on record stays as it was (no view: the page shows its raw text until it
    is read again); going back drops the views and the attachments kept."""
    engine = make_engine(db_url)
    cfg = alembic_config(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.execute(text("INSERT INTO inbound (meeting_id, message_id, sha256, mailbox, server_key, raw, size, "
                          "fetched_at, status, attempts, acked) VALUES ('m', '<a@x>', 'h', 'box', '1', :raw, 1, "
                          "CURRENT_TIMESTAMP, 'review', 1, false)"), {"raw": b"x"})
        command.upgrade(cfg, "0005")
        assert conn.execute(text("SELECT message_id, view FROM inbound")).all() == [("<a@x>", None)]
        conn.execute(text("INSERT INTO inbound_attachment (inbound_id, position, filename, content_type, size, data) "
                          "SELECT id, 0, 'a.pdf', 'application/pdf', 1, :data FROM inbound"), {"data": b"x"})
        command.downgrade(cfg, "0004")
        assert conn.scalar(text("SELECT count(*) FROM inbound")) == 1
    engine.dispose()
