"""privacy: encrypted columns as text, inbox payloads droppable, case numbers never reused, the
key check, and the inactivity warning

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "key_check",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # Fernet tokens are longer than the names were allowed to be.
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.alter_column("first_name", type_=sa.Text(), existing_type=sa.String(length=64))
        batch_op.add_column(sa.Column("warned_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("coordinators", schema=None) as batch_op:
        batch_op.alter_column("first_name", type_=sa.Text(), existing_type=sa.String(length=64))
    # On SQLite the table is rebuilt with AUTOINCREMENT, so that a deleted case's number is never
    # given to another; PostgreSQL's sequence never gives a number twice anyway.
    with op.batch_alter_table(
        "cases",
        schema=None,
        recreate="always" if op.get_context().dialect.name == "sqlite" else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch_op:
        batch_op.alter_column("coordinator_name", type_=sa.Text(), existing_type=sa.String(length=64))
    # The payload becomes encrypted text, and may be dropped once the update is handled.
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.alter_column(
            "payload",
            type_=sa.Text(),
            existing_type=sa.JSON(),
            nullable=True,
            postgresql_using="payload::text",
        )


def downgrade() -> None:
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.alter_column(
            "payload",
            type_=sa.JSON(),
            existing_type=sa.Text(),
            nullable=False,
            postgresql_using="payload::json",
        )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("coordinator_name", type_=sa.String(length=64), existing_type=sa.Text())
    with op.batch_alter_table("coordinators", schema=None) as batch_op:
        batch_op.alter_column("first_name", type_=sa.String(length=64), existing_type=sa.Text())
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("warned_at")
        batch_op.alter_column("first_name", type_=sa.String(length=64), existing_type=sa.Text())
    op.drop_table("key_check")
