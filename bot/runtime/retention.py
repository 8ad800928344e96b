"""How long things are kept: set-aside updates, handled update ids, whose events were whose, and
participants who have been silent for a long time (told a week ahead, then deleted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.core.commands import delete_everything
from bot.core.conversation import store_outbound
from bot.core.i18n import N_
from bot.core.turn import Turn
from storage.unit_of_work import UnitOfWork

# Participants warned or deleted in one transaction; the next day's run takes the rest.
BATCH = 200
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Periods:
    """The retention periods (settings RETENTION_*_DAYS)."""

    set_aside: timedelta = timedelta(days=30)
    processed: timedelta = timedelta(days=7)
    events: timedelta = timedelta(days=90)
    inactive: timedelta = timedelta(days=365)
    warning: timedelta = timedelta(days=7)

    @classmethod
    def from_settings(cls, settings: Any) -> Periods:
        return cls(
            set_aside=timedelta(days=settings.retention_set_aside_days),
            processed=timedelta(days=settings.retention_processed_days),
            events=timedelta(days=settings.retention_events_days),
            inactive=timedelta(days=settings.retention_inactive_days),
            warning=timedelta(days=settings.retention_warning_days),
        )


@dataclass
class Pruned:
    set_aside_payloads: int = 0
    update_ids: int = 0
    events_anonymised: int = 0
    warned: int = 0
    deleted: int = 0
    channels: set[str] = field(default_factory=set)  # where messages were queued

    def __str__(self) -> str:
        return (
            f"set-aside updates emptied: {self.set_aside_payloads}, update ids forgotten: {self.update_ids}, "
            f"events anonymised: {self.events_anonymised}, participants warned: {self.warned}, "
            f"participants deleted: {self.deleted}"
        )


async def prune(sessions: async_sessionmaker[Any], now: datetime, periods: Periods) -> Pruned:
    """Apply every retention period once; messages it queues (a warning, a deletion notice) go
    through the outbox like any reply."""
    pruned = Pruned()
    async with UnitOfWork(sessions) as uow:
        pruned.set_aside_payloads = await uow.retention.purge_set_aside(now - periods.set_aside)
        pruned.update_ids = await uow.retention.forget_handled_updates(now - periods.processed)
        pruned.events_anonymised = await uow.retention.anonymise_events(now - periods.events)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        for participant in await uow.retention.to_warn(now - (periods.inactive - periods.warning), BATCH):
            turn = Turn(uow, participant, now)
            turn.say(N_("retention.warning"), days=periods.warning.days)
            participant.warned_at = now  # updated_at stays: only their own message counts
            store_outbound(uow, participant.channel, turn.outbound, now)
            pruned.warned += 1
            pruned.channels.add(participant.channel)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        for participant in await uow.retention.to_delete(now - periods.warning, BATCH):
            channel = participant.channel
            turn = Turn(uow, participant, now)
            await delete_everything(turn)
            store_outbound(uow, channel, turn.outbound, now)
            pruned.deleted += 1
            pruned.channels.add(channel)
        await uow.commit()
    return pruned
