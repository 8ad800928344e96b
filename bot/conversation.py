"""The one place a turn happens: dedupe, lock the participant, check safety, route, store, commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot import answering, commands, handoff
from bot.i18n import DEFAULT_LOCALE, N_, available_locales
from bot.labels import NON_TEXT_REPLY
from bot.messages import NON_TEXT_KINDS, Inbound, Outbound
from bot.phrases import asks_for_human
from bot.prompts import ask
from bot.safety import Crisis, detect_crisis
from bot.turn import Turn
from storage.models import Case, OutgoingMessage, Participant
from storage.unit_of_work import UnitOfWork

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Conversation:
    """The core's entry points: a participant's turn, and the coordinators' actions on cases."""

    def __init__(self, sessions: async_sessionmaker[Any], clock: Clock = utc_now) -> None:
        self._sessions = sessions
        self._clock = clock
        self._locales = set(available_locales())

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """Handle one inbound message in one transaction; return what was stored to be sent."""
        async with UnitOfWork(self._sessions) as uow:
            now = self._clock()
            if inbound.update_id is not None and not await uow.updates.first_time(
                inbound.channel, inbound.update_id, now
            ):
                return []
            participant = await uow.participants.get(inbound.channel, inbound.chat_id)
            if participant is None:
                if inbound.kind == "resume":
                    return []
                participant = self._new_participant(inbound, now)
                uow.participants.add(participant)
                await uow.flush()
            turn = Turn(uow, participant, now, inbound)
            await route(turn)
            if not turn.deleted:
                participant.updated_at = now
            _store(uow, participant.channel, turn.outbound, now)
            await uow.commit()
        return turn.outbound

    def _new_participant(self, inbound: Inbound, now: datetime) -> Participant:
        language = (inbound.language or "").split("-")[0].lower()
        return Participant(
            channel=inbound.channel,
            chat_id=inbound.chat_id,
            locale=language if language in self._locales else DEFAULT_LOCALE,
            state="start",
            editing=False,
            dont_know_count=0,
            created_at=now,
            updated_at=now,
        )

    async def claim_case(self, case_id: int, coordinator_id: str, name: str) -> list[Outbound]:
        """A coordinator takes a case; exactly one wins, the others are told who has it."""

        async def act(turn: Turn, case: Case) -> None:
            if await turn.uow.cases.claim(case.id, coordinator_id, name, turn.now):
                turn.event("case_claimed", case=case.id)
                turn.to_coordinators(turn.t(N_("case.claimed_by"), number=case.id, name=name), case.id)
                turn.say(N_("handoff.claimed"), name=name)
                return
            await turn.uow.session.refresh(case)
            turn.to_coordinator(
                coordinator_id,
                turn.t(N_("case.already_taken"), number=case.id, name=case.coordinator_name or "-")
                if case.status == "claimed"
                else turn.t(N_("case.not_open"), number=case.id),
                case.id,
            )

        return await self._case_action(case_id, act)

    async def coordinator_says(self, case_id: int, coordinator_id: str, text: str) -> list[Outbound]:
        """What the coordinator who has the case writes reaches the participant, marked as theirs."""

        async def act(turn: Turn, case: Case) -> None:
            if case.status != "claimed" or case.coordinator_id != coordinator_id:
                turn.to_coordinator(coordinator_id, turn.t(N_("case.not_yours"), number=case.id), case.id)
                return
            turn.uow.cases.add_message(case.id, "coordinator", "text", text, turn.now)
            turn.say(N_("relay.to_participant"), name=case.coordinator_name or "-", text=text)

        return await self._case_action(case_id, act)

    async def close_case(self, case_id: int, closed_by: str = "coordinator") -> list[Outbound]:
        """Close a case; the participant is told and continues exactly where they left."""

        async def act(turn: Turn, case: Case) -> None:
            if not await turn.uow.cases.close(case.id, closed_by, turn.now):
                return
            turn.event("case_closed", case=case.id)
            turn.to_coordinators(turn.t(N_("case.closed_notice"), number=case.id), case.id)
            turn.say(N_("handoff.closed"))
            await ask(turn)

        return await self._case_action(case_id, act)

    async def _case_action(self, case_id: int, act: Callable[[Turn, Case], Any]) -> list[Outbound]:
        async with UnitOfWork(self._sessions) as uow:
            case = await uow.cases.get(case_id)
            if case is None:
                return []
            participant = await uow.participants.get(case.participant.channel, case.participant.chat_id)
            assert participant is not None
            turn = Turn(uow, participant, self._clock())
            await act(turn, case)
            _store(uow, participant.channel, turn.outbound, turn.now)
            await uow.commit()
        return turn.outbound


async def route(turn: Turn) -> None:
    """Decide what this input is: a crisis, a confirmation, a command, a message to a human, or
    an answer in the flow."""
    inbound = turn.inbound
    assert inbound is not None
    participant = turn.participant
    if inbound.kind == "resume":
        if participant.state != "start" and await turn.uow.cases.active_for(participant.id) is None:
            await ask(turn)
        return
    text = inbound.text if inbound.kind == "text" else None
    if text is not None:
        crisis = detect_crisis(text)
        if crisis is not None:
            await handle_crisis(turn, crisis, text)
            return
    command = inbound.command
    if participant.pending:
        if command is None and await commands.answer_confirmation(turn):
            return
        participant.pending = None
    case = await turn.uow.cases.active_for(participant.id)
    if command is not None:
        await commands.run(turn, command, case)
    elif case is not None:
        if inbound.kind == "button":
            turn.say(N_("handoff.buttons_paused"))
        else:
            await handoff.participant_wrote(turn, case, inbound.kind, text)
    elif inbound.kind in NON_TEXT_KINDS:
        turn.say(NON_TEXT_REPLY.get(inbound.kind, NON_TEXT_REPLY["other"]))
        turn.event("non_text", kind=inbound.kind)
        await ask(turn)
    elif text is not None and participant.state != "start" and asks_for_human(text):
        await handoff.request_human(turn)
    else:
        await answering.respond(turn)


async def handle_crisis(turn: Turn, crisis: Crisis, text: str) -> None:
    """Help lines at once, and an urgent case; the flow waits until a human has closed it."""
    turn.participant.pending = None
    turn.say(N_("crisis.help_lines"))
    turn.event("crisis", kind=crisis.kind)
    case = await handoff.open_case(turn, crisis.kind, urgent=True)
    if turn.consented:
        turn.uow.cases.add_message(case.id, "participant", "text", text, turn.now)
    if case.status == "claimed" and case.coordinator_id:
        turn.to_coordinator(
            case.coordinator_id,
            turn.t(
                N_("relay.to_coordinator"),
                number=case.id,
                name=turn.participant.first_name or turn.t(N_("card.no_name")),
                text=text,
            ),
            case.id,
        )
    turn.say(N_("crisis.case_opened"))


def _store(uow: UnitOfWork, channel: str, outbound: list[Outbound], now: datetime) -> None:
    """Put the turn's replies in the outbox, in the same transaction as the turn."""
    for message in outbound:
        uow.outbox.add(
            OutgoingMessage(
                channel=channel,
                audience=message.audience,
                chat_id=message.chat_id,
                text=message.text,
                buttons=[[{"label": b.label, "data": b.data} for b in row] for row in message.buttons]
                or None,
                case_id=message.case_id,
                urgent=message.urgent,
                created_at=now,
            )
        )
