"""The context of one turn: the participant, the unit of work, the clock, and what gets sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.desk_hours import Opening
from bot.core.envelopes import Button, Inbound, Outbound
from bot.core.i18n import DEFAULT_LOCALE, Text, Translator, crisis_translator, translator
from bot.core.reading.kinds import Reading, read
from bot.core.reading.reader import Reader
from bot.core.safety import Crisis, detect_crisis
from storage.models import Answer, Participant
from storage.unit_of_work import UnitOfWork

ButtonSpec = tuple[str, str]  # (label message id, data)


@dataclass
class Turn:
    """Everything a handler needs; replies are collected here and stored with the turn."""

    uow: UnitOfWork
    participant: Participant
    now: datetime
    inbound: Inbound | None = None
    outbound: list[Outbound] = field(default_factory=list)
    deleted: bool = False
    # How long an announced case waits for a bridge-builder before it is announced again.
    escalate_after: timedelta = timedelta(minutes=15)
    # The hour (Oslo time) at which follow-ups are sent on the planned day.
    followup_hour: int = 10
    # A participant who writes after this long is welcomed back and told where they are.
    welcome_back_after: timedelta = timedelta(hours=12)
    # When the bridge-builders answer, in words ("hverdager kl. 9–15"), for "how long must I wait".
    opening_hours: str = ""
    # The coordinators listed now (COORDINATOR_IDS): a case held by anyone else goes back to the
    # group. None where the turn does not know them (a bare turn in a unit test).
    coordinator_ids: frozenset[str] | None = None
    # The rules and the reading model beside them; None reads on the rules alone.
    reader: Reader | None = None
    # The coordinators' language: what goes to them is in it (cards, relays), not the participant's.
    staff_locale: str = DEFAULT_LOCALE
    # When a bridge-builder is at work (() when unknown), and who is told of a case waiting long.
    desk_hours: tuple[Opening, ...] = ()
    on_call: str | None = None
    # Said after everything else this turn (when a person will answer, outside the desk's hours).
    last_words: list[Text] = field(default_factory=list)
    _crises: dict[str, Crisis | None] = field(default_factory=dict)
    _answers: dict[str, Answer] | None = None

    @property
    def t(self) -> Translator:
        # After a crisis written in a language without a whole pack, its crisis catalog answers
        # what it has (help lines, the direct question, their buttons); the rest stays in the locale.
        language = self.participant.crisis_language
        locale = self.participant.locale
        return crisis_translator(language, locale) if language else translator(locale)

    @property
    def staff_t(self) -> Translator:
        return translator(self.staff_locale)

    @property
    def consented(self) -> bool:
        return self.participant.consented_at is not None

    def buttons(self, specs: Sequence[ButtonSpec], per_row: int = 1) -> list[list[Button]]:
        """Render button labels and lay them out in rows."""
        rendered = [Button(self.t(label), data) for label, data in specs]
        return [rendered[i : i + per_row] for i in range(0, len(rendered), per_row)]

    def say(self, key: str, buttons: list[list[Button]] | None = None, **params: object) -> None:
        """Send the participant a message from the catalog."""
        self.say_text(self.t(key, **params), buttons)

    def say_last(self, key: str, **params: object) -> None:
        """A message to go after every other this turn (see Conversation: the turn's end)."""
        self.last_words.append(Text(key, params))

    def finish(self) -> None:
        """The turn's end: what was to be said last is said."""
        for words in self.last_words:
            self.say_text(self.t(words.key, **words.params))
        self.last_words = []

    def say_text(self, text: str, buttons: list[list[Button]] | None = None) -> None:
        if self.participant.blocked_at is not None:
            return  # Telegram would refuse it: nothing more is queued for them
        self.outbound.append(Outbound("participant", self.participant.chat_id, text, buttons or []))

    def to_coordinators(
        self,
        text: str,
        case_id: int | None,
        urgent: bool = False,
        buttons: list[list[Button]] | None = None,
    ) -> None:
        """A message to the coordinators' group (a card, or news about a case)."""
        self.outbound.append(
            Outbound("coordinators", None, text, buttons or [], case_id=case_id, urgent=urgent)
        )

    def to_coordinator(self, chat_id: str, text: str, case_id: int) -> None:
        self.outbound.append(Outbound("coordinator", chat_id, text, case_id=case_id))

    def event(self, name: str, **detail: Any) -> None:
        """Record an event for statistics; never free text."""
        self.uow.events.add(self.participant.id, name, self.participant.state, self.now, detail or None)

    async def crisis_in(self, text: str) -> Crisis | None:
        """Whether a text shows a crisis, read once a turn however often it is asked."""
        if text not in self._crises:
            self._crises[text] = await self.reader.crisis(text) if self.reader else detect_crisis(text)
        return self._crises[text]

    async def reading_of(self, text: str, expects: str, question: str = "") -> Reading:
        """What kind of message this is at a question that expects `expects`, by the rules and
        the kind head (see bot/core/reading/kinds.py)."""
        reader = self.reader
        if reader is None or reader.kind_head is None:
            return read(text, expects, None, {}, question, self.participant.locale)
        shares = await reader.kinds(text)
        return read(text, expects, shares, reader.kind_head.thresholds, question, self.participant.locale)

    async def topic_of(self, text: str) -> str | None:
        """Which question about the bot this is, by the model (None on the rules alone)."""
        return await self.reader.topic(text) if self.reader is not None else None

    async def answers(self) -> dict[str, Answer]:
        """The participant's current answers, loaded once per turn."""
        if self._answers is None:
            self._answers = await self.uow.answers.current(self.participant.id)
        return self._answers

    def forget_answers(self) -> None:
        self._answers = None
