"""Message ids and their rendering from the gettext catalogs in bot/locales (compiled at start-up)."""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parents[1] / "locales"
DEFAULT_LOCALE = "nb"
DOMAIN = "messages"
CRISIS_DOMAIN = "crisis"  # a crisis-only catalog, for a language the bot has no whole pack in


def N_(message_id: str) -> str:
    """Mark a message id for extraction; it is rendered later, in the participant's locale."""
    return message_id


@dataclass(frozen=True)
class Text:
    """A message id with parameters, rendered when the turn is stored (parameters may be Texts)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


class Translator:
    """Renders message ids for one locale."""

    def __init__(self, locale: str, translations: gettext.NullTranslations) -> None:
        self.locale = locale
        self._translations = translations

    @property
    def translations(self) -> gettext.NullTranslations:
        return self._translations

    def __call__(self, key: str, /, **params: object) -> str:
        template = self._translations.gettext(key)
        if not params:
            return template
        return template.format(**{name: self.render(value) for name, value in params.items()})

    def render(self, value: object) -> str:
        if isinstance(value, Text):
            return self(value.key, **value.params)
        return str(value)


def _compile(po_path: Path, locale: str) -> gettext.GNUTranslations:
    """Compile a .po file in memory, so a stale compiled catalog can never be served."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def translator(locale: str = DEFAULT_LOCALE) -> Translator:
    """The translator for a locale, built once per process; unknown locales fall back to nb."""
    po_path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        if locale == DEFAULT_LOCALE:
            raise FileNotFoundError(po_path)
        return translator(DEFAULT_LOCALE)
    translations = _compile(po_path, locale)
    if locale != DEFAULT_LOCALE:
        # A message a pack lacks is said in Bokmål, never as its id (a complete pack lacks none:
        # tests/test_languages.py; an incomplete one is not offered to new participants).
        translations.add_fallback(translator(DEFAULT_LOCALE)._translations)
    return Translator(locale, translations)


def available_locales() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@functools.cache
def crisis_translator(language: str, base_locale: str = DEFAULT_LOCALE) -> Translator:
    """A crisis answered in the language it was written in: the language's crisis catalog, over
    the participant's own locale for everything else (a crisis written in Nynorsk by someone the
    bot writes Bokmål to does not switch the conversation to Nynorsk; /sprak does that)."""
    base = translator(base_locale)
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{CRISIS_DOMAIN}.po"
    if not po_path.exists():
        return base
    translations = _compile(po_path, language)
    translations.add_fallback(base._translations)
    return Translator(language, translations)


def crisis_languages() -> list[str]:
    """The languages a crisis can be answered in, besides the whole packs."""
    return sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{CRISIS_DOMAIN}.po"))


@functools.cache
def crisis_words(key: str) -> frozenset[str]:
    """The everyday words for yes ("crisis.yes_words") or no in every crisis catalog, lowercase."""
    words: set[str] = set()
    for language in crisis_languages():
        listed = crisis_translator(language)(key)
        if listed != key:
            words.update(word.strip().lower() for word in listed.split("|") if word.strip())
    return frozenset(words)
