"""Graceful shutdown of the real process: on SIGTERM it stops taking updates, finishes the turns
in flight, delivers their replies, then exits."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.contract.conftest import FRAMEWORKS, TOKEN
from tests.fake_telegram import FakeTelegram, bot_environment, start_bot_process


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_sigterm_finishes_turns_and_delivers_replies(framework: str, tmp_path: Path) -> None:
    server = FakeTelegram(TOKEN)
    base_url = await server.start()
    env = bot_environment(base_url, TOKEN, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    process = await start_bot_process(framework, env, asyncio.subprocess.PIPE)
    try:
        await server.wait(lambda: any(m == "getUpdates" for m, _ in server.calls), "polling")
        users = [server.user(1000 + n, f"U{n}") for n in range(20)]
        for user in users:
            await user.send("/start")
        # Stop as soon as the bot has taken the updates, while their turns and replies are in flight.
        await server.wait(lambda: server.confirmed or not server.updates, "the updates taken")
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, stderr.decode()[-2000:]
        for user in users:  # every participant got the welcome and the consent question
            texts = [s.text for s in user.inbox()]
            assert any("Før vi starter" in text for text in texts), (user.first_name, texts)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await server.stop()
