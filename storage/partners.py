"""The partner directory: the organisation's employers, work-practice places, courses and services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Text, cast, func, or_, select
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

    async def search(self, words: str, limit: int) -> Sequence[Partner]:
        """Partners whose name, kind, tags or area hold the words (all partners when none)."""
        query = select(Partner)
        for word in words.split():
            like = f"%{word.lower()}%"
            query = query.where(
                or_(
                    func.lower(Partner.name).like(like),
                    func.lower(Partner.kind).like(like),
                    func.lower(Partner.area).like(like),
                    func.lower(cast(Partner.tags, Text)).like(like),
                )
            )
        return (await self.session.execute(query.order_by(Partner.name).limit(limit))).scalars().all()

    async def version(self) -> tuple[int, datetime | None]:
        """How many partners and when one last changed: a cheap check before matching."""
        query = select(func.count(), func.max(Partner.updated_at)).select_from(Partner)
        count, latest = (await self.session.execute(query)).one()
        return int(count), latest
