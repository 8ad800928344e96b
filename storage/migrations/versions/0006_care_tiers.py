"""care in two tiers: the answer to the concern question, and going on beside an urgent case

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("concern_answer", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("concern_answered_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flow_open", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("flow_open")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("concern_answered_at")
        batch_op.drop_column("concern_answer")
