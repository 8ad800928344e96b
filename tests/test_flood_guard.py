"""The flood counter: over the limit in the window starts a flood once; a turn offered again (it
waited for the chat's earlier update) is counted once and decided the same way."""

from __future__ import annotations

from bot.core.flood import GOES_ON, STARTS, FloodGuard


def test_over_the_limit_starts_once_then_goes_on() -> None:
    guard = FloodGuard(limit=3, window=10.0)
    states = [guard.note("a", now=float(n), update_id=n) for n in range(6)]
    assert states == [None, None, None, STARTS, GOES_ON, GOES_ON]
    assert guard.note("b", now=5.0, update_id=100) is None  # another chat is not flooding


def test_a_turn_offered_again_is_counted_once() -> None:
    guard = FloodGuard(limit=3, window=10.0)
    for _ in range(50):  # one update retried while it waits its turn
        assert guard.note("a", now=1.0, update_id=7) is None
    assert [guard.note("a", now=2.0, update_id=n) for n in (8, 9, 10)] == [None, None, STARTS]
    assert guard.note("a", now=3.0, update_id=10) == STARTS  # the same decision for the same update


def test_a_quiet_window_ends_the_flood() -> None:
    guard = FloodGuard(limit=2, window=10.0)
    assert [guard.note("a", now=0.0, update_id=n) for n in range(3)] == [None, None, STARTS]
    assert guard.note("a", now=30.0, update_id=3) is None
