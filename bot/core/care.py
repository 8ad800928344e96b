"""What the bot does when a message shows a crisis: help lines and an urgent case (acute), a
direct question with the help lines (concern), and the choices that keep a false alarm cheap."""

from __future__ import annotations

import re

from bot.core import caring, flow_engine, handoff, safety_plan
from bot.core.i18n import N_, crisis_languages
from bot.core.labels import SCRUBBED
from bot.core.phrases import (
    is_clear_no,
    is_resume,
    is_sure_yes,
    is_thanks,
    is_yes,
    said_in_any_language,
    yes_or_no_in_any_language,
)
from bot.core.prompts import ask
from bot.core.reading.language import language_of
from bot.core.safety import Crisis, scrub
from bot.core.text_norm import words_only
from bot.core.turn import Turn
from storage.models import Case

CONCERN_BUTTONS = ((N_("button.yes"), "care:yes"), (N_("button.no"), "care:no"))
URGENT_BUTTONS = ((N_("button.care_go_on"), "care:go_on"), (N_("button.care_withdraw"), "care:withdraw"))
OFFER_BUTTONS = ((N_("button.offer_yes"), "care:human"), (N_("button.care_no_thanks"), "care:go_on"))
WITHDRAW_BUTTONS = ((N_("button.yes"), "care:withdraw_yes"), (N_("button.no"), "care:withdraw_no"))
AFTER_BUTTONS = (
    (N_("button.care_resume"), "care:resume"),
    (N_("button.care_pause"), "care:pause"),
    (N_("button.safety_start"), "safety:start"),  # the safety plan, offered after an urgent case
)
# "Var samtalen til hjelp?" after a case closes: its buttons, or a short typed yes or no.
HELPFUL = "helpful"
HELPFUL_WORDS = 4
# Questions this module puts outside the flow; the next input answers them.
PENDING = ("concern", "care_offer", "withdraw", "after_urgent", "after_urgent_again")
# "Det var en misforståelse" in the participant's own words, while an urgent case waits.
MISUNDERSTOOD = re.compile(
    r"\b(?:misforstaelse|misforstatt|mente det ikke|mente det ikkje|meinte det ikkje|var en spok"
    r"|var bare tull"
    r"|bare tulla|bare tullet|did not mean it|didnt mean it|misunderstanding|just joking|was a joke)\b"
)


async def crisis(turn: Turn, found: Crisis, text: str) -> None:
    """Acute: help lines at once and an urgent case. Concern: ask, with the help lines beside.
    Neither is ever stored as an answer. Both are said in the language the message was written in."""
    _answer_in_its_language(turn, text)
    _put_aside_confirmation(turn)
    case = await turn.uow.cases.active_for(turn.participant.id)
    if found.acute or (case is not None and (case.status == "claimed" or case.urgent)):
        await acute(turn, "attempt" if found.attempt else found.kind, text)
        return
    turn.participant.pending = "concern"
    if turn.consented:
        turn.participant.alarm_text = scrub(text, lambda k: turn.t(SCRUBBED[k])).text
    turn.event("crisis_concern", kind=found.kind)
    turn.say(N_("care.concern_question"), turn.buttons(CONCERN_BUTTONS, per_row=2))


def _answer_in_its_language(turn: Turn, text: str) -> None:
    """A crisis written in a language the bot has a crisis catalog for, other than the
    participant's own, is answered in it from now on; one in their own language goes back to it.
    A text too short to tell keeps what was."""
    language = language_of(text)
    if language is None:
        return
    other = language != turn.participant.locale and language in crisis_languages()
    turn.participant.crisis_language = language if other else None


def _put_aside_confirmation(turn: Turn) -> None:
    """A crisis while "really delete?" waits: the question is dropped, so that a "ja" meant for
    the bridge-builder can never delete everything."""
    if flow_engine.step_of(turn.participant).kind in flow_engine.WAITING_KINDS:
        flow_engine.move(turn.participant, flow_engine.RETURN)


