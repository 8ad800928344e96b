"""What is waiting, for the operations metrics: one cheap query over the inbox, outbox and cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, InboxUpdate, OutgoingMessage


@dataclass(frozen=True)
class Backlog:
    """How much waits now: updates stored and not handled, replies not sent, and when the oldest
    case still waiting for a bridge-builder was opened (None when none waits)."""

    updates_waiting: int
    replies_unsent: int
    oldest_open_case_at: datetime | None


async def read_backlog(session: AsyncSession, channel: str) -> Backlog:
    """One statement of three scalar subqueries, each on an index: the inbox's (channel,
    handled_at), the outbox's (sent_at) and the cases' (status, ...)."""
    waiting = (
        select(func.count())
        .select_from(InboxUpdate)
        .where(InboxUpdate.channel == channel, InboxUpdate.handled_at.is_(None))
        .scalar_subquery()
    )
    unsent = (
        select(func.count())
        .select_from(OutgoingMessage)
        .where(OutgoingMessage.sent_at.is_(None), OutgoingMessage.channel == channel)
        .scalar_subquery()
    )
    # "open" is a case nobody has taken yet ("claimed" once a bridge-builder has it).
    oldest = select(func.min(Case.opened_at)).where(Case.status == "open").scalar_subquery()
    row = (await session.execute(select(waiting, unsent, oldest))).one()
    return Backlog(int(row[0] or 0), int(row[1] or 0), row[2])
