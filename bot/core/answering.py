"""Answers in the flow: consent, the step questions, "vet ikke", the plan and its buttons."""

from __future__ import annotations

from datetime import timedelta

from bot.core import flow_engine, followup, languages
from bot.core.dates import When, local_today, parse_when, week_start
from bot.core.flow_engine import Question, Step
from bot.core.handoff import open_case, request_human
from bot.core.i18n import N_
from bot.core.labels import SCRUBBED
from bot.core.phrases import (
    asks_for_human,
    has_words,
    is_dont_know,
    is_no,
    is_yes,
    mentions_death_or_despair,
    reads_negative,
    scale_reading,
    summary_word,
    vague_when,
    yes_or_no_in_any_language,
)
from bot.core.plan import SKIPPED, shorten
from bot.core.prompts import ask
from bot.core.reading.kinds import OffScript
from bot.core.safety import scrub
from bot.core.text_norm import words_only
from bot.core.turn import Turn
from bot.core.understanding import ANSWER, THANKS, kind_of
from bot.flows.brobygger import QUESTION_BY_NAME, STEP_NAMES, WHEN_BUTTONS

MAX_ANSWER_LENGTH = 1500
ACK_QUOTE_LENGTH = 80
# The acknowledgements a question's answer gets, in turn; the first quotes the answer.
ACKS = {
    "talent": (N_("q.talent.ack"), N_("q.talent.ack.2"), N_("q.talent.ack.3")),
    "dream": (N_("q.dream.ack"), N_("q.dream.ack.2")),
    "plan": (N_("q.plan.ack"), N_("q.plan.ack.2")),
}
WHEN_LABELS = dict((data, label) for label, data in WHEN_BUTTONS)


async def answer_start(turn: Turn, step: Step) -> OffScript | None:
    """A first message: the welcome and the consent question, or a consent button pressed on a
    question shown before any welcome (after /hjelp first, say)."""
    if (_button(turn) or "").startswith("consent:"):
        move(turn, "begin")
        return await answer_consent(turn, step)
    await begin(turn)
    return None


async def answer_declined(turn: Turn, step: Step) -> None:
    """After a no to consent: a yes now ("tak, jednak tak") is a change of mind, met with the
    consent question again (consent is given to the question, never to a reminder of it)."""
    if _button(turn) is None and yes_or_no_in_any_language(_text(turn), turn.participant.locale) == "yes":
        move(turn, "begin")
    await ask(turn)


async def begin(turn: Turn) -> None:
    """Welcome, then the consent question."""
    move(turn, "begin")
    turn.say(N_("welcome"))
    await ask(turn)
    languages.at_first_contact(turn)  # last: its buttons are the newest (a terminal's numbers)


def move(turn: Turn, trigger: str) -> bool:
    """Fire a trigger on the participant's flow and keep their new state."""
    participant = turn.participant
    if not flow_engine.move(participant, trigger):
        return False
    participant.updated_at = turn.now  # with the state, so both go in one UPDATE
    if flow_engine.step_of(participant).kind not in ("question", *flow_engine.WAITING_KINDS):
        participant.editing = False  # changing one answer ends with the question
    return True


def _button(turn: Turn) -> str | None:
    return turn.inbound.button if turn.inbound and turn.inbound.kind == "button" else None


def _text(turn: Turn) -> str:
    return (turn.inbound.text or "") if turn.inbound else ""


async def stale_button(turn: Turn) -> None:
    turn.say(N_("button.stale"))
    await ask(turn)


async def answer_consent(turn: Turn, step: Step) -> OffScript | None:
    button, text = _button(turn), _text(turn)
    if button is None and text.strip():
        # "ja men hvem får se det?" is a question first; "jeg forstå ikke" is no refusal.
        kind = (await turn.reading_of(text, "consent")).kind
        if kind != ANSWER:
            return OffScript(kind, text, None)
    said = yes_or_no_in_any_language(text, turn.participant.locale) if button is None else None
    if button == "consent:yes" or said == "yes":
        participant = turn.participant
        participant.consented_at = turn.now
        if turn.inbound and turn.inbound.first_name:
            participant.first_name = turn.inbound.first_name[:64]
        move(turn, "agree")
        turn.event("consent_given", first=not await turn.uow.events.happened(participant.id, "consent_given"))
        turn.say(N_("consent.thanks"))
        await ask(turn)
    elif button == "consent:no" or said == "no":
        move(turn, "decline")
        turn.event("consent_declined")
        turn.say(N_("consent.declined"))
    elif button == "consent:more":
        turn.say(N_("consent.more"))
        await ask(turn)
    elif button is not None:
        await stale_button(turn)
    else:
        turn.say(N_("consent.unclear"))
        await ask(turn)
    return None


