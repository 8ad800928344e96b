"""Which language a message is written in, among those the bot can answer a crisis in."""

from __future__ import annotations

import re
import threading
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


_lock = threading.Lock()
_built: list[Any] = []


def _detector() -> Any:
    """Built once per process (its models take about 2 s to load): in the background from the
    start (warm_up), or on the first crisis read if that comes sooner."""
    with _lock:
        if not _built:
            from lingua import Language, LanguageDetectorBuilder

            names = (getattr(Language, name) for name in LINGUA_NAMES)
            _built.append(LanguageDetectorBuilder.from_languages(*names).build().detect_language_of)
    return _built[0]


def warm_up() -> None:
    """Load the models on a thread of their own, so that the first crisis does not hold up the
    event loop (and every other chat) while they load."""
    threading.Thread(target=lambda: _detector()("warm up the models"), name="languages", daemon=True).start()


def language_of(text: str) -> str | None:
    """The language code of a message ("pl", "ar", "ti" ...), or None when it cannot be told."""
    if ETHIOPIC.search(text):
        return "ti"
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    found = _detector()(text)
    return LINGUA_NAMES.get(found.name) if found is not None else None
