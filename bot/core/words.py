"""Each language's everyday words (yes, no, "don't know", days, numbers): bot/locales/<locale>/words.toml."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from bot.core.i18n import LOCALES_DIR
from bot.core.text_norm import words_only

WORDS_FILE = "words.toml"
LISTS = ("yes", "no", "dont_know", "human", "resume", "today", "tomorrow", "day_after_tomorrow",
         "this_week", "next_week", "weekend")  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = range(11)


@dataclass(frozen=True)
class Words:
    """One language's words, folded as the text they are matched against is (words_only)."""

    lists: dict[str, tuple[str, ...]]
    weekdays: dict[str, int]  # any form of a weekday -> 0 for Monday .. 6 for Sunday
    numbers: dict[str, int]  # any form of 0 .. 10

    def phrases(self, name: str) -> tuple[str, ...]:
        return self.lists.get(name, ())

    def opens_with(self, name: str, text: str) -> bool:
        """Whether the text is one of the phrases, or starts with one as whole words."""
        return _first_match(self.phrases(name), words_only(text), whole=False) is not None

    def contains(self, name: str, text: str) -> bool:
        plain = f" {words_only(text)} "
        return any(f" {phrase} " in plain for phrase in self.phrases(name))


def _first_match(phrases: tuple[str, ...], plain: str, whole: bool) -> str | None:
    for phrase in sorted(phrases, key=len, reverse=True):  # "nie wiem" before "nie"
        if plain == phrase or (not whole and plain.startswith(phrase + " ")):
            return phrase
    return None


def _folded(items: object) -> tuple[str, ...]:
    listed = items if isinstance(items, list) else []
    return tuple(dict.fromkeys(words_only(str(item)) for item in listed if words_only(str(item))))


@functools.cache
def words(locale: str) -> Words | None:
    """The words of a locale, or None where it has no words file."""
    path = LOCALES_DIR / locale / WORDS_FILE
    if not path.exists():
        return None
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    weekdays = raw.get("weekdays", {})
    numbers = raw.get("numbers", {})
    return Words(
        lists={name: _folded(raw.get(name)) for name in LISTS},
        weekdays={form: number for number, day in enumerate(WEEKDAYS) for form in _folded(weekdays.get(day))},
        numbers={form: number for number in NUMBERS for form in _folded(numbers.get(str(number)))},
    )


def missing(locale: str) -> list[str]:
    """What a locale's words file lacks (empty when complete), for the completeness check."""
    found = words(locale)
    if found is None:
        return [WORDS_FILE]
    gaps = [name for name in LISTS if not found.phrases(name)]
    gaps += [day for number, day in enumerate(WEEKDAYS) if number not in found.weekdays.values()]
    gaps += [f"number {n}" for n in NUMBERS if n not in found.numbers.values()]
    return gaps


def yes_or_no(text: str, locale: str) -> str | None:
    """ "yes" or "no" when the text is or opens with one of the locale's yes or no phrases; a no
    wins where both match ("tak, nie" is read as no: unclear consent is no consent)."""
    found = words(locale)
    if found is None or found.opens_with("dont_know", text):
        return None  # "nie wiem" opens with "nie", and is no no
    if found.opens_with("no", text):
        return "no"
    if found.opens_with("yes", text):
        return "yes"
    return None


def number_in(text: str, locale: str) -> int | None:
    """A number on the scale written as a word in the locale ("п'ять", "siedem") or in digits
    beside its words ("chyba 3"), when it is the only number in the text."""
    found = words(locale)
    if found is None:
        return None
    plain = words_only(text)
    hits = {found.numbers[phrase] for phrase in found.numbers if f" {phrase} " in f" {plain} "}
    hits |= {int(word) for word in plain.split() if word.isdigit() and int(word) <= 10}  # "chyba 3"
    return hits.pop() if len(hits) == 1 else None
