"""The crisis fail-safe: when a participant's turn cannot be handled or stored, and the text
shows a crisis, the help lines go out anyway, sent straight from where the failure is caught."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection

from bot.core.envelopes import Inbound
from bot.core.i18n import (
    DEFAULT_LOCALE,
    N_,
    available_locales,
    crisis_languages,
    crisis_translator,
    translator,
)
from bot.core.reading.language import language_of
from bot.core.safety import detect_crisis

log = logging.getLogger(__name__)
# Sends a text to a chat with nothing stored: the database may be what failed.
SendNow = Callable[[str, str], Awaitable[object]]


def help_lines_for(inbound: Inbound | None, coordinators: Collection[str] = ()) -> str | None:
    """The help lines in the writer's language when a participant's text shows a crisis."""
    if inbound is None or inbound.chat_type != "private" or inbound.user_id in coordinators:
        return None
    if not inbound.text or detect_crisis(inbound.text) is None:
        return None
    # The language it was written in, as the turn itself would answer; else the writer's own.
    written = language_of(inbound.text)
    if written is not None and written in (*crisis_languages(), *available_locales()):
        return crisis_translator(written)(N_("crisis.help_lines"))
    language = (inbound.language or "").split("-")[0].lower()
    locale = language if language in available_locales() else DEFAULT_LOCALE
    return translator(locale)(N_("crisis.help_lines"))


class FailSafe:
    """Sends the help lines once per failed update, whatever else is broken."""

    def __init__(self, send: SendNow, coordinators: Collection[str] = ()) -> None:
        self._send = send
        self._coordinators = frozenset(coordinators)
        self._sent: set[tuple[str, int | None]] = set()

    async def turn_failed(self, inbound: Inbound | None) -> None:
        """Called where a failed turn is caught; never raises."""
        text = help_lines_for(inbound, self._coordinators)
        if text is None or inbound is None:
            return
        key = (inbound.chat_id, inbound.update_id)
        if inbound.update_id is not None:
            if key in self._sent:
                return  # retried and failed again: they have the help lines already
            self._sent.add(key)
        log.error(
            "a turn that shows a crisis failed (update %s); help lines sent directly", inbound.update_id
        )
        try:
            await self._send(inbound.chat_id, text)
        except Exception:
            self._sent.discard(key)  # so the next failure tries again
            log.exception("could not send the help lines directly (update %s)", inbound.update_id)
