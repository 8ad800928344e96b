"""Keeps the long-running tasks running: a task that fails is logged and started again, with backoff."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
FIRST_DELAY = 0.5
MAX_DELAY = 30.0
# A task that fails this many times within WINDOW seconds is not going to recover by itself: the
# process exits non-zero, so that the platform starts a fresh one (and someone sees it).
MAX_FAILURES = 20
WINDOW = 600.0


class Supervisor:
    """Runs named tasks until they return; one that raises is started again after a pause that
    doubles with each failure in a row, and the failure is logged once (a repeat in one line)."""

    def __init__(
        self,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
    ) -> None:
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._max_failures = max_failures
        self._window = window
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping = asyncio.Event()
        # Set when a task failed too often to go on: the process should exit (see gave_up).
        self.failed = asyncio.Event()
        self.gave_up: str | None = None
        self.restarts: dict[str, int] = {}

    def start(self, name: str, run: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
        """Run `run()` under watch; a task of the same name must not be running already."""
        self._stopping.clear()
        task = asyncio.create_task(self._keep(name, run), name=name)
        self._tasks[name] = task
        return task

    async def _keep(self, name: str, run: Callable[[], Awaitable[None]]) -> None:
        failures: deque[float] = deque()
        delay = self._first_delay
        last: tuple[str, str] | None = None
        while True:
            started = time.monotonic()
            try:
                await run()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:
                now = time.monotonic()
                if now - started > self._window:
                    delay = self._first_delay  # it ran well for a long while: not a failure in a row
                failures.append(now)
                while failures and now - failures[0] > self._window:
                    failures.popleft()
                if len(failures) >= self._max_failures:
                    log.critical(
                        "task %s failed %s times in %.0f s; giving up so that the process is restarted",
                        name,
                        len(failures),
                        self._window,
                        exc_info=True,
                    )
                    self.gave_up = name
                    self.failed.set()
                    return
                this = (type(error).__name__, str(error))
                if this != last:
                    log.error("task %s failed; starting it again in %.1f s", name, delay, exc_info=True)
                else:
                    log.error("task %s failed again (%s); starting it again in %.1f s", name, this[0], delay)
                last = this
            self.restarts[name] = self.restarts.get(name, 0) + 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
            if self._stopping.is_set():
                return
            delay = min(self._max_delay, delay * 2)

    async def stop(self, names: list[str] | None = None) -> None:
        """Wait for the tasks (those named, or all) to return; the tasks stop by themselves when
        asked their own way, and a task waiting to be started again is not started."""
        self._stopping.set()
        chosen = [n for n in (names or list(self._tasks)) if n in self._tasks]
        await asyncio.gather(*(self._tasks.pop(n) for n in chosen))

    async def cancel(self, name: str) -> None:
        """Cancel one task (one that is safe to cut, such as a long poll)."""
        task = self._tasks.pop(name, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
