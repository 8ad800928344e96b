"""The partner network and the coordinators' desk through a Telegram channel on both frameworks:
an introduction to a partner that fits, and a case's title, notes and handover as coordinators
see them in the group and in their private chats."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.i18n import translator
from bot.partners.directory import import_file
from bot.startup import open_storage
from storage.unit_of_work import UnitOfWork
from tests.conftest import ANSWERS
from tests.contract.conftest import PER, Harness, ids
from tests.contract.test_channel_contract import consent, on_duty
from tests.fake_telegram import GROUP_ID

t = translator("nb")
DIRECTORY = Path(__file__).parents[1] / "partners" / "directory.csv"
ONE_OF_EACH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)


async def _load_partners(telegram: Harness) -> None:
    storage = await open_storage(telegram.settings.database_url, telegram.settings.encryption_keys)
    try:
        async with UnitOfWork(storage.sessions) as uow:
            await import_file(uow, DIRECTORY, datetime(2026, 12, 1, tzinfo=UTC))
    finally:
        await storage.close()


async def _edited(telegram: Harness, fragment: str):  # type: ignore[no-untyped-def]
    return await telegram.server.wait(
        lambda: next(
            (s for s in telegram.server.in_chat(GROUP_ID, "editMessageText") if fragment in s.text), None
        ),
        f"the card edited to {fragment!r}",
    )


@ONE_OF_EACH
async def test_a_participant_asks_to_be_introduced_to_the_partner_that_fits(telegram: Harness) -> None:
    await _load_partners(telegram)
    kari = await on_duty(telegram)
    ola = await consent(telegram)
    said = {
        **ANSWERS,
        "talent": "Jeg er flink til å fikse sykler",
        "goal": "Praksisplass der jeg kan reparere sykler",
    }
    for name in ("talent", "talent_others", "dream", "dream_exception", "goal"):
        await ola.send(said[name])
    await ola.press(await ola.expect("skala fra 0 til 10"), "scale:4")
    for name in ("goal_step_up", "plan", "plan_when", "network"):
        await ola.send(said[name])
    offer = await ola.expect("passer med en av partnerne våre")
    assert "Sykkelverkstedet på Torget (Oslo) – tar imot praksiskandidater" in offer.text
    partner_button = next(d for d in offer.button_data if d.startswith("partner:") and d != "partner:no")
    await ola.press(offer, partner_button)
    await ola.expect("ta kontakt med Sykkelverkstedet på Torget")
    card = await telegram.card(1)
    assert "Partner: Sykkelverkstedet på Torget (praksisplass, Oslo)" in card.text  # type: ignore[attr-defined]
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    yours = await kari.expect("Du har sak #1")
    assert "Kontakt hos partneren: Per Hansen 22 11 22 33" in yours.text
    await kari.send("/avslutt")
    plan = await ola.expect("📋 Min plan")
    assert "Ja – hjelp til å ta kontakt med Sykkelverkstedet på Torget" in plan.text


@ONE_OF_EACH
async def test_title_notes_and_handover_as_coordinators_see_them(telegram: Harness) -> None:
    kari, per = await on_duty(telegram), await on_duty(telegram, PER, "Per")
    ola = await consent(telegram)
    await ola.send("/brobygger")
    card = await telegram.card(1)
    assert card.text.startswith("🔔 Ny sak #1")  # type: ignore[attr-defined]
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await _edited(telegram, "✋ Sak #1 – Kari har saken")
    await kari.expect("Du har sak #1")
    await kari.send("/notat Vil helst ha SMS, ikke telefon")
    await kari.expect("Notatet er lagret på sak #1 (Ola)")
    await _edited(telegram, "Vil helst ha SMS, ikke telefon")
    await kari.send("/gi")
    choice = await kari.expect("Hvem vil du gi sak #1 til?")
    assert choice.button_data == [f"give:1:{PER}"]
    await kari.press(choice, f"give:1:{PER}")
    given = await per.expect("Kari har gitt deg sak #1")
    assert "Vil helst ha SMS, ikke telefon" in given.text
    await ola.expect("Nå er det Per som hjelper deg videre")
    await _edited(telegram, "✋ Sak #1 – Per har saken")
    await per.send("Hei Ola, Per her")
    await ola.expect("Per (brobygger): Hei Ola, Per her")
    await per.send("/avslutt")
    await ola.expect(t("handoff.closed"))
    await _edited(telegram, "✅ Sak #1 – avsluttet")
    await per.send("/saker")
    listing = await per.expect("Nylig avsluttet:")
    assert "#1 Ola" in listing.text and "(Per)" in listing.text
