"""The coordinators' side: taking a case, writing through the bot, closing it, listing cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core import care, caring, desk, partner_desk, statistics
from bot.core.desk_hours import Opening
from bot.core.envelopes import NON_TEXT_KINDS, Button, Inbound, Outbound
from bot.core.handoff import card_text, history_text, release_unlisted, update_card
from bot.core.i18n import DEFAULT_LOCALE, N_, Text, Translator, translator
from bot.core.labels import CASE_REASON, KIND_PHRASE
from bot.core.prompts import ask
from bot.core.turn import Turn
from storage.models import Case, Coordinator
from storage.unit_of_work import UnitOfWork

DUTY_COMMANDS = (
    "ta",
    "sak",
    "saker",
    "avslutt",
    "notat",
    "gi",
    "partnere",
    "statistikk",
    "omsorg",
    "start",
    "hjelp",
    "help",
)
# "Var dette til hjelp?" after a case closes: counted in /statistikk, naming no one.
HELPFUL_BUTTONS = (
    (N_("button.helpful_yes"), "helpful:yes"),
    (N_("button.helpful_some"), "helpful:some"),
    (N_("button.helpful_no"), "helpful:no"),
)
# Buttons that act on the desk: only coordinators may press them.
DUTY_BUTTONS = ("take:", "close:", "give:", "forward:", "partner_on:", "partner_off:")


@dataclass
class Duty:
    """Who the coordinators are and where cases are announced (the group's id changes when
    Telegram upgrades it to a supergroup; the delivery follows it)."""

    chat_id: str | None = None  # the coordinators' group
    user_ids: frozenset[str] = frozenset()
    bot_username: str | None = None
    escalate_after: timedelta = timedelta(minutes=15)
    weekly_digest: bool = False  # the statistics to the group on Monday mornings
    locale: str = DEFAULT_LOCALE  # the coordinators' language, whatever the participants'
    hours: tuple[Opening, ...] = ()  # when a bridge-builder is at work (DESK_HOURS); () unknown
    on_call: str | None = None  # told when a case waits too long (ON_CALL_CHAT_ID)

    def is_coordinator(self, user_id: str) -> bool:
        return user_id in self.user_ids

    def private_link(self) -> str:
        return f"https://t.me/{self.bot_username}" if self.bot_username else "/start"

    def start_private_notice(self, name: str, case_id: int | None) -> Outbound:
        """Told in the group: the coordinator must open a private chat before the bot can write."""
        text = translator(self.locale)(
            N_("case.start_private"), name=name, number=case_id or "-", link=self.private_link()
        )
        return Outbound("coordinators", None, text, case_id=case_id)


def listed(duty: Duty) -> frozenset[str] | None:
    """The coordinators a case's holder must be among; None when none are set (a missing setting
    must not take every case from the bridge-builders who have them)."""
    return duty.user_ids or None


@dataclass
class DutyTurn:
    """One input from a coordinator (or from someone else in the coordinators' group)."""

    uow: UnitOfWork
    now: datetime
    inbound: Inbound
    duty: Duty
    outbound: list[Outbound] = field(default_factory=list)
    coordinator: Coordinator | None = None

    @property
    def t(self) -> Translator:
        return translator(self.duty.locale)

    @property
    def in_group(self) -> bool:
        return self.inbound.chat_type != "private"

    def reply(self, text: str, buttons: list[list[Button]] | None = None) -> None:
        """Answer in the chat the input came from."""
        if self.in_group:
            self.outbound.append(Outbound("coordinators", None, text, buttons or []))
        else:
            self.outbound.append(Outbound("coordinator", self.inbound.chat_id, text, buttons or []))

    def answer(self, text: str) -> None:
        """A pressed button gets a short notice; a command gets a reply."""
        if self.inbound.kind == "button":
            self.outbound.append(Outbound("notice", self.inbound.chat_id, text, kind="notice"))
        else:
            self.reply(text)

    async def participant_turn(self, case: Case) -> Turn:
        """The participant's side of a case action, sharing this turn's transaction and replies."""
        participant = await self.uow.participants.get(case.participant.channel, case.participant.chat_id)
        assert participant is not None
        return Turn(
            self.uow,
            participant,
            self.now,
            outbound=self.outbound,
            escalate_after=self.duty.escalate_after,
            coordinator_ids=listed(self.duty),
            staff_locale=self.duty.locale,
            desk_hours=self.duty.hours,
            on_call=self.duty.on_call,
        )


async def route(turn: DutyTurn) -> None:
    """Coordinators act on cases; anyone else in the group is refused and nothing changes."""
    inbound = turn.inbound
    command = inbound.command
    button = inbound.button if inbound.kind == "button" else None
    if not turn.duty.is_coordinator(inbound.user_id):
        if (button or "").startswith(DUTY_BUTTONS) or command in DUTY_COMMANDS:
            turn.answer(turn.t(N_("duty.refused")))
        return
    turn.coordinator = await _coordinator(turn)
    if button is not None:
        action, _, argument = button.partition(":")
        number = desk.case_number(argument)
        if action == "give":
            await desk.give_pressed(turn, button)
        elif action == "forward" and not turn.in_group:
            await forward_pressed(turn, argument)
        elif number is None or action == "forward":
            turn.answer(turn.t(N_("button.gone")))  # a forged or malformed button changes nothing
        elif action == "take":
            await take(turn, number)
        elif action in ("partner_on", "partner_off"):
            await partner_desk.switch(turn, number, on=action == "partner_on")
        elif action == "close":
            await close(turn, number)
            if inbound.message_id is not None:
                turn.outbound.append(
                    Outbound(
                        "coordinator",
                        inbound.chat_id,
                        "",
                        kind="clear_buttons",
                        target_message_id=inbound.message_id,
                    )
                )
        return
    if command is not None:
        argument = (inbound.text or "").partition(" ")[2]
        if command == "notat":
            await desk.note(turn, argument)
        elif command == "gi":
            await desk.give(turn, argument)
        elif command == "partnere":
            await partner_desk.listing(turn, argument)
        else:
            await _command(turn, command, argument.split(maxsplit=1)[0] if argument.strip() else None)
    elif turn.in_group:
        return  # talk among coordinators is not for the bot
    elif inbound.forwarded and inbound.message_id is not None:
        await ask_forward(turn)
    elif inbound.kind == "text":
        await relay(turn, inbound.text or "", "text")
    elif inbound.kind in NON_TEXT_KINDS:
        await relay(turn, None, inbound.kind)


async def _coordinator(turn: DutyTurn) -> Coordinator:
    inbound = turn.inbound
    coordinator = await turn.uow.coordinators.get(inbound.user_id)
    if coordinator is None:
        coordinator = Coordinator(
            user_id=inbound.user_id,
            private_chat=False,
            first_name=(inbound.first_name or "-")[:64],
            updated_at=turn.now,
        )
        turn.uow.coordinators.add(coordinator)
    if inbound.first_name:
        coordinator.first_name = inbound.first_name[:64]
    if not turn.in_group:
        coordinator.private_chat = True  # they wrote to the bot, so the bot may write to them
    coordinator.updated_at = turn.now
    return coordinator


async def _command(turn: DutyTurn, command: str, argument: str | None) -> None:
    """A desk command; its case number, where it takes one, is a plain positive number in range."""
    number = desk.case_number(argument)
    if command in ("ta", "sak", "avslutt", "omsorg") and argument is not None and number is None:
        turn.reply(turn.t(N_("case.bad_number"), command=command, given=argument[:30]))
    elif command in ("start", "hjelp", "help"):
        turn.reply(turn.t(N_("duty.help"), name=turn.coordinator.first_name if turn.coordinator else ""))
    elif command == "saker":
        await list_cases(turn)
    elif command == "ta" and number is not None:
        await take(turn, number)
    elif command == "sak" and number is not None:
        await choose(turn, number)
    elif command == "avslutt":
        await close(turn, number)
    elif command == "omsorg" and number is not None:
        await caring_off(turn, number)
    elif command == "statistikk":
        where = ("coordinators", None) if turn.in_group else ("coordinator", turn.inbound.chat_id)
        turn.outbound.append(await statistics.report(turn.uow, turn.now, *where))
    else:
        turn.reply(turn.t(N_("duty.usage")))


async def take(turn: DutyTurn, number: int) -> None:
    """Claim a case: one conditional update, so exactly one of several coordinators wins."""
    coordinator = turn.coordinator
    assert coordinator is not None
    case = await turn.uow.cases.get(number)
    if case is None:
        turn.answer(turn.t(N_("case.unknown"), number=number))
        return
    await release_unlisted(await turn.participant_turn(case), case)
    won = await turn.uow.cases.claim(case.id, coordinator.user_id, coordinator.first_name, turn.now)
    await turn.uow.session.refresh(case)
    if not won:
        if case.status == "claimed" and case.coordinator_id == coordinator.user_id:
            turn.answer(turn.t(N_("case.already_yours"), number=number))
        elif case.status == "claimed":
            turn.answer(turn.t(N_("case.already_taken"), number=number, name=case.coordinator_name or "-"))
        else:
            turn.answer(turn.t(N_("case.not_open"), number=number))
        return
    coordinator.current_case_id = case.id
    participant_turn = await turn.participant_turn(case)
    waited = max(0, int((turn.now - case.opened_at).total_seconds() // 60))
    participant_turn.event("case_claimed", case=case.id, minutes=waited)  # how long it waited
    participant_turn.say(N_("handoff.claimed"), name=coordinator.first_name)
    await update_card(participant_turn, case)
    if coordinator.private_chat:
        close_button = [[Button(turn.t(N_("case.close_button"), number=case.id), f"close:{case.id}")]]
        context = await card_text(participant_turn, case)
        history = await history_text(participant_turn, case)
        if history:
            context += "\n\n" + history
        turn.outbound.append(
            Outbound(
                "coordinator",
                coordinator.user_id,
                turn.t(N_("case.yours"), number=case.id, card=context),
                close_button,
                case_id=case.id,
            )
        )
    else:
        turn.outbound.append(turn.duty.start_private_notice(coordinator.first_name, case.id))
    if turn.inbound.kind == "button":
        turn.answer(turn.t(N_("case.you_took"), number=case.id))


async def choose(turn: DutyTurn, number: int) -> None:
    """/sak N: the case the coordinator's next messages go to."""
    case = await desk.own_case(turn, number)
    if case is None:
        return
    if case.status != "claimed":
        turn.answer(turn.t(N_("case.take_first"), number=number))
        return
    assert turn.coordinator is not None
    turn.coordinator.current_case_id = case.id
    turn.reply(
        turn.t(
            N_("case.now_writing_to"),
            number=case.id,
            name=case.participant.first_name or turn.t(N_("card.no_name")),
        )
    )


async def close(turn: DutyTurn, number: int | None) -> None:
    """Close a case: the participant is told and goes on exactly where they stopped."""
    case = await desk.own_case(turn, number)
    if case is None:
        return
    if case.status != "claimed":
        # Nobody has it: closing it would tell the participant a bridge-builder ended a
        # conversation nobody had with them.
        turn.answer(turn.t(N_("case.close_untaken"), number=case.id))
        return
    assert turn.coordinator is not None
    if not await turn.uow.cases.close(case.id, "coordinator", turn.now, turn.coordinator.user_id):
        turn.answer(turn.t(N_("case.not_open"), number=case.id))
        return
    await turn.uow.session.refresh(case)
    if turn.coordinator.current_case_id == case.id:
        turn.coordinator.current_case_id = None
    participant_turn = await turn.participant_turn(case)
    participant_turn.event("case_closed", case=case.id)
    # One question with buttons, first, so the flow's own question stays the last word.
    helpful = participant_turn.buttons(HELPFUL_BUTTONS, per_row=3)
    participant_turn.say(N_("handoff.helpful_question"), helpful, name=case.coordinator_name or "-")
    participant_turn.participant.pending = care.HELPFUL  # a typed "ja, det hjalp" answers it too
    if case.urgent:
        name = case.coordinator_name or turn.inbound.first_name or "-"
        await care.after_urgent_closed(participant_turn, name)
    else:
        participant_turn.say(N_("handoff.closed"))
        await ask(participant_turn)
    await update_card(participant_turn, case)
    turn.answer(turn.t(N_("case.closed_notice"), number=case.id))
    if case.urgent:
        turn.reply(turn.t(N_("case.caring_planned"), number=case.id))


async def caring_off(turn: DutyTurn, number: int) -> None:
    """/omsorg N: no more caring contacts to the participant of case N (the bridge-builder knows
    them better than a timer does)."""
    case = await turn.uow.cases.get(number)
    if case is None:
        turn.answer(turn.t(N_("case.unknown"), number=number))
        return
    await caring.stop(await turn.participant_turn(case), by="coordinator")
    turn.reply(turn.t(N_("case.caring_off"), number=number))


async def relay(turn: DutyTurn, text: str | None, kind: str) -> None:
    """What the coordinator writes goes to the participant of their current case, marked as theirs."""
    case = await desk.own_claimed(turn, None)
    if case is None:
        return
    assert turn.coordinator is not None
    name = turn.coordinator.first_name
    participant_turn = await turn.participant_turn(case)
    if participant_turn.participant.blocked_at is not None:
        turn.answer(turn.t(N_("case.participant_blocked"), number=case.id))
        return
    turn.uow.cases.add_message(case.id, "coordinator", kind, text, turn.now)
    if text is not None:
        participant_turn.say(N_("relay.to_participant"), name=name, text=text)
        return
    participant_turn.say(
        N_("relay.kind_to_participant"), name=name, kind=Text(KIND_PHRASE.get(kind, KIND_PHRASE["other"]))
    )
    if turn.inbound.message_id is not None:
        _copy(turn, participant_turn, turn.inbound.message_id)


def _copy(turn: DutyTurn, participant_turn: Turn, message_id: int) -> None:
    """The coordinator's message itself (a photo, a voice message, a forward) to the participant."""
    turn.outbound.append(
        Outbound(
            "participant",
            participant_turn.participant.chat_id,
            "",
            kind="copy",
            target_message_id=message_id,
            copy_from_chat_id=turn.inbound.chat_id,
        )
    )


async def ask_forward(turn: DutyTurn) -> None:
    """A message the coordinator forwarded into the relay may carry another participant's words:
    it goes on only once they confirm, as a copy without its origin."""
    case = await desk.own_claimed(turn, None)
    if case is None:
        return
    name = case.participant.first_name or turn.t(N_("card.no_name"))
    buttons = [
        [
            Button(turn.t(N_("forward.send_button")), f"forward:{case.id}:{turn.inbound.message_id}"),
            Button(turn.t(N_("forward.keep_button")), "forward:no"),
        ]
    ]
    turn.reply(turn.t(N_("forward.confirm"), name=name, number=case.id), buttons)


async def forward_pressed(turn: DutyTurn, argument: str) -> None:
    """forward:case:message sends the forwarded message on; forward:no keeps it back."""
    case_part, _, message_part = argument.partition(":")
    number, message_id = desk.case_number(case_part), desk.case_number(message_part)
    if argument != "no" and (number is None or message_id is None):
        turn.answer(turn.t(N_("button.gone")))
        return
    if turn.inbound.message_id is not None:
        turn.outbound.append(
            Outbound(
                "coordinator",
                turn.inbound.chat_id,
                "",
                kind="clear_buttons",
                target_message_id=turn.inbound.message_id,
            )
        )
    if number is None or message_id is None:
        turn.answer(turn.t(N_("forward.kept")))
        return
    case = await desk.own_claimed(turn, number)
    if case is None:
        return
    assert turn.coordinator is not None
    participant_turn = await turn.participant_turn(case)
    if participant_turn.participant.blocked_at is not None:
        turn.answer(turn.t(N_("case.participant_blocked"), number=case.id))
        return
    turn.uow.cases.add_message(case.id, "coordinator", "forwarded", None, turn.now)
    participant_turn.say(N_("relay.forwarded_to_participant"), name=turn.coordinator.first_name)
    _copy(turn, participant_turn, message_id)
    turn.answer(turn.t(N_("forward.sent"), number=case.id))


async def list_cases(turn: DutyTurn) -> None:
    """/saker: open and claimed cases, urgent and oldest first."""
    cases = await turn.uow.cases.active()
    closed = await desk.recently_closed_lines(turn)
    if not cases:
        turn.reply("\n\n".join([turn.t(N_("cases.none")), *(["\n".join(closed)] if closed else [])]))
        return
    lines = [turn.t(N_("cases.title"))]
    for case in cases:
        waited = max(0, int((turn.now - case.opened_at).total_seconds() // 60))
        key = N_("cases.line_claimed") if case.status == "claimed" else N_("cases.line_open")
        lines.append(
            turn.t(
                key,
                urgent="🚨 " if case.urgent else "",
                number=case.id,
                name=case.participant.first_name or turn.t(N_("card.no_name")),
                reason=Text(CASE_REASON[case.reason]),
                minutes=waited,
                coordinator=case.coordinator_name or "-",
            )
        )
    if closed:
        lines += ["", *closed]
    turn.reply("\n".join(lines))
