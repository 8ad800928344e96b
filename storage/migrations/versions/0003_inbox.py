"""inbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 11:18:49.911805
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "inbox_updates",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("channel", "update_id"),
    )
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_pending", ["channel", "handled_at", "update_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_pending")

    op.drop_table("inbox_updates")
