"""What every Telegram adapter shares: the runtime it runs the core in, and how it is started."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from bot.app import Storage, open_storage
from bot.conversation import Conversation
from bot.coordination import Duty
from bot.delivery import Delivery, Sender
from bot.i18n import translator
from bot.menu import COORDINATOR_COMMANDS, DESCRIPTION, PARTICIPANT_COMMANDS, SHORT_DESCRIPTION
from bot.service import SERVER_TURNS_IN_FLIGHT, SQLITE_TURNS_IN_FLIGHT, BotService
from bot.settings import Settings, SettingsError
from bot.telegram_updates import CHANNEL, inbound_from_update

log = logging.getLogger(__name__)


# What an adapter must do for the start-up decorations: ("commands", chat id or None for
# everyone, [(command, description)]), ("description", None, text), ("short_description", None, text).
Decorate = Callable[[str, str | None, Any], Awaitable[object]]


@dataclass
class TelegramRuntime:
    """The storage and the core service behind one running Telegram adapter."""

    storage: Storage
    service: BotService
    settings: Settings
    polling_timeout: int = 10

    async def handle_update(self, data: dict[str, Any]) -> str | None:
        """Run the turn for one update (Bot API JSON); returns the notice for a pressed button."""
        inbound = inbound_from_update(data)
        if inbound is None:
            return None
        # Shielded: stopping the adapter must not cut a turn in half.
        outbound = await asyncio.shield(self.service.handle(inbound))
        return next((m.text for m in outbound if m.kind == "notice"), None)

    async def decorate(self, call: Decorate) -> None:
        """Menus and description; best-effort, since the bot works without them."""
        t = translator()
        participant_menu = [(c, t(d)) for c, d in PARTICIPANT_COMMANDS]
        duty_menu = [(c, t(d)) for c, d in COORDINATOR_COMMANDS]
        duty_chats = [*sorted(self.settings.coordinator_id_set), str(self.settings.coordinator_chat_id)]
        steps: list[tuple[str, str | None, Any]] = [
            ("commands", None, participant_menu),
            ("description", None, t(DESCRIPTION)),
            ("short_description", None, t(SHORT_DESCRIPTION)),
            *(("commands", chat, duty_menu) for chat in duty_chats),
        ]
        for kind, chat, payload in steps:
            try:
                await call(kind, chat, payload)
            except Exception as error:
                log.warning("could not set %s for %s: %s", kind, chat or "everyone", error)

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
    return TelegramRuntime(storage, service, settings, polling_timeout)


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
