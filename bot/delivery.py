"""Sends what turns committed to the outbox, through a channel's sender, and marks it sent."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.conversation import Clock, utc_now
from storage.models import OutgoingMessage
from storage.unit_of_work import UnitOfWork

BATCH_SIZE = 50


class Sender(Protocol):
    """A channel's way of putting one stored message in front of its reader."""

    async def send(self, message: OutgoingMessage) -> None: ...


class Delivery:
    """Delivers a channel's unsent messages in the order they were stored."""

    def __init__(
        self, sessions: async_sessionmaker[Any], channel: str, sender: Sender, clock: Clock = utc_now
    ) -> None:
        self._sessions = sessions
        self._channel = channel
        self._sender = sender
        self._clock = clock

    async def deliver_pending(self) -> int:
        """Send everything unsent; returns how many messages went out."""
        sent = 0
        while True:
            async with UnitOfWork(self._sessions) as uow:
                batch = await uow.outbox.unsent(self._channel, BATCH_SIZE)
            if not batch:
                return sent
            for message in batch:
                await self._sender.send(message)
                async with UnitOfWork(self._sessions) as uow:
                    await uow.outbox.mark_sent(message.id, self._clock())
                    await uow.commit()
                sent += 1
