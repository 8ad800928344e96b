"""The safety net through Telegram: captions and edits are read, and the help lines go out even
when the participant's turn fails or cannot be stored. Both frameworks, polling and webhook."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.core.conversation import Conversation
from bot.core.envelopes import Inbound, Outbound
from bot.core.i18n import crisis_translator
from bot.runtime.intake import Intake
from tests.contract.conftest import FRAMEWORKS, MODES, Harness, ids
from tests.contract.test_channel_contract import consent

ON_SQLITE = pytest.mark.parametrize(
    "telegram", [(f, m, "sqlite") for f in FRAMEWORKS for m in MODES], indirect=True, ids=ids
)
HELP = "ring 113"


@ON_SQLITE
async def test_a_caption_and_an_edited_message_are_read(telegram: Harness) -> None:
    ola = await consent(telegram)
    await ola.send_captioned("photo", "pillene er samlet. i kveld tar jeg dem")
    help_lines = await ola.expect(HELP)
    assert "116 123" in help_lines.text
    assert not any("kan dessverre ikke se bilder" in s.text for s in ola.inbox())
    await ola.press(await ola.expect("fortsette med spørsmålene"), "care:go_on")
    await ola.expect("Hva er du god til")
    await ola.send("Jeg er god til å lage mat")
    await ola.expect("Hva ville en venn")
    await ola.edit("jeg vil ikke leve lenger")
    await ola.expect(HELP)


@ON_SQLITE
async def test_help_lines_go_out_when_the_turn_fails(
    telegram: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ola = await consent(telegram)
    real = Conversation.handle

    async def failing(self: Conversation, inbound: Inbound) -> list[Outbound]:
        if inbound.chat_id == str(ola.id):
            raise RuntimeError("a bug in the turn")
        return await real(self, inbound)

    monkeypatch.setattr(Conversation, "handle", failing)
    before = len(ola.inbox())
    with caplog.at_level(logging.ERROR):
        await ola.send("Jeg er god til å lage mat")  # fails too, and shows no crisis
        await ola.send("jeg orker ikke å leve lenger, alt er grått")
        help_lines = await ola.expect(HELP)
    assert "116 123" in help_lines.text and "22 40 00 40" in help_lines.text
    assert len(ola.inbox()) == before + 1  # only the help lines: the ordinary text got none
    assert any("help lines sent directly" in r.getMessage() for r in caplog.records)
    # Once the turn works again, the participant is answered as usual.
    monkeypatch.setattr(Conversation, "handle", real)
    await ola.expect("tar kontakt med deg her så snart som mulig")


@ON_SQLITE
async def test_help_lines_go_out_when_the_update_cannot_be_stored(
    telegram: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    ola = await consent(telegram)
    real = Intake.accept

    async def database_down(self: Intake, updates: list[dict[str, Any]]) -> None:
        raise ConnectionError("the database went away")

    monkeypatch.setattr(Intake, "accept", database_down)
    status = await ola.send("I want to kill myself tonight")
    english = crisis_translator("en")
    await ola.expect(english("crisis.help_lines").split("\n")[0])  # in the language it was written in
    monkeypatch.setattr(Intake, "accept", real)
    if telegram.mode == "webhook":
        assert status == 503  # not stored, so not acknowledged: Telegram sends it again
        server = telegram.server
        assert server.webhook is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": server.webhook["secret"]}
        assert await server.post_webhook(server.last_update, headers) == 200
    # Stored now, and handled: the urgent case is opened as for any crisis.
    await ola.expect(english("crisis.case_opened").split("\n")[0])
    card = await telegram.card(1)
    assert "HASTER" in card.text  # type: ignore[attr-defined]
