"""Named places where a crash test can make the process kill itself (KILL_AT=name:n)."""

from __future__ import annotations

import os
import signal

# Where a crash hurts most: between receiving and storing, inside the turn's transaction,
# between commit and sending, and between a send Telegram accepted and marking it sent.
POINTS = frozenset(
    {"intake.fetched", "intake.stored", "turn.before_commit", "turn.committed", "delivery.sent"}
)

_armed: dict[str, int] = {}


def parse(spec: str | None) -> dict[str, int]:
    """ "name:n[,name:n]" as {name: n}; ValueError names what is wrong."""
    armed: dict[str, int] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        name, _, count = part.strip().partition(":")
        if name not in POINTS or not count.isdigit() or int(count) < 1:
            raise ValueError(f"expected name:n with name one of {', '.join(sorted(POINTS))}; got {part!r}")
        armed[name] = int(count)
    return armed


def arm(spec: str | None) -> None:
    """Die by SIGKILL the n-th time the process passes each named point."""
    _armed.clear()
    _armed.update(parse(spec))


def passed(name: str) -> None:
    """Mark that the process passed a kill point; dies here when it is armed for this pass."""
    if not _armed or name not in _armed:
        return
    _armed[name] -= 1
    if _armed[name] <= 0:
        # SIGKILL, as the kernel's OOM killer or a pulled plug would: no cleanup runs.
        os.kill(os.getpid(), signal.SIGKILL)
