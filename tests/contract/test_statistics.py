"""/statistikk in the coordinators' group, through the real framework and HTTP: the figures
arrive as a picture (a PNG, by sendPhoto) with the text as its caption."""

from __future__ import annotations

import pytest

from bot.core.i18n import translator
from tests.contract.conftest import FRAMEWORKS, KARI, Harness, ids
from tests.contract.test_channel_contract import consent, on_duty
from tests.fake_telegram import GROUP_ID

t = translator("nb")
POLLING = pytest.mark.parametrize(
    "telegram", [(f, "polling", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids
)


@POLLING
async def test_statistikk_arrives_as_a_picture_with_the_figures(telegram: Harness) -> None:
    await on_duty(telegram)
    await consent(telegram)
    await telegram.users[KARI].say_in_group("/statistikk")
    photo = await telegram.server.wait(
        lambda: next(iter(telegram.server.in_chat(GROUP_ID, "sendPhoto")), None), "the statistics"
    )
    assert photo.text.startswith(t("stats.title"))
    assert "Startet: 1 · Samtykket: 1" in photo.text and "Talent 0" in photo.text
    assert photo.photo.startswith(b"\x89PNG\r\n\x1a\n") and len(photo.photo) > 10_000
    assert [m for m, _ in telegram.server.calls].count("sendPhoto") == 1
