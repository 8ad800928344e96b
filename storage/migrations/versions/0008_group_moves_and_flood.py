"""the coordinators' group followed when Telegram upgrades it; texts kept during a flood; timers;
follow-ups on the planned day

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_moves",
        sa.Column("from_chat_id", sa.String(length=64), primary_key=True),
        sa.Column("to_chat_id", sa.String(length=64), nullable=False),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_messages", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("followups", sa.String(length=8), nullable=False, server_default="on"))
        batch_op.add_column(sa.Column("checkin_misses", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "timers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=True),
        sa.Column(
            "participant_id",
            sa.Integer(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_timers_due", "timers", ["channel", "due_at"])
    op.create_index("ix_timers_participant", "timers", ["participant_id", "kind"])
    op.create_index("ix_timers_case", "timers", ["case_id", "kind"])
    # Cases waiting for a bridge-builder were escalated by a loop that looked at every open case;
    # now each has a timer. Due at once: the scheduler looks and sets the real time.
    op.execute(
        "INSERT INTO timers (channel, kind, case_id, participant_id, due_at, created_at) "
        "SELECT p.channel, 'escalate', c.id, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        "FROM cases c JOIN participants p ON p.id = c.participant_id WHERE c.status = 'open'"
    )


def downgrade() -> None:
    op.drop_index("ix_timers_case", table_name="timers")
    op.drop_index("ix_timers_participant", table_name="timers")
    op.drop_index("ix_timers_due", table_name="timers")
    op.drop_table("timers")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("checkin_misses")
        batch_op.drop_column("followups")
        batch_op.drop_column("held_messages")
    op.drop_table("group_moves")
