"""The table of step kinds: for each kind of state in a flow, the handler that asks it and the one
that reads what the participant answers. Handlers work by kind, never by a state's name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core import answering, checkin, commands, introduction, prompts
from bot.core.flow_engine import Step, step_of
from bot.core.turn import Turn

Handler = Callable[[Turn, Step], Awaitable[object]]  # a confirmation says whether it was answered

# kind: (ask, respond)
KINDS: dict[str, tuple[Handler, Handler]] = {
    # the brobygger flow (bot/flows/brobygger.py)
    "start": (prompts.ask_consent, answering.answer_start),
    "consent": (prompts.ask_consent, answering.answer_consent),
    "declined": (prompts.ask_declined, answering.answer_declined),
    "question": (prompts.ask_question, answering.answer_question),
    "offer": (prompts.ask_offer, answering.answer_offer),
    "partners": (introduction.ask_partners, introduction.answer_partners),
    "summary": (prompts.ask_summary, answering.answer_summary),
    "menu": (prompts.ask_menu, answering.answer_change_menu),
    "done": (prompts.ask_done, answering.answer_finished),
    # every flow: "really delete?", "start over?"
    "confirm": (prompts.ask_confirm, commands.answer_confirmation),
    # the check-in (bot/flows/checkin.py)
    "checkin_choice": (checkin.ask, checkin.choice),
    "checkin_text": (checkin.ask, checkin.text),
    "checkin_scale": (checkin.ask, checkin.scale),
    "checkin_day": (checkin.ask, checkin.day),
    "checkin_yesno": (checkin.ask, checkin.yes_no),
}


async def ask(turn: Turn) -> None:
    """Ask what the participant's state asks."""
    step = step_of(turn.participant)
    await KINDS[step.kind][0](turn, step)


async def respond(turn: Turn) -> None:
    """Read the participant's text or button by the kind of state they are in."""
    step = step_of(turn.participant)
    await KINDS[step.kind][1](turn, step)
