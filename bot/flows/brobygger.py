"""The brobygger flow as data: consent, then talent, dream, goal, plan and network, then the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.i18n import N_

NAME = "brobygger"
STEPS = ("talent", "dream", "goal", "plan", "network")
STEP_NAMES = {
    "talent": N_("step.talent"),
    "dream": N_("step.dream"),
    "goal": N_("step.goal"),
    "plan": N_("step.plan"),
    "network": N_("step.network"),
}


@dataclass(frozen=True)
class Question:
    """One question of a step: what is asked, how it can be answered, what helps when stuck."""

    name: str
    step: str
    prompt: str
    hint: str  # an example or an easier question, for "vet ikke"
    label: str  # short name in the plan and on the change buttons
    kind: str = "text"  # "text", "scale" (0-10), "when" (a day), "yesno"
    ack: str | None = None  # a short reflection after the answer, given {answer}


QUESTIONS: tuple[Question, ...] = (
    Question(
        "talent",
        "talent",
        N_("q.talent"),
        N_("q.talent.hint"),
        N_("q.talent.label"),
        ack=N_("q.talent.ack"),
    ),
    Question(
        "talent_others",
        "talent",
        N_("q.talent_others"),
        N_("q.talent_others.hint"),
        N_("q.talent_others.label"),
    ),
    Question(
        "dream",
        "dream",
        N_("q.dream"),
        N_("q.dream.hint"),
        N_("q.dream.label"),
        ack=N_("q.dream.ack"),
    ),
    Question(
        "dream_exception",
        "dream",
        N_("q.dream_exception"),
        N_("q.dream_exception.hint"),
        N_("q.dream_exception.label"),
    ),
    Question("goal", "goal", N_("q.goal"), N_("q.goal.hint"), N_("q.goal.label")),
    Question(
        "goal_scale",
        "goal",
        N_("q.goal_scale"),
        N_("q.goal_scale.hint"),
        N_("q.goal_scale.label"),
        kind="scale",
    ),
    Question(
        "goal_step_up",
        "goal",
        N_("q.goal_step_up"),
        N_("q.goal_step_up.hint"),
        N_("q.goal_step_up.label"),
    ),
    Question("plan", "plan", N_("q.plan"), N_("q.plan.hint"), N_("q.plan.label"), ack=N_("q.plan.ack")),
    Question(
        "plan_when",
        "plan",
        N_("q.plan_when"),
        N_("q.plan_when.hint"),
        N_("q.plan_when.label"),
        kind="when",
    ),
    Question("network", "network", N_("q.network"), N_("q.network.hint"), N_("q.network.label")),
    Question(
        "network_contact",
        "network",
        N_("q.network_contact"),
        N_("q.network_contact.hint"),
        N_("q.network_contact.label"),
        kind="yesno",
    ),
)
QUESTION_BY_NAME = {q.name: q for q in QUESTIONS}

# Buttons are (label message id, data); data stays short, well under Telegram's 64 bytes.
CONSENT_BUTTONS = (
    (N_("button.consent_yes"), "consent:yes"),
    (N_("button.consent_no"), "consent:no"),
    (N_("button.consent_more"), "consent:more"),
)
WHEN_BUTTONS = (
    (N_("when.today"), "when:today"),
    (N_("when.tomorrow"), "when:tomorrow"),
    (N_("when.this_week"), "when:this_week"),
    (N_("when.next_week"), "when:next_week"),
)
YES_NO_BUTTONS = ((N_("button.yes"), "yes"), (N_("button.no"), "no"))
SUMMARY_BUTTONS = (
    (N_("button.change"), "summary:change"),
    (N_("button.human"), "summary:human"),
    (N_("button.finish"), "summary:finish"),
)
FINISHED_BUTTONS = ((N_("button.show_plan"), "finished:plan"),)
KEEP_BUTTON = (N_("button.keep"), "keep")

NON_QUESTION_STATES = ("start", "consent", "declined", "summary", "change_menu", "finished")
STATES = [*NON_QUESTION_STATES[:3], *(q.name for q in QUESTIONS), *NON_QUESTION_STATES[3:]]
INITIAL = "start"


def _question_transitions() -> list[dict[str, Any]]:
    """answer/back along the questions; while changing one answer, both lead back to the plan."""
    names = [q.name for q in QUESTIONS]
    transitions: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        following = names[index + 1] if index + 1 < len(names) else "summary"
        transitions.append({"trigger": "answer", "source": name, "dest": "summary", "conditions": "editing"})
        transitions.append({"trigger": "answer", "source": name, "dest": following})
        transitions.append({"trigger": "back", "source": name, "dest": "summary", "conditions": "editing"})
        if index > 0:
            transitions.append({"trigger": "back", "source": name, "dest": names[index - 1]})
        if QUESTION_BY_NAME[name].kind != "yesno":
            transitions.append({"trigger": f"change_{name}", "source": "change_menu", "dest": name})
    return transitions


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "begin", "source": ["start", "declined", "consent"], "dest": "consent"},
    {"trigger": "agree", "source": "consent", "dest": QUESTIONS[0].name},
    {"trigger": "decline", "source": "consent", "dest": "declined"},
    *_question_transitions(),
    {"trigger": "back", "source": "summary", "dest": QUESTIONS[-1].name},
    {"trigger": "change", "source": "summary", "dest": "change_menu"},
    {"trigger": "back", "source": "change_menu", "dest": "summary"},
    {"trigger": "finish", "source": "summary", "dest": "finished"},
    {"trigger": "back", "source": "finished", "dest": "summary"},
    {"trigger": "reopen", "source": "finished", "dest": "summary"},
    {
        "trigger": "restart",
        "source": [*(q.name for q in QUESTIONS), "summary", "change_menu", "finished"],
        "dest": QUESTIONS[0].name,
    },
]
