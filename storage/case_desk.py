"""The coordinators' desk in the database: notes on cases, handing a case over, recently closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Case, CaseNote, Coordinator


class DeskRepository:
    """Notes, handovers and the recently closed cases."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add_note(self, case_id: int, author_id: str, author_name: str, text: str, now: datetime) -> None:
        self.session.add(
            CaseNote(case_id=case_id, author_id=author_id, author_name=author_name, text=text, created_at=now)
        )

    async def notes(self, participant_id: int) -> Sequence[CaseNote]:
        """Every note on the participant's cases, oldest first (their earlier cases' too)."""
        query = (
            select(CaseNote)
            .join(Case, Case.id == CaseNote.case_id)
            .where(Case.participant_id == participant_id)
            .order_by(CaseNote.id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def hand_over(self, case_id: int, from_id: str, to_id: str, to_name: str) -> bool:
        """Give a claimed case to another coordinator; one conditional UPDATE, so a case handed
        over twice at once goes to one of them."""
        result = await self.session.execute(
            update(Case)
            .where(Case.id == case_id, Case.status == "claimed", Case.coordinator_id == from_id)
            .values(coordinator_id=to_id, coordinator_name=to_name)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1

    async def colleagues(self, user_ids: frozenset[str], but: str) -> Sequence[Coordinator]:
        """The coordinators on duty the bot knows (they have written to it), but one."""
        query = (
            select(Coordinator)
            .where(Coordinator.user_id.in_(sorted(user_ids - {but})))
            .order_by(Coordinator.user_id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def recently_closed(self, since: datetime, limit: int) -> Sequence[Case]:
        query = (
            select(Case)
            .options(selectinload(Case.participant))
            .where(Case.status == "closed", Case.closed_at >= since)
            .order_by(Case.closed_at.desc())
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()
