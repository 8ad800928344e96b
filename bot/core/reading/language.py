"""Which language a message is written in, among those the bot can answer a crisis in."""

from __future__ import annotations

import functools
import re
from typing import Any

# Tigrinya is told by its script (lingua has no model for it); the rest by lingua's models, which
# the package ships (nothing is downloaded).
ETHIOPIC = re.compile(r"[\u1200-\u137F]")
LINGUA_NAMES = {
    "BOKMAL": "nb",
    "NYNORSK": "nn",
    "ENGLISH": "en",
    "UKRAINIAN": "uk",
    "RUSSIAN": "ru",
    "POLISH": "pl",
    "LITHUANIAN": "lt",
    "ARABIC": "ar",
    "PERSIAN": "fa",
    "SOMALI": "so",
    "TURKISH": "tr",
}
MIN_LETTERS = 4  # fewer letters say nothing reliable about a language


@functools.cache
def _detector() -> Any:
    """Built once, on the first crisis read (its models load then, about 2 s)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LINGUA_NAMES)).build()


def language_of(text: str) -> str | None:
    """The language code of a message ("pl", "ar", "ti" ...), or None when it cannot be told."""
    if ETHIOPIC.search(text):
        return "ti"
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    found = _detector().detect_language_of(text)
    return LINGUA_NAMES.get(found.name) if found is not None else None
