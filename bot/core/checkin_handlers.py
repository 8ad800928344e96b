"""The check-in, run by step kind from the flow in bot/flows/checkin.py: each state's input is
read by its kind (choice, text, scale, day, yes/no), stored where the step says (through
answering.store_answer, which scrubs, like every answer), and moved on."""

from __future__ import annotations

from bot.core import answering, followup, prompts
from bot.core.dates import format_day, local_today
from bot.core.envelopes import Button
from bot.core.flow_engine import Question, Step
from bot.core.handoff import open_case
from bot.core.i18n import N_
from bot.core.phrases import (
    has_words,
    is_dont_know,
    is_no,
    is_yes,
    mentions_death_or_despair,
    reads_negative,
    yes_or_no_in_any_language,
)
from bot.core.plan import shorten
from bot.core.text_norm import words_only
from bot.core.turn import Turn
from bot.flows.brobygger import QUESTION_BY_NAME, WHEN_BUTTONS, YES_NO_BUTTONS

QUOTE_LENGTH = 120
# Plain words for the choices of "how did it go?" (their own words are welcome; these are read).
HOW_WORDS = {
    "stop": (
        "ingen flere",
        "ikke minn meg",
        "ikke mas",
        "slutt a minne",
        "stopp paminnelser",
        "stop reminding",
    ),
    "not_yet": (
        "ikke enna",
        "ikkje enno",
        "ble ikke",
        "rakk ikke",
        "nei",
        "not yet",
        "didnt",
        "no",
    ),
    "partly": ("delvis", "litt", "halvveis", "nesten", "partly", "a bit"),
    "did": ("gjorde det", "klarte", "fikk det til", "ja", "jepp", "did it", "done", "yes"),
}
# The questions of the brobygger flow whose answers a check-in asks again (their history is kept).
SCALE, STEP, WHEN = QUESTION_BY_NAME["goal_scale"], QUESTION_BY_NAME["plan"], QUESTION_BY_NAME["plan_when"]


# Parts of words for "what would make it easier": a smaller step wins over another day.
EASIER_STEMS = {
    "smaller": ("mindre", "smaller"),
    "other_day": ("dag", "day", "uke", "week", "senere", "later"),
}
NOT_WORDS = ("ikke", "ikkje", "itte", "not", "didnt", "never", "aldri")


def _choice_in_words(text: str) -> str | None:
    folded = f" {words_only(text)} "
    if any(f" {words_only(phrase)} " in folded for phrase in HOW_WORDS["stop"]):
        return "stop"
    if any(f" {word} " in folded for word in NOT_WORDS):
        return "not_yet"  # "klarte ikke", "jeg gjorde det ikke": not a success
    for choice, phrases in HOW_WORDS.items():
        if any(f" {words_only(phrase)} " in folded for phrase in phrases):
            return choice
    return None


def _label_typed(turn: Turn, step: Step) -> str | None:
    said = words_only(_said(turn))
    return next(
        (data.split(":", 1)[1] for label, data in step.buttons if words_only(turn.t(label)) == said), None
    )


def _yes_or_no_as_how(turn: Turn) -> str | None:
    """ "так", "tak", "yes" to "how did it go?": done; a no: not yet. In the participant's language."""
    said = yes_or_no_in_any_language(_said(turn), turn.participant.locale)
    return {"yes": "did", "no": "not_yet"}.get(said or "")


async def ask(turn: Turn, step: Step) -> None:
    """Ask what a check-in state asks, by its kind."""
    answers = await turn.answers()
    plan = answers.get("plan")
    quoted = shorten(plan.text, QUOTE_LENGTH) if plan else ""
    assert step.prompt is not None
    if step.kind == "checkin_choice":
        turn.say(step.prompt, turn.buttons(step.buttons, per_row=2), step=quoted)
    elif step.kind == "checkin_scale":
        earlier = answers.get("goal_scale")
        numbers = [Button(str(n), f"scale:{n}") for n in range(11)]
        if earlier is not None and earlier.value:
            turn.say(N_("checkin.scale_since"), [numbers[:6], numbers[6:]], number=earlier.value)
        else:
            turn.say(step.prompt, [numbers[:6], numbers[6:]])
    elif step.kind == "checkin_day":
        turn.say(step.prompt, turn.buttons(WHEN_BUTTONS, per_row=2))
    elif step.kind == "checkin_yesno":
        turn.say(step.prompt, turn.buttons(YES_NO_BUTTONS, per_row=2))
    else:
        turn.say(step.prompt, step=quoted)


def _go(turn: Turn, trigger: str) -> None:
    moved = answering.move(turn, trigger)
    assert moved, (turn.participant.state, trigger)


async def _answered(turn: Turn) -> None:
    """Any answer to the follow-up means the nudge is not needed."""
    await turn.uow.timers.cancel(followup.NUDGE, participant_id=turn.participant.id)


def _pressed(turn: Turn) -> str | None:
    return answering._button(turn)


def _said(turn: Turn) -> str:
    return answering._text(turn).strip()  # a check-in takes text and buttons only (route says so)


