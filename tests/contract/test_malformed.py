"""Malformed updates between ordinary ones, on both frameworks, polling and webhook: each is set
aside without its content in the log, and every other participant is answered."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from bot.startup import open_storage
from storage.models import InboxUpdate
from tests.contract.conftest import FRAMEWORKS, MODES, Harness, ids

ON_SQLITE = pytest.mark.parametrize(
    "telegram", [(f, m, "sqlite") for f in FRAMEWORKS for m in MODES], indirect=True, ids=ids
)
SECRET = "Hemmeligsetning"


def _malformed() -> list[dict[str, Any]]:
    return [
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "from": {"id": 9, "is_bot": False, "first_name": "X"},
                "text": SECRET,
            }
        },
        {"message": None},
        {
            "callback_query": {
                "id": "cb-x",
                "chat_instance": "ci",
                "data": "consent:yes",
                "message": {"message_id": 2, "date": 0, "chat": {"id": 9, "type": "private"}, "text": SECRET},
            }
        },
    ]


@ON_SQLITE
async def test_malformed_updates_are_set_aside_and_everyone_else_answered(
    telegram: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    ola, per = telegram.user(100, "Ola"), telegram.user(101, "Per")
    await ola.send("/start")
    statuses = [await telegram.server.put(update) for update in _malformed()]
    await per.send("/start")
    await per.expect("Før vi starter")
    await ola.expect("Før vi starter")
    await telegram.server.put(
        {"message": {"chat": {"id": 9, "type": "private"}, "text": SECRET}}
    )  # no sender: not for the bot
    await ola.press(ola.last_with_buttons(), "consent:yes")
    await ola.expect("Steg 1 av 5")
    if telegram.mode == "webhook":
        assert statuses == [200, 200, 200]  # answered, so Telegram does not send them for a day
    storage = await open_storage(telegram.settings.database_url, telegram.settings.keys)
    try:
        async with storage.sessions() as session:
            rows = (await session.execute(select(InboxUpdate))).scalars().all()
    finally:
        await storage.close()
    # Settled with their payload kept: the set-aside ones (a handled update keeps no payload).
    set_aside = [row for row in rows if row.payload is not None and row.handled_at is not None]
    assert len(set_aside) == 3
    assert "could not be read; set aside" in caplog.text
    assert SECRET not in caplog.text