async def answer_question(turn: Turn, step: Step) -> OffScript | None:
    """Store the participant's answer (their own words) and move on; or help when they are stuck."""
    asked = step.question
    assert asked is not None
    button = _button(turn)
    value: str | None = None
    held, turn.participant.unsure_answer = turn.participant.unsure_answer, None
    confirmed = _confirmation(turn, button, held, asked)
    if confirmed == "no":
        turn.say(N_("answer.unsure_not_kept"))
        await ask(turn)
        return None
    if confirmed == "yes":
        assert held is not None
        button, text, value = None, held[1], ""
    elif button is not None:
        answers = await turn.answers()
        if button == "keep" and asked.name in answers:
            await advance(turn)
            return None
        pressed = _read_button(turn, asked, button)
        if pressed is None:
            await stale_button(turn)
            return None
        text, value = pressed
    else:
        text = _text(turn).strip()
        expected = expects(asked)
        if expected != "when" and is_dont_know(text, turn.participant.locale):
            await dont_know(turn, asked)
            return None
        # A bare number is no answer in words ("2" meant for a button that is gone).
        if not has_words(text) or (expected in ("text", "ever") and not any(ch.isalpha() for ch in text)):
            turn.say(N_("answer.no_words"))
            await ask(turn)
            return None
        if len(text) > MAX_ANSWER_LENGTH:
            turn.say(N_("answer.too_long"), limit=MAX_ANSWER_LENGTH, length=len(text))
            await ask(turn)
            return None
        reading = await turn.reading_of(text, expected, asked.name)
        if reading.kind != ANSWER:
            return OffScript(reading.kind, text, asked)  # harmful among them
        value = _read_text(turn, asked, text)
        if value is None:
            await _does_not_fit(turn, asked)
            return None
        if reading.unsure:
            _ask_if_answer(turn, asked, text)
            return None
    turn.participant.asked_again = None
    await save_answer(turn, asked, text, value)
    if asked.kind == "yesno" and value == "yes":
        # The plan waits until the bridge-builder is done; it is shown when the case closes.
        move(turn, "answer")
        await open_case(turn, "network")
        turn.say(N_("handoff.opened_network"))
        return None
    await advance(turn)
    return None


def _ask_if_answer(turn: Turn, asked: Question, text: str) -> None:
    """Where the bot cannot tell an answer from something else: ask, keeping the text (scrubbed,
    encrypted) only until they say yes or no."""
    kept = scrub(text, lambda kind: turn.t(SCRUBBED[kind])).text
    turn.participant.unsure_answer = [asked.name, kept]
    turn.event("answer_unsure", question=asked.name)
    choices = [(N_("button.unsure_yes"), "unsure:yes"), (N_("button.unsure_no"), "unsure:no")]
    buttons = turn.buttons(choices, per_row=2)
    turn.say(N_("answer.unsure"), buttons, answer=shorten(kept, 200), question=turn.t(asked.label))


def _confirmation(turn: Turn, button: str | None, held: list[str] | None, asked: Question) -> str | None:
    """ "yes" or "no" to the question whether the held text is their answer; None otherwise."""
    if held is None or held[0] != asked.name:
        return None
    if button in ("unsure:yes", "unsure:no"):
        return button[7:]
    if button is None:
        return yes_or_no_in_any_language(_text(turn), turn.participant.locale)
    return None


SCALE_VALUES = frozenset(str(value) for value in range(11))


def _read_button(turn: Turn, asked: Question, data: str) -> tuple[str, str | None] | None:
    """The (text, value) a button stands for, or None when it does not belong to this question."""
    # Only the scale's own values: a forged "scale:²" passes isdigit() but is no number int() reads.
    if asked.kind == "scale" and data.startswith("scale:") and data[6:] in SCALE_VALUES:
        return data[6:], data[6:]
    if asked.kind == "when" and data in WHEN_LABELS:
        today = local_today(turn.now)
        days = {"when:today": 0, "when:tomorrow": 1}
        if data in days:
            when = When(day=today + timedelta(days=days[data]))
        else:
            when = When(week_of=week_start(today, 0 if data == "when:this_week" else 1))
        return turn.t(WHEN_LABELS[data]), when.value
    if asked.kind == "yesno" and data in ("yes", "no"):
        return turn.t(N_("button.yes") if data == "yes" else N_("button.no")), data
    return None


