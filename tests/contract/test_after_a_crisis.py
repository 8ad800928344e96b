"""After a crisis, through a Telegram channel on both frameworks: an urgent case taken and closed,
the question whether it helped, a safety plan written and shared, a caring contact on its day
(the test moves its timer to now, as the day coming would) and a reply that reaches a person."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core.i18n import translator
from storage.models import Timer
from tests.contract.conftest import Harness, ids

t = translator("nb")
BOTH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)


async def _the_day_comes(telegram: Harness, kind: str) -> None:
    engine = create_async_engine(telegram.settings.database_url)
    try:
        async with engine.begin() as connection:
            moved = await connection.execute(
                update(Timer)
                .where(Timer.kind == kind)
                .values(due_at=datetime(2000, 1, 1, tzinfo=UTC))
                .execution_options(synchronize_session=False)
            )
            assert moved.rowcount == 1
    finally:
        await engine.dispose()


@BOTH
async def test_a_crisis_a_case_a_safety_plan_and_a_caring_contact(telegram: Harness) -> None:
    kari = telegram.user(501, "Kari")
    await kari.send("/start")
    ola = telegram.user(100, "Ola")
    await ola.send("/start")
    consent = await ola.expect("Før vi starter")
    await ola.press(consent, "consent:yes")
    await ola.expect(t("consent.thanks"))
    await ola.send("jeg orker ikke mer, jeg vil ta livet mitt")
    await ola.expect("113")
    card = await telegram.card(1)
    assert "jeg vil ta livet mitt" in card.text  # type: ignore[attr-defined]
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await ola.expect(t("handoff.claimed", name="Kari"))
    await kari.send("/avslutt")
    helped = await ola.expect(t("handoff.helpful_question", name="Kari"))
    await ola.press(helped, "helpful:yes")
    after = await ola.expect(t("care.after_urgent", name="Kari").split("\n")[0])
    await ola.press(after, "safety:start")
    question = await ola.expect(t("safety.q.signs"))
    assert "113" in question.text
    await ola.send("Jeg slutter å svare folk")
    for part in ("safety.q.coping", "safety.q.distractions", "safety.q.people", "safety.q.professionals"):
        question = await ola.expect(t(part))
        await ola.press(question, "safety:skip")
    question = await ola.expect(t("safety.q.surroundings"))
    await ola.send("Søsteren min tar vare på medisinene")
    share = await ola.expect(t("safety.share_question"))
    await ola.press(share, "safety:share")
    await ola.expect(t("safety.shared"))

    await _the_day_comes(telegram, "caring:0")
    contact = await ola.expect(t("caring.contact_1"))
    assert contact.button_data == ["caring:stop"]
    await ola.send("takk, det går litt bedre")
    again = await telegram.card(2)
    assert "Svarte på en omsorgsmelding" in again.text and "det går litt bedre" in again.text  # type: ignore[attr-defined]
    assert t("card.safety_plan") in again.text  # type: ignore[attr-defined]
