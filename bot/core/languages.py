"""The languages the bot writes: which packs are complete, choosing one, and offering a switch."""

from __future__ import annotations

import functools
import re

from bot.core import prompts
from bot.core.envelopes import Button
from bot.core.i18n import DEFAULT_LOCALE, DOMAIN, LOCALES_DIR, N_, translator
from bot.core.reading.language import language_of
from bot.core.turn import Turn
from bot.core.words import missing

# In the order they are offered.
PACKS = ("nb", "nn", "en", "uk", "pl")
BUTTON = "lang:"
KEEP = "lang:keep"
# Telegram's language_code for the packs; "no" is what many Norwegian phones send.
CODES = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en", "uk": "uk", "pl": "pl"}
# Who writes Russian is offered Ukrainian and English first (most who come to us from there read
# one of them); everyone else whose phone has a language we have no pack for, all of them.
FIRST_OFFERED = {"ru": ("uk", "en", "nb")}
# A message this short says too little to offer another language on ("ok", "takk", "tak",
# "po co to?": Polish that reads as English to a detector).
MIN_WORDS_TO_SWITCH = 5
# Bokmål and Nynorsk are close: a switch between them wants a longer message.
MIN_WORDS_NORWEGIAN = 6


@functools.cache
def complete() -> tuple[str, ...]:
    """The packs with every message id translated and every everyday word list filled in: only
    these are offered (a half-done pack would mix languages). Bokmål is the measure: its catalog
    has every id messages.pot has (tests/test_catalog.py)."""
    ids = _translated(DEFAULT_LOCALE)
    return tuple(locale for locale in PACKS if not missing(locale) and ids <= _translated(locale))


def _translated(locale: str) -> set[str]:
    """The ids a locale's own catalog gives a text for (compiled once, by the translator)."""
    if not (LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").exists():
        return set()
    catalog: dict[object, str] = getattr(translator(locale).translations, "_catalog", {})
    return {key for key, text in catalog.items() if isinstance(key, str) and key and text}


def locale_for(language_code: str | None) -> str:
    """The locale a new participant starts in, from their phone's language."""
    code = _code(language_code)
    locale = CODES.get(code, DEFAULT_LOCALE)
    return locale if locale in complete() else DEFAULT_LOCALE


def _code(language_code: str | None) -> str:
    return re.split(r"[-_]", (language_code or "").lower())[0]


def own_name(locale: str) -> str:
    """A language's name in itself, for its button ("Українська")."""
    return translator(locale)(N_("language.name"))


def _buttons(locales: tuple[str, ...]) -> list[list[Button]]:
    buttons = [Button(own_name(locale), f"{BUTTON}{locale}") for locale in locales]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def offer_choice(turn: Turn, first: tuple[str, ...] = ()) -> None:
    """Which language to write in: the question in the languages offered first (else in the
    participant's and English), and a button for each pack."""
    offered = tuple(dict.fromkeys((*first, *complete())))
    asked_in = tuple(dict.fromkeys(first[:2] or (turn.participant.locale, "en")))
    text = "\n".join(translator(locale)(N_("language.choose")) for locale in asked_in if locale in complete())
    turn.say_text(text or turn.t(N_("language.choose")), _buttons(offered))


def at_first_contact(turn: Turn) -> None:
    """A phone in a language we have no pack for gets the choice at once, beside the welcome."""
    code = _code(turn.inbound.language if turn.inbound else None)
    if not code or turn.participant.language_offered or len(complete()) < 2:
        return
    if CODES.get(code) in complete():
        return
    turn.participant.language_offered = code[:8]
    offer_choice(turn, FIRST_OFFERED.get(code, ()))


async def chosen(turn: Turn, data: str, *, ask_again: bool) -> None:
    """A language button: the choice is kept, said in the new language, and the question is put
    again in it. "Keep" leaves things as they are."""
    participant = turn.participant
    if data == KEEP:
        turn.say(N_("language.switch_kept"))
    else:
        locale = data.removeprefix(BUTTON)
        if locale not in complete():
            turn.say(N_("button.stale"))
            return
        participant.locale = locale
        participant.crisis_language = None  # the whole pack speaks it now
        turn.event("language_chosen", language=locale)
        turn.say(N_("language.chosen"))
    if ask_again:
        await prompts.ask(turn)


def named(text: str) -> str | None:
    """The pack whose own name the text is ("Українська", "english", "polski"): its button's
    label typed, as a terminal or a keyboard without the buttons would."""
    plain = text.strip().casefold()
    return next((locale for locale in complete() if own_name(locale).casefold() == plain), None)


def offer_switch(turn: Turn, text: str) -> None:
    """Someone writing in another language we have a pack for is asked, once, in that language,
    whether the bot should write in it."""
    participant = turn.participant
    if participant.language_offered or len(text.split()) < MIN_WORDS_TO_SWITCH:
        return
    if participant.unsure_answer or participant.pending:
        return  # the bot has just asked them something: one question at a time
    written = language_of(text)
    if written is None or written == participant.locale or written not in complete():
        return
    norwegian = {written, participant.locale} <= {"nb", "nn"}
    if norwegian and len(text.split()) < MIN_WORDS_NORWEGIAN:
        return
    participant.language_offered = written
    t = translator(written)
    buttons = [[Button(t(N_("button.yes")), f"{BUTTON}{written}"), Button(t(N_("button.no")), KEEP)]]
    turn.event("language_offered", language=written)
    turn.say_text(t(N_("language.switch_offer")), buttons)
