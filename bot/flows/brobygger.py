"""The brobygger flow: consent, then talent, dream, goal, plan and network, then the plan; its
states with their step kinds and the transitions between them, in one place."""

from __future__ import annotations

from typing import Any

from bot.core.flow_engine import CONFIRM_RESTART, Flow, Question, Step, confirmations
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
        yes_no_answers=True,
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

INITIAL = "start"
PARTNERS = "network_partners"
OFFER_HUMAN = "offer_human"  # after a second "vet ikke" in a step: a bridge-builder, or skip it
OFFER_BUTTONS = (
    (N_("button.offer_yes"), "offer:yes"),
    (N_("button.offer_no"), "offer:no"),
    (N_("button.offer_skip"), "offer:skip"),
)

# The states in order, each with its step kind: the kind names the handler that asks it and reads
# what the participant answers (bot/core/steps.py).
_STEPS: list[Step] = [
    Step("start", "start", where=N_("where.start"), buttons=CONSENT_BUTTONS),
    Step("consent", "consent", where=N_("where.consent"), buttons=CONSENT_BUTTONS),
    Step("declined", "declined", where=N_("where.declined")),
    *(Step(q.name, "question", question=q) for q in QUESTIONS),
    # After "who can help you?": the organisation's partners that fit, when any do.
    Step(PARTNERS, "partners", where=N_("where.partners")),
    Step(OFFER_HUMAN, "offer", prompt=N_("offer.human"), buttons=OFFER_BUTTONS),
    Step("summary", "summary", where=N_("where.summary"), buttons=SUMMARY_BUTTONS),
    Step("change_menu", "menu", where=N_("where.summary"), prompt=N_("change.which")),
    Step("finished", "done", where=N_("where.finished"), buttons=FINISHED_BUTTONS),
]
# /slett asks wherever they are; /start asks only once there is something to start over.
_CONFIRM_STEPS, _CONFIRM_MOVES = confirmations(
    (step.name for step in _STEPS),
    (step.name for step in _STEPS if step.kind not in ("start", "consent", "declined")),
)
STEPS_OF_FLOW: tuple[Step, ...] = (*_STEPS, *_CONFIRM_STEPS)
STATES = [step.name for step in STEPS_OF_FLOW]


def _question_transitions() -> list[dict[str, Any]]:
    """answer/back along the questions; while changing one answer, both lead back to the plan."""
    names = [q.name for q in QUESTIONS]
    transitions: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        following = names[index + 1] if index + 1 < len(names) else "summary"
        if name == "network":
            following = PARTNERS  # the partners that fit come before the offer of contact
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
    {"trigger": "stuck", "source": [q.name for q in QUESTIONS], "dest": OFFER_HUMAN},
    {"trigger": "answer", "source": PARTNERS, "dest": "network_contact"},
    {"trigger": "introduce", "source": PARTNERS, "dest": "summary"},
    {"trigger": "back", "source": PARTNERS, "dest": "network"},
    {"trigger": "back", "source": "summary", "dest": QUESTIONS[-1].name},
    {"trigger": "change", "source": "summary", "dest": "change_menu"},
    {"trigger": "back", "source": "change_menu", "dest": "summary"},
    {"trigger": "finish", "source": "summary", "dest": "finished"},
    {"trigger": "back", "source": "finished", "dest": "summary"},
    {"trigger": "reopen", "source": "finished", "dest": "summary"},
    *_CONFIRM_MOVES,
    {"trigger": "restart", "source": CONFIRM_RESTART, "dest": QUESTIONS[0].name},
]

FLOW = Flow(NAME, "Brobygger", STEPS_OF_FLOW, TRANSITIONS, INITIAL)
