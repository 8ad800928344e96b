"""Privacy through Telegram, both frameworks: no token and no participant's words in a log at
DEBUG, none in the database files (raw updates included), /mine_data as a file, /slett complete."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select, text

from bot.core.i18n import translator
from bot.logs import configure_logging
from bot.startup import open_storage
from storage.models import Base, Event, InboxUpdate, OutgoingMessage
from tests.conftest import database_file_bytes
from tests.contract.conftest import FRAMEWORKS, TOKEN, Harness, ids
from tests.contract.test_channel_contract import consent, on_duty
from tests.fake_telegram import GROUP_ID, FakeUser

t = translator("nb")
POLLING = pytest.mark.parametrize(
    "telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids
)
WORDS = ("Kvinesdalverkstedet", "Solveigstua", "Brattlikroken")


def _database_bytes(telegram: Harness) -> bytes:
    return database_file_bytes(telegram.settings.database_url)


async def _coordinator_and_participant(telegram: Harness) -> tuple[FakeUser, FakeUser]:
    """Kari on duty with a private chat; Ola consented and has answered the first question."""
    kari = await on_duty(telegram)
    ola = await consent(telegram)
    await ola.send(f"Jeg snekrer i {WORDS[0]}")
    await ola.expect("Hva ville en venn")
    return kari, ola


@POLLING
async def test_no_token_and_no_words_in_a_debug_log_or_the_files(
    telegram: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging("DEBUG", secrets=[TOKEN])
    # configure_logging replaces the root's handlers: the capture goes back on, unredacted, so
    # that what the libraries hand to logging at all is what is checked.
    logging.getLogger().addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    kari, ola = await _coordinator_and_participant(telegram)
    await ola.send(f"jeg vil ikke leve lenger, {WORDS[1]} vet ikke")
    card = await telegram.card(1)
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await ola.expect("har tatt saken din")
    await ola.send(f"ring meg ved {WORDS[2]}")
    await kari.expect(WORDS[2])  # the coordinator gets the words as written
    await telegram.restart()  # a clean stop: everything is written out
    for word in WORDS:
        assert word not in caplog.text, word
        assert word.encode() not in _database_bytes(telegram), word
    assert any(r.name.startswith("bot.") for r in caplog.records)  # the capture saw the bot's own lines
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    configure_logging("WARNING")


@POLLING
async def test_my_data_comes_as_a_file_and_delete_forgets_and_edits_the_card(telegram: Harness) -> None:
    kari, ola = await _coordinator_and_participant(telegram)
    await ola.send("/brobygger")
    card = await telegram.card(1)
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await ola.expect("har tatt saken din")
    await kari.send("/avslutt")
    await ola.expect(t("handoff.closed")[:20])
    await ola.send("/mine_data")
    await ola.expect("Dette har jeg lagret om deg")
    document = await telegram.server.wait(
        lambda: next((s for s in telegram.server.in_chat(ola.id, "sendDocument")), None), "the file"
    )
    data = json.loads(document.document)
    assert data["telegram_id"] == str(ola.id) and data["answers"][0]["text"] == f"Jeg snekrer i {WORDS[0]}"
    assert data["cases"][0]["number"] == 1
    await ola.send("/slett")
    await ola.press(await ola.expect(t("delete.confirm")), "confirm:delete")
    await ola.expect(t("delete.done"))
    edited = await telegram.server.wait(
        lambda: next(
            (
                s
                for s in telegram.server.in_chat(GROUP_ID, "editMessageText")
                if s.text == t("card.deleted", number=1)
            ),
            None,
        ),
        "the card edited to say it was deleted",
    )
    assert edited.message_id == card.message_id  # type: ignore[attr-defined]
    await telegram.restart()
    assert WORDS[0].encode() not in _database_bytes(telegram)


@POLLING
async def test_after_delete_no_row_names_the_chat_nor_keeps_a_text_or_the_moment(telegram: Harness) -> None:
    """/slett through Telegram: its reply and the removal of its buttons go out after the purge,
    and then nothing in the database names the chat, holds what was said, or tells the moment."""
    ola = await consent(telegram, user_id=7340012)
    await ola.send(f"Jeg snekrer i {WORDS[0]}")
    await ola.expect("Hva ville en venn")
    await ola.send("/slett")
    confirm = await ola.expect(t("delete.confirm"))
    await ola.press(confirm, "confirm:delete")
    await ola.expect(t("delete.done"))
    await telegram.server.wait(
        lambda: next(
            (
                s
                for s in telegram.server.in_chat(ola.id, "editMessageReplyMarkup")
                if s.message_id == confirm.message_id
            ),
            None,
        ),
        "the confirmation's buttons taken away",
    )
    await telegram.stop()  # a clean stop: every reply sent and marked
    storage = await open_storage(telegram.settings.database_url, telegram.settings.keys)
    try:
        holding = []
        async with storage.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                for row in (await connection.execute(text(f"SELECT * FROM {table.name}"))).all():
                    if any(str(column) == str(ola.id) for column in row):
                        holding.append(f"{table.name}: {tuple(row)}")
        assert holding == []
        async with storage.sessions() as session:
            texts = (await session.execute(select(OutgoingMessage.text))).scalars().all()
            payloads = (await session.execute(select(InboxUpdate.payload))).scalars().all()
            deleted_at = (
                await session.execute(select(Event.created_at).where(Event.kind == "participant_deleted"))
            ).scalar_one()
    finally:
        await storage.close()
    assert all(value == "" for value in texts)
    assert payloads and all(payload is None for payload in payloads)
    assert (deleted_at.hour, deleted_at.minute, deleted_at.second, deleted_at.microsecond) == (0, 0, 0, 0)