def _read(turn: Turn, asked: Question) -> tuple[str, str | None]:
    """(their words, the value) of a scale or a day, from a button or from what they wrote."""
    pressed = _pressed(turn)
    read = answering._read_button(turn, asked, pressed) if pressed else None
    return read if read else (_said(turn), answering._read_text(turn, asked, _said(turn)))


async def choice(turn: Turn, step: Step) -> None:
    """A choice of buttons ("how did it go?", "what would make it easier?"), or words that mean one."""
    await _answered(turn)
    participant = turn.participant
    pressed = _pressed(turn)
    options = [data.split(":", 1)[1] for _, data in step.buttons]
    if pressed is not None:
        choice = pressed.split(":", 1)[1] if pressed.startswith("checkin:") else None
    elif (label := _label_typed(turn, step)) is not None:
        choice = label  # a button's label typed, in the participant's language
    elif "did" in options:
        choice = _choice_in_words(_said(turn)) or _yes_or_no_as_how(turn)
    else:
        folded = words_only(_said(turn))
        choice = next((c for c, stems in EASIER_STEMS.items() if any(x in folded for x in stems)), None)
    if choice not in options:
        turn.say(N_("checkin.pick"))
        await prompts.ask(turn)
        return
    turn.event("checkin", choice=choice)
    if choice == "stop":
        await followup.stop(turn, "off")
        _go(turn, "stop")
        turn.say(N_("checkin.stopped"))
        return
    if choice in ("did", "partly"):
        participant.checkin_misses = 0
        _go(turn, choice)
        turn.say(N_("checkin.glad") if choice == "did" else N_("checkin.glad_partly"))
    elif choice == "not_yet":
        participant.checkin_misses += 1
        if participant.checkin_misses >= 2:
            _go(turn, "not_yet_again")
        else:
            _go(turn, "not_yet")
            turn.say(N_("checkin.no_blame"))
    else:
        _go(turn, choice)
    await prompts.ask(turn)


async def text(turn: Turn, step: Step) -> None:
    """Their own words: what went well (named back as a compliment), or the next small step."""
    await _answered(turn)
    said = _said(turn)
    if not has_words(said):
        turn.say(N_("answer.no_words"))
        await prompts.ask(turn)
        return
    if is_dont_know(said) and step.hint is not None:
        turn.say(step.hint)
        return
    if step.answer == "plan":
        await answering.save_answer(turn, STEP, said, None)
    else:
        assert step.answer is not None
        kept = await answering.store_answer(turn, step.answer, said, None)
        if mentions_death_or_despair(kept) or reads_negative(kept):
            turn.say(N_("checkin.thanks_for_telling"))  # no praise under "ingenting gikk bra"
        else:
            # The compliment names what they did, in their own words (as kept: scrubbed).
            turn.say(N_("checkin.compliment"), answer=shorten(kept, QUOTE_LENGTH))
    _go(turn, "answer")
    await prompts.ask(turn)


async def scale(turn: Turn, step: Step) -> None:
    """The scale again, compared with the last time ("fra 4 til 6")."""
    await _answered(turn)
    earlier = (await turn.answers()).get("goal_scale")
    said_before = earlier.value if earlier is not None else None
    before = int(said_before) if said_before and said_before.isdigit() else None
    said, value = _read(turn, SCALE)
    if not value:
        turn.say(N_("checkin.scale_number"))
        await prompts.ask(turn)
        return
    await answering.save_answer(turn, SCALE, said, value)
    now = int(value or 0)
    if before is not None and now > before:
        turn.say(N_("checkin.scale_up"), before=before, now=now)
    elif before is not None and now < before:
        turn.say(N_("checkin.scale_down"), before=before, now=now)
    elif before is not None:
        turn.say(N_("checkin.scale_same"), now=now)
    _go(turn, "answer")
    await prompts.ask(turn)


async def day(turn: Turn, step: Step) -> None:
    """The day of the next step: the follow-up is set for it, and the check-in ends."""
    await _answered(turn)
    said, value = _read(turn, WHEN)
    if not value:
        turn.say(N_("checkin.day_unclear"))
        await prompts.ask(turn)
        return
    await answering.save_answer(turn, WHEN, said, value)  # sets the next follow-up
    _go(turn, "answer")
    # The day the bot will write, said as it is (a week chosen means a day in it).
    written = followup.due_at(value, turn.now, turn.followup_hour)
    turn.say(N_("checkin.done"), when=format_day(local_today(written), turn.participant.locale))


async def yes_no(turn: Turn, step: Step) -> None:
    """After two misses in a row: a bridge-builder, yes or no."""
    await _answered(turn)
    pressed = _pressed(turn)
    said = _said(turn)
    yes = pressed == "yes" or (pressed is None and is_yes(said, turn.participant.locale))
    no = pressed == "no" or (pressed is None and is_no(said, turn.participant.locale))
    if not (yes or no):
        turn.say(N_("answer.yes_or_no"))
        await prompts.ask(turn)
        return
    turn.participant.checkin_misses = 0
    if yes:
        _go(turn, "yes")
        await open_case(turn, "checkin")
        turn.say(N_("handoff.opened"))
        return
    _go(turn, "no")
    await prompts.ask(turn)
