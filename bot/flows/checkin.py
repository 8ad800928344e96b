"""The check-in flow as data: on the planned day the bot asks how the step went, then, solution
focused (what went well, the scale again, the next small step, when) or without blame (what would
make it easier), round the cycle again. States, their step kinds and the moves, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import N_

NAME = "checkin"


@dataclass(frozen=True)
class Step:
    """One state of the check-in: what kind of input it takes and what it asks."""

    name: str
    kind: str  # "choice" (buttons, or words that mean one), "text", "scale", "day", "yesno"
    prompt: str
    answer: str | None = None  # the answer it stores (the plan's own questions keep their history)
    hint: str | None = None  # an example, for "vet ikke"


STEPS: tuple[Step, ...] = (
    Step("checkin_how", "choice", N_("checkin.how")),
    Step("checkin_well", "text", N_("checkin.well"), answer="checkin_well", hint=N_("checkin.well.hint")),
    Step("checkin_scale", "scale", N_("checkin.scale"), answer="goal_scale"),
    Step("checkin_easier", "choice", N_("checkin.easier")),
    Step("checkin_offer", "yesno", N_("checkin.offer")),
    Step("checkin_next", "text", N_("checkin.next"), answer="plan", hint=N_("checkin.next.hint")),
    Step("checkin_when", "day", N_("checkin.when"), answer="plan_when"),
)
STEP_BY_NAME = {step.name: step for step in STEPS}
DONE = "finished"  # where a check-in ends: the brobygger flow's last state, plan in hand

# (state, trigger) -> next state. The triggers of a "choice" are its buttons' data after the colon.
MOVES: dict[tuple[str, str], str] = {
    ("checkin_how", "did"): "checkin_well",
    ("checkin_how", "partly"): "checkin_well",
    ("checkin_how", "not_yet"): "checkin_easier",
    ("checkin_how", "not_yet_again"): "checkin_offer",
    ("checkin_how", "stop"): DONE,
    ("checkin_well", "answer"): "checkin_scale",
    ("checkin_scale", "answer"): "checkin_next",
    ("checkin_easier", "smaller"): "checkin_next",
    ("checkin_easier", "other_day"): "checkin_when",
    ("checkin_offer", "yes"): DONE,
    ("checkin_offer", "no"): "checkin_easier",
    ("checkin_next", "answer"): "checkin_when",
    ("checkin_when", "answer"): DONE,
}

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
CHOICE_BUTTONS = {"checkin_how": HOW_BUTTONS, "checkin_easier": EASIER_BUTTONS}


def owns(state: str) -> bool:
    return state in STEP_BY_NAME


def move(state: str, trigger: str) -> str | None:
    return MOVES.get((state, trigger))


def mermaid() -> str:
    """The check-in drawn as a Mermaid state diagram, from MOVES."""
    lines = ["stateDiagram-v2", f"    [*] --> {STEPS[0].name}: the planned day"]
    lines += [f"    {source} --> {dest}: {trigger}" for (source, trigger), dest in MOVES.items()]
    return "\n".join(lines) + "\n"
