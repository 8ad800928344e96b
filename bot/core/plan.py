"""What the participant sees of their own words: the plan ("Min plan") and everything stored."""

from __future__ import annotations

from datetime import date

from bot.core import flow_engine
from bot.core.dates import When, format_when
from bot.core.i18n import N_, Text, Translator
from bot.core.turn import Turn
from bot.flows.brobygger import QUESTIONS, STEP_NAMES, STEPS
from storage.models import Answer

SKIPPED = "skipped"


def shorten(text: str, limit: int) -> str:
    """The text cut to at most limit characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_value(answer: Answer, locale: str) -> str | None:
    """A stored reading of the answer worth showing beside it (a formatted day)."""
    value = answer.value
    if not value or value == SKIPPED:
        return None
    if "-W" in value:
        year, week = value.split("-W")
        return format_when(When(week_of=date.fromisocalendar(int(year), int(week), 1)), locale)
    if len(value) == 10 and value[4] == "-":
        return format_when(When(day=date.fromisoformat(value)), locale)
    return None


def answer_text(turn: Turn, answer: Answer | None, t: Translator | None = None) -> str:
    """The participant's own words, quoted, with a formatted day where there is one; in the
    participant's language, or in `t`'s (the coordinators', on a card)."""
    t = t or turn.t
    if answer is None:
        return t("plan.unanswered")
    if answer.value == SKIPPED:
        return t("plan.skipped")
    described = describe_value(answer, t.locale)
    if described and described.lower() != answer.text.lower():
        return t("plan.answer_with_day", answer=answer.text, day=described)
    return t("plan.answer", answer=answer.text)


def step_progress(turn: Turn, step: str, t: Translator | None = None) -> str:
    number = STEPS.index(step) + 1
    return (t or turn.t)(N_("progress"), number=number, total=len(STEPS), step=Text(STEP_NAMES[step]))


async def plan_text(turn: Turn) -> str:
    """ "Min plan": each step with the participant's answers in their own words."""
    answers = await turn.answers()
    lines = [turn.t("plan.title")]
    for step in STEPS:
        lines.append("")
        lines.append(turn.t("plan.step", step=Text(STEP_NAMES[step])))
        for question in QUESTIONS:
            if question.step == step:
                lines.append(
                    turn.t(
                        "plan.line",
                        label=Text(question.label),
                        answer=answer_text(turn, answers.get(question.name)),
                    )
                )
    moved = await progress(turn)
    if moved is not None:
        lines += ["", turn.t("plan.progress_title"), turn.t("plan.progress", scale=moved[0], done=moved[1])]
    return "\n".join(lines)


async def progress(turn: Turn) -> tuple[str, int] | None:
    """Since the plan was made: the scale over time ("4 → 6") and how many steps were done (all or
    in part), from the answers' history; None before the first check-in."""
    history = await turn.uow.answers.history(turn.participant.id)
    scale = [a.value for a in history if a.question == "goal_scale" and a.value and a.value.isdigit()]
    done = sum(1 for a in history if a.question == "checkin_well")
    if done == 0 and len(scale) <= 1:
        return None
    return " → ".join(scale) or "–", done


def where_text(turn: Turn, t: Translator | None = None) -> str:
    """Where the participant is, in words ("Steg 2 av 5: Drøm", "Planen din"); at a confirmation
    or an offer, where they were."""
    participant = turn.participant
    current = flow_engine.flow_of(participant)
    step = current.step(participant.state)
    if step.kind in flow_engine.WAITING_KINDS and participant.return_to:
        step = current.step(participant.return_to)
    if step.question is not None:
        return step_progress(turn, step.question.step, t)
    return (t or turn.t)(step.where or N_("where.start"))
