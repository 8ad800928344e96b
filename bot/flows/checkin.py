"""The check-in flow: on the planned day the bot asks how the step went, then, solution focused
(what went well, the scale again, the next small step, when) or without blame (what would make it
easier), round the cycle again. Its states with their step kinds and the moves, in one place."""

from __future__ import annotations

from typing import Any

from bot.core.flow_engine import Flow, Step, confirmations
from bot.core.i18n import N_

NAME = "checkin"
EXIT = "finished"  # where a check-in ends: back in the brobygger flow's last state, plan in hand

HOW_BUTTONS = (
    (N_("checkin.button.did"), "checkin:did"),
    (N_("checkin.button.partly"), "checkin:partly"),
    (N_("checkin.button.not_yet"), "checkin:not_yet"),
    (N_("checkin.button.stop"), "checkin:stop"),
)
EASIER_BUTTONS = (
    (N_("checkin.button.smaller"), "checkin:smaller"),
    (N_("checkin.button.other_day"), "checkin:other_day"),
)

WHERE = N_("where.checkin")
# The check-in's own answers by name, as /mine_data shows them (the rest are the plan's).
LABELS = {"checkin_well": N_("checkin.label.well")}
_STEPS: list[Step] = [
    Step("checkin_how", "checkin_choice", WHERE, prompt=N_("checkin.how"), buttons=HOW_BUTTONS),
    Step(
        "checkin_well",
        "checkin_text",
        WHERE,
        prompt=N_("checkin.well"),
        answer="checkin_well",
        hint=N_("checkin.well.hint"),
    ),
    Step("checkin_scale", "checkin_scale", WHERE, prompt=N_("checkin.scale"), answer="goal_scale"),
    Step("checkin_easier", "checkin_choice", WHERE, prompt=N_("checkin.easier"), buttons=EASIER_BUTTONS),
    Step("checkin_offer", "checkin_yesno", WHERE, prompt=N_("checkin.offer")),
    Step(
        "checkin_next",
        "checkin_text",
        WHERE,
        prompt=N_("checkin.next"),
        answer="plan",
        hint=N_("checkin.next.hint"),
    ),
    Step("checkin_when", "checkin_day", WHERE, prompt=N_("checkin.when"), answer="plan_when"),
    Step(EXIT, "exit"),
]
_IN_CHECKIN = [step.name for step in _STEPS if step.kind != "exit"]
_CONFIRM_STEPS, _CONFIRM_MOVES = confirmations(_IN_CHECKIN, _IN_CHECKIN)
STEPS: tuple[Step, ...] = (*_STEPS, *_CONFIRM_STEPS)

# (state, trigger) -> next state. The triggers of a choice are its buttons' data after the colon.
MOVES: dict[tuple[str, str], str] = {
    ("checkin_how", "did"): "checkin_well",
    ("checkin_how", "partly"): "checkin_well",
    ("checkin_how", "not_yet"): "checkin_easier",
    ("checkin_how", "not_yet_again"): "checkin_offer",
    ("checkin_how", "stop"): EXIT,
    ("checkin_well", "answer"): "checkin_scale",
    ("checkin_scale", "answer"): "checkin_next",
    ("checkin_easier", "smaller"): "checkin_next",
    ("checkin_easier", "other_day"): "checkin_when",
    ("checkin_offer", "yes"): EXIT,
    ("checkin_offer", "no"): "checkin_easier",
    ("checkin_next", "answer"): "checkin_when",
    ("checkin_when", "answer"): EXIT,
    # /pause or /paaminnelser during a check-in ends it.
    **{(state, "leave"): EXIT for state in _IN_CHECKIN},
}
TRANSITIONS: list[dict[str, Any]] = [
    *({"trigger": trigger, "source": source, "dest": dest} for (source, trigger), dest in MOVES.items()),
    *_CONFIRM_MOVES,
]

FLOW = Flow(NAME, "Check-in", STEPS, TRANSITIONS, "checkin_how", exit=("brobygger", "finished"))
