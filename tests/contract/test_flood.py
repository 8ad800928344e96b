"""A participant who floods gets one calm notice; what follows is kept and answered as one
message when they pause, and a bridge-builder in their case is not flooded."""

from __future__ import annotations

import pytest

from bot.core.i18n import translator
from tests.contract.conftest import Harness, ids
from tests.contract.observe import stored_answers, until
from tests.contract.test_channel_contract import consent, on_duty

t = translator("nb")
ONE_OF_EACH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)


@ONE_OF_EACH
async def test_a_flood_gets_one_notice_and_one_answer(telegram: Harness) -> None:
    telegram.settings = telegram.settings.model_copy(update={"flood_messages": 3})
    await telegram.restart()
    ola = await consent(telegram)
    lines = [
        "jeg er god til å lage mat",
        "jeg liker å sykle i skogen",
        "jeg fikser sykler for naboene",
        "jeg baker brød hver helg",
        "jeg passer på barna til søsteren min",
        "jeg maler stuer og kjøkken",
        "jeg strikker gensere",
        "jeg kjører traktor om sommeren",
    ]
    for line in lines:
        await ola.send(line)
    await ola.expect(t("flood.notice")[:30])
    await telegram.restart()  # what was kept is stored, and so is the timer that answers it
    # /start, line 1 and line 2 are within the limit; line 3 is the fourth message.
    kept = "\n".join(lines[2:])

    async def combined() -> bool:
        stored = await stored_answers(telegram.settings.database_url)
        return any(text == kept for (_, _, text, _) in stored)

    await until(combined, lambda: f"the kept lines as one answer: {[x.text[:50] for x in ola.inbox()]}")
    notices = [s for s in ola.inbox() if s.text == t("flood.notice")]
    assert len(notices) == 1
    # After the pause the conversation goes on as usual.
    await ola.send("/minplan")
    plan = await ola.expect("📋 Min plan")
    assert "jeg kjører traktor om sommeren" in plan.text


@ONE_OF_EACH
async def test_a_bridge_builder_in_the_case_is_not_flooded(telegram: Harness) -> None:
    kari = await on_duty(telegram)
    ola = await consent(telegram)
    await ola.send("/brobygger")
    card = await telegram.card(1)
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await kari.expect("Du har sak #1")
    for n in range(1, 31):
        await ola.send(f"melding {n}")
    await ola.expect(t("flood.notice")[:30])
    relayed = await telegram.server.wait(
        lambda: next((s for s in kari.inbox() if "melding 30" in s.text), None), "the kept messages relayed"
    )
    # /start, /brobygger and messages 1 to 18 are the twenty the limit lets through one by one.
    assert all(f"melding {n}" in relayed.text for n in range(19, 31))  # the rest, as one message
    from_ola = [s for s in kari.inbox() if s.text.startswith("[Sak #1] Ola")]
    assert len(from_ola) == 19
    assert len([s for s in ola.inbox() if s.text == t("flood.notice")]) == 1
