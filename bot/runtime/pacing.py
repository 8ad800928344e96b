"""Pacing under Telegram's limits: about 30 messages a second in all, about one a second per chat
sustained (short bursts allowed), 20 a minute per group."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass
class Bucket:
    """A token bucket: `rate` tokens a second, holding at most `capacity`."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    def delay(self, now: float) -> float:
        """Seconds until a token is there (0 when one is there now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        # The tolerance keeps float rounding (0.9999999999999998 tokens) from asking for a wait
        # shorter than the clock can show, which would never end.
        return 0.0 if self.tokens >= 1 - 1e-9 else (1 - self.tokens) / self.rate


@dataclass(frozen=True)
class Limits:
    total_per_second: float = 30.0
    chat_per_second: float = 1.0
    chat_burst: float = 5.0
    group_per_minute: float = 20.0
    group_burst: float = 5.0


class Pacer:
    """Waits before each call until the global bucket and the chat's bucket both allow it."""

    def __init__(
        self,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._sleep = sleep
        now = clock()
        total = self.limits.total_per_second
        self._total = Bucket(total, total, total, now)
        self._chats: dict[str, Bucket] = {}

    def _bucket(self, chat_id: str, now: float) -> Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if chat_id.startswith("-"):  # groups and channels have negative ids
                rate, burst = self.limits.group_per_minute / 60, self.limits.group_burst
            else:
                rate, burst = self.limits.chat_per_second, self.limits.chat_burst
            bucket = self._chats[chat_id] = Bucket(rate, burst, burst, now)
            if len(self._chats) > 10_000:  # forget chats that have long been full again
                self._chats = {k: b for k, b in self._chats.items() if b.delay(now) > 0}
        return bucket

    def ready(self, chat_id: str) -> bool:
        """Whether a call to this chat could go now, without waiting (nothing is taken)."""
        now = self._clock()
        return max(self._total.delay(now), self._bucket(chat_id, now).delay(now)) <= 0

    async def wait(self, chat_id: str) -> None:
        while True:
            now = self._clock()
            chat = self._bucket(chat_id, now)
            delay = max(self._total.delay(now), chat.delay(now))
            if delay <= 0:
                self._total.tokens -= 1
                chat.tokens -= 1
                return
            await self._sleep(delay)
