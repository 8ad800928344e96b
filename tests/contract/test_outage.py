"""The database goes away and comes back, through a TCP proxy in front of PostgreSQL that drops
every connection and refuses new ones for a while: the bot carries on by itself, loses nothing,
repeats at most two replies per cut, and answers soon after the database is back. Polling and
webhook, both frameworks; and SQLite held by another connection's exclusive transaction."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy.engine import make_url

from bot.check import run_checks
from bot.core.i18n import translator
from tests.conftest import ANSWERS, migrated_database
from tests.contract.conftest import FRAMEWORKS, MODES, Harness, _harness, ids
from tests.contract.observe import collapsed, stored_answers
from tests.contract.test_channel_contract import consent
from tests.db_proxy import DatabaseProxy
from tests.fake_telegram import FakeUser

t = translator("nb")
CUT_SECONDS = 3.0
PARTICIPANTS = 6
# Not ending in /minplan: the plan shown twice in a row would look like a reply sent again.
SCRIPT = ["/start", "ja", *ANSWERS.values()]
# The steps at which the database is cut: while the step's turns and replies are in flight, and
# before the step's messages are sent (they arrive while it is away).
CUT_MID_STEP, CUT_BEFORE_STEP = 3, 7


@pytest.fixture(params=[(f, m) for f in FRAMEWORKS for m in MODES], ids=ids)
async def cut(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[Harness, DatabaseProxy]]:
    framework, mode = request.param
    async with migrated_database("postgresql", tmp_path) as database_url:
        url = make_url(database_url)
        proxy = DatabaseProxy(url.host or "127.0.0.1", url.port or 5432)
        await proxy.start()
        try:
            async for harness in _harness(framework, mode, proxy.url_for(database_url)):
                harness.server.redeliver = True  # as Telegram posts again what the webhook refused
                yield harness, proxy
        finally:
            await proxy.stop()


def _replies(user: FakeUser) -> list[str]:
    return [s.text for s in user.inbox()]


def _repeats(texts: list[str]) -> list[str]:
    """The start of each reply that went out again."""
    kept = collapsed(texts)
    extra = list(texts)
    for text in kept:
        extra.remove(text)
    return [text[:40] for text in extra]


async def _each_answered(users: list[FakeUser], before: dict[int, int]) -> None:
    """Wait until every user has a new reply (re-sent ones not counted)."""
    await users[0].server.wait(
        lambda: all(len(collapsed(_replies(u))) > before[u.id] for u in users), "a reply for everyone"
    )


async def test_a_conversation_across_database_cuts(
    cut: tuple[Harness, DatabaseProxy], caplog: pytest.LogCaptureFixture
) -> None:
    telegram, proxy = cut
    caplog.set_level(logging.WARNING)
    users = [telegram.user(3000 + n, f"P{n}") for n in range(PARTICIPANTS)]
    back_to_reply: float | None = None
    for step, text in enumerate(SCRIPT):
        before = {u.id: len(collapsed(_replies(u))) for u in users}
        if step == CUT_BEFORE_STEP:
            proxy.take_down()
        for user in users:
            await user.send(text)
        if step == CUT_MID_STEP:
            await proxy.cut(CUT_SECONDS)  # the step's turns and sends are under way
        if step == CUT_BEFORE_STEP:
            await asyncio.sleep(CUT_SECONDS)
            proxy.bring_up()
            back = time.monotonic()
            await telegram.server.wait(
                lambda seen=before: any(len(collapsed(_replies(u))) > seen[u.id] for u in users),
                "the first reply",
            )
            back_to_reply = time.monotonic() - back
        await _each_answered(users, before)
    for user in users:
        await user.expect("📋 Min plan")
    # Nothing lost: every answer stored once; every chat saw the whole conversation.
    answers = await stored_answers(telegram.settings.database_url)
    assert all(count == 1 for count in answers.values())
    assert len(answers) == PARTICIPANTS * len(ANSWERS)
    repeated = sum(len(_replies(u)) - len(collapsed(_replies(u))) for u in users)
    print(
        f"\n{telegram.framework} {telegram.mode}: {proxy.cuts} cuts of {CUT_SECONDS:.0f} s, "
        f"{repeated} replies repeated ({repeated / proxy.cuts:.1f} per cut); first reply "
        f"{back_to_reply:.2f} s after the database was back"
    )
    assert repeated <= 2 * proxy.cuts, [_repeats(_replies(u)) for u in users]
    assert telegram.channel is not None and telegram.channel.runtime is not None
    assert telegram.channel.runtime.storage.health.outages == proxy.cuts  # each cut was seen, once
    assert telegram.channel.supervisor.restarts == {}
    # The log says when the database went and when it came back, and nothing else about it.
    said = [r.getMessage()[:60] for r in caplog.records if r.name.startswith(("bot", "storage"))]
    assert len(said) == 2 * proxy.cuts, said


@pytest.mark.parametrize("cut", [(f, "polling") for f in FRAMEWORKS], indirect=True, ids=ids)
async def test_a_crisis_while_the_database_is_away_gets_the_help_lines(
    cut: tuple[Harness, DatabaseProxy],
) -> None:
    telegram, proxy = cut
    ola = await consent(telegram)
    proxy.take_down()
    try:
        await ola.send("jeg orker ikke mer, jeg vil ta livet mitt")
        help_lines = await ola.expect("113")  # sent straight away, nothing stored
        assert proxy.down
    finally:
        proxy.bring_up()
    # Once the database is back the message is stored and handled: a bridge-builder is told.
    await telegram.server.wait(lambda: any("HASTER" in s.text for s in telegram.group()), "the urgent card")
    assert help_lines.text


@pytest.mark.parametrize(
    "telegram", [(f, m, "sqlite") for f in FRAMEWORKS for m in MODES], indirect=True, ids=ids
)
async def test_sqlite_held_by_another_connection_is_waited_out(telegram: Harness) -> None:
    ola = await consent(telegram)
    database = make_url(telegram.settings.database_url).database
    assert database is not None
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        held.set()
        release.wait(10)
        connection.execute("ROLLBACK")
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert await asyncio.to_thread(held.wait, 5)
        await ola.send("Jeg er god til å lage mat")
        await asyncio.sleep(CUT_SECONDS)
    finally:
        release.set()
        await asyncio.to_thread(holder.join)
    await ola.expect("Hva ville en venn")


@pytest.mark.parametrize("cut", [(f, "webhook") for f in FRAMEWORKS], indirect=True, ids=ids)
async def test_health_reports_the_database_away_while_it_is(cut: tuple[Harness, DatabaseProxy]) -> None:
    telegram, proxy = cut
    health = f"http://127.0.0.1:{telegram.settings.webhook_port}/healthz"

    async def status() -> int:
        async with aiohttp.ClientSession() as session, session.get(health) as response:
            return response.status

    async def database_problems() -> list[str]:
        return [f.text for f in await run_checks(telegram.settings) if not f.ok and "database" in f.text]

    assert await status() == 200 and await database_problems() == []
    proxy.take_down()
    try:
        assert await status() == 503
        assert len(await database_problems()) == 1
    finally:
        proxy.bring_up()
    assert await status() == 200 and await database_problems() == []
