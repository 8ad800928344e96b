"""The coordinators' statistics (/statistikk, the weekly digest), counted from events that name no one."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, not_, or_, select

from bot.core.dates import OSLO, local_today, week_start
from bot.core.envelopes import Outbound
from bot.core.i18n import DEFAULT_LOCALE, N_, Text, Translator, translator
from bot.core.labels import CASE_REASON
from bot.flows.brobygger import STEP_NAMES, STEPS
from storage.models import Event
from storage.unit_of_work import UnitOfWork

WEEKS = 10  # the weekly line: this ISO week and the nine before it
# The answers to "how did it go?" in a check-in (the other check-in choices come after it).
HOW_CHOICES = ("did", "partly", "not_yet", "stop")
# The weekly digest: a timer on no one, due Mondays at this hour (Europe/Oslo).
DIGEST = "weekly_digest"
DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 9


@dataclass
class Figures:
    """What happened, counted: every number is a count of events, which name no one."""

    started: int = 0
    consented: int = 0
    steps: dict[str, int] = field(default_factory=dict)  # reached: first answers to each step
    finished: int = 0
    followups_sent: int = 0
    followups_answered: int = 0
    steps_done: int = 0
    steps_partly: int = 0
    cases: dict[str, int] = field(default_factory=dict)  # handoffs by reason
    urgent: int = 0
    waits: list[int] = field(default_factory=list)  # minutes each case waited until taken
    on_call: int = 0  # cases the person on call was told of
    caring_sent: int = 0
    caring_answered: int = 0
    safety_plans: int = 0
    helpful: dict[str, int] = field(default_factory=dict)  # "Var dette til hjelp?" after a case
    # ISO weeks, oldest first: (year, week, started, finished)
    weeks: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def funnel(self) -> list[tuple[str, int]]:
        """(label id, count): started, consented, each step reached, a finished plan."""
        return [
            (N_("stats.started"), self.started),
            (N_("stats.consented"), self.consented),
            *((STEP_NAMES[step], self.steps.get(step, 0)) for step in STEPS),
            (N_("stats.finished"), self.finished),
        ]


async def gather(uow: UnitOfWork, now: datetime, weeks: int = WEEKS) -> Figures:
    """Count the events: a few grouped queries, the same on SQLite and PostgreSQL."""
    session = uow.session
    figures = Figures()
    kinds = ("started", "consent_given", "finished", "followup_sent")
    # A consent given again, or a plan finished again, is the same person: only the first counts
    # (events from before the flag existed have none, and count).
    again = Event.detail["first"].as_boolean().is_(False)
    counted = await session.execute(
        select(Event.kind, func.count())
        .where(Event.kind.in_(kinds), or_(Event.detail.is_(None), not_(again)))
        .group_by(Event.kind)
    )
    by_kind = {kind: int(n) for kind, n in counted.all()}
    figures.started = by_kind.get("started", 0)
    figures.consented = by_kind.get("consent_given", 0)
    figures.finished = by_kind.get("finished", 0)
    figures.followups_sent = by_kind.get("followup_sent", 0)
    # A step is reached when its first question gets its first answer (not a change made later).
    question = Event.detail["question"].as_string()
    reached = await session.execute(
        select(question, func.count())
        .where(
            Event.kind == "answer",
            question.in_(STEPS),
            Event.detail["changed"].as_boolean().is_not(True),
            not_(again),  # a step answered again after /tilbake or a new start
        )
        .group_by(question)
    )
    figures.steps = {str(step): int(n) for step, n in reached.all()}
    choice = Event.detail["choice"].as_string()
    answered = await session.execute(
        select(choice, func.count()).where(Event.kind == "checkin", choice.in_(HOW_CHOICES)).group_by(choice)
    )
    how = {str(c): int(n) for c, n in answered.all()}
    figures.followups_answered = sum(how.values())
    figures.steps_done = how.get("did", 0)
    figures.steps_partly = how.get("partly", 0)
    # Each JSON path is one expression, used in the select and the grouping alike (PostgreSQL
    # sees one parameter, so the same expression).
    reason, urgent_case = Event.detail["reason"].as_string(), Event.detail["urgent"].as_boolean()
    opened = await session.execute(
        select(reason, urgent_case, func.count())
        .where(Event.kind == "case_opened")
        .group_by(reason, urgent_case)
    )
    for why, urgent, n in opened.all():
        figures.cases[str(why)] = figures.cases.get(str(why), 0) + int(n)
        figures.urgent += int(n) if urgent else 0
    minutes = Event.detail["minutes"].as_integer()
    waited = await session.execute(select(minutes).where(Event.kind == "case_claimed", minutes.is_not(None)))
    figures.waits = [int(m) for m in waited.scalars()]
    after = ("case_on_call", "caring_sent", "caring_answered", "safety_plan_made")
    counted_after = await session.execute(
        select(Event.kind, func.count()).where(Event.kind.in_(after)).group_by(Event.kind)
    )
    after_kind = {kind: int(n) for kind, n in counted_after.all()}
    case_told = Event.detail["case"].as_integer()
    told = await session.execute(
        select(func.count(func.distinct(case_told))).where(Event.kind == "case_on_call")
    )
    figures.on_call = int(told.scalar_one() or 0)
    figures.caring_sent = after_kind.get("caring_sent", 0)
    figures.caring_answered = after_kind.get("caring_answered", 0)
    figures.safety_plans = after_kind.get("safety_plan_made", 0)
    said = Event.detail["answer"].as_string()
    helpful = await session.execute(
        select(said, func.count()).where(Event.kind == "case_helpful").group_by(said)
    )
    figures.helpful = {str(answer): int(n) for answer, n in helpful.all()}
    figures.weeks = await _weekly(uow, now, weeks)
    return figures


async def _weekly(uow: UnitOfWork, now: datetime, weeks: int) -> list[tuple[int, int, int, int]]:
    """Started and finished per ISO week (Oslo time), the last `weeks` weeks, oldest first."""
    first = week_start(local_today(now), 1 - weeks)
    since = datetime.combine(first, time(), OSLO)
    rows = await uow.session.execute(
        select(Event.kind, Event.created_at).where(
            Event.kind.in_(("started", "finished")), Event.created_at >= since
        )
    )
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    counts: dict[date, list[int]] = {monday: [0, 0] for monday in mondays}
    for kind, created_at in rows.all():
        monday = week_start(local_today(created_at), 0)
        if monday in counts:
            counts[monday][0 if kind == "started" else 1] += 1
    result = []
    for monday in mondays:
        year, week, _ = monday.isocalendar()
        started, finished = counts[monday]
        result.append((year, week, started, finished))
    return result


def text(figures: Figures, t: Translator, *, last_week: bool = False) -> str:
    """The figures as a short text for the coordinators' group; the week that ended, for the
    Monday digest, or this one so far."""
    steps = " · ".join(f"{t(STEP_NAMES[s])} {figures.steps.get(s, 0)}" for s in STEPS)
    lines = [
        t(N_("stats.title")),
        t(N_("stats.people"), started=figures.started, consented=figures.consented),
        t(N_("stats.steps"), steps=steps),
        t(N_("stats.plans"), finished=figures.finished),
        t(
            N_("stats.followups"),
            sent=figures.followups_sent,
            answered=figures.followups_answered,
            done=figures.steps_done,
            partly=figures.steps_partly,
        ),
        t(N_("stats.cases"), count=sum(figures.cases.values()), urgent=figures.urgent),
    ]
    for why, n in sorted(figures.cases.items(), key=lambda item: (-item[1], item[0])):
        label: Any = Text(CASE_REASON[why]) if why in CASE_REASON else why
        lines.append(t(N_("stats.reason_line"), reason=label, count=n))
    if figures.waits:
        lines.append(
            t(
                N_("stats.waited"),
                claimed=len(figures.waits),
                median=round(median(figures.waits)),
                longest=max(figures.waits),
            )
        )
    else:
        lines.append(t(N_("stats.waited_none")))
    lines.append(
        t(
            N_("stats.after_crisis"),
            on_call=figures.on_call,
            sent=figures.caring_sent,
            answered=figures.caring_answered,
            plans=figures.safety_plans,
        )
    )
    h = figures.helpful
    lines.append(t(N_("stats.helpful"), yes=h.get("yes", 0), some=h.get("some", 0), no=h.get("no", 0)))
    if len(figures.weeks) >= 2:
        _, week, started, finished = figures.weeks[-2 if last_week else -1]
        key = N_("stats.last_week") if last_week else N_("stats.this_week")
        lines.append(t(key, week=week, started=started, finished=finished))
    return "\n".join(lines)


async def report(
    uow: UnitOfWork,
    now: datetime,
    audience: str = "coordinators",
    chat_id: str | None = None,
    intro: str | None = None,
) -> Outbound:
    """The figures for the coordinators' group (or one coordinator): the text, and the chart as
    its picture."""
    from bot.core.stats_chart import render  # matplotlib only when a chart is made

    t = translator(DEFAULT_LOCALE)
    figures = await gather(uow, now)
    body = text(figures, t, last_week=intro is not None)
    if intro:
        body = f"{t(intro)}\n\n{body}"
    # Drawing takes a moment of CPU: off the event loop, so other chats' turns go on meanwhile.
    picture = await asyncio.to_thread(render, figures, t)
    return Outbound(audience, chat_id, body, photo=picture)


def next_digest(now: datetime) -> datetime:
    """The next Monday at 09:00, Oslo time, after now."""
    local = now.astimezone(OSLO)
    day = local.date() + timedelta(days=(DIGEST_WEEKDAY - local.weekday()) % 7)
    due = datetime.combine(day, time(DIGEST_HOUR), OSLO)
    if due <= local:
        due = datetime.combine(day + timedelta(weeks=1), time(DIGEST_HOUR), OSLO)
    return due.astimezone(now.tzinfo)
