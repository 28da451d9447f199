"""reply addresses in lower case, as the reply limit and the bounce rules look them up

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE outbox SET to_addr = lower(to_addr) WHERE to_addr <> lower(to_addr)")


def downgrade() -> None:
    pass  # the original case is not needed by anything
