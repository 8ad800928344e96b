"""Languages through a Telegram channel on both frameworks: a phone in English is met in English,
/sprak switches to Ukrainian, the coordinators' card stays in Bokmål and names the language, and a
bridge-builder's words reach the participant marked, in Ukrainian, as a person's."""

from __future__ import annotations

import json

import pytest

from bot.core.i18n import translator
from tests.contract.conftest import Harness, ids
from tests.contract.observe import stored_answers

ONE_OF_EACH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)
en, uk, nb = translator("en"), translator("uk"), translator("nb")


@ONE_OF_EACH
async def test_english_phone_then_ukrainian_by_choice_with_a_bokmal_desk(telegram: Harness) -> None:
    kari = telegram.user(501, "Kari")
    await kari.send("/start")
    olena = telegram.user(100, "Olena")
    olena.language_code = "en"
    await olena.send("/start")
    consent = await olena.expect("Before we start")
    await olena.press(consent, "consent:yes")
    await olena.expect(en("consent.thanks"))
    await olena.send("I cook well and I am good with children")
    await olena.expect(en("q.talent_others"))
    await olena.send("/sprak")
    choice = await olena.expect(en("language.choose"))
    await olena.press(choice, "lang:uk")
    await olena.expect(uk("language.chosen"))
    await olena.expect(uk("q.talent_others"))  # the question again, in the language chosen
    await olena.send("Що я спокійна і терпляча")  # kept as written
    await olena.expect(uk("q.dream"))
    await olena.send("/brobygger")
    await olena.expect(uk("handoff.opened"))
    card = await telegram.card(1)
    assert "Skriver på ukrainsk" in card.text and "Grunn:" in card.text  # type: ignore[attr-defined]
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await olena.expect(uk("handoff.claimed", name="Kari"))
    await kari.send("Hei Olena, jeg heter Kari. Skriver du engelsk?")
    await olena.expect(
        uk("relay.to_participant", name="Kari", text="Hei Olena, jeg heter Kari. Skriver du engelsk?")
    )
    answers = {
        (q, text) for (_, q, text, current) in await stored_answers(telegram.settings.database_url) if current
    }
    assert answers == {
        ("talent", "I cook well and I am good with children"),
        ("talent_others", "Що я спокійна і терпляча"),
    }

    # Set at start-up, a moment after the first turns: waited for, as a phone would see them later.
    def menus() -> dict[str | None, list[dict[str, str]]] | None:
        found = {
            params.get("language_code"): json.loads(params["commands"])
            if isinstance(params["commands"], str)
            else params["commands"]
            for method, params in telegram.server.calls
            if method == "setMyCommands" and "scope" not in params
        }
        return found if {None, "nn", "en", "uk", "pl"} <= set(found) else None

    set_menus = await telegram.server.wait(menus, "a menu for each language")
    assert {"command": "sprak", "description": uk("menu.sprak")} in set_menus["uk"]
