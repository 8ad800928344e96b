"""The one place a turn happens: dedupe, lock the participant, check safety, route, store, commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot import killpoints
from bot.core import (
    answering,
    care,
    caring,
    commands,
    coordination,
    flow_engine,
    followup,
    handoff,
    languages,
    off_script,
    safety_plan,
    statistics,
    steps,
    understanding,
)
from bot.core.coordination import Duty, DutyTurn, listed
from bot.core.envelopes import EVENT_KINDS, NON_TEXT_KINDS, Inbound, Outbound
from bot.core.flood import GOES_ON, PAUSE_SECONDS, RELEASE, RELEASE_TIMER, STARTS
from bot.core.i18n import N_, translator
from bot.core.labels import NON_TEXT_REPLY
from bot.core.phrases import asks_for_human, reminders_wish
from bot.core.prompts import ask
from bot.core.reading.reader import Reader
from bot.core.turn import Turn
from bot.core.understanding import kind_of
from bot.flows import checkin as checkin_flow
from bot.flows.brobygger import NAME as BROBYGGER
from storage.engine import checkpoint
from storage.models import OutgoingMessage, Participant
from storage.unit_of_work import UnitOfWork

Clock = Callable[[], datetime]
TIMER_BATCH = 100  # timers fired in one transaction
TIMER_BUSY_RETRY = 5.0  # seconds: a timer whose participant is in a turn right now waits this long
log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class EarlierUpdatePending(Exception):
    """The chat has an earlier update that is stored but not handled yet (another process may
    hold it): this one must wait its turn."""


class Conversation:
    """The core's entry point: every input, from a participant or a coordinator, is one turn."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        clock: Clock = utc_now,
        duty: Duty | None = None,
        followup_hour: int = 10,
        welcome_back_hours: float = 12,
        opening_hours: str = "",
        reader: Reader | None = None,
    ) -> None:
        self._clock = clock
        self.reader = reader  # None: the rules alone
        self.followup_hour = followup_hour
        self.welcome_back_after = timedelta(hours=welcome_back_hours)
        self.opening_hours = opening_hours
        self.sessions = sessions
        self.duty = duty or Duty()

    def now(self) -> datetime:
        return self._clock()

    @property
    def reading_status(self) -> str:
        """How messages are read: "on: <model>", "off: ..." or "degraded: ..." (rules alone)."""
        return self.reader.status if self.reader is not None else "off: reading on the rules alone"

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """Handle one inbound message in one transaction; return what it produced.

        Everything returned is stored in the outbox in the same transaction, except the short
        notices that answer a button press (kind "notice"), which the channel shows at once.
        """
        try:
            return await self._handle(inbound)
        except IntegrityError:
            # Two first messages from a new chat raced to create the participant (a row that
            # does not exist yet cannot be locked); the loser runs again and finds it.
            return await self._handle(inbound)

    async def _handle(self, inbound: Inbound) -> list[Outbound]:
        async with UnitOfWork(self.sessions) as uow:
            now = self._clock()
            if inbound.update_id is not None:
                if await uow.inbox.earlier_pending(inbound.channel, inbound.chat_id, inbound.update_id):
                    raise EarlierUpdatePending(inbound.update_id)
                if not await _first_time(uow, inbound.channel, inbound.update_id, now):
                    return []
            deleted = False
            outbound: list[Outbound] = []
            if (
                inbound.kind == "button"
                and inbound.chat_type == "private"
                and inbound.user_id != inbound.chat_id
            ):
                # A button is read for the person who pressed it; in a private chat that can only
                # be the chat's own person, so a press from anyone else changes nothing.
                outbound = [
                    Outbound("notice", inbound.chat_id, translator()(N_("button.gone")), kind="notice")
                ]
            elif inbound.chat_type != "private" or self.duty.is_coordinator(inbound.user_id):
                # A coordinator's edit is not a new message to relay, and a group the bot was added
                # to by mistake is not the coordinators': both are taken from the inbox, unanswered.
                stray = inbound.chat_type != "private" and inbound.chat_id != self.duty.chat_id
                if inbound.kind != "edited" and not stray:
                    duty_turn = DutyTurn(uow, now, inbound, self.duty)
                    await coordination.route(duty_turn)
                    outbound = duty_turn.outbound
            else:
                turn = await self._participant_turn(uow, inbound, now)
                if turn is not None:
                    outbound, deleted = turn.outbound, turn.deleted
            store_outbound(uow, inbound.channel, outbound, now)
            killpoints.passed("turn.before_commit")
            await uow.commit()
        killpoints.passed("turn.committed")
        if deleted:
            await checkpoint(self.sessions.kw["bind"])  # the deleted pages out of SQLite's log too
        return outbound

    async def _participant_turn(
        self, uow: UnitOfWork, inbound: Inbound, now: datetime, participant: Participant | None = None
    ) -> Turn | None:
        participant = participant or await uow.participants.get(inbound.channel, inbound.chat_id)
        event = inbound.kind in EVENT_KINDS
        if participant is None:
            if inbound.kind == "resume" or event:
                return None
            participant = self._new_participant(inbound, now)
            uow.participants.add(participant)
            await uow.flush()
            # Someone new: counted for the statistics, pointing to no one from the start.
            uow.events.add(None, "started", participant.state, now)
        if event:
            # Not something they did: no sign they are here, and nothing kept for a flood.
            turn = self._turn(uow, participant, now, inbound=inbound)
            await route(turn)
            turn.finish()
            return turn
        if inbound.kind != "resume" and inbound.flood != RELEASE:
            participant.warned_at = None  # they are here: no deletion for silence
            if participant.blocked_at is not None:
                participant.blocked_at = None  # they wrote, so they have unblocked the bot
        turn = self._turn(uow, participant, now, inbound=inbound)
        if not await _kept_in_flood(turn):
            await route(turn)
        turn.finish()
        if not turn.deleted:
            participant.updated_at = now
        if inbound.kind == "button" and inbound.message_id is not None:
            # A pressed keyboard goes away, so the same button cannot be pressed twice to effect.
            turn.outbound.append(
                Outbound(
                    "participant",
                    inbound.chat_id,
                    "",
                    kind="clear_buttons",
                    target_message_id=inbound.message_id,
                )
            )
        return turn

    def _turn(
        self,
        uow: UnitOfWork,
        participant: Participant,
        now: datetime,
        inbound: Inbound | None = None,
        outbound: list[Outbound] | None = None,
    ) -> Turn:
        """A turn with this conversation's settings (escalation time, follow-up hour)."""
        return Turn(
            uow,
            participant,
            now,
            inbound,
            outbound if outbound is not None else [],
            escalate_after=self.duty.escalate_after,
            followup_hour=self.followup_hour,
            welcome_back_after=self.welcome_back_after,
            opening_hours=self.opening_hours,
            coordinator_ids=listed(self.duty),
            staff_locale=self.duty.locale,
            desk_hours=self.duty.hours,
            on_call=self.duty.on_call,
            reader=self.reader,
        )

    def _new_participant(self, inbound: Inbound, now: datetime) -> Participant:
        return Participant(
            channel=inbound.channel,
            chat_id=inbound.chat_id,
            locale=languages.locale_for(inbound.language),
            flow="brobygger",
            state="start",
            run=1,
            editing=False,
            dont_know_count=0,
            created_at=now,
            updated_at=now,
        )

    async def fire_due(self, channel: str, limit: int = TIMER_BATCH) -> tuple[int, list[Outbound]]:
        """Fire up to `limit` timers that are due, each once: the timer is deleted in the
        transaction that does what it was for (another worker skips the rows this one holds).
        Returns how many fired, and what they produced."""
        async with UnitOfWork(self.sessions) as uow:
            now = self._clock()
            outbound: list[Outbound] = []
            timers = await uow.timers.due(channel, now, limit)
            due = [(timer.kind, timer.case_id, timer.participant_id) for timer in timers]
            # Gone first, all at once (in this same transaction): what they do may set the next.
            await uow.timers.fired(timers)
            # Locked, skipping those a turn holds right now (PostgreSQL): their timers wait a moment.
            people = await uow.participants.load([p for _, _, p in due if p is not None], lock=True)
            for kind, case_id, participant_id in due:
                participant = people.get(participant_id) if participant_id is not None else None
                if kind != handoff.ESCALATE and participant_id is not None and participant is None:
                    busy = now + timedelta(seconds=TIMER_BUSY_RETRY)
                    await uow.timers.set(channel, kind, busy, now, participant_id=participant_id)
                    continue
                produced: list[Outbound] = []
                try:
                    # One timer that fails (a bug) must not hold up the others: it is dropped alone.
                    async with uow.session.begin_nested():
                        if kind == statistics.DIGEST:
                            await self._digest(uow, channel, now, produced)
                        else:
                            await self._fire(uow, kind, case_id, participant, now, produced)
                except Exception:
                    log.exception("a %s timer failed and was dropped", kind)
                    continue
                outbound.extend(produced)
            store_outbound(uow, channel, outbound, now)
            await uow.commit()
        return len(timers), outbound

    async def fire_all_due(self, channel: str) -> list[Outbound]:
        """Fire every timer that is due now, batch by batch; what they produced."""
        produced: list[Outbound] = []
        while True:
            fired, outbound = await self.fire_due(channel)
            produced += outbound
            if fired < TIMER_BATCH:
                return produced

    async def _fire(
        self,
        uow: UnitOfWork,
        kind: str,
        case_id: int | None,
        participant: Participant | None,
        now: datetime,
        outbound: list[Outbound],
    ) -> None:
        if kind == handoff.ESCALATE and case_id is not None:
            await self._escalate(uow, case_id, now, outbound)
        elif participant is None:
            return
        elif kind == RELEASE_TIMER:
            await self._release_kept(uow, participant, now, outbound)
        else:
            chat = participant.chat_id
            event = Inbound(participant.channel, chat, chat, kind="timer", timer=kind)
            turn = await self._participant_turn(uow, event, now, participant)
            if turn is not None:
                outbound.extend(turn.outbound)

    async def plan_digest(self, channel: str) -> None:
        """At start: with the weekly digest on, its timer is set (once, however many workers
        start); with it off, none waits."""
        async with UnitOfWork(self.sessions) as uow:
            now = self._clock()
            if self.duty.weekly_digest:
                await uow.timers.set_once(channel, statistics.DIGEST, statistics.next_digest(now), now)
            else:
                await uow.timers.cancel(statistics.DIGEST)
            await uow.commit()

    async def hand_back_unlisted(self, channel: str) -> int:
        """At start: cases held by someone no longer listed in COORDINATOR_IDS go back to the
        group as waiting, each with a line saying why; how many went back."""
        if listed(self.duty) is None:
            log.warning("COORDINATOR_IDS is empty: no case is handed back to the group")
            return 0
        async with UnitOfWork(self.sessions) as uow:
            now = self._clock()
            outbound: list[Outbound] = []
            released = 0
            for case in await uow.cases.held_by_others(self.duty.user_ids):
                if case.participant.channel != channel:
                    continue
                turn = self._turn(uow, case.participant, now, outbound=outbound)
                released += await handoff.release_unlisted(turn, case)
            store_outbound(uow, channel, outbound, now)
            await uow.commit()
        if released:
            log.warning(
                "%s case(s) held by someone no longer in COORDINATOR_IDS went back to the group", released
            )
        return released

    async def _digest(self, uow: UnitOfWork, channel: str, now: datetime, outbound: list[Outbound]) -> None:
        """Monday morning: the week's statistics to the coordinators' group, and the next one set."""
        if not self.duty.weekly_digest:
            return  # turned off since the timer was set: no digest, and no next one
        # Set anew, which also takes away any other digest timer waiting; a digest that cannot be
        # made this week must not stop the ones after it.
        await uow.timers.set(channel, statistics.DIGEST, statistics.next_digest(now), now)
        try:
            outbound.append(await statistics.report(uow, now, intro=N_("stats.digest")))
        except Exception:
            log.exception("the weekly digest could not be made; the next one is set")

    async def _release_kept(
        self, uow: UnitOfWork, participant: Participant, now: datetime, outbound: list[Outbound]
    ) -> None:
        """The participant paused after a flood: what was kept is answered as one message."""
        release = Inbound(participant.channel, participant.chat_id, participant.chat_id, flood=RELEASE)
        turn = await self._participant_turn(uow, release, now)
        if turn is not None:
            outbound.extend(turn.outbound)

    async def _escalate(self, uow: UnitOfWork, case_id: int, now: datetime, outbound: list[Outbound]) -> None:
        """A case nobody has taken since it was announced is announced again."""
        case = await uow.cases.get(case_id, lock=True)  # a claim being made now is waited for
        if case is None or case.status != "open":
            return
        participant = await uow.participants.by_id(case.participant_id)
        if participant is None:
            return
        turn = self._turn(uow, participant, now, outbound=outbound)
        handoff.check_clock(turn, case)  # the person on call, as long as it has waited
        due = (case.announced_at or now) + self.duty.escalate_after
        if due > now:  # announced again since (or an urgent case's early look at its clock)
            await uow.timers.set(participant.channel, handoff.ESCALATE, due, now, case_id=case.id)
            return
        turn.event("case_escalated", case=case.id)
        await handoff.announce(turn, case)


