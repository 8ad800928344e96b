"""The disk under the database fills up for a while, mid-conversation, with several participants
talking: every write fails as the driver fails on a full disk, reads still work. Nothing is lost,
each reply arrives, at most a few go out twice, and the log says once that the disk is full and
once that it has room again."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from tests.conftest import ANSWERS
from tests.contract.conftest import Harness, ids
from tests.contract.observe import collapsed, settled, stored_answers, until
from tests.db_proxy import FullDisk
from tests.fake_telegram import FakeUser

PARTICIPANTS = 12
FULL_SECONDS = 3.0
SCRIPT = ["/start", "ja", *list(ANSWERS.values())[:4]]
FULL_AT_STEP = 2
# A reply sent again is one whose mark could not be written; marks are kept until they can be.
MOST_REPEATS = 3


@pytest.fixture
def disk() -> Iterator[FullDisk]:
    with FullDisk() as disk:
        yield disk


def _replies(user: FakeUser) -> list[str]:
    return [s.text for s in user.inbox()]


@pytest.mark.parametrize(
    "telegram",
    [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "postgresql")],
    indirect=True,
    ids=ids,
)
async def test_a_full_disk_is_waited_out_without_repeating_replies(
    telegram: Harness, disk: FullDisk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    telegram.server.redeliver = True  # as Telegram posts again what the webhook refused
    users = [telegram.user(4000 + n, f"P{n}") for n in range(PARTICIPANTS)]
    database_url = telegram.settings.database_url
    started = time.monotonic()
    for step, text in enumerate(SCRIPT):
        before = sum(len(_replies(u)) for u in users)
        for user in users:
            await user.send(text)
        if step == FULL_AT_STEP:
            # Filled once the step's first reply is out: the others' turns, sends and marks are
            # under way.
            await telegram.server.wait(lambda n=before: sum(len(_replies(u)) for u in users) > n, "a reply")
            await disk.fill(FULL_SECONDS)
        # Every update so far handled and every reply sent (a step may have several replies).
        updates = (step + 1) * PARTICIPANTS
        await until(lambda n=updates: settled(database_url, n), lambda s=step: f"step {s} settled")
    answers = await stored_answers(database_url)
    assert disk.refused > 0  # the disk was full while the bot wrote
    assert all(count == 1 for count in answers.values())
    assert len(answers) == PARTICIPANTS * (len(SCRIPT) - 2)
    # Each participant saw the whole conversation: as many replies, re-sent ones taken out.
    assert len({len(collapsed(_replies(u))) for u in users}) == 1
    repeated = sum(len(_replies(u)) - len(collapsed(_replies(u))) for u in users)
    print(
        f"\n{telegram.mode} {telegram.settings.database_url.split(':')[0]}: disk full {FULL_SECONDS:.0f} s, "
        f"{disk.refused} writes refused, {repeated} replies repeated; {time.monotonic() - started:.1f} s"
    )
    assert repeated <= MOST_REPEATS
    assert telegram.channel is not None and telegram.channel.runtime is not None
    health = telegram.channel.runtime.storage.health
    # Its end is told once no write has failed for a while (reads alone do not show it).
    await telegram.server.wait(lambda: health.up, "the end of the full disk")
    assert health.outages == 1
    said = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith(("bot", "storage")) and r.levelno >= logging.WARNING
    ]
    assert len(said) == 2, said
    assert "disk is full" in said[0] and "room again" in said[1], said
