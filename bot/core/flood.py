"""Flood control: a participant sending more than a few messages in a few seconds is told once to
slow down; what follows is kept and answered as one message when they pause."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

# What a turn is told about its message (Inbound.flood): the first message over the limit, one
# that follows it, or the call to answer what was kept once the participant has paused.
STARTS, GOES_ON, RELEASE = "starts", "goes_on", "release"
REMEMBERED = 10_000  # updates whose decision is remembered
RELEASE_TIMER = "flood_release"  # the timer that answers what was kept, once they pause
PAUSE_SECONDS = 3.0  # a pause this long ends the flood (the scheduler looks every second)


@dataclass
class FloodGuard:
    """Counts each chat's messages in a sliding window (in this process: a flood lasts seconds)."""

    limit: int = 20
    window: float = 10.0
    _seen: dict[str, deque[float]] = field(default_factory=dict)
    _flooding: set[str] = field(default_factory=set)
    # What was decided for each recent update: a turn that waits for the chat's earlier update is
    # offered again and again, and must be counted once, and decided the same way each time.
    _decided: OrderedDict[int, str | None] = field(default_factory=OrderedDict)

    def note(self, chat_id: str, now: float | None = None, update_id: int | None = None) -> str | None:
        """Count one message; STARTS or GOES_ON while the chat is over the limit, else None."""
        if update_id is not None and update_id in self._decided:
            return self._decided[update_id]
        state = self._count(chat_id, now)
        if update_id is not None:
            self._decided[update_id] = state
            while len(self._decided) > REMEMBERED:
                self._decided.popitem(last=False)
        return state

    def _count(self, chat_id: str, now: float | None) -> str | None:
        now = time.monotonic() if now is None else now
        seen = self._seen.setdefault(chat_id, deque())
        seen.append(now)
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) <= self.limit:
            self._flooding.discard(chat_id)
            return None
        if chat_id in self._flooding:
            return GOES_ON
        self._flooding.add(chat_id)
        return STARTS

    def forget_quiet(self, now: float | None = None) -> None:
        """Drop the chats that have been quiet for a whole window (memory stays small)."""
        now = time.monotonic() if now is None else now
        for chat_id in [c for c, seen in self._seen.items() if not seen or now - seen[-1] > self.window]:
            del self._seen[chat_id]
            self._flooding.discard(chat_id)
