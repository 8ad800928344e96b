"""The supervisor: a task that fails is logged and started again with backoff; one that keeps
failing sets the process to exit."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.runtime.supervisor import Supervisor


async def test_a_failing_task_is_logged_and_started_again(caplog: pytest.LogCaptureFixture) -> None:
    runs = 0
    done = asyncio.Event()

    async def flaky() -> None:
        nonlocal runs
        runs += 1
        if runs <= 3:
            raise RuntimeError("boom")
        done.set()

    supervisor = Supervisor(first_delay=0.01, max_delay=0.02)
    with caplog.at_level(logging.ERROR, logger="bot.runtime.supervisor"):
        supervisor.start("flaky", flaky)
        await asyncio.wait_for(done.wait(), 5)
        await supervisor.stop()
    assert runs == 4
    assert supervisor.restarts == {"flaky": 3}
    # The traceback once; the same failure again is one line each.
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1
    assert len([r for r in caplog.records if "failed again" in r.getMessage()]) == 2
    assert not supervisor.failed.is_set()


async def test_a_task_that_never_recovers_makes_the_process_give_up() -> None:
    async def broken() -> None:
        raise RuntimeError("always")

    supervisor = Supervisor(first_delay=0.001, max_delay=0.001, max_failures=5)
    supervisor.start("broken", broken)
    await asyncio.wait_for(supervisor.failed.wait(), 5)
    assert supervisor.gave_up == "broken"
    await supervisor.stop()


async def test_stopping_does_not_start_a_failed_task_again() -> None:
    runs = 0

    async def fails_once() -> None:
        nonlocal runs
        runs += 1
        raise RuntimeError("once")

    supervisor = Supervisor(first_delay=30.0)
    supervisor.start("task", fails_once)
    await asyncio.sleep(0.01)
    await asyncio.wait_for(supervisor.stop(), 5)  # not after the 30 s pause
    assert runs == 1
