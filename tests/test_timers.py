"""Timers: set in a turn's transaction, fired once when due, by one worker of several, and gone
with the participant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.core.conversation import Conversation
from bot.startup import Storage
from storage.unit_of_work import UnitOfWork
from tests.conftest import Chat, Clock, walk_to_summary


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_an_escalation_fires_once_with_two_workers(
    conversation: Conversation, storage: Storage, chat: Chat, clock: Clock
) -> None:
    await chat.consent()
    await chat.send("/brobygger")
    clock.advance(minutes=16)
    # A second worker on the same database, firing at the same moment.
    other = Conversation(storage.sessions, clock=clock, duty=conversation.duty)
    results = await asyncio.gather(conversation.fire_due("test"), other.fire_due("test"))
    cards = [m for _, outbound in results for m in outbound if m.kind == "card"]
    assert len(cards) == 1 and "Har ventet: 16 min" in cards[0].text
    assert sum(fired for fired, _ in results) == 1
    # Fired means gone, and the next announcement has its own timer, 15 minutes on.
    assert await conversation.fire_due("test") == (0, [])
    async with UnitOfWork(storage.sessions) as uow:
        (timer,) = await uow.timers.pending()
    assert timer.due_at == clock.now.replace(tzinfo=timer.due_at.tzinfo) + conversation.duty.escalate_after


async def test_deleting_the_participant_takes_their_timers(storage: Storage, chat: Chat) -> None:
    await chat.consent()
    await chat.send("/brobygger")
    async with UnitOfWork(storage.sessions) as uow:
        assert len(await uow.timers.pending()) == 1
    await chat.send("/slett")
    await chat.press("confirm:delete")
    async with UnitOfWork(storage.sessions) as uow:
        assert await uow.timers.pending() == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_follow_up_is_written_once_with_two_workers_and_after_a_restart(
    conversation: Conversation, storage: Storage, chat: Chat, clock: Clock
) -> None:
    await walk_to_summary(chat)  # the step on Friday
    await chat.press("summary:finish")
    clock.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Friday 10:00 in Oslo
    other = Conversation(storage.sessions, clock=clock, duty=conversation.duty)
    results = await asyncio.gather(conversation.fire_due("test"), other.fire_due("test"))
    reminders = [m for _, outbound in results for m in outbound if m.audience == "participant"]
    assert len(reminders) == 1 and "Hvordan går det?" in reminders[0].text
    # A process started afresh on the same database finds nothing more to send that day.
    restarted = Conversation(storage.sessions, clock=clock, duty=conversation.duty)
    assert await restarted.fire_due("test") == (0, [])
    async with UnitOfWork(storage.sessions) as uow:
        assert [timer.kind for timer in await uow.timers.pending()] == ["nudge"]
