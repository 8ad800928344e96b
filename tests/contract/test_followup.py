"""The follow-up through a Telegram channel on both frameworks: the bot writes first when the
planned day comes (the test moves the timer to now, as the day coming would), and the check-in's
branches go round to the next step."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core.i18n import translator
from storage.models import Timer
from tests.contract.conftest import Harness, ids
from tests.contract.test_channel_contract import walk_to_plan
from tests.fake_telegram import FakeUser

t = translator("nb")
# The bot writing first is what the channel must carry: both frameworks, each in one mode.
BOTH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "postgresql")], indirect=True, ids=ids
)


async def _the_day_comes(telegram: Harness) -> None:
    """The planned day is here: the follow-up's timer is due now."""
    engine = create_async_engine(telegram.settings.database_url)
    try:
        async with engine.begin() as connection:
            moved = await connection.execute(
                update(Timer)
                .where(Timer.kind == "followup")
                .values(due_at=datetime(2000, 1, 1, tzinfo=UTC))
                .execution_options(synchronize_session=False)
            )
            assert moved.rowcount == 1
    finally:
        await engine.dispose()


async def _plan(telegram: Harness) -> FakeUser:
    ola, plan = await walk_to_plan(telegram)
    await ola.press(plan, "summary:finish")
    await ola.expect("Bra jobba!")
    return ola


@BOTH
async def test_did_it_round_the_cycle(telegram: Harness) -> None:
    ola = await _plan(telegram)
    await _the_day_comes(telegram)
    reminder = await ola.expect("I dag er dagen for steget ditt: «Ringe kafeen i sentrum»")
    await ola.press(reminder, "checkin:did")
    await ola.expect(t("checkin.well"))
    await ola.send("Jeg ringte og fikk et møte")
    scale = await ola.expect("Sist sa du 4")
    await ola.press(scale, "scale:7")
    await ola.expect("Fra 4 til 7!")
    await ola.send("Ta med CV på møtet")
    await ola.send("neste uke")
    await ola.expect("Jeg skriver til deg")


@BOTH
async def test_not_yet_finds_an_easier_way(telegram: Harness) -> None:
    ola = await _plan(telegram)
    await _the_day_comes(telegram)
    reminder = await ola.expect("Hvordan går det?")
    await ola.press(reminder, "checkin:not_yet")
    easier = await ola.expect(t("checkin.easier"))
    await ola.press(easier, "checkin:smaller")
    await ola.send("Finne nummeret til kafeen")
    when = await ola.expect(t("checkin.when"))
    await ola.press(when, "when:tomorrow")
    await ola.expect("Jeg skriver til deg")
