"""The inbox on its own: a failing turn is tried again without new updates arriving, and an
update that keeps failing is set aside so that the chat goes on."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.runtime.intake import MAX_ATTEMPTS, Intake
from bot.startup import open_storage
from storage.engine import create_session_factory
from storage.unit_of_work import UnitOfWork
from tests.conftest import migrated_database


def _update(update_id: int, text: str) -> dict[str, Any]:
    return {"update_id": update_id, "message": {"chat": {"id": 7, "type": "private"}, "text": text}}


async def _waiting(sessions: Any) -> int:
    async with UnitOfWork(sessions) as uow:
        return len(await uow.inbox.pending("telegram", 10))


async def test_failing_update_is_retried_then_set_aside_and_the_rest_go_on(tmp_path: Path) -> None:
    async with migrated_database("sqlite", tmp_path) as url:
        storage = await open_storage(url)
        engine = storage.engine
        tries: dict[int, int] = {}
        done: list[int] = []

        async def handler(update: dict[str, Any]) -> bool:
            update_id = int(update["update_id"])
            tries[update_id] = tries.get(update_id, 0) + 1
            if update["message"]["text"] == "poison" or (update_id == 2 and tries[2] == 1):
                raise RuntimeError("this turn fails")
            done.append(update_id)
            return False  # not a turn: the intake marks it handled itself

        sessions = create_session_factory(engine)
        intake = Intake(sessions, "telegram", handler, retry_every=0.01)
        await intake.start()
        try:
            await intake.accept([_update(1, "ok"), _update(2, "fails once"), _update(3, "poison")])
            async with asyncio.timeout(15):
                while tries.get(3, 0) < MAX_ATTEMPTS or 2 not in done:
                    await asyncio.sleep(0.01)
                await intake.accept([_update(4, "after")])
                while 4 not in done or await _waiting(sessions):  # the poison is set aside too
                    await asyncio.sleep(0.01)
        finally:
            await intake.stop()
            await storage.close()
    assert done == [1, 2, 4]
    assert tries[2] == 2  # tried again without a new update arriving
    assert tries[3] == MAX_ATTEMPTS  # and no more
