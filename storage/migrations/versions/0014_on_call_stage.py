"""how far the person on call has been told of a case that waits; the words that raised an alarm

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("on_call_stage", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("alarm_text", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("on_call_stage")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("alarm_text")