async def _kept_in_flood(turn: Turn) -> bool:
    """While a participant floods, a text is kept (the first one gets one calm notice) rather than
    answered; the next text after the flood, or the call to answer once they pause, takes all that
    was kept as one message. A crisis, a command or a button is never kept: it is handled now."""
    inbound, participant = turn.inbound, turn.participant
    assert inbound is not None
    held = list(participant.held_messages or [])
    if inbound.flood == RELEASE:
        if not held:
            return True  # nothing kept: nothing to answer
        turn.inbound = replace(inbound, kind="text", text="\n".join(held), flood=None)
        participant.held_messages = None
        return False
    text = inbound.text if inbound.kind == "text" and inbound.command is None else None
    if inbound.flood in (STARTS, GOES_ON):
        said = inbound.text  # a caption too: a crisis is never kept waiting
        if (said and await turn.crisis_in(said) is not None) or inbound.kind not in ("text", *NON_TEXT_KINDS):
            return False
        if text is None and inbound.kind == "text":
            return False  # a command
        consented = participant.consented_at is not None
        if text and consented:
            participant.held_messages = [*held, text]
            # Answered as one when they pause: each kept message moves the timer on (a stored
            # timer, so a restart in between loses nothing).
            due = turn.now + timedelta(seconds=PAUSE_SECONDS)
            await turn.uow.timers.set(
                participant.channel, RELEASE_TIMER, due, turn.now, participant_id=participant.id
            )
        if inbound.flood == STARTS:
            # Before consent nothing they write is kept, and the notice does not say it is.
            turn.say(N_("flood.notice") if consented else N_("flood.notice_before_consent"))
        return True
    if held and text:
        turn.inbound = replace(inbound, text="\n".join([*held, text]))
        participant.held_messages = None
    return False


