"""A crisis written in Polish or Arabic, through a Telegram channel on both frameworks: the help
lines come in the language it was written in, and the coordinators' card names the language."""

from __future__ import annotations

import pytest

from bot.core.i18n import crisis_translator
from tests.contract.conftest import Harness, ids
from tests.contract.test_channel_contract import consent

BOTH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)
CRISES = [
    ("pl", "Nie dam rady dłużej. Dziś w nocy się zabiję, tabletki już mam przygotowane", "polsk"),
    ("ar", "أريد أن أقتل نفسي الليلة", "arabisk"),
]


@BOTH
@pytest.mark.parametrize(("language", "said", "name"), CRISES, ids=[c[0] for c in CRISES])
async def test_a_crisis_is_answered_in_the_language_it_was_written_in(
    telegram: Harness, language: str, said: str, name: str
) -> None:
    t = crisis_translator(language)
    ola = await consent(telegram)
    await ola.send(said)
    await ola.expect(t("crisis.help_lines").split("\n")[0])
    opened = await ola.expect(t("crisis.case_opened").split("\n")[0])
    assert [label for row in opened.buttons for label in (b["text"] for b in row)] == [
        t("button.care_go_on"),
        t("button.care_withdraw"),
    ]
    card = await telegram.card(1)
    assert card.text.startswith("🚨 HASTER") and name in card.text  # type: ignore[attr-defined]
