"""inbox chat key: one chat's updates in order across processes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 13:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_key", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_inbox_chat", ["channel", "chat_key", "update_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_chat")
        batch_op.drop_column("chat_key")
