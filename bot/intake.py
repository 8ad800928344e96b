"""The inbox in use: updates are stored before Telegram is told they arrived, then handled in
order; what a previous run stored but did not handle is handled first."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.conversation import Clock, utc_now
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

BATCH = 500
# An update whose turn failed this many times is set aside (logged), so it cannot block the rest.
MAX_ATTEMPTS = 3
# Handles one stored update; returns True when a turn took it (and marked it handled itself).
Handler = Callable[[dict[str, Any]], Awaitable[bool]]


class Intake:
    """Stores what arrives, then hands it to the handler oldest first, many chats at once."""

    def __init__(
        self, sessions: async_sessionmaker[Any], channel: str, handler: Handler, clock: Clock = utc_now
    ) -> None:
        self._sessions = sessions
        self._channel = channel
        self._handler = handler
        self._clock = clock
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._scheduled: dict[int, asyncio.Task[None]] = {}
        self._worker: asyncio.Task[None] | None = None

    async def accept(self, updates: list[dict[str, Any]]) -> None:
        """Store updates (committed when this returns); only then may Telegram be told."""
        async with UnitOfWork(self._sessions) as uow:
            await uow.inbox.accept(self._channel, updates, self._clock())
            await uow.commit()
        self._wake.set()

    async def next_offset(self) -> int | None:
        async with UnitOfWork(self._sessions) as uow:
            return await uow.inbox.next_offset(self._channel)

    async def start(self) -> None:
        self._stopping.clear()
        self._worker = asyncio.create_task(self._work(), name="intake")
        self._wake.set()  # what a previous run left is handled first

    async def stop(self) -> None:
        """Stop taking stored updates; the ones being handled finish."""
        self._stopping.set()
        self._wake.set()
        if self._worker is not None:
            await self._worker
            self._worker = None
        await asyncio.gather(*self._scheduled.values())

    async def _work(self) -> None:
        while not self._stopping.is_set():
            await self._wake.wait()
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                await self._schedule()
            except Exception:
                log.exception("reading the inbox failed")

    async def _schedule(self) -> None:
        async with UnitOfWork(self._sessions) as uow:
            rows = [
                row
                for row in await uow.inbox.pending(self._channel, BATCH)
                if row.update_id not in self._scheduled
            ]
            for row in rows:
                if row.attempts >= MAX_ATTEMPTS:
                    log.error("update %s failed %s times; set aside", row.update_id, row.attempts)
                    await uow.inbox.mark_handled(self._channel, row.update_id, self._clock())
                else:
                    await uow.inbox.count_attempt(self._channel, row.update_id)
            await uow.commit()
        # Tasks start in update order; the per-chat locks they take first keep each chat in order.
        for row in rows:
            if row.attempts < MAX_ATTEMPTS:
                self._scheduled[row.update_id] = asyncio.create_task(self._run(row.update_id, row.payload))
        if len(rows) == BATCH:
            self._wake.set()

    async def _run(self, update_id: int, payload: dict[str, Any]) -> None:
        try:
            if not await self._handler(payload):
                async with UnitOfWork(self._sessions) as uow:
                    await uow.inbox.mark_handled(self._channel, update_id, self._clock())
                    await uow.commit()
        except Exception:
            # Left in the inbox: tried again at the next wake or start, up to MAX_ATTEMPTS.
            log.exception("handling update %s failed", update_id)
        finally:
            self._scheduled.pop(update_id, None)
