"""The inbox in use: updates are stored before Telegram is told they arrived, then handled in
order; what a previous run stored but did not handle is handled first."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.core.conversation import Clock, EarlierUpdatePending, utc_now
from bot.runtime.supervisor import Supervisor
from storage.health import DatabaseHealth
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

BATCH = 500
# An update whose turn failed this many times is set aside (logged), so it cannot block the rest.
MAX_ATTEMPTS = 3
RETRY_EVERY = 2.0  # seconds between looks at the inbox when nothing new arrives
OUTAGE_RETRY = 0.5  # the same while the database is away: turns run again soon after it is back
# An update stored by another process is taken over when it has waited this long (that process
# may have died); until then the process that stored it handles it.
TAKE_OVER_AFTER = timedelta(seconds=10)
# How long an update waits, at most, between looks at whether the chat's earlier one is done.
WAIT_TURN_MAX = 0.5
# Handles one stored update; returns True when a turn took it (and marked it handled itself).
Handler = Callable[[dict[str, Any]], Awaitable[bool]]
# The chat an update belongs to, for keeping one chat's updates in order; None when none.
ChatOf = Callable[[dict[str, Any]], str | None]
# Told of an update whose turn failed or that was set aside (the crisis fail-safe); never raises.
OnFailure = Callable[[dict[str, Any]], Awaitable[None]]


async def _nothing(update: dict[str, Any]) -> None:
    return None


class Intake:
    """Stores what arrives, then hands it to the handler oldest first, many chats at once."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        channel: str,
        handler: Handler,
        clock: Clock = utc_now,
        retry_every: float = RETRY_EVERY,
        chat_of: ChatOf = lambda update: None,
        on_failure: OnFailure = _nothing,
        supervisor: Supervisor | None = None,
        health: DatabaseHealth | None = None,
    ) -> None:
        self._sessions = sessions
        self._channel = channel
        self._handler = handler
        self._clock = clock
        self._retry_every = retry_every
        self._chat_of = chat_of
        self._on_failure = on_failure
        # Updates this process stored and has not finished; others' only after TAKE_OVER_AFTER.
        self._mine: set[int] = set()
        self._first_look = True
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._scheduled: dict[int, asyncio.Task[None]] = {}
        self._supervisor = supervisor or Supervisor()
        self._health = health or DatabaseHealth()
        self._started = False

    async def accept(self, updates: list[dict[str, Any]]) -> None:
        """Store updates (committed when this returns); only then may Telegram be told."""
        pairs = [(update, self._chat_of(update)) for update in updates]
        async with UnitOfWork(self._sessions) as uow:
            await uow.inbox.accept(self._channel, pairs, self._clock())
            await uow.commit()
        self._mine.update(int(update["update_id"]) for update in updates)
        # Handled straight away, in update order; the inbox is read only for what is left over.
        if self._started and not self._stopping.is_set():
            for update in updates:
                self._schedule_one(int(update["update_id"]), update)

    async def set_aside(self, updates: list[dict[str, Any]]) -> None:
        """Store updates the bot cannot read as settled: kept (encrypted) for a while for a person
        to look at, never handed to a turn, and the next getUpdates confirms them."""
        async with UnitOfWork(self._sessions) as uow:
            await uow.inbox.accept(self._channel, [(u, None) for u in updates], self._clock(), set_aside=True)
            await uow.commit()
        for update in updates:
            log.warning("update %s could not be read; set aside", update.get("update_id"))

    async def next_offset(self) -> int | None:
        async with UnitOfWork(self._sessions) as uow:
            return await uow.inbox.next_offset(self._channel)

    async def start(self) -> None:
        self._stopping.clear()
        self._supervisor.start("intake", self._work)
        self._started = True
        self._wake.set()  # what a previous run left is handled first

    async def stop(self) -> None:
        """Stop taking stored updates; the ones being handled finish."""
        self._stopping.set()
        self._wake.set()
        if self._started:
            await self._supervisor.stop(["intake"])
            self._started = False
        await asyncio.gather(*self._scheduled.values())

    async def _work(self) -> None:
        while not self._stopping.is_set():
            # Also woken now and then: an update whose turn failed is tried again without
            # waiting for the next one to arrive.
            every = self._retry_every if self._health.up else min(self._retry_every, OUTAGE_RETRY)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), every)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                await self._schedule()
                self._health.ok()
            except Exception as error:
                if not self._health.failed(error, "the inbox"):
                    log.exception("reading the inbox failed")

    async def _schedule(self) -> None:
        async with UnitOfWork(self._sessions) as uow:
            if self._first_look:  # at start, whatever a previous run left
                stored = await uow.inbox.pending(self._channel, BATCH)
            else:
                stored = await uow.inbox.pending(
                    self._channel, BATCH, ids=self._mine, received_before=self._clock() - TAKE_OVER_AFTER
                )
            rows = [
                (row.update_id, row.attempts, row.payload or {})  # pending rows keep theirs
                for row in stored
                if row.update_id not in self._scheduled
            ]
            poison = [
                (update_id, payload) for update_id, attempts, payload in rows if attempts >= MAX_ATTEMPTS
            ]
            for update_id, _payload in poison:
                log.error("update %s failed %s times; set aside", update_id, MAX_ATTEMPTS)
                await uow.inbox.set_aside(self._channel, update_id, self._clock())
            if poison:
                await uow.commit()
        for _update_id, payload in poison:
            await self._on_failure(payload)
        self._first_look = False
        self._mine.difference_update(update_id for update_id, _ in poison)
        # Tasks start in update order; the per-chat locks they take first keep each chat in order.
        for update_id, attempts, payload in rows:
            if attempts < MAX_ATTEMPTS:
                self._schedule_one(update_id, payload)
        if len(rows) == BATCH:
            self._wake.set()

    def _schedule_one(self, update_id: int, payload: dict[str, Any]) -> None:
        if update_id not in self._scheduled:
            self._scheduled[update_id] = asyncio.create_task(self._run(update_id, payload))

    async def _run(self, update_id: int, payload: dict[str, Any]) -> None:
        try:
            if not await self._when_its_turn(payload):
                async with UnitOfWork(self._sessions) as uow:
                    await uow.inbox.take(self._channel, update_id, self._clock())
                    await uow.commit()
        except EarlierUpdatePending:
            pass  # stopping while it waited its turn: left in the inbox for the next start
        except Exception as error:
            await self._on_failure(payload)
            if self._health.failed(error, "a turn"):
                # The database away has not shown the update to be bad: it is tried again once
                # the inbox can be read, and the try does not count.
                return
            # Left in the inbox and tried again, up to MAX_ATTEMPTS. Only a failed turn counts:
            # a process killed mid-turn has not shown the update to be bad.
            log.exception("handling update %s failed", update_id)
            with contextlib.suppress(Exception):
                async with UnitOfWork(self._sessions) as uow:
                    await uow.inbox.count_attempt(self._channel, update_id)
                    await uow.commit()
        else:
            self._mine.discard(update_id)
        finally:
            self._scheduled.pop(update_id, None)

    async def _when_its_turn(self, payload: dict[str, Any]) -> bool:
        """Run the handler once the chat's earlier updates are handled, wherever they are."""
        pause = 0.005
        while True:
            try:
                return await self._handler(payload)
            except EarlierUpdatePending:
                if self._stopping.is_set():
                    raise
                await asyncio.sleep(pause)
                pause = min(WAIT_TURN_MAX, pause * 2)