def expects(asked: Question) -> str:
    """What the question expects, as understanding reads it (see understanding.EXPECTS)."""
    if asked.kind == "text":
        return "ever" if asked.yes_no_answers else "text"
    return asked.kind


def _read_text(turn: Turn, asked: Question, text: str) -> str | None:
    """The value read from free text; None when the text does not fit the question (a scale
    without a number, a yes/no that is neither, a day without a day the first time)."""
    if asked.kind == "scale":
        number = scale_reading(text, turn.participant.locale)
        return str(number) if number is not None else None
    if asked.kind == "when":
        when = parse_when(text, local_today(turn.now), turn.participant.locale)
        if when is not None:
            return when.value
        locale = turn.participant.locale
        if vague_when(text) or is_dont_know(text, locale) or turn.participant.asked_again == asked.name:
            return ""  # "vet ikke", "snart", or asked once more already: their words as they are
        return None
    if asked.kind == "yesno":
        if asks_for_human(text, turn.participant.locale):
            return "yes"  # "I want to talk to a human", to the offer of one
        return yes_or_no_in_any_language(text, turn.participant.locale)
    return ""


async def _does_not_fit(turn: Turn, asked: Question) -> None:
    """An answer of the wrong kind: the question once more, saying what fits. The second time
    in a row, a way on: the question said another way, and the offer of a person or to skip it."""
    participant = turn.participant
    if asked.kind != "when" and participant.asked_again == asked.name:
        participant.asked_again = None
        turn.event("does_not_fit_twice", question=asked.name)
        turn.say(N_("answer.another_way"))
        turn.say(asked.hint)
        move(turn, "stuck")
        await ask(turn)
        return
    if asked.kind != "when":
        participant.asked_again = asked.name
    if asked.kind == "scale":
        turn.say(N_("answer.scale_number"))
    elif asked.kind == "when":
        turn.participant.asked_again = asked.name  # the next answer is taken as it is
        turn.say(N_("answer.day_unclear"))
    else:
        turn.say(N_("answer.yes_or_no"))
    await ask(turn)


async def save_answer(turn: Turn, asked: Question, text: str, value: str | None) -> None:
    """Store the answer to a question of the plan, count it, and reflect it back."""
    # The statistics count people reaching a step: the first answer to its first question ever,
    # not one given again after /tilbake or a new start.
    first = asked.name in STEP_NAMES and not await turn.uow.answers.ever(turn.participant.id, asked.name)
    kept = await store_answer(turn, asked.name, text, value)
    turn.event("answer", question=asked.name, changed=turn.participant.editing, first=first)
    if asked.name == "plan_when":
        await followup.schedule(turn, value)  # the bot comes back on that day
    if asked.ack and value != SKIPPED:
        _acknowledge(turn, asked, kept)


async def store_answer(turn: Turn, name: str, text: str, value: str | None) -> str:
    """The one way an answer is stored, whichever flow asked: scrubbed of identity numbers and
    contact details first (and the participant told so), as the new current answer to `name`.
    Returns the text as kept, the one to quote back."""
    scrubbed = scrub(text, lambda kind: turn.t(SCRUBBED[kind]))
    if scrubbed.removed:
        turn.say(N_("answer.scrubbed"))
    current = await turn.answers()
    current[name] = turn.uow.answers.save(
        turn.participant, name, scrubbed.text, value or None, turn.now, current.get(name)
    )
    return scrubbed.text


def _acknowledge(turn: Turn, asked: Question, text: str) -> None:
    """A short word after the answer, varied, and never praise under what reads as negative (no
    "det er en styrke" under "jeg er ikke god til noe" or a death in the family)."""
    if mentions_death_or_despair(text) or reads_negative(text):
        turn.say(N_("ack.noted"))
        return
    variants = ACKS.get(asked.name, (asked.ack,))
    # Varied by the answer, and the same for the same words (a replay, another process).
    chosen = variants[len(text) % len(variants)]
    if chosen == asked.ack and len(text) > ACK_QUOTE_LENGTH:
        chosen = variants[-1]  # their words are quoted only when short enough to read again
    if chosen:
        turn.say(chosen, answer=shorten(text, ACK_QUOTE_LENGTH))


