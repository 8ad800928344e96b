"""Caring contacts after an urgent case closes: short messages over a month that ask nothing back."""

from __future__ import annotations

from datetime import timedelta

from bot.core import handoff
from bot.core.dates import local_today
from bot.core.followup import at_hour
from bot.core.i18n import N_
from bot.core.labels import SCRUBBED
from bot.core.phrases import reminders_wish
from bot.core.safety import scrub
from bot.core.text_norm import words_only
from bot.core.turn import Turn

# Days after the case closed, and what each says (each with a help line, asking nothing back).
# The evidence (caring contacts after a suicidal crisis) is for several contacts over weeks.
CONTACTS = (
    (1, N_("caring.contact_1")),
    (3, N_("caring.contact_2")),
    (7, N_("caring.contact_3")),
    (30, N_("caring.contact_4")),
)
TIMER = "caring"  # a participant has at most one waiting: the next contact
STOP = "caring:stop"
STOP_BUTTON = ((N_("button.caring_stop"), STOP),)
PENDING = "caring"  # what they write next is a reply to the contact
STOP_WORDS = frozenset({"stopp", "stop", "slutt", "nei takk", "ikke send flere", "ikkje send fleire"})


def owns(timer: str) -> bool:
    return timer.startswith(TIMER)


async def start(turn: Turn) -> None:
    """An urgent case closed: the first contact is set for the next day, at the friendly hour."""
    await _set(turn, 0)
    turn.event("caring_started")


async def _set(turn: Turn, index: int) -> None:
    """The contact at `index` set for its day after the close (counted from the first)."""
    participant = turn.participant
    if index >= len(CONTACTS):
        return
    days = CONTACTS[index][0] - (CONTACTS[index - 1][0] if index else 0)
    due = at_hour(local_today(turn.now) + timedelta(days=days), turn.followup_hour)
    await _cancel(turn)
    kind = f"{TIMER}:{index}"
    await turn.uow.timers.set(participant.channel, kind, due, turn.now, participant_id=participant.id)


async def _cancel(turn: Turn) -> None:
    for number in range(len(CONTACTS)):
        await turn.uow.timers.cancel(f"{TIMER}:{number}", participant_id=turn.participant.id)


async def fell_due(turn: Turn, timer: str) -> None:
    """A contact's day: sent unless they cannot or should not be written to (blocked, follow-ups
    paused or off); the next one is set either way, so a pause skips contacts but ends none."""
    participant = turn.participant
    index = int(timer.partition(":")[2] or 0)
    await _set(turn, index + 1)
    reachable = participant.consented_at is not None and participant.blocked_at is None
    if not reachable or participant.followups != "on":
        turn.event("caring_skipped", contact=index + 1)
        return
    if await turn.uow.cases.active_for(participant.id) is not None:
        turn.event("caring_skipped", contact=index + 1)
        return  # a bridge-builder is with them (or will be): no message from the bot beside it
    turn.event("caring_sent", contact=index + 1)
    participant.pending = PENDING
    turn.say(CONTACTS[index][1], turn.buttons(STOP_BUTTON))


async def stop(turn: Turn, by: str = "participant") -> None:
    """No more contacts (a word, the button, or the bridge-builder for the case)."""
    participant = turn.participant
    await _cancel(turn)
    if participant.pending == PENDING:
        participant.pending = None
    turn.event("caring_stopped", by=by)


def asks_to_stop(text: str) -> bool:
    plain = words_only(text)
    return plain in STOP_WORDS or reminders_wish(text) == "off"


async def answer(turn: Turn, button: str | None, text: str | None) -> bool:
    """What they write after a contact: a stop, or a reply that a person reads (a case opened
    again, their words on its card). A crisis in it was handled before this, as any crisis."""
    if button == STOP or (text is not None and asks_to_stop(text)):
        await stop(turn)
        turn.say(N_("caring.stopped"))
        return True
    if text is None:
        return False
    turn.event("caring_answered")
    existing = await turn.uow.cases.active_for(turn.participant.id)
    if existing is not None:
        await handoff.participant_wrote(turn, existing, "text", text)  # to whoever has it
        return True
    words = [scrub(text, lambda kind: turn.t(SCRUBBED[kind])).text]
    await handoff.open_case(turn, "caring_reply", words=words)  # on the card the group sees
    turn.say(N_("caring.reply_passed_on"))
    return True
