"""The operations endpoints over real HTTP, GET /healthz and GET /metrics: on the webhook server, and
beside polling on METRICS_PORT; both frameworks. The metrics move as a participant's turns do."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.core.i18n import translator
from bot.runtime.metrics import Metrics
from storage.backlog import Backlog
from tests.conftest import migrated_database
from tests.contract.conftest import FRAMEWORKS, MODES, Harness, _free_port, _harness, ids
from tests.contract.test_channel_contract import consent
from tests.fake_telegram import WAIT

t = translator("nb")
Values = dict[str, float]
RETRIED = 'brobygger_delivery_failures_total{outcome="retried"}'
GAVE_UP = 'brobygger_delivery_failures_total{outcome="gave_up"}'
TURNS = "brobygger_turns_handled_total"
WAITING = "brobygger_updates_waiting"
UNSENT = "brobygger_replies_unsent"
OLDEST = "brobygger_oldest_open_case_seconds"


@pytest.fixture(params=[(f, m) for f in FRAMEWORKS for m in MODES], ids=ids)
async def telegram(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Harness]:
    framework, mode = request.param
    extra = {"metrics_port": _free_port()} if mode == "polling" else {}
    async with migrated_database("sqlite", tmp_path) as database_url:
        async for harness in _harness(framework, mode, database_url, **extra):
            yield harness


def _address(telegram: Harness) -> str:
    settings = telegram.settings
    if telegram.mode == "webhook":
        return f"http://127.0.0.1:{settings.webhook_port}"
    assert settings.metrics_host == "127.0.0.1" and settings.metrics_port is not None
    return f"http://127.0.0.1:{settings.metrics_port}"


async def _get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def _scrape(telegram: Harness) -> Values:
    """Every sample of /metrics, by name and labels as the exposition writes them."""
    status, content_type, text = await _get(f"{_address(telegram)}/metrics")
    assert status == 200 and content_type.startswith("text/plain")
    values: Values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            values[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return values


async def _until(telegram: Harness, condition: Callable[[Values], bool], what: str) -> Values:
    """Scrape until the metrics show what is expected, or fail."""
    deadline = time.monotonic() + WAIT
    while True:
        values = await _scrape(telegram)
        if condition(values):
            return values
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last seen {values}")
        await asyncio.sleep(0.05)


async def test_health_and_metrics_follow_a_participant(telegram: Harness) -> None:
    status, _, body = await _get(f"{_address(telegram)}/healthz")
    assert status == 200 and '"status": "ok"' in body

    start = await _scrape(telegram)
    assert {k: start[k] for k in (TURNS, RETRIED, GAVE_UP, WAITING, UNSENT, OLDEST)} == dict.fromkeys(
        (TURNS, RETRIED, GAVE_UP, WAITING, UNSENT, OLDEST), 0.0
    )

    # The first reply fails once (Telegram's 500) and goes on the retry.
    telegram.server.fail["sendMessage"] = [(500, "Internal Server Error", None)]
    ola = await consent(telegram)
    answered = await _until(
        telegram,
        lambda v: v[TURNS] >= 2 and v[UNSENT] == 0 and v[WAITING] == 0,
        "the turns handled and their replies sent",
    )
    assert answered[RETRIED] >= 1 and answered[GAVE_UP] == 0
    assert answered[OLDEST] == 0

    await ola.send("/brobygger")
    await ola.expect(t("handoff.opened"))
    await telegram.card(1)
    waiting = await _until(
        telegram, lambda v: v[OLDEST] > 0 and v[UNSENT] == 0, "the open case's age, its card sent"
    )
    assert waiting[TURNS] >= 3


async def test_metrics_leave_out_what_the_database_cannot_tell() -> None:
    async def away() -> Backlog:
        raise ConnectionRefusedError("the database is away")

    metrics = Metrics(away)
    metrics.turns_handled.inc()
    families = {f.name: f for f in text_string_to_metric_families((await metrics.exposition()).decode())}
    assert families["brobygger_turns_handled"].samples[0].value == 1
    assert not {WAITING, UNSENT, OLDEST} & set(families)  # absent, not a made-up 0
