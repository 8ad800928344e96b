"""Following up the plan: on the planned day, at a friendly hour, the bot writes first and asks how
the step went; with no answer, one gentle nudge two days later, then silence until they write."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.core import flow_engine
from bot.core.dates import OSLO, format_day, local_today
from bot.core.i18n import N_
from bot.core.plan import shorten
from bot.core.turn import Turn
from bot.flows import checkin
from bot.flows.brobygger import NAME as BROBYGGER
from bot.flows.checkin import HOW_BUTTONS

FOLLOWUP = "followup"  # timer kinds
NUDGE = "nudge"
NUDGE_AFTER_DAYS = 2
STEP_QUOTE_LENGTH = 200
# Where a participant may be when the day comes: the plan is made (and they are not in the middle
# of something, nor asked a question the bot waits for); elsewhere the follow-up waits a day.
REMINDABLE = frozenset({"done", "summary"})  # step kinds of the brobygger flow


def day_for(value: str, today: date) -> date:
    """The day a stored "when" means: the day itself; in this week, a couple of days on (before
    the weekend where it can); in a later week, its Wednesday."""
    if "-W" not in value:
        return date.fromisoformat(value)
    year, week = value.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    if monday > today:
        return monday + timedelta(days=2)
    friday = monday + timedelta(days=4)
    return max(today + timedelta(days=1), min(today + timedelta(days=2), friday))


# The participant's `pending` values that ask nothing they must answer (bot/core/care.py, caring.py).
OPTIONAL_PENDING = ("helpful", "caring")


def at_hour(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), OSLO)


def due_at(value: str, now: datetime, hour: int) -> datetime:
    """When to write: the day at the friendly hour, Oslo time; a moment already past (today chosen
    in the evening) means the next morning at that hour."""
    today = local_today(now)
    moment = at_hour(day_for(value, today), hour)
    if moment <= now:
        moment = at_hour(today + timedelta(days=1), hour)
    return moment


def readable_when(value: str | None) -> bool:
    """A stored "when" that names a day or a week (not skipped, not unread)."""
    if not value:
        return False
    try:
        day_for(value, date.today())
    except ValueError:
        return False
    return True


async def schedule(turn: Turn, when_value: str | None) -> datetime | None:
    """Set (or move) the follow-up for the day the participant chose for their step; returns when
    it will be sent, or None when there is no day (skipped) or follow-ups are off."""
    participant = turn.participant
    if not readable_when(when_value) or participant.followups == "off":
        await turn.uow.timers.cancel(FOLLOWUP, participant_id=participant.id)
        return None
    assert when_value is not None
    due = due_at(when_value, turn.now, turn.followup_hour)
    await turn.uow.timers.set(participant.channel, FOLLOWUP, due, turn.now, participant_id=participant.id)
    return due


def _reachable(turn: Turn) -> bool:
    """Follow-ups are on and the bot may write to them at all (consent given, not blocked)."""
    participant = turn.participant
    return (
        participant.followups == "on" and participant.consented_at is not None and not participant.blocked_at
    )


async def remind(turn: Turn) -> None:
    """The follow-up fell due: their step in their own words, and how did it go."""
    participant = turn.participant
    if not _reachable(turn):
        return  # turned off, or they cannot be written to: silence
    in_plan = participant.flow == BROBYGGER and flow_engine.step_of(participant).kind in REMINDABLE
    # A question that may go unanswered (did it help? a caring contact's reply) keeps nothing waiting.
    busy = not in_plan or participant.pending not in (None, *OPTIONAL_PENDING)
    if busy or await turn.uow.cases.active_for(participant.id) is not None:
        # In a case with a bridge-builder, or in the middle of something: tomorrow instead.
        tomorrow = at_hour(local_today(turn.now) + timedelta(days=1), turn.followup_hour)
        await turn.uow.timers.set(
            participant.channel, FOLLOWUP, tomorrow, turn.now, participant_id=participant.id
        )
        return
    answers = await turn.answers()
    step, when = answers.get("plan"), answers.get("plan_when")
    flow_engine.enter(participant, checkin.NAME)  # a new run: this check-in's answers are its own
    turn.event("followup_sent")
    today = local_today(turn.now)
    # The day as it was worked out when they chose it (a week means a day in it).
    planned = today
    if when is not None and when.value and readable_when(when.value):
        planned = day_for(when.value, local_today(when.created_at))
    quoted = shorten(step.text if step else "", STEP_QUOTE_LENGTH)
    buttons = turn.buttons(HOW_BUTTONS, per_row=2)
    if planned >= today:
        turn.say(N_("followup.reminder"), buttons, step=quoted)
    else:  # put off (a pause, a case, the bot away): the day is named, not called today
        turn.say(
            N_("followup.reminder_late"), buttons, step=quoted, day=format_day(planned, participant.locale)
        )
    nudge = at_hour(local_today(turn.now) + timedelta(days=NUDGE_AFTER_DAYS), turn.followup_hour)
    await turn.uow.timers.set(participant.channel, NUDGE, nudge, turn.now, participant_id=participant.id)


async def nudge(turn: Turn) -> None:
    """No answer to the follow-up: once more, gently; after this, silence until they write."""
    participant = turn.participant
    waiting = participant.flow == checkin.NAME and participant.state == checkin.FLOW.initial
    if not waiting or not _reachable(turn):
        return
    if await turn.uow.cases.active_for(participant.id) is not None:
        return
    step = (await turn.answers()).get("plan")
    turn.event("followup_nudged")
    turn.say(
        N_("followup.nudge"),
        turn.buttons(HOW_BUTTONS, per_row=2),
        step=shorten(step.text if step else "", STEP_QUOTE_LENGTH),
    )


async def fell_due(turn: Turn, timer: str) -> None:
    """One of the participant's follow-up timers fell due."""
    if timer == FOLLOWUP:
        await remind(turn)
    elif timer == NUDGE:
        await nudge(turn)


async def stop(turn: Turn, how: str) -> None:
    """No more follow-ups ("off"), or none for now ("paused"), until /paaminnelser."""
    participant = turn.participant
    participant.followups = how
    await turn.uow.timers.cancel(NUDGE, participant_id=participant.id)
    if how == "off":
        await turn.uow.timers.cancel(FOLLOWUP, participant_id=participant.id)
    turn.event("followups", state=how)


async def toggle(turn: Turn) -> None:
    """/paaminnelser: off (or paused) becomes on, with the follow-up for their step set again;
    on becomes off."""
    participant = turn.participant
    if participant.followups == "on":
        await stop(turn, "off")
        turn.say(N_("followup.off"))
        return
    participant.followups = "on"
    turn.event("followups", state="on")
    when = (await turn.answers()).get("plan_when")
    due = await schedule(turn, when.value if when else None)
    if due is None:
        turn.say(N_("followup.on_no_day"))
    else:
        turn.say(N_("followup.on"), day=format_day(local_today(due), participant.locale))
