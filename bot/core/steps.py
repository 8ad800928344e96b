"""The table of step kinds: for each kind of state in a flow, the handler that asks it and the one
that reads what the participant answers. Handlers work by kind, never by a state's name."""

from __future__ import annotations

from bot.core import answering, checkin_handlers, commands, flow_engine, off_script, partner_offer, prompts
from bot.core.flow_engine import Handler, step_of
from bot.core.reading.kinds import OffScript
from bot.core.turn import Turn

# kind: (ask, respond)
KINDS: dict[str, tuple[Handler, Handler]] = {
    # the brobygger flow (bot/flows/brobygger.py)
    "start": (prompts.ask_consent, answering.answer_start),
    "consent": (prompts.ask_consent, answering.answer_consent),
    "declined": (prompts.ask_declined, answering.answer_declined),
    "question": (prompts.ask_question, answering.answer_question),
    "offer": (prompts.ask_offer, answering.answer_offer),
    "partners": (partner_offer.ask_partners, partner_offer.answer_partners),
    "summary": (prompts.ask_summary, answering.answer_summary),
    "menu": (prompts.ask_menu, answering.answer_change_menu),
    "done": (prompts.ask_done, answering.answer_finished),
    # every flow: "really delete?", "start over?"
    "confirm": (prompts.ask_confirm, commands.answer_confirmation),
    # the check-in (bot/flows/checkin.py)
    "checkin_choice": (checkin_handlers.ask, checkin_handlers.choice),
    "checkin_text": (checkin_handlers.ask, checkin_handlers.text),
    "checkin_scale": (checkin_handlers.ask, checkin_handlers.scale),
    "checkin_day": (checkin_handlers.ask, checkin_handlers.day),
    "checkin_yesno": (checkin_handlers.ask, checkin_handlers.yes_no),
}


flow_engine.handle_kinds(KINDS)


async def respond(turn: Turn) -> object:
    """Read the participant's text or button by the kind of state they are in. What a handler hands
    back as no answer is replied to here (a confirmation's handler says whether it was answered)."""
    step = step_of(turn.participant)
    result = await KINDS[step.kind][1](turn, step)
    if isinstance(result, OffScript):
        await off_script.reply(turn, result.kind, result.text, result.asked)
        return True
    return result