async def route(turn: Turn) -> None:
    """Decide what this input is: a crisis, a confirmation, a command, a message to a human, or
    an answer in the flow."""
    inbound = turn.inbound
    assert inbound is not None
    participant = turn.participant
    if inbound.kind == "timer":
        timer = inbound.timer or ""
        await (caring.fell_due(turn, timer) if caring.owns(timer) else followup.fell_due(turn, timer))
        return
    if inbound.kind == "blocked":
        await _blocked(turn)
        return
    if inbound.kind == "resume":
        started = flow_engine.step_of(participant).kind != "start"
        if started and await turn.uow.cases.active_for(participant.id) is None:
            await ask(turn)
        return
    # Every text is read for a crisis: messages, captions, edits, whatever the state.
    said = inbound.text
    if said:
        crisis = await turn.crisis_in(said)
        # The safety plan asks for the warning signs and what makes things worse: what reads as a
        # concern there is its answer. What is acute (intent, a plan, an attempt) is a crisis anywhere.
        planning = safety_plan.owns(participant.pending) and inbound.kind == "text"
        if crisis is not None and not (planning and not crisis.acute):
            await care.crisis(turn, crisis, said)
            return
    if inbound.kind == "edited":
        return  # an edit is not a new answer; only a crisis in it is acted on
    typed = languages.named(said) if said and inbound.kind == "text" else None
    if typed or (inbound.kind == "button" and (inbound.button or "").startswith(languages.BUTTON)):
        # A language is chosen wherever they are (its name typed too); the question is put again
        # unless a case holds it.
        case = await turn.uow.cases.active_for(participant.id)
        data = f"{languages.BUTTON}{typed}" if typed else inbound.button or ""
        await languages.chosen(turn, data, ask_again=case is None)
        return
    text = said if inbound.kind == "text" else None
    command = inbound.command
    case = await turn.uow.cases.active_for(participant.id)
    if participant.pending:  # a question of the care path
        if command is None and await care.answer(turn, case):
            return
        participant.pending = None
    step = flow_engine.step_of(participant)
    if step.kind in flow_engine.WAITING_KINDS:
        # A confirmation or an offer takes the next input; a command, or what is no answer to an
        # offer, goes back to where they were and is read there. While a bridge-builder has the
        # case, what they type is for the bridge-builder: the question waits, and only its own
        # buttons answer it (a "ja" to the bridge-builder must never delete everything).
        held = case is not None and case.status == "claimed" and inbound.kind != "button"
        answer_it = command is None and not held and not (inbound.button or "").startswith("care:")
        if answer_it and await steps.respond(turn):
            return
        if held and command is None and step.kind == "confirm":
            turn.say(N_("confirm.press_the_button"))
        elif flow_engine.step_of(participant).kind in flow_engine.WAITING_KINDS:
            flow_engine.move(participant, flow_engine.RETURN)
    if inbound.kind == "button" and await care.button(turn, inbound.button or "", case):
        return
    if case is not None and case.urgent and case.status == "open" and text and care.misunderstood(text):
        await care.ask_withdraw(turn, case)
        return
    # An urgent case the participant chose to go on beside does not hold up the flow.
    holding = case if case is not None and not (case.status == "open" and case.flow_open) else None
    if command is not None:
        await commands.run(turn, command, holding)
    elif holding is not None:
        if inbound.kind == "button":
            turn.say(N_("handoff.buttons_paused"))
        else:
            await handoff.participant_wrote(turn, holding, inbound.kind, text)
    elif inbound.kind in NON_TEXT_KINDS:
        turn.say(NON_TEXT_REPLY.get(inbound.kind, NON_TEXT_REPLY["other"]))
        turn.event("non_text", kind=inbound.kind)
        await ask(turn)
    elif text is not None and turn.consented and (wish := _reminders_wish(participant, text)):
        await commands.reminders_in_words(turn, wish)
    elif text is not None and _after_a_break(turn) and _welcomed_back(turn, text):
        await off_script.welcome_back(turn)
    elif (
        text is not None
        and flow_engine.step_of(participant).kind != "start"
        and asks_for_human(text, participant.locale)
        and not understanding.asks_what_the_bot_is(text)
    ):
        await handoff.request_human(turn)
    else:
        await steps.respond(turn)
        if text is not None and case is None:
            languages.offer_switch(turn, text)


