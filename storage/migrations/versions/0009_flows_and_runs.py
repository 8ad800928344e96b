"""a participant is in (flow, state, run); answers belong to a run; confirmations are states; a
question asked once more is remembered

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECKIN_STATES = (
    "checkin_how",
    "checkin_well",
    "checkin_scale",
    "checkin_easier",
    "checkin_offer",
    "checkin_next",
    "checkin_when",
)
# What participant.pending was for these, and the state it is now.
PENDING_TO_STATE = {"delete": "confirm_delete", "restart": "confirm_restart", "handoff_offer": "offer_human"}


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("flow", sa.String(length=16), nullable=False, server_default="brobygger")
        )
        batch_op.add_column(sa.Column("run", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("return_to", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("asked_again", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("flow", sa.String(length=16), nullable=False, server_default="brobygger")
        )
        batch_op.add_column(sa.Column("run", sa.Integer(), nullable=False, server_default="1"))
    participants = sa.table(
        "participants",
        sa.column("flow", sa.String),
        sa.column("state", sa.String),
        sa.column("pending", sa.String),
        sa.column("return_to", sa.String),
    )
    op.execute(participants.update().where(participants.c.state.in_(CHECKIN_STATES)).values(flow="checkin"))
    for pending, state in PENDING_TO_STATE.items():
        op.execute(
            participants.update()
            .where(participants.c.pending == pending)
            .values(return_to=participants.c.state, state=state, pending=None)
        )


def downgrade() -> None:
    participants = sa.table(
        "participants",
        sa.column("state", sa.String),
        sa.column("pending", sa.String),
        sa.column("return_to", sa.String),
    )
    for pending, state in PENDING_TO_STATE.items():
        op.execute(
            participants.update()
            .where(participants.c.state == state)
            .values(state=participants.c.return_to, pending=pending)
        )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("run")
        batch_op.drop_column("flow")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("asked_at")
        batch_op.drop_column("asked_again")
        batch_op.drop_column("return_to")
        batch_op.drop_column("run")
        batch_op.drop_column("flow")