async def acute(turn: Turn, kind: str, text: str | None, alarm: str | None = None) -> None:
    """Help lines, an urgent case; while nobody has taken it the participant may go on. A new
    crisis message on a case that is already urgent shows on its card; `alarm` is the message
    that raised it when `text` answers the bot's direct question."""
    turn.participant.pending = None
    _put_aside_confirmation(turn)
    help_lines = turn.t(N_("crisis.help_lines"))
    if kind == "attempt":
        help_lines = turn.t(N_("crisis.call_now")) + "\n\n" + help_lines  # one message, the first
    turn.say_text(help_lines)
    turn.event("crisis", kind=kind)
    before = await turn.uow.cases.active_for(turn.participant.id)
    was_urgent = before is not None and before.urgent
    said = [s for s in (alarm, text) if s is not None] if turn.consented else []
    words = [scrub(s, lambda k: turn.t(SCRUBBED[k])).text for s in said]
    if before is not None and before.status == "open":
        for stored in words:  # kept before the card is posted or edited, so it shows them
            turn.uow.cases.add_message(before.id, "participant", "text", stored, turn.now)
    case = await handoff.open_case(turn, kind, urgent=True, words=words if before is None else ())
    if case.status == "claimed":
        # The human who has the case gets the words at once, marked as a crisis.
        await handoff.participant_wrote(turn, case, "text", text, crisis=True)
        turn.say(N_("crisis.case_claimed"), name=case.coordinator_name or "-")
        return
    if was_urgent and case.status == "open":
        if kind == "attempt" and case.reason != "attempt":
            # An attempt under way is worse news than the case was opened for: announced anew,
            # once, so the group is notified and the card says to call 113.
            case.reason = kind
            await handoff.announce(turn, case)
        else:
            # More of the same while the case waits: its one card is edited in place with the
            # newest words. A new card for each message would let one participant crowd the
            # group, and hold another participant's first urgent card behind them.
            await handoff.update_card(turn, case)
    turn.say(N_("crisis.case_opened"), turn.buttons(URGENT_BUTTONS))


async def answer(turn: Turn, case: Case | None) -> bool:
    """Answer the question this module put; False when the input is for the rest of the core."""
    pending = turn.participant.pending
    inbound = turn.inbound
    assert inbound is not None
    button = inbound.button if inbound.kind == "button" else None
    text = inbound.text if inbound.kind == "text" else None
    yes = button in ("care:yes", "care:withdraw_yes") or (
        text is not None
        and (is_yes(text, turn.participant.locale) or said_in_any_language(text, "crisis.yes_words"))
    )
    no = button in ("care:no", "care:withdraw_no") or (
        text is not None
        and (is_clear_no(text, turn.participant.locale) or said_in_any_language(text, "crisis.no_words"))
    )
    turn.participant.pending = None
    if pending == "concern":
        # Anything but a clear yes or no is "unclear": taken as a yes (the safe side), and shown
        # to the bridge-builder as what it was, with their words.
        turn.participant.concern_answer = "no" if no else ("yes" if yes else "unclear")
        turn.participant.concern_answered_at = turn.now
        alarm, turn.participant.alarm_text = turn.participant.alarm_text, None
        if no:
            await _concern_denied(turn)
        else:
            turn.event("concern_confirmed" if yes else "concern_unclear")
            await acute(turn, "suicide", text, alarm=alarm)
        return True
    if pending == "care_offer":
        if button == "care:human" or yes:
            await handoff.request_human(turn)
            return True
        if button == "care:go_on" or no:
            turn.say(N_("care.offer_declined"))  # no case: nobody will call unless they ask
            await ask(turn)
            return True
        if text is not None:
            # Something else: the question they last saw was the offer, so it is not an answer
            # to the flow's question. That question comes again.
            await ask(turn)
            return True
        return False
    if pending == "withdraw":
        # Withdrawing an urgent case takes a yes without a doubt or a question in it.
        sure = button == "care:withdraw_yes" or (text is not None and is_sure_yes(text))
        if sure and case is not None and case.status == "open":
            await _withdraw(turn, case)
        elif no or yes:
            turn.say(N_("care.withdraw_kept"))
        else:
            return False
        return True
    if pending in ("after_urgent", "after_urgent_again"):
        return await _after_urgent(turn, pending, button, text, yes, no)
    if pending == caring.PENDING:
        return await caring.answer(turn, button, text)
    if pending == HELPFUL and text is not None and len(text.split()) <= HELPFUL_WORDS and not is_thanks(text):
        # "ja, det hjalp", "nei": its answer. A thanks ("ok takk") is a thanks, met as one.
        said = yes_or_no_in_any_language(text, turn.participant.locale)
        if said is not None:
            _helpful(turn, "yes" if said == "yes" else "no")
            await ask(turn)
            return True
    if safety_plan.owns(pending):
        assert pending is not None
        return await safety_plan.answer(turn, pending, button, text)
    return False


