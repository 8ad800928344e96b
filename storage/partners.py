"""The partner directory: the organisation's employers, work-practice places, courses and services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Partner


class PartnerRepository:
    """Partners by name; the directory's version tells a process when its match index is stale."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> Sequence[Partner]:
        return (await self.session.execute(select(Partner).order_by(Partner.name))).scalars().all()

    async def active(self) -> Sequence[Partner]:
        query = select(Partner).where(Partner.active.is_(True)).order_by(Partner.id)
        return (await self.session.execute(query)).scalars().all()

    async def get(self, partner_id: int) -> Partner | None:
        return await self.session.get(Partner, partner_id)

    async def by_name(self) -> dict[str, Partner]:
        return {p.name: p for p in await self.all()}

    def add(self, partner: Partner) -> None:
        self.session.add(partner)

    async def version(self) -> tuple[int, datetime | None]:
        """How many partners and when one last changed: a cheap check before matching."""
        query = select(func.count(), func.max(Partner.updated_at)).select_from(Partner)
        count, latest = (await self.session.execute(query)).one()
        return int(count), latest
