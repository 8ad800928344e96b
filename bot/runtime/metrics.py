"""What GET /metrics shows: counters kept by the runtime and what waits in the database, per bot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Literal

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.core.conversation import Clock, utc_now
from storage.backlog import Backlog
from storage.health import PROBE_TIMEOUT, is_outage

log = logging.getLogger(__name__)
# Reads what waits now (one query); the composition root binds it to the storage and channel.
ReadBacklog = Callable[[], Awaitable[Backlog]]
# What became of a message after a failed attempt to send it.
FailureOutcome = Literal["retried", "gave_up"]


async def _nothing_waits() -> Backlog:
    return Backlog(0, 0, None)


class _BacklogGauges(Collector):
    """The gauges read from the database: set just before each exposition, left out of it when
    the database could not be read (an absent series, not a stale or made-up value)."""

    def __init__(self) -> None:
        self.snapshot: tuple[Backlog, float] | None = None  # and the oldest open case's age

    def collect(self) -> Iterable[GaugeMetricFamily]:
        if self.snapshot is None:
            return
        backlog, oldest_age = self.snapshot
        yield GaugeMetricFamily(
            "brobygger_updates_waiting",
            "Updates from Telegram stored in the inbox and not yet handled by a turn.",
            value=backlog.updates_waiting,
        )
        yield GaugeMetricFamily(
            "brobygger_replies_unsent",
            "Messages stored in the outbox by a turn and not yet sent (or given up on).",
            value=backlog.replies_unsent,
        )
        yield GaugeMetricFamily(
            "brobygger_oldest_open_case_seconds",
            "Age of the oldest case waiting for a bridge-builder to take it; 0 when none waits.",
            value=oldest_age,
        )


class Metrics:
    """One bot's metrics, in a registry of its own (several bots in one process do not clash)."""

    def __init__(self, backlog: ReadBacklog = _nothing_waits, clock: Clock = utc_now) -> None:
        self.registry = CollectorRegistry()
        self._backlog = backlog
        self._clock = clock
        self.turns_handled = Counter(
            "brobygger_turns_handled",
            "Turns run for an update from Telegram (a message, a command, a button pressed).",
            registry=self.registry,
        )
        self._delivery_failures = Counter(
            "brobygger_delivery_failures",
            "Failed attempts to send a stored message: the network, Telegram's 5xx or an answer that "
            "cannot be read, then tried again (outcome=retried), or a refusal for good, a recipient "
            "who blocked the bot, or a message set aside after its tries (outcome=gave_up). "
            "Waiting out Telegram's 429 is not a failure.",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in ("retried", "gave_up"):
            self._delivery_failures.labels(outcome)  # both series shown from the start, at 0
        self._gauges = _BacklogGauges()
        self.registry.register(self._gauges)
        self._reading = Gauge(
            "brobygger_reading_model",
            "1 for the state the reading model is in: on, off (READING_MODEL=off) or degraded (it "
            "could not load); off and degraded read messages on the rules alone.",
            ["state"],
            registry=self.registry,
        )
        self.reading("off")

    def reading(self, status: str) -> None:
        """Show the reading model's state ("on: ...", "off: ...", "degraded: ...")."""
        current = status.split(":", 1)[0]
        for state in ("on", "off", "degraded"):
            self._reading.labels(state).set(1 if state == current else 0)

    def delivery_failed(self, outcome: FailureOutcome) -> None:
        self._delivery_failures.labels(outcome).inc()

    async def exposition(self) -> bytes:
        """The text exposition, with the gauges read from the database just now."""
        try:
            async with asyncio.timeout(PROBE_TIMEOUT):
                backlog = await self._backlog()
        except Exception as error:
            if not is_outage(error):  # the database away is told by /healthz and the loops' log
                log.exception("could not read what waits for /metrics")
            self._gauges.snapshot = None
        else:
            oldest = backlog.oldest_open_case_at
            age = max(0.0, (self._clock() - oldest).total_seconds()) if oldest is not None else 0.0
            self._gauges.snapshot = (backlog, age)
        # No await between the snapshot and here: a scrape at the same time cannot mix them up.
        return generate_latest(self.registry)
