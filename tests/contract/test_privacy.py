"""Privacy through Telegram, both frameworks: no token and no participant's words in a log at
DEBUG, none in the database files (raw updates included), /mine_data as a file, /slett complete."""

from __future__ import annotations

import json
import logging

import pytest

from bot.core.i18n import translator
from bot.logs import configure_logging
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
