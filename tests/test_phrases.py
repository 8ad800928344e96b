"""Short intents in free text."""

from __future__ import annotations

import pytest

from bot.core.phrases import asks_for_human, is_dont_know, is_no, is_yes, scale_number


@pytest.mark.parametrize("text", ["ja", "Ja!", "jepp", "ok", "Ja takk", "👍", "greit"])
def test_yes(text: str) -> None:
    assert is_yes(text) and not is_no(text)


@pytest.mark.parametrize("text", ["nei", "Nei takk.", "ikke nå", "👎"])
def test_no(text: str) -> None:
    assert is_no(text) and not is_yes(text)


@pytest.mark.parametrize(
    "text",
    [
        "vet ikke",
        "Aner ikke",
        "veit ikkje",
        "ingen anelse",
        "?",
        "Jeg vet ikke hva jeg er god til",
        "usikker",
    ],
)
def test_dont_know(text: str) -> None:
    assert is_dont_know(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vet ikke, men jeg liker å tegne",
        "Jeg vet ikke om NAV vil hjelpe meg med det, for jeg har prøvd mange ganger før",
    ],
)
def test_answers_that_mention_not_knowing(text: str) -> None:
    assert not is_dont_know(text)


@pytest.mark.parametrize(
    "text",
    [
        "snakke med et menneske",
        "Kan jeg prate med en brobygger?",
        "jeg vil snakke med et ekte menneske",
        "brobygger",
    ],
)
def test_asks_for_human(text: str) -> None:
    assert asks_for_human(text)


@pytest.mark.parametrize("text", ["Jeg liker å snakke med mennesker", "Mamma og brobyggerne"])
def test_does_not_ask_for_human(text: str) -> None:
    assert not asks_for_human(text)


def test_scale_number() -> None:
    assert scale_number("ca 4 av 10") == 4
    assert scale_number("10") == 10
    assert scale_number("kanskje fem") == 5
    assert scale_number("midt på") is None