# Where someone coming back after a break is welcomed back: in the plan's questions and the plan.
WELCOMED_BACK_AT = ("question", "summary", "menu", "done")


def _after_a_break(turn: Turn) -> bool:
    participant = turn.participant
    if participant.flow != BROBYGGER or not turn.consented:
        return False  # a check-in answers what the bot just asked
    if flow_engine.step_of(participant).kind not in WELCOMED_BACK_AT:
        return False
    # From the later of their last message and the bot's last question (a bridge-builder may have
    # closed a case and the question come again a minute ago).
    last = max(participant.updated_at, participant.asked_at or participant.updated_at)
    return turn.now - last > turn.welcome_back_after


# After a break these get their own reply; anything else is met with a welcome back first.
OWN_REPLY_AFTER_A_BREAK = (
    understanding.COMMAND,
    understanding.LANGUAGE,
    understanding.LOW_MOOD,
    understanding.REFUSAL,
)


def _welcomed_back(turn: Turn, text: str) -> bool:
    """Whether a text after a break is met with a welcome back, where they are and the question
    again: a greeting, thanks, "hæ?", "hva var det jeg holdt på med", and an answer too (after a
    break they may not have the question in mind; it is asked again). A command, a question to the
    bot, another language, low mood or a refusal gets its own reply."""
    asked = flow_engine.question_of(turn.participant)
    kind = kind_of(text, answering.expects(asked) if asked else "text")
    if kind == understanding.QUESTION:
        return understanding.faq_topic(text) == "where"
    return kind not in OWN_REPLY_AFTER_A_BREAK