async def advance(turn: Turn) -> None:
    """Go to the next question (or back to the plan when changing one answer) and ask it."""
    participant = turn.participant
    before = flow_engine.question_of(participant)
    move(turn, "answer")
    after = flow_engine.question_of(participant)
    if before is None or after is None or before.step != after.step:
        participant.dont_know_step = None
        participant.dont_know_count = 0
    await ask(turn)


async def dont_know(turn: Turn, asked: Question) -> None:
    """First time in a step: an example or an easier question. Second time: offer a human."""
    participant = turn.participant
    if participant.dont_know_step != asked.step:
        participant.dont_know_step = asked.step
        participant.dont_know_count = 0
    participant.dont_know_count += 1
    turn.event("dont_know", question=asked.name, count=participant.dont_know_count)
    if participant.dont_know_count == 1:
        turn.say(asked.hint)
        return
    move(turn, "stuck")
    await ask(turn)


async def answer_offer(turn: Turn, step: Step) -> bool:
    """The answer to the offer of a human after a second "vet ikke" in a step: yes, no, or skip the
    question. Whatever they chose, they are back at the question; False when the input is
    something else (it is then read as at the question)."""
    participant = turn.participant
    button, text = _button(turn), _text(turn)
    participant.dont_know_count = 0
    move(turn, flow_engine.RETURN)
    asked = flow_engine.question_of(participant)
    if button == "offer:yes" or (button is None and is_yes(text, participant.locale)):
        await request_human(turn, "stuck")
        return True
    if button == "offer:no" or (button is None and is_no(text, participant.locale)):
        turn.say(N_("offer.declined"))
        await ask(turn)
        return True
    if button == "offer:skip" and asked is not None:
        await skip(turn, asked)
        return True
    return False


async def skip(turn: Turn, asked: Question) -> None:
    """Leave the question unanswered and go on (a plan can have gaps)."""
    if not turn.participant.editing:  # while changing an answer, skipping keeps the old one
        await save_answer(turn, asked, "", SKIPPED)
    await advance(turn)


SUMMARY_CHOICES = {"summary:change": "change", "summary:human": "human", "summary:finish": "finish"}


async def answer_summary(turn: Turn, step: Step) -> None:
    """The plan's buttons, or the same choices typed ("endre", "ferdig")."""
    button = _button(turn)
    choice = SUMMARY_CHOICES.get(button) if button else summary_word(_text(turn))
    if choice == "change":
        move(turn, "change")
        await ask(turn)
    elif choice == "human":
        await request_human(turn)
    elif choice == "finish":
        move(turn, "finish")
        turn.event("finished", first=not await turn.uow.events.happened(turn.participant.id, "finished"))
        await say_finished(turn)
    elif button is not None:
        await stale_button(turn)
    elif kind_of(_text(turn), "text") == THANKS:
        # "ok takk" after the plan came back: a thanks back, not the whole plan once more.
        turn.say(N_("summary.thanks"))
    else:
        turn.say(N_("summary.use_buttons"))
        await ask(turn)


async def say_finished(turn: Turn) -> None:
    answers = await turn.answers()
    first_step = answers.get("plan")
    if first_step is not None and first_step.value != SKIPPED:
        turn.say(N_("finished.done_with_step"), step=first_step.text)
    else:
        turn.say(N_("finished.done"))


async def answer_change_menu(turn: Turn, step: Step) -> None:
    button = _button(turn)
    name = button.split(":", 1)[1] if button and button.startswith("change:") else None
    if name in QUESTION_BY_NAME:
        turn.participant.editing = True
        if move(turn, f"change_{name}"):
            await ask(turn)
            return
        turn.participant.editing = False
    if button is not None:
        await stale_button(turn)
        return
    chosen = _question_named(turn, _text(turn))
    if chosen is not None:
        turn.participant.editing = True
        move(turn, f"change_{chosen}")
        await ask(turn)
        return
    turn.say(N_("change.use_buttons"))
    await ask(turn)


def _question_named(turn: Turn, text: str) -> str | None:
    """The question whose label or step name the participant typed ("målet", "plan")."""
    wanted = words_only(text)
    for question in QUESTION_BY_NAME.values():
        if question.kind == "yesno":
            continue
        if wanted in (words_only(turn.t(question.label)), words_only(turn.t(STEP_NAMES[question.step]))):
            return question.name
    return None


async def answer_finished(turn: Turn, step: Step) -> None:
    if _button(turn) == "finished:plan":
        move(turn, "reopen")
        await ask(turn)
        return
    if _button(turn) is not None:
        await stale_button(turn)
        return
    await ask(turn)
