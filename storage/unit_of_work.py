"""The unit of work: one transaction per turn, committed explicitly, rolled back otherwise."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.case_desk import DeskRepository
from storage.partners import PartnerRepository
from storage.repositories import (
    AnswerRepository,
    CaseRepository,
    CoordinatorRepository,
    EventRepository,
    InboxRepository,
    OutboxRepository,
    ParticipantRepository,
    RetentionRepository,
    TimerRepository,
    UpdateRepository,
)


class UnitOfWork:
    """Opens a session with its repositories; leaving the block without commit() rolls back."""

    session: AsyncSession
    participants: ParticipantRepository
    answers: AnswerRepository
    cases: CaseRepository
    coordinators: CoordinatorRepository
    events: EventRepository
    inbox: InboxRepository
    outbox: OutboxRepository
    updates: UpdateRepository
    retention: RetentionRepository
    timers: TimerRepository
    partners: PartnerRepository
    desk: DeskRepository

    def __init__(self, session_factory: async_sessionmaker[Any]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.participants = ParticipantRepository(self.session)
        self.answers = AnswerRepository(self.session)
        self.cases = CaseRepository(self.session)
        self.coordinators = CoordinatorRepository(self.session)
        self.events = EventRepository(self.session)
        self.inbox = InboxRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.updates = UpdateRepository(self.session)
        self.retention = RetentionRepository(self.session)
        self.timers = TimerRepository(self.session)
        self.partners = PartnerRepository(self.session)
        self.desk = DeskRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Closing rolls back whatever was not committed and detaches loaded objects without
        # expiring them, so what a read-only block loaded stays readable after it.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()
