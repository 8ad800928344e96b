"""Pacing under Telegram's limits, on a clock the test moves."""

from __future__ import annotations

import itertools

from bot.runtime.pacing import Limits, Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def _send_times(pacer: Pacer, clock: FakeTime, chats: list[str]) -> list[float]:
    times = []
    for chat in chats:
        await pacer.wait(chat)
        times.append(clock.now)
    return times


async def test_one_chat_gets_a_short_burst_then_one_a_second() -> None:
    clock = FakeTime()
    pacer = Pacer(Limits(chat_burst=5), clock=clock, sleep=clock.sleep)
    times = await _send_times(pacer, clock, ["7"] * 15)
    assert times[:5] == [0.0] * 5
    gaps = [b - a for a, b in itertools.pairwise(times[5:])]
    assert all(abs(gap - 1.0) < 1e-9 for gap in gaps)


async def test_many_chats_share_thirty_a_second() -> None:
    clock = FakeTime()
    pacer = Pacer(Limits(), clock=clock, sleep=clock.sleep)
    times = await _send_times(pacer, clock, [str(n) for n in range(300)])
    assert times[29] == 0.0 and times[30] > 0
    assert 9.0 <= times[-1] <= 9.1  # 300 messages at 30 a second, after a burst of 30


async def test_a_group_gets_twenty_a_minute() -> None:
    clock = FakeTime()
    pacer = Pacer(Limits(group_burst=5), clock=clock, sleep=clock.sleep)
    times = await _send_times(pacer, clock, ["-100"] * 25)
    assert abs(times[-1] - 20 * 3.0) < 1e-6  # after 5 at once, one every 3 seconds
