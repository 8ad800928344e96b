"""`brobygger check`: whether this set-up can run — the Bot API and the token, the coordinators'
group, the webhook, the database — one line per finding, and a non-zero exit on any problem."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.core.reading.reader import open_reader
from bot.settings import Settings, SettingsError
from storage.crypto import KeyProblem
from storage.engine import create_engine, create_session_factory
from storage.keys import key_source, unlock
from storage.migrate import is_current
from storage.unit_of_work import UnitOfWork

TIMEOUT = 10.0  # seconds for each call: a check that hangs helps nobody


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str

    def __str__(self) -> str:
        return f"{'ok' if self.ok else 'problem'}: {self.text}"


class ApiError(Exception):
    """The Bot API answered, but not ok."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any]) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class BotApi:
    """The few Bot API calls the check makes, over plain HTTP (whatever framework runs the bot)."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self._session = session
        self._base = f"{base_url}/bot{token}"

    async def call(self, method: str, **params: Any) -> Any:
        async with self._session.post(f"{self._base}/{method}", json=params) as response:
            try:
                body = await response.json(content_type=None)
            except ValueError:
                raise ApiError(
                    response.status, f"an answer that is not JSON (HTTP {response.status})", {}
                ) from None
        if not isinstance(body, dict) or not body.get("ok"):
            body = body if isinstance(body, dict) else {}
            raise ApiError(
                int(body.get("error_code") or response.status),
                str(body.get("description") or f"HTTP {response.status}"),
                dict(body.get("parameters") or {}),
            )
        return body.get("result")


async def run_checks(settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    try:
        settings.require_telegram(webhook=bool(settings.webhook_url))
    except SettingsError as error:
        findings.append(Finding(False, str(error)))
    findings.extend(await _database(settings))
    findings.append(_reading(settings))
    if settings.token:
        findings.extend(await _telegram(settings, settings.token))
    return findings


def _reading(settings: Settings) -> Finding:
    """Whether the reading model loads (READING_MODEL): without it, messages are read on the
    rules alone, which a crisis in another language gets past."""
    status = open_reader(settings.reading_model).status
    return Finding(not status.startswith("degraded"), f"reading model {status}")


async def _database(settings: Settings) -> list[Finding]:
    url = settings.database_url
    embedded = make_url(url).get_backend_name() == "sqlite"
    shown = make_url(url).render_as_string(hide_password=True)
    database = make_url(url).database
    if embedded and database and database != ":memory:" and not Path(database).exists():
        # Not opened here: connecting would make an empty file.
        return [Finding(True, f"database {shown}: not made yet; the first start makes and migrates it")]
    engine = create_engine(url)
    try:
        async with asyncio.timeout(TIMEOUT):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            if not await is_current(engine):
                if embedded:
                    return [Finding(True, f"database {shown}: embedded, migrated at start")]
                return [Finding(False, f"database {shown} is not migrated: run `brobygger migrate`")]
            await unlock(engine, key_source(url, settings.keys))
    except KeyProblem as error:
        return [Finding(False, f"database {shown}: {error}")]
    except Exception as error:
        return [Finding(False, f"database {shown} cannot be reached ({type(error).__name__})")]
    finally:
        await engine.dispose()
    return [Finding(True, f"database {shown}: reachable, migrated, and the keys open it")]


async def _telegram(settings: Settings, token: str) -> list[Finding]:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        api = BotApi(session, settings.telegram_api_url, token)
        try:
            me = await api.call("getMe")
        except ApiError as error:
            if error.status in (401, 404):
                return [
                    Finding(False, "BOT_TOKEN is not accepted by Telegram: get the token from @BotFather")
                ]
            return [Finding(False, f"the Bot API refused getMe: {error.description}")]
        except (aiohttp.ClientError, TimeoutError) as error:
            return [
                Finding(
                    False,
                    f"the Bot API at {settings.telegram_api_url} cannot be reached ({type(error).__name__})",
                )
            ]
        findings = [Finding(True, f"the Bot API answers; the token is @{me.get('username')}'s")]
        if settings.coordinator_chat_id is not None:
            findings.append(await _group(api, settings, str(settings.coordinator_chat_id), int(me["id"])))
        findings.append(await _webhook(api, settings))
    return findings


async def _group(api: BotApi, settings: Settings, chat_id: str, bot_id: int) -> Finding:
    moved = await _recorded_move(settings, chat_id)
    if moved is not None:
        return Finding(
            False,
            f"the coordinators' group {chat_id} was upgraded to {moved} (the bot follows it): "
            f"set COORDINATOR_CHAT_ID={moved}",
        )
    try:
        chat = await api.call("getChat", chat_id=chat_id)
        member = await api.call("getChatMember", chat_id=chat_id, user_id=bot_id)
    except ApiError as error:
        new_id = error.parameters.get("migrate_to_chat_id")
        if new_id is not None:
            return Finding(
                False,
                f"the coordinators' group {chat_id} was upgraded to a supergroup: "
                f"set COORDINATOR_CHAT_ID={new_id}",
            )
        return Finding(
            False,
            f"the coordinators' group {chat_id} cannot be reached ({error.description}): check "
            "COORDINATOR_CHAT_ID and add the bot to the group",
        )
    except (aiohttp.ClientError, TimeoutError) as error:
        return Finding(False, f"the coordinators' group could not be looked up ({type(error).__name__})")
    if chat.get("type") == "private":
        return Finding(False, f"COORDINATOR_CHAT_ID {chat_id} is a private chat: expected the group's id")
    if member.get("status") in ("left", "kicked"):
        return Finding(False, f"the bot is not in the coordinators' group {chat_id}: add it")
    return Finding(True, f"the coordinators' group {chat.get('title') or chat_id}: the bot is in it")


async def _recorded_move(settings: Settings, chat_id: str) -> str | None:
    """A move the running bot recorded (it follows the new id, but the setting should say it)."""
    database = make_url(settings.database_url).database
    if make_url(settings.database_url).get_backend_name() == "sqlite" and not Path(database or "").exists():
        return None
    engine = create_engine(settings.database_url)
    try:
        async with asyncio.timeout(TIMEOUT):
            if not await is_current(engine):
                return None
            async with UnitOfWork(create_session_factory(engine)) as uow:
                current = await uow.coordinators.current_group(chat_id)
    except Exception:
        return None  # the database's own finding says what is wrong with it
    finally:
        await engine.dispose()
    return current if current != chat_id else None


async def _webhook(api: BotApi, settings: Settings) -> Finding:
    try:
        info = await api.call("getWebhookInfo")
    except (ApiError, aiohttp.ClientError, TimeoutError) as error:
        return Finding(False, f"the webhook's state could not be read ({type(error).__name__})")
    current = str(info.get("url") or "")
    failing = info.get("last_error_message")
    if settings.webhook_url:
        if current and current != settings.webhook_url:
            return Finding(
                False, f"Telegram posts to {current}, not WEBHOOK_URL; `brobygger webhook` sets it at start"
            )
        if current and failing and _recent(info.get("last_error_date")):
            # A failure of the last hour: an old one (a restart, an outage since over) does not
            # hold up the release that may be what fixes it.
            return Finding(False, f"Telegram reports the webhook failing: {failing}")
        state = "set" if current else "not set yet (`brobygger webhook` sets it at start)"
        return Finding(True, f"webhook {state}; {info.get('pending_update_count', 0)} updates waiting")
    if current:
        return Finding(True, f"a webhook is set ({current}); polling (`brobygger run`) removes it at start")
    return Finding(True, "no webhook: polling")


WEBHOOK_ERROR_RECENT = 3600  # seconds


def _recent(epoch: object) -> bool:
    """Whether Telegram's last_error_date (Unix time) is within the last hour; unknown counts."""
    if not isinstance(epoch, int | float):
        return True
    return time.time() - float(epoch) < WEBHOOK_ERROR_RECENT


def report(findings: list[Finding]) -> int:
    """Print the findings; the exit status is 1 when any is a problem."""
    for finding in findings:
        print(finding)
    return 0 if all(f.ok for f in findings) else 1
