"""Asking the participant where they are: the current question, the consent, the plan, the menu."""

from __future__ import annotations

from bot.core import flow_engine
from bot.core.envelopes import Button
from bot.core.flow_engine import Question, Step
from bot.core.i18n import N_
from bot.core.plan import answer_text, plan_text, step_progress
from bot.core.turn import Turn
from bot.flows.brobygger import KEEP_BUTTON, QUESTIONS, WHEN_BUTTONS, YES_NO_BUTTONS


def confirm_data(step: Step) -> str:
    """The yes button's data of a confirmation, its own ("confirm:delete"), so that the yes of an
    older "start over?" pressed later cannot delete everything."""
    return f"confirm:{step.name.removeprefix('confirm_')}"


async def ask(turn: Turn) -> None:
    """Send the question or choice the participant is at now."""
    turn.participant.asked_at = turn.now
    # Asked anew, the question supersedes "Er dette svaret ditt?": a "ja" now answers the question,
    # not that (the text held for it is dropped, as a "nei" would).
    turn.participant.unsure_answer = None
    step = flow_engine.step_of(turn.participant)
    await flow_engine.handlers(step.kind)[0](turn, step)


async def ask_consent(turn: Turn, step: Step) -> None:
    turn.say(N_("consent.question"), turn.buttons(step.buttons))


async def ask_declined(turn: Turn, step: Step) -> None:
    turn.say(N_("consent.declined_reminder"))


async def ask_summary(turn: Turn, step: Step) -> None:
    turn.say_text(await plan_text(turn), turn.buttons(step.buttons))


async def ask_menu(turn: Turn, step: Step) -> None:
    specs = [(q.label, f"change:{q.name}") for q in QUESTIONS if q.kind != "yesno"]
    assert step.prompt is not None
    turn.say(step.prompt, turn.buttons(specs, per_row=2))


async def ask_done(turn: Turn, step: Step) -> None:
    turn.say(N_("finished.again"), turn.buttons(step.buttons))


async def ask_offer(turn: Turn, step: Step) -> None:
    assert step.prompt is not None
    turn.say(step.prompt, turn.buttons(step.buttons))


async def ask_confirm(turn: Turn, step: Step) -> None:
    assert step.prompt is not None
    buttons = ((N_("button.yes"), confirm_data(step)), (N_("button.no"), "confirm:no"))
    turn.say(step.prompt, turn.buttons(buttons, per_row=2))


async def ask_question(turn: Turn, step: Step) -> None:
    """The question with its progress marker, buttons, and the earlier answer if there is one."""
    asked = step.question
    assert asked is not None
    answers = await turn.answers()
    earlier = answers.get(asked.name)
    parts = [step_progress(turn, asked.step), "", await _question_text(turn, asked)]
    if earlier is not None:
        parts += ["", turn.t("question.earlier", answer=answer_text(turn, earlier))]
    buttons = _question_buttons(turn, asked)
    if earlier is not None:
        buttons.append([Button(turn.t(KEEP_BUTTON[0]), KEEP_BUTTON[1])])
    turn.say_text("\n".join(parts), buttons)


async def _question_text(turn: Turn, asked: Question) -> str:
    if asked.name != "goal_step_up":
        return turn.t(asked.prompt)
    # One step up the scale is asked from where the participant put themselves.
    scale = (await turn.answers()).get("goal_scale")
    value = int(scale.value) if scale is not None and scale.value and scale.value.isdigit() else None
    if value is None:
        return turn.t("q.goal_step_up.no_number")
    if value >= 10:
        return turn.t("q.goal_step_up.top")
    return turn.t(asked.prompt, number=value, next=value + 1)


def _question_buttons(turn: Turn, asked: Question) -> list[list[Button]]:
    if asked.kind == "scale":
        numbers = [Button(str(n), f"scale:{n}") for n in range(11)]
        return [numbers[:6], numbers[6:]]
    if asked.kind == "when":
        return turn.buttons(WHEN_BUTTONS, per_row=2)
    if asked.kind == "yesno":
        return turn.buttons(YES_NO_BUTTONS, per_row=2)
    return []
