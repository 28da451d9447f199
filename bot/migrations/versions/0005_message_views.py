"""what the review page shows of a message, kept when it is processed: the view and the attachments

Messages recorded before have no view: the page shows their raw text and says so until
they are read again (re-process).

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbound", sa.Column("view", sa.JSON(), nullable=True))
    op.create_table(
        "inbound_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbound_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["inbound_id"], ["inbound.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inbound_id", "position", name="uq_inbound_attachment_position"),
    )


def downgrade() -> None:
    op.drop_table("inbound_attachment")
    with op.batch_alter_table("inbound") as batch:
        batch.drop_column("view")
