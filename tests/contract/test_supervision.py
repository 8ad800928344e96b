"""Every long-running task of a Telegram channel runs under the supervisor: broken once, each
comes back, and the bot goes on answering."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.channels.telegram.channel import TelegramChannel, create_channel, serve
from bot.runtime.supervisor import Supervisor
from tests.contract.conftest import FRAMEWORKS, Harness, ids
from tests.contract.test_channel_contract import consent

TASKS = {"polling", "intake", "delivery", "scheduler", "retention"}


class BreaksEachTaskOnce(Supervisor):
    """Each task raises the first time it starts, as a bug escaping its loop would."""

    def start(self, name: str, run: Callable[[], Awaitable[None]]) -> object:  # type: ignore[override]
        broken = False

        async def first_time_broken() -> None:
            nonlocal broken
            if not broken:
                broken = True
                raise RuntimeError(f"{name} broken by the test")
            await run()

        return super().start(name, first_time_broken)


@pytest.mark.parametrize("telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids)
async def test_each_task_broken_once_comes_back(telegram: Harness) -> None:
    def prepare(channel: TelegramChannel) -> None:
        channel.supervisor = BreaksEachTaskOnce(first_delay=0.05)

    telegram.prepare = prepare
    await telegram.restart()
    ola = await consent(telegram)  # polled, handled from the inbox, delivered: all came back
    await ola.send("Jeg er god til å lage mat")
    await ola.expect("Hva ville en venn")
    assert telegram.channel is not None
    supervisor = telegram.channel.supervisor
    assert supervisor.restarts == dict.fromkeys(TASKS, 1)
    assert not supervisor.failed.is_set()


class BreaksPolling(Supervisor):
    """The poller fails every time it starts, as a bug no restart cures would."""

    def start(self, name: str, run: Callable[[], Awaitable[None]]) -> object:  # type: ignore[override]
        if name != "polling":
            return super().start(name, run)

        async def always_broken() -> None:
            raise RuntimeError("polling broken for good by the test")

        return super().start(name, always_broken)


@pytest.mark.parametrize("telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids)
async def test_a_task_that_cannot_be_kept_running_ends_the_process_non_zero(telegram: Harness) -> None:
    await telegram.stop()
    channel = create_channel(telegram.settings, telegram.framework, polling_timeout=1, tick=3600)
    channel.supervisor = BreaksPolling(first_delay=0.01, max_delay=0.01, max_failures=3)
    status = await asyncio.wait_for(serve(channel, webhook=False), 30)
    assert status == 1
    assert channel.supervisor.gave_up == "polling"