def _reminders_wish(participant: Participant, text: str) -> str | None:
    """The follow-ups asked for in words; in a check-in, its own choices read them."""
    return reminders_wish(text) if participant.flow != checkin_flow.NAME else None


async def _blocked(turn: Turn) -> None:
    """Telegram would not deliver to them (they blocked the bot): nothing more is tried or sent
    until they write again, which unblocks."""
    participant = turn.participant
    if participant.blocked_at is None:
        participant.blocked_at = turn.now
        turn.event("blocked")
    await turn.uow.outbox.drop_unsent(
        participant.channel, participant.chat_id, turn.now, "recipient blocked the bot"
    )


async def _first_time(uow: UnitOfWork, channel: str, update_id: int, now: datetime) -> bool:
    """Take the update from the inbox in the turn's own transaction (all or nothing); False when
    it was handled before. An update that never went through the inbox is checked against the
    ids already handled."""
    if await uow.inbox.take(channel, update_id, now):
        return True
    if await uow.inbox.stored(channel, update_id):
        return False  # stored and already handled: a redelivery
    return await uow.updates.first_time(channel, update_id, now)


def store_outbound(uow: UnitOfWork, channel: str, outbound: list[Outbound], now: datetime) -> None:
    """Put the turn's replies in the outbox, in the same transaction as the turn."""
    for message in outbound:
        if message.kind == "notice":
            continue
        uow.outbox.add(
            OutgoingMessage(
                channel=channel,
                audience=message.audience,
                chat_id=message.chat_id,
                kind=message.kind,
                text=message.text,
                buttons=[[{"label": b.label, "data": b.data} for b in row] for row in message.buttons]
                or None,
                case_id=message.case_id,
                urgent=message.urgent,
                target_message_id=message.target_message_id,
                copy_from_chat_id=message.copy_from_chat_id,
                photo=message.photo,
                created_at=now,
            )
        )
