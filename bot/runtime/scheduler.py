"""The scheduler: one loop in every runtime (Telegram's and the terminal's) that fires the timers
that are due, as events through the core's entry, and hands what they produced to delivery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.core.conversation import Conversation
from storage.health import DatabaseHealth

SCHEDULER_TICK = 1.0  # seconds between looks for timers that are due
log = logging.getLogger(__name__)


class Scheduler:
    """Looks for due timers every tick until stopped; a failure is logged (an outage once) and the
    next tick tries again."""

    def __init__(
        self,
        conversation: Conversation,
        channel: str,
        produced: Callable[[], Awaitable[object] | None],
        tick: float = SCHEDULER_TICK,
        health: DatabaseHealth | None = None,
    ) -> None:
        self._conversation = conversation
        self._channel = channel
        self._produced = produced
        self._tick = tick
        self._health = health or DatabaseHealth()

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            await self.tick()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self._tick)

    async def tick(self) -> None:
        """Fire what is due now, once."""
        try:
            if await self._conversation.fire_all_due(self._channel):
                done = self._produced()  # what they produced goes out
                if done is not None:
                    await done
            self._health.ok()
        except Exception as error:
            if not self._health.failed(error, "the scheduler"):
                log.exception("firing timers failed")
