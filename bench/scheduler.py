"""What the scheduler costs: with 100,000 participants and 10,000 follow-ups due at once, the time
of a tick with nothing due and of firing them all, batch by batch, on SQLite (or DATABASE_URL).

    python -m bench.scheduler [--participants 100000] [--due 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bot.core.conversation import TIMER_BATCH, Conversation
from bot.core.followup import FOLLOWUP
from bot.startup import open_storage
from storage.models import Answer, Participant, Timer

START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # a Friday, 10:00 in Oslo


async def measure(participants: int, due: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite+aiosqlite:///{scratch}/scheduler.db"
        storage = await open_storage(url, os.environ.get("ENCRYPTION_KEYS"))
        try:
            await _fill(storage.sessions, participants, due)
            clock = _Clock(START - timedelta(hours=1))
            conversation = Conversation(storage.sessions, clock=clock)
            idle = []
            for _ in range(20):
                begun = time.perf_counter()
                fired, _ = await conversation.fire_due("telegram")
                idle.append(time.perf_counter() - begun)
                assert fired == 0
            clock.now = START
            ticks, sent = [], 0
            while True:
                begun = time.perf_counter()
                fired, outbound = await conversation.fire_due("telegram")
                ticks.append(time.perf_counter() - begun)
                sent += len(outbound)
                if fired < TIMER_BATCH:
                    break
            assert sent == due, (sent, due)
        finally:
            await storage.close()
    return {
        "idle_tick_ms": 1000 * sorted(idle)[len(idle) // 2],
        "firing_s": sum(ticks),
        "per_timer_ms": 1000 * sum(ticks) / due,
        "batches": len(ticks),
    }


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def _fill(sessions: object, participants: int, due: int) -> None:
    """Participants who finished their plan; `due` of them have their follow-up due at START, the
    rest a week later (pending, not due)."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    assert isinstance(sessions, async_sessionmaker)
    made = START - timedelta(days=7)
    async with sessions() as session:
        for first in range(0, participants, 5000):
            rows = [
                {
                    "channel": "telegram",
                    "chat_id": str(10_000_000 + n),
                    "locale": "nb",
                    "state": "finished",
                    "editing": False,
                    "dont_know_count": 0,
                    "consented_at": made,
                    "created_at": made,
                    "updated_at": made,
                    "followups": "on",
                    "checkin_misses": 0,
                }
                for n in range(first, min(participants, first + 5000))
            ]
            await session.execute(insert(Participant), rows)
        await session.commit()
        ids = list(
            (
                await session.execute(Participant.__table__.select().with_only_columns(Participant.id))
            ).scalars()
        )
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            await session.execute(
                insert(Timer),
                [
                    {
                        "channel": "telegram",
                        "kind": FOLLOWUP,
                        "participant_id": pid,
                        "due_at": START if index + start < due else START + timedelta(days=7),
                        "created_at": made,
                    }
                    for index, pid in enumerate(chunk)
                ],
            )
        # The due ones have a step in their own words (encrypted, as in production).
        for pid in ids[:due]:
            session.add(
                Answer(participant_id=pid, question="plan", text="Ringe kafeen i sentrum", created_at=made)
            )
        await session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    args = parser.parse_args()
    result = asyncio.run(measure(args.participants, args.due))
    print(
        f"scheduler, {args.participants} participants, {args.due} follow-ups due: a tick with nothing due "
        f"{result['idle_tick_ms']:.2f} ms; firing all {result['firing_s']:.1f} s in {result['batches']:.0f} "
        f"batches of {TIMER_BATCH} ({result['per_timer_ms']:.2f} ms per follow-up, the reminder stored)"
    )


if __name__ == "__main__":
    main()
