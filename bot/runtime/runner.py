"""Runs the core behind a Telegram channel: turns in per-chat order, delivery after commit,
and the timers (a case nobody has taken is announced again). Shared by every Telegram adapter."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace

from bot.core.conversation import Conversation
from bot.core.envelopes import Inbound, Outbound
from bot.core.flood import FloodGuard
from bot.runtime.delivery import Delivery
from bot.runtime.metrics import Metrics
from bot.runtime.retention import Periods, prune
from bot.runtime.scheduler import SCHEDULER_TICK, Scheduler
from bot.runtime.supervisor import Supervisor
from storage.health import DatabaseHealth

log = logging.getLogger(__name__)
# Turns in flight at once. A server database takes them side by side, up to below its pool
# (storage.engine.POOL_SIZE). SQLite takes one writer at a time: more turns in flight only make
# them wait in SQLite's sleeping busy handler, so there they queue here, in order, instead.
SERVER_TURNS_IN_FLIGHT = 16
SQLITE_TURNS_IN_FLIGHT = 1
PRUNE_EVERY = 24 * 3600.0
# A message sent longer ago than this is a backlog being worked off, not someone flooding now.
BACKLOG_SECONDS = 60.0
# Seconds between tries while the database is away: replies go out soon after it is back.
OUTAGE_RETRY = 0.5


class ChatLocks:
    """One FIFO lock per chat, so one chat's turns run in the order they arrived while
    different chats run side by side. A lock lives only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, chat_id: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class BotService:
    """The core as a Telegram channel uses it."""

    def __init__(
        self,
        conversation: Conversation,
        delivery: Delivery,
        channel: str,
        tick: float = SCHEDULER_TICK,
        turns_in_flight: int = SERVER_TURNS_IN_FLIGHT,
        retention: Periods | None = None,
        supervisor: Supervisor | None = None,
        health: DatabaseHealth | None = None,
        flood: FloodGuard | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.conversation = conversation
        self.delivery = delivery
        self.channel = channel
        self._tick = tick
        self._retention = retention
        self._locks = ChatLocks()
        self._turns = asyncio.Semaphore(turns_in_flight)
        self._wake = asyncio.Event()
        self._supervisor = supervisor or Supervisor()
        self._health = health or DatabaseHealth()
        self._loops: list[str] = []
        self._flood = flood or FloodGuard()
        self._metrics = metrics or Metrics()
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = asyncio.Event()

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """One turn, after the chat's earlier turns; what it stored is then delivered."""
        inbound = self._count_for_flood(inbound)
        self._in_flight += 1
        self._idle.clear()
        try:
            async with self._locks.hold(inbound.chat_id), self._turns:
                outbound = await self.conversation.handle(inbound)
            self._metrics.turns_handled.inc()
            self._wake.set()
            return outbound
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    def _count_for_flood(self, inbound: Inbound) -> Inbound:
        """A participant's message over the flood limit is marked so: the turn keeps it, and sets
        the timer that answers what was kept as one once they pause."""
        conversation = self.conversation
        if (
            inbound.chat_type != "private"
            or inbound.kind in ("resume", "edited", "button")
            or inbound.flood is not None
            or conversation.duty.is_coordinator(inbound.user_id)
        ):
            return inbound
        if inbound.sent_at is not None and time.time() - inbound.sent_at > BACKLOG_SECONDS:
            return inbound  # sent a while ago (handled after an outage or a restart): not a flood
        state = self._flood.note(inbound.chat_id, update_id=inbound.update_id)
        if state is None:
            return inbound
        self._flood.forget_quiet()
        return replace(inbound, flood=state)

    async def start(self) -> None:
        """Start delivering (what a previous run left unsent goes first) and escalating."""
        self._stopping.clear()
        loops = {"delivery": self._deliver_forever, "scheduler": self._fire_timers_forever}
        if self._retention is not None:
            loops["retention"] = self._prune_daily
        for name, loop in loops.items():
            self._supervisor.start(name, loop)
        self._loops = list(loops)
        self._wake.set()

    async def stop(self) -> None:
        """Let the turns in flight finish, deliver their replies, then stop the loops. The loops
        are asked to stop, never cancelled: a cancelled database call could keep its lock."""
        await self._idle.wait()
        self._stopping.set()
        self._wake.set()
        await self._supervisor.stop(self._loops)
        self._loops = []
        try:
            await self.delivery.deliver_pending()
        except Exception as error:
            if not self._health.failed(error, "delivery"):
                raise
            log.error("stopping with the database away: unsent replies go out at the next start")

    async def _deliver_forever(self) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                # Woken by a new turn, or when a message that failed for now is due again.
                await asyncio.wait_for(self._wake.wait(), self.delivery.next_retry_in())
            self._wake.clear()
            try:
                await self.delivery.deliver_pending()
                self._health.ok()
            except Exception as error:
                if not self._health.failed(error, "delivery"):
                    log.exception("delivery failed; trying again shortly")
                await self._pause(OUTAGE_RETRY)
                self._wake.set()

    async def _fire_timers_forever(self) -> None:
        scheduler = Scheduler(self.conversation, self.channel, self._wake.set, self._tick, self._health)
        await scheduler.run(self._stopping)

    async def _prune_daily(self) -> None:
        """The retention periods, applied at start and then once a day."""
        periods = self._retention
        assert periods is not None
        while not self._stopping.is_set():
            try:
                pruned = await prune(self.conversation.sessions, self.conversation.now(), periods)
                log.info("retention: %s", pruned)
                if pruned.channels:
                    self._wake.set()
            except Exception as error:
                if self._health.failed(error, "retention"):
                    await self._pause(OUTAGE_RETRY * 10)  # the database away for a while: soon again
                    continue
                log.exception("applying the retention periods failed")
            await self._pause(PRUNE_EVERY)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
