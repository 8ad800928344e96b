"""Sends that fail in ways that are not Telegram's passing faults, on both frameworks: an ok answer
that cannot be read counts as sent; an unreadable answer, again and again, sets the message aside
with a word to the coordinators, and the chat goes on."""

from __future__ import annotations

import pytest

import bot.runtime.delivery
from bot.core.i18n import translator
from tests.contract.conftest import FRAMEWORKS, Harness, ids
from tests.contract.test_channel_contract import consent

t = translator("nb")
POLLING = pytest.mark.parametrize(
    "telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids
)


@POLLING
async def test_an_ok_answer_that_cannot_be_read_counts_as_sent(telegram: Harness) -> None:
    telegram.server.raw["editMessageReplyMarkup"] = [(200, '{"ok": true, "result": null}')] * 3
    ola = await consent(telegram)  # pressing consent takes the keyboard away: answered with null
    await ola.send("Jeg er god til å lage mat")
    await ola.expect("Hva ville en venn")
    assert len(telegram.server.raw["editMessageReplyMarkup"]) < 3  # a null answer was met


@POLLING
async def test_a_message_no_retry_can_send_is_set_aside_and_the_chat_goes_on(telegram: Harness) -> None:
    ola = await consent(telegram)
    telegram.server.raw["sendMessage"] = [(200, "<html>502 from a proxy</html>")] * 12
    await ola.send("Jeg er god til å lage mat")
    await ola.expect("Hva ville en venn")  # the ack was set aside; the next question came
    alert = await telegram.server.wait(
        lambda: next((s for s in telegram.group() if "kunne ikke sendes" in s.text), None), "the alert"
    )
    assert alert.text.startswith("⚠️")
    assert not telegram.server.raw["sendMessage"]  # every try was made before it was set aside


@POLLING
async def test_an_error_page_from_a_proxy_is_a_passing_fault(
    telegram: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.runtime.delivery, "DEFER_MAX", 0.5)
    ola = await consent(telegram)
    # More failures than a message that cannot be sent is given before it is set aside.
    rounds = bot.runtime.delivery.ODD_ROUNDS * bot.runtime.delivery.ATTEMPTS
    telegram.server.raw["sendMessage"] = [(502, "<html>502 Bad Gateway</html>")] * (rounds + 1)
    await ola.send("Jeg er god til å lage mat")
    await ola.expect("Hva ville en venn")
    assert not telegram.server.raw["sendMessage"]
    assert not [s for s in telegram.group() if "kunne ikke sendes" in s.text]  # nothing set aside
