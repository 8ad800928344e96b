"""The channel contract harness: the real bot, started in this process on a framework and a mode,
talking over HTTP to a fake Telegram Bot API server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.channels.telegram.channel import TelegramChannel, create_channel
from bot.settings import Settings
from storage.scratch import SCRATCH_KEY, needs_scratch_key
from tests.conftest import migrated_database
from tests.fake_telegram import GROUP_ID, FakeTelegram, FakeUser

TOKEN = "123456:TEST-token-for-the-fake-server"
FRAMEWORKS = ["aiogram", "ptb"]
MODES = ["polling", "webhook"]
# Every framework in every mode on SQLite, and in webhook mode (how several workers share one
# database in production) on PostgreSQL.
COMBINATIONS = [(f, m, "sqlite") for f in FRAMEWORKS for m in MODES] + [
    (f, "webhook", "postgresql") for f in FRAMEWORKS
]
KARI, PER = 501, 502
# The fake server has no rate limits; pacing itself is tested in tests/test_pacing.py.
UNPACED = {
    "send_per_second": 100_000.0,
    "send_per_chat_per_second": 100_000.0,
    "send_chat_burst": 100_000.0,
    "send_per_group_per_minute": 6_000_000.0,
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Harness:
    """One bot and its fake Telegram; start, stop and restart it like a process."""

    server: FakeTelegram
    settings: Settings
    framework: str
    mode: str
    channel: TelegramChannel | None = None
    users: dict[int, FakeUser] = field(default_factory=dict)
    # Called with each new channel before it starts (a test that changes how it is built).
    prepare: Callable[[TelegramChannel], None] | None = None

    async def start(self) -> None:
        self.channel = create_channel(self.settings, self.framework, polling_timeout=1)
        if self.prepare is not None:
            self.prepare(self.channel)
        if self.mode == "webhook":
            await self.channel.start_webhook()
        else:
            await self.channel.start_polling()

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.stop()
            self.channel = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def user(self, user_id: int, first_name: str) -> FakeUser:
        return self.users.setdefault(user_id, self.server.user(user_id, first_name))

    def group(self) -> list:  # type: ignore[type-arg]
        return self.server.in_chat(GROUP_ID)

    async def card(self, number: int) -> object:
        """Wait for the card of case N in the coordinators' group."""
        return await self.server.wait(
            lambda: next(
                (
                    s
                    for s in self.server.in_chat(GROUP_ID, "sendMessage")
                    if f"sak #{number}" in s.text.lower() and s.button_data
                ),
                None,
            ),
            f"the card of case {number}",
        )


def ids(param: tuple[str, ...]) -> str:
    return "-".join(param)


@pytest.fixture(params=COMBINATIONS, ids=ids)
async def telegram(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Harness]:
    framework, mode, backend = request.param
    async with migrated_database(backend, tmp_path) as database_url:
        async for harness in _harness(framework, mode, database_url):
            yield harness


async def _harness(framework: str, mode: str, database_url: str, **extra: Any) -> AsyncIterator[Harness]:
    server = FakeTelegram(TOKEN)
    base_url = await server.start()
    port = _free_port()
    settings = Settings(
        database_url=database_url,
        encryption_keys=SCRATCH_KEY if needs_scratch_key(database_url) else None,
        bot_token=TOKEN,
        telegram_api_url=base_url,
        coordinator_chat_id=GROUP_ID,
        coordinator_ids=f"{KARI},{PER}",
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_secret="s3cret-token",
        webhook_host="127.0.0.1",
        webhook_port=port,
        **UNPACED,
        **extra,
    )
    harness = Harness(server, settings, framework, mode)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
        await server.stop()
