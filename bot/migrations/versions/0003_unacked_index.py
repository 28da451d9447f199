"""a partial index on the messages still to file on the server

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_inbound_unacked", "inbound", ["mailbox", "id"], unique=False,
                    sqlite_where=sa.text("acked = 0"), postgresql_where=sa.text("NOT acked"))


def downgrade() -> None:
    op.drop_index("ix_inbound_unacked", table_name="inbound")
