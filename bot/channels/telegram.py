"""What every Telegram adapter shares: the runtime it runs the core in, and how it is started."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from bot.app import Storage, open_storage
from bot.conversation import Conversation
from bot.coordination import Duty
from bot.delivery import Delivery, Sender
from bot.service import SERVER_TURNS_IN_FLIGHT, SQLITE_TURNS_IN_FLIGHT, BotService
from bot.settings import Settings, SettingsError
from bot.telegram_updates import CHANNEL

log = logging.getLogger(__name__)


@dataclass
class TelegramRuntime:
    """The storage and the core service behind one running Telegram adapter."""

    storage: Storage
    service: BotService
    polling_timeout: int = 10

    async def close(self) -> None:
        await self.service.stop()
        await self.storage.close()


class TelegramChannel(Protocol):
    async def start_polling(self) -> None: ...

    async def start_webhook(self) -> None: ...

    async def stop(self) -> None: ...


async def open_runtime(
    settings: Settings,
    sender: Sender,
    bot_username: str | None,
    *,
    polling_timeout: int = 10,
    escalate_every: float = 30.0,
) -> TelegramRuntime:
    storage = await open_storage(settings.database_url)
    duty = Duty(
        chat_id=str(settings.coordinator_chat_id) if settings.coordinator_chat_id else None,
        user_ids=settings.coordinator_id_set,
        bot_username=bot_username,
        escalate_after=timedelta(minutes=settings.handoff_escalate_minutes),
    )
    conversation = Conversation(storage.sessions, duty=duty)
    delivery = Delivery(storage.sessions, CHANNEL, sender, duty=duty)
    sqlite = storage.engine.dialect.name == "sqlite"
    service = BotService(
        conversation,
        delivery,
        CHANNEL,
        escalate_every=escalate_every,
        turns_in_flight=SQLITE_TURNS_IN_FLIGHT if sqlite else SERVER_TURNS_IN_FLIGHT,
    )
    return TelegramRuntime(storage, service, polling_timeout)


def create_channel(
    settings: Settings,
    framework: str | None = None,
    *,
    polling_timeout: int = 10,
    escalate_every: float = 30.0,
) -> TelegramChannel:
    """The adapter for BOT_FRAMEWORK (or the framework asked for), not yet started."""
    factory: Any = functools.partial(
        open_runtime, settings, polling_timeout=polling_timeout, escalate_every=escalate_every
    )
    chosen = framework or settings.bot_framework
    if chosen == "aiogram":
        from bot.channels.aiogram_channel import AiogramChannel

        return AiogramChannel(settings, factory)
    if chosen == "ptb":
        from bot.channels.ptb_channel import PtbChannel

        return PtbChannel(settings, factory)
    raise SettingsError(f"setting BOT_FRAMEWORK is malformed: {chosen!r} is not available")


async def serve(channel: TelegramChannel, webhook: bool) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    if webhook:
        await channel.start_webhook()
    else:
        await channel.start_polling()
    log.info("brobygger is running (%s)", "webhook" if webhook else "polling")
    try:
        await stopping.wait()
    finally:
        log.info("stopping: finishing the turns in flight")
        await channel.stop()
