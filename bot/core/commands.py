"""Participant commands (/start, /hjelp, /tilbake, ...) and the confirmations some of them ask."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core import answering, care, flow_engine, followup, languages, safety_plan
from bot.core.envelopes import Outbound
from bot.core.flow_engine import CONFIRM_DELETE, CONFIRM_RESTART, Step
from bot.core.handoff import request_human
from bot.core.i18n import N_
from bot.core.my_data import as_file, my_data, my_data_text
from bot.core.phrases import is_sure_yes
from bot.core.plan import plan_text, where_text
from bot.core.prompts import ask, confirm_data
from bot.core.turn import Turn
from bot.flows import brobygger
from bot.flows import checkin as checkin_flow
from bot.flows.brobygger import QUESTIONS
from storage.models import Case

Command = Callable[[Turn, Case | None], Awaitable[None]]


async def run(turn: Turn, name: str, case: Case | None) -> None:
    """Run a command; one the bot does not know gets a friendly word and the question again."""
    command = COMMANDS.get(name)
    if command is None:
        turn.say(N_("command.unknown"))
        turn.event("unknown_command")
        if case is None:
            await ask(turn)
        return
    turn.event("command", command=name)
    await command(turn, case)


async def start(turn: Turn, case: Case | None) -> None:
    participant = turn.participant
    if case is not None:
        turn.say(N_("handoff.not_now"), number=case.id)
    elif flow_engine.step_of(participant).kind in ("start", "declined", "consent"):
        await answering.begin(turn)
    elif participant.state == QUESTIONS[0].name and not await turn.answers():
        await ask(turn)
    else:
        answering.move(turn, "ask_restart")
        await ask(turn)


async def help_(turn: Turn, case: Case | None) -> None:
    turn.say(N_("help.text"), where=where_text(turn))
    if case is None:
        await ask(turn)


async def back(turn: Turn, case: Case | None) -> None:
    if case is not None:
        turn.say(N_("handoff.not_now"), number=case.id)
        return
    if turn.participant.flow == checkin_flow.NAME:
        turn.say(N_("checkin.no_back"))  # a check-in is a few questions: answered again next time
    elif turn.consented and not answering.move(turn, "back"):
        turn.say(N_("back.nowhere"))
    await ask(turn)


async def human(turn: Turn, case: Case | None) -> None:
    await request_human(turn)


async def my_plan(turn: Turn, case: Case | None) -> None:
    if not turn.consented:
        turn.say(N_("plan.nothing_yet"))
        await ask(turn)
        return
    kind = flow_engine.step_of(turn.participant).kind
    if kind == "summary" and case is None:
        await ask(turn)  # in the plan itself, the plan is the question
        return
    turn.say_text(await plan_text(turn))
    if case is None and kind != "done":
        await ask(turn)


async def show_my_data(turn: Turn, case: Case | None) -> None:
    """All that is stored about them, as text and as a JSON file."""
    turn.say_text(await my_data_text(turn))
    if turn.participant.blocked_at is None:
        data = as_file(await my_data(turn))
        turn.outbound.append(Outbound("participant", turn.participant.chat_id, data, kind="document"))
    if case is None:
        await ask(turn)


async def delete(turn: Turn, case: Case | None) -> None:
    answering.move(turn, "ask_delete")
    await ask(turn)


async def cancel(turn: Turn, case: Case | None) -> None:
    """Withdraw a request for a human that nobody has taken yet; an urgent one after asking."""
    # An urgent case the participant goes on beside does not hold the flow, but is theirs to withdraw.
    case = case or await turn.uow.cases.active_for(turn.participant.id)
    if case is None:
        turn.say(N_("cancel.nothing"))
        await ask(turn)
    elif case.urgent:
        await care.ask_withdraw(turn, case)
    elif case.status != "open":
        turn.say(N_("cancel.claimed"))
    else:
        await turn.uow.cases.close(case.id, "participant", turn.now)
        turn.event("case_withdrawn", case=case.id)
        turn.to_coordinators(turn.staff_t(N_("case.withdrawn"), number=case.id), case.id)
        turn.say(N_("cancel.done"))
        await ask(turn)


async def pause(turn: Turn, case: Case | None) -> None:
    """/pause: no follow-ups for now, until /paaminnelser."""
    if not turn.consented:
        await ask(turn)
        return
    await followup.stop(turn, "paused")
    _leave_checkin(turn)
    turn.say(N_("followup.paused"))


async def reminders(turn: Turn, case: Case | None) -> None:
    """/paaminnelser: follow-ups off, or on again."""
    if not turn.consented:
        await ask(turn)
        return
    await followup.toggle(turn)
    if turn.participant.followups != "on":
        _leave_checkin(turn)


async def reminders_in_words(turn: Turn, wish: str) -> None:
    """The follow-ups paused, off or on, asked for in plain words ("ikke mas på meg")."""
    if wish == "paused":
        await pause(turn, None)
    elif (wish == "on") != (turn.participant.followups == "on"):
        await reminders(turn, None)  # from off to on, or on to off
    else:
        turn.say(N_("followup.already_on") if wish == "on" else N_("followup.off"))
    await ask(turn)


def _leave_checkin(turn: Turn) -> None:
    if turn.participant.flow == checkin_flow.NAME:
        answering.move(turn, "leave")


async def language(turn: Turn, case: Case | None) -> None:
    """/sprak: a button for each language the bot writes; the question follows the choice."""
    languages.offer_choice(turn)


COMMANDS: dict[str, Command] = {
    "start": start,
    "hjelp": help_,
    "help": help_,
    "tilbake": back,
    "brobygger": human,
    "minplan": my_plan,
    "mine_data": show_my_data,
    "minedata": show_my_data,
    "slett": delete,
    "avbryt": cancel,
    "pause": pause,
    "paaminnelser": reminders,
    "påminnelser": reminders,
    "tryggplan": safety_plan.command,
    "sprak": language,
    "språk": language,
    "language": language,
}


async def answer_confirmation(turn: Turn, step: Step) -> bool:
    """Answer "really delete?" or "start over?": a yes does it, anything else leaves it be; either
    way the participant is back where they were (or at the first question, started over)."""
    participant = turn.participant
    inbound = turn.inbound
    yes = inbound is not None and (
        inbound.button == confirm_data(step) or (inbound.kind == "text" and is_sure_yes(inbound.text or ""))
    )
    if not yes and inbound is not None and inbound.kind == "text" and "?" in (inbound.text or ""):
        # "kva betyr det?", "what happens if I delete?": a question is no "no"; the question,
        # which says what would happen, is put again.
        await ask(turn)
        return True
    if step.name == CONFIRM_DELETE and yes:
        await delete_everything(turn)
        return True
    if step.name == CONFIRM_RESTART and yes:
        await turn.uow.answers.replace_all(participant.id, turn.now)
        turn.forget_answers()
        participant.editing = False
        if participant.flow == brobygger.NAME:
            answering.move(turn, "restart")
            participant.run = (participant.run or 0) + 1
        else:
            flow_engine.enter(participant, brobygger.NAME, brobygger.QUESTIONS[0].name)
        participant.dont_know_step = None
        participant.dont_know_count = 0
        turn.event("restart")
        turn.say(N_("restart.done"))
    else:
        answering.move(turn, flow_engine.RETURN)
        turn.say(N_("delete.cancelled") if step.name == CONFIRM_DELETE else N_("restart.cancelled"))
    if await turn.uow.cases.active_for(participant.id) is None:
        await ask(turn)
    return True


async def delete_everything(turn: Turn) -> None:
    """Delete the participant and all about them: answers and their history, cases and their
    messages, what waits to be sent and the updates kept; the cards in the group are edited to say
    so, and no coordinator points at the cases any more. Their events stay, pointing to no one."""
    participant = turn.participant
    uow = turn.uow
    cases = await uow.cases.for_participant(participant.id)
    for case in cases:
        if case.status != "closed":
            # Not tied to the case, so that deleting the case's messages below keeps this one.
            turn.to_coordinators(turn.staff_t(N_("case.deleted"), number=case.id), case_id=None)
        for card in await uow.outbox.card_message_ids(participant.channel, case.id):
            turn.outbound.append(
                Outbound(
                    "coordinators",
                    None,
                    turn.staff_t(N_("card.deleted"), number=case.id),
                    kind="card_update",
                    target_message_id=card,
                )
            )
    case_ids = [c.id for c in cases]
    await uow.outbox.forget(participant.channel, participant.chat_id, case_ids)
    await uow.coordinators.let_go_of(case_ids)
    await uow.inbox.forget_chat(participant.channel, participant.chat_id)
    await uow.events.disown(participant.id)  # the anonymous counts stay for the statistics
    await uow.participants.delete(participant)
    turn.uow.events.add(None, "participant_deleted", None, turn.now)
    turn.deleted = True
    turn.say(N_("delete.done"))
