"""The coordinators' statistics: the figures counted from events written by real conversations,
the chart a real PNG, /statistikk for coordinators only, the weekly digest once a week and only
when turned on, and the counts kept, pointing to no one, after /slett."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.core import statistics
from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.i18n import translator
from bot.core.stats_chart import render
from bot.startup import Storage
from storage.models import Event, Participant
from storage.unit_of_work import UnitOfWork
from tests.conftest import COORDINATOR_IDS, GROUP, Chat, Clock, Desk, walk_to_summary

t = translator("nb")
FRIDAY_1000 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Ola's planned day, at the follow-up hour
MONDAY_0900 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Oslo (UTC+1 in November)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# The JSON paths of the counts and the digest's advisory lock differ by dialect.
both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


async def _figures(storage: Storage, now: datetime) -> statistics.Figures:
    async with UnitOfWork(storage.sessions) as uow:
        return await statistics.gather(uow, now)


async def _seed(conversation: Conversation, clock: Clock) -> tuple[Chat, Chat]:
    """Ola finishes his plan and says on the day that he did the step; Kari answers the talent
    question, asks for a bridge-builder and waits 7 minutes; Per starts and says no thanks."""
    ola, kari, per = (
        Chat(conversation, "100", "Ola"),
        Chat(conversation, "200", "Kari"),
        Chat(conversation, "300", "Per"),
    )
    await walk_to_summary(ola)
    await ola.press("summary:finish")
    await kari.consent()
    await kari.send("Jeg er flink med tall")
    await kari.send("/brobygger")
    clock.advance(minutes=7)
    desk = Desk(conversation, sorted(COORDINATOR_IDS)[0], "Line")
    await desk.group("/ta 1")
    await per.send("/start")
    await per.press("consent:no")
    clock.now = FRIDAY_1000
    ola.take((await conversation.fire_due("test"))[1])
    await ola.press("checkin:did")
    return ola, kari


@both_backends
async def test_the_figures_from_real_conversations_survive_slett(
    conversation: Conversation, clock: Clock, storage: Storage
) -> None:
    _, kari = await _seed(conversation, clock)
    figures = await _figures(storage, clock.now)
    assert (figures.started, figures.consented, figures.finished) == (3, 2, 1)
    assert figures.steps == {"talent": 2, "dream": 1, "goal": 1, "plan": 1, "network": 1}
    assert (figures.followups_sent, figures.followups_answered, figures.steps_done) == (1, 1, 1)
    assert figures.cases == {"requested": 1} and figures.urgent == 0
    assert figures.waits == [7]
    # Started and finished on Sunday 22 November (ISO week 47); the check-in was the week after.
    assert figures.weeks[-2:] == [(2026, 47, 3, 1), (2026, 48, 0, 0)]
    assert len(figures.weeks) == statistics.WEEKS

    await kari.send("/slett")
    await kari.press("confirm:delete")
    assert await _figures(storage, clock.now) == figures  # the counts stay
    async with UnitOfWork(storage.sessions) as uow:
        people = set((await uow.session.execute(select(Participant.id))).scalars())
        events = (await uow.session.execute(select(Event))).scalars().all()
    assert len(people) == 2  # Kari is gone: her events point to no one, nor to her case
    assert all(e.participant_id is None or e.participant_id in people for e in events)
    orphans = [e for e in events if e.participant_id is None and e.kind.startswith("case_")]
    assert orphans and all("case" not in (e.detail or {}) for e in orphans)


@both_backends
async def test_a_person_counts_once_however_often_they_answer_finish_or_start_over(
    conversation: Conversation, clock: Clock, storage: Storage
) -> None:
    ola = Chat(conversation, "100", "Ola")
    await walk_to_summary(ola)
    await ola.press("summary:finish")
    await ola.send("/tilbake")  # back from the finished plan, and finish again
    await ola.press("summary:finish")
    await ola.send("/start")  # start over: every step answered a second time
    await ola.press("confirm:restart")
    await ola.send("Jeg er flink med tall")
    await ola.send("/tilbake")
    await ola.send("Jeg er flink med tall og folk")
    figures = await _figures(storage, clock.now)
    assert (figures.started, figures.consented, figures.finished) == (1, 1, 1)
    assert figures.steps == {"talent": 1, "dream": 1, "goal": 1, "plan": 1, "network": 1}


async def test_statistikk_for_coordinators_only(conversation: Conversation, clock: Clock) -> None:
    await _seed(conversation, clock)
    outsider = Desk(conversation, "999", "Ukjent")
    refused = await outsider.group("/statistikk")
    assert [m.text for m in refused] == [t("duty.refused")] and refused[0].photo is None
    desk = Desk(conversation, sorted(COORDINATOR_IDS)[0], "Line")
    (report,) = await desk.group("/statistikk")
    assert report.audience == "coordinators" and report.photo is not None
    assert report.photo.startswith(PNG_MAGIC)
    assert "Startet: 3 · Samtykket: 2" in report.text
    assert "Talent 2 · Drøm 1" in report.text and "Fullført plan: 1" in report.text
    assert "1 sendt, 1 besvart – steget gjort 1" in report.text
    assert "Ba om å snakke med en brobygger: 1" in report.text and "median 7 min" in report.text


def test_the_chart_is_a_png() -> None:
    figures = statistics.Figures(
        started=12,
        consented=10,
        steps={"talent": 9, "dream": 8, "goal": 6, "plan": 5, "network": 4},
        finished=4,
        weeks=[(2026, w, w % 4, w % 2) for w in range(40, 50)],
    )
    picture = render(figures, t)
    assert picture.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(picture)) as image:
        image.verify()
    with Image.open(io.BytesIO(picture)) as image:
        assert image.format == "PNG" and image.size == (1400, 420)
    assert 10_000 < len(picture) < 500_000


async def _digest_timers(storage: Storage) -> list[datetime]:
    async with UnitOfWork(storage.sessions) as uow:
        return [timer.due_at for timer in await uow.timers.pending(statistics.DIGEST)]


@both_backends
async def test_the_weekly_digest_once_on_monday_morning_and_only_when_on(
    storage: Storage, clock: Clock
) -> None:
    duty = Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS, weekly_digest=True)
    on = Conversation(storage.sessions, clock=clock, duty=duty)
    await Chat(on, "100").send("/start")
    await on.plan_digest("test")
    await on.plan_digest("test")  # a second worker starting: still one timer
    assert await _digest_timers(storage) == [MONDAY_0900]
    clock.now = MONDAY_0900 - timedelta(seconds=1)
    assert await on.fire_all_due("test") == []
    clock.now = MONDAY_0900
    (digest,) = await on.fire_all_due("test")
    assert digest.audience == "coordinators" and digest.photo is not None
    assert digest.text.startswith(t("stats.digest")) and "Startet: 1" in digest.text
    assert await on.fire_all_due("test") == []  # once
    assert await _digest_timers(storage) == [MONDAY_0900 + timedelta(weeks=1)]
    # Turned off: nothing is sent, and at the next start no timer is left.
    off = Conversation(storage.sessions, clock=clock, duty=Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS))
    clock.now = MONDAY_0900 + timedelta(weeks=1)
    assert await off.fire_all_due("test") == []
    await on.plan_digest("test")
    await off.plan_digest("test")
    assert await _digest_timers(storage) == []
    async with UnitOfWork(storage.sessions) as uow:
        query = select(func.count()).select_from(Event).where(Event.kind == "started")
        assert (await uow.session.execute(query)).scalar_one() == 1


async def test_a_caption_too_long_goes_first_as_text_then_the_picture(storage: Storage, clock: Clock) -> None:
    from bot.core.conversation import store_outbound
    from bot.core.envelopes import Outbound
    from bot.runtime.delivery import CAPTION_LIMIT, Delivery

    calls: list[tuple[str, str | None, bytes | None]] = []

    class Sender:
        async def send_text(self, chat_id: str, text: str, buttons: object) -> int:
            calls.append(("text", text, None))
            return len(calls)

        async def send_photo(self, chat_id: str, photo: bytes, caption: str | None) -> int:
            calls.append(("photo", caption, photo))
            return len(calls)

    short, long = "Kort", "x" * (CAPTION_LIMIT + 1)
    async with UnitOfWork(storage.sessions) as uow:
        outbound = [Outbound("coordinators", None, text, photo=PNG_MAGIC) for text in (short, long)]
        store_outbound(uow, "test", outbound, clock.now)
        await uow.commit()
    duty = Duty(chat_id=GROUP)
    await Delivery(storage.sessions, "test", Sender(), duty=duty, clock=clock).deliver_pending()  # type: ignore[arg-type]
    assert calls == [("photo", short, PNG_MAGIC), ("text", long, None), ("photo", None, PNG_MAGIC)]
