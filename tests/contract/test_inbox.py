"""The inbox: nothing is confirmed to Telegram before it is stored, what was stored is handled
after a restart in order, and a redelivered update changes nothing."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from bot.channels.telegram.updates import CHANNEL
from bot.runtime.intake import Intake
from bot.startup import open_storage
from tests.contract.conftest import COMBINATIONS, FRAMEWORKS, Harness, ids
from tests.fake_telegram import private_update

WEBHOOK_ONLY = pytest.mark.parametrize(
    "telegram", [(f, "webhook", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids
)
POLLING_ONLY = pytest.mark.parametrize(
    "telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids
)
# Tests that look into the SQLite file itself.
ON_SQLITE = pytest.mark.parametrize(
    "telegram", [c for c in COMBINATIONS if c[2] == "sqlite"], indirect=True, ids=ids
)


def _stored_ids(telegram: Harness) -> set[int]:
    path = telegram.settings.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT update_id FROM inbox_updates")}


@POLLING_ONLY
async def test_polling_confirms_only_what_is_stored(telegram: Harness) -> None:
    server = telegram.server
    violations: list[int] = []
    handed_out: set[int] = set()
    original = server._api_getupdates

    async def checked(params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        unstored = {u for u in handed_out if u < offset} - _stored_ids(telegram)
        violations.extend(sorted(unstored))
        result = await original(params)
        handed_out.update(u["update_id"] for u in result)
        return result

    server._api_getupdates = checked  # type: ignore[method-assign]
    users = [telegram.user(200 + n, f"P{n}") for n in range(5)]
    for user in users:
        await user.send("/start")
    for user in users:
        await user.expect("Før vi starter")
    await server.wait(lambda: server.confirmed > max(handed_out), "the last update confirmed")
    assert handed_out and violations == []


@WEBHOOK_ONLY
async def test_webhook_answers_200_only_once_the_update_is_stored(telegram: Harness) -> None:
    ola = telegram.user(100, "Ola")
    await ola.send("/start")
    assert telegram.server.webhook_statuses == [200]
    assert len(_stored_ids(telegram)) == 1  # stored by the time Telegram got its 200
    await ola.expect("Før vi starter")


@WEBHOOK_ONLY
async def test_redelivered_update_changes_nothing(telegram: Harness) -> None:
    server = telegram.server
    server.started.add(100)
    update = private_update(100, "/start", update_id=77)
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
    assert await server.post_webhook(update, headers) == 200
    await telegram.user(100, "Ola").expect("Før vi starter")
    await telegram.restart()
    assert await server.post_webhook(update, headers) == 200  # Telegram retries after a restart
    await telegram.user(100, "Ola").send("/hjelp")
    await telegram.user(100, "Ola").expect("Du er her")
    welcomes = [s for s in server.in_chat(100, "sendMessage") if s.text.startswith("Hei!")]
    assert len(welcomes) == 1


async def test_stored_updates_are_handled_after_a_restart_in_order(telegram: Harness) -> None:
    await telegram.stop()
    ola = telegram.user(300, "Ola")
    telegram.server.started.add(ola.id)
    # Updates stored by a process that died before handling them.
    texts = ["/start", "ja", "Jeg er god til å lage mat", "De sier jeg er rolig"]
    updates = [
        {
            "update_id": 5000 + n,
            "message": {
                "message_id": 900 + n,
                "date": 0,
                "chat": ola.private_chat,
                "from": ola.profile,
                "text": text,
            },
        }
        for n, text in enumerate(texts)
    ]
    storage = await open_storage(telegram.settings.database_url, telegram.settings.keys)

    async def unused(_: dict[str, Any]) -> bool:
        raise AssertionError("not handled here")

    await Intake(storage.sessions, CHANNEL, unused).accept(updates)
    await storage.close()
    await telegram.start()
    await ola.expect("Før vi starter")
    await ola.expect("Steg 1 av 5")
    await ola.expect("Hva ville en venn")
    await ola.expect("våkner i morgen")  # all four, in order


@ON_SQLITE
async def test_a_participant_who_blocked_the_bot_gets_nothing_more_queued(telegram: Harness) -> None:
    from tests.contract.test_channel_contract import consent, on_duty

    kari = await on_duty(telegram)
    ola = await consent(telegram)
    await ola.send("/brobygger")
    card = await telegram.card(1)
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await ola.expect("Kari fra brobyggerne har tatt saken din")
    telegram.server.blocked.add(ola.id)
    path = telegram.settings.database_url.split("///", 1)[1]

    def blocked_at() -> object:
        with sqlite3.connect(path) as db:
            return db.execute(
                "SELECT blocked_at FROM participants WHERE chat_id = ?", (str(ola.id),)
            ).fetchone()[0]

    await kari.send("Hei, er du der?")  # Telegram refuses it: Ola is marked as having blocked us
    await telegram.server.wait(blocked_at, "Ola marked as having blocked the bot")
    await kari.send("Hallo?")
    await kari.expect("har blokkert boten")
    with sqlite3.connect(path) as db:
        waiting = db.execute(
            "SELECT COUNT(*) FROM outgoing_messages WHERE chat_id = ? AND sent_at IS NULL", (str(ola.id),)
        ).fetchone()[0]
    assert waiting == 0
    telegram.server.blocked.discard(ola.id)
    await ola.send("Unnskyld, jeg er tilbake")  # writing again unblocks
    await kari.expect("[Sak #1] Ola: Unnskyld, jeg er tilbake")
