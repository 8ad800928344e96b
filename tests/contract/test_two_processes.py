"""Two bot processes in webhook mode on one PostgreSQL, behind a load balancer that sends each
chat's updates to them in turn: every conversation stays in order and consistent."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ANSWERS, migrated_database
from tests.contract.conftest import FRAMEWORKS, TOKEN, _free_port
from tests.contract.observe import settled, stored_answers, until
from tests.fake_telegram import PROCESS_START_WAIT, FakeTelegram, FakeUser, bot_environment, start_bot_process

SCRIPT = ["/start", "ja", *ANSWERS.values(), "/minplan"]
CHATS = 4
SECRET = "load-balanced-secret"


async def _webhook_process(framework: str, env: dict[str, str], port: int, log: Any) -> tuple[Any, str]:
    url = f"http://127.0.0.1:{port}/telegram"
    env = {**env, "WEBHOOK_URL": url, "WEBHOOK_SECRET": SECRET, "WEBHOOK_HOST": "127.0.0.1"}
    env["WEBHOOK_PORT"] = str(port)
    return await start_bot_process(framework, env, log, command="webhook"), url


def _both_listening(server: FakeTelegram, processes: list[Any], logs: Path) -> bool:
    """Both set their webhook; a process that died says why at once, not after the wait."""
    for name, process in zip("ab", processes, strict=True):
        if process.returncode is not None:
            tail = (logs / f"{name}.log").read_text(errors="replace")[-3000:]
            raise AssertionError(f"process {name} exited with {process.returncode}:\n{tail}")
    return sum(method == "setWebhook" for method, _ in server.calls) == 2


async def _burst(user: FakeUser) -> None:
    """The whole script at once: each message stored (the webhook's 200) before the next is sent."""
    for message in SCRIPT:
        status = await user.send(message)
        assert status == 200


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_one_chat_alternating_between_two_processes_stays_in_order(
    framework: str, tmp_path: Path
) -> None:
    async with migrated_database("postgresql", tmp_path) as database_url:
        server = FakeTelegram(TOKEN)
        base_url = await server.start()
        env = bot_environment(base_url, TOKEN, database_url)
        processes = []
        with contextlib.ExitStack() as logs:
            try:
                urls = []
                for name in ("a", "b"):
                    log = logs.enter_context(open(tmp_path / f"{name}.log", "wb"))
                    process, url = await _webhook_process(framework, env, _free_port(), log)
                    processes.append(process)
                    urls.append(url)
                await server.wait(
                    lambda: _both_listening(server, processes, tmp_path),
                    "both webhooks",
                    bound=PROCESS_START_WAIT,
                )
                # First, one process only: what each chat should see. Then both, in turn per chat.
                alone = [server.user(3000 + n, "Ola") for n in range(CHATS)]
                server.balanced = [urls[0]]
                await asyncio.gather(*(_burst(user) for user in alone))
                await until(lambda: settled(database_url, len(SCRIPT) * CHATS), lambda: "one process")
                shared = [server.user(4000 + n, "Ola") for n in range(CHATS)]
                server.balanced = urls
                await asyncio.gather(*(_burst(user) for user in shared))
                await until(lambda: settled(database_url, len(SCRIPT) * CHATS * 2), lambda: "two processes")
            finally:
                for process in processes:
                    with contextlib.suppress(ProcessLookupError):  # one that died is looked at below
                        process.terminate()
                    await process.wait()
                await server.stop()
        answers = await stored_answers(database_url)
    for reference, user in zip(alone, shared, strict=True):
        # The same replies in the same order, nothing twice, nothing missing.
        assert [s.text for s in user.inbox()] == [s.text for s in reference.inbox()]
        mine = sorted((q, t, current) for chat, q, t, current in answers.elements() if chat == str(user.id))
        expected = sorted(
            (q, t, current) for chat, q, t, current in answers.elements() if chat == str(reference.id)
        )
        assert mine == expected
        assert len(mine) > len(ANSWERS) // 2
        assert len({question for question, _, _ in mine}) == len(mine)  # each answer stored once
    for process in processes:
        assert process.returncode == 0