async def button(turn: Turn, data: str, case: Case | None) -> bool:
    """The buttons under the urgent-case message and the caring contacts; False for any other."""
    if await safety_plan.button(turn, data):
        return True
    if data.startswith("helpful:") and data[8:] in ("yes", "some", "no"):
        _helpful(turn, data[8:])
        return True
    if data == caring.STOP:  # pressed on any contact, however long ago
        await caring.stop(turn)
        turn.say(N_("caring.stopped"))
        return True
    if data == "care:go_on":
        if case is None:
            # "Nei takk" to the offer of a person (low mood, a harmful step): no case, so not the
            # urgent case's words; the offer's own answer says so.
            return False
        if case.status == "claimed":
            turn.say(N_("handoff.buttons_paused"))  # a human has it now: they write to them
            return True
        if case.status == "open":
            case.flow_open = True
            turn.event("case_flow_open", case=case.id)
        turn.say(N_("care.going_on"))
        await ask(turn)
        return True
    if data == "care:withdraw":
        await ask_withdraw(turn, case)
        return True
    return False


def _helpful(turn: Turn, answer: str) -> None:
    """The answer to "Var samtalen til hjelp?": counted, naming no one."""
    if turn.participant.pending == HELPFUL:
        turn.participant.pending = None
    turn.event("case_helpful", answer=answer)
    turn.say(N_("handoff.helpful_thanks"))


def misunderstood(text: str) -> bool:
    """The participant says, in their own words, that the alarm was a misunderstanding."""
    return bool(MISUNDERSTOOD.search(words_only(text)))


async def ask_withdraw(turn: Turn, case: Case | None) -> None:
    """Withdrawing an urgent case asks first; one a human has taken stays with them."""
    if case is None:
        turn.say(N_("cancel.nothing"))
        await ask(turn)
    elif case.status != "open":
        turn.say(N_("cancel.claimed"))
    else:
        turn.participant.pending = "withdraw"
        turn.say(N_("care.withdraw_confirm"), turn.buttons(WITHDRAW_BUTTONS, per_row=2))


async def after_urgent_closed(turn: Turn, coordinator: str) -> None:
    """A human closed an urgent case: the help lines once more, then go on now or take a break."""
    turn.participant.pending = "after_urgent"
    turn.say(N_("care.after_urgent"), turn.buttons(AFTER_BUTTONS, per_row=2), name=coordinator)
    await caring.start(turn)


async def _after_urgent(
    turn: Turn, pending: str, button: str | None, text: str | None, yes: bool, no: bool
) -> bool:
    turn.participant.pending = pending  # asked again until they choose
    if text is not None and is_thanks(text):
        # "takk" and "ok" after a human has helped are no answers to the flow's question.
        again = pending == "after_urgent_again"
        turn.participant.pending = "after_urgent_again"
        key = N_("care.after_urgent_thanks_again") if again else N_("care.after_urgent_thanks")
        turn.say(key, turn.buttons(AFTER_BUTTONS, per_row=2))
        return True
    if button == "care:resume" or (text is not None and (yes or is_resume(text))):
        turn.participant.pending = None
        await ask(turn)
        return True
    if button == "care:pause" or no:
        turn.say(N_("care.pause"))
        return True
    turn.participant.pending = None
    if text is not None:
        # Days later, "hei, jeg er tilbake": the question they last saw was "go on or pause", so
        # the text is no answer to the flow's question. That question comes again.
        await ask(turn)
        return True
    return False


def offer_human(turn: Turn, message: str) -> None:
    """Low mood short of a crisis: a warm word and the offer of a bridge-builder, or to go on."""
    turn.participant.pending = "care_offer"
    turn.say(message, turn.buttons(OFFER_BUTTONS))


async def _concern_denied(turn: Turn) -> None:
    turn.event("concern_denied")
    turn.participant.pending = "care_offer"
    turn.say(N_("care.concern_denied"), turn.buttons(OFFER_BUTTONS))
    case = await turn.uow.cases.active_for(turn.participant.id)
    if case is not None:
        await handoff.update_card(turn, case)


async def _withdraw(turn: Turn, case: Case) -> None:
    await turn.uow.cases.close(case.id, "participant", turn.now)
    await turn.uow.session.refresh(case)
    turn.event("case_withdrawn", case=case.id, urgent=case.urgent)
    withdrawn = N_("case.withdrawn_urgent") if case.urgent else N_("case.withdrawn")
    turn.to_coordinators(turn.staff_t(withdrawn, number=case.id), case.id)
    await handoff.update_card(turn, case)
    turn.say(N_("care.withdrawn"))
    await ask(turn)
