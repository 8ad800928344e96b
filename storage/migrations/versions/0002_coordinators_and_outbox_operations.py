"""coordinators and outbox operations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:17:57.292294
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "coordinators",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("first_name", sa.String(length=64), nullable=False),
        sa.Column("private_chat", sa.Boolean(), nullable=False),
        sa.Column("current_case_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        # Rows already stored were all plain messages.
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="message"))
        batch_op.add_column(sa.Column("target_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("copy_from_chat_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sent_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("error", sa.String(length=200), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.drop_column("error")
        batch_op.drop_column("sent_message_id")
        batch_op.drop_column("copy_from_chat_id")
        batch_op.drop_column("target_message_id")
        batch_op.drop_column("kind")

    op.drop_table("coordinators")
