"""The Telegram channel on python-telegram-bot: the same runtime, webhook and behaviour as the
aiogram channel, with PTB set up for many chats at once."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bot.channels.telegram import TelegramRuntime
from bot.channels.webhook import WebhookServer
from bot.delivery import Buttons, RecipientUnavailable, RetryLater
from bot.settings import Settings

log = logging.getLogger(__name__)
# PTB handles one update at a time unless told otherwise; our per-chat locks keep each chat in
# order, so updates of different chats may run side by side, up to this many at once.
CONCURRENT_UPDATES = 256
CONNECTION_POOL = 256


def _markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["label"], callback_data=b["data"]) for b in row] for row in buttons]
    )


@contextlib.contextmanager
def _errors() -> Any:
    try:
        yield
    except Forbidden as error:
        raise RecipientUnavailable(str(error)) from error
    except RetryAfter as error:
        wait = error.retry_after
        raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else float(wait)) from error
    except BadRequest as error:
        # An edit that changes nothing, or of a message already gone, is not worth retrying.
        if "not modified" in error.message or "not found" in error.message:
            log.info("telegram ignored an edit: %s", error.message)
            return
        raise


class PtbSender:
    """The delivery's sender on PTB's Bot; Telegram's errors become the core's."""

    def __init__(self, application: Application) -> None:
        self.bot = application.bot

    async def send_text(self, chat_id: str, text: str, buttons: Buttons) -> int | None:
        with _errors():
            message = await self.bot.send_message(int(chat_id), text, reply_markup=_markup(buttons))
            return message.message_id
        return None

    async def edit_text(self, chat_id: str, message_id: int, text: str, buttons: Buttons) -> None:
        with _errors():
            await self.bot.edit_message_text(
                text, chat_id=int(chat_id), message_id=message_id, reply_markup=_markup(buttons)
            )

    async def copy(self, chat_id: str, from_chat_id: str, message_id: int) -> int | None:
        with _errors():
            copied = await self.bot.copy_message(int(chat_id), int(from_chat_id), message_id)
            return copied.message_id
        return None

    async def clear_buttons(self, chat_id: str, message_id: int) -> None:
        with _errors():
            await self.bot.edit_message_reply_markup(
                chat_id=int(chat_id), message_id=message_id, reply_markup=None
            )


class PtbChannel:
    """Polling or webhook on python-telegram-bot, over the shared runtime."""

    def __init__(self, settings: Settings, runtime_factory: Any) -> None:
        self.settings = settings
        assert settings.bot_token is not None
        self.application = self._build(settings)
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self._runtime_factory = runtime_factory
        self.runtime: TelegramRuntime | None = None
        self._web: WebhookServer | None = None
        self._polling = False

    @staticmethod
    def _build(settings: Settings) -> Application:
        assert settings.bot_token is not None
        return (
            Application.builder()
            .token(settings.bot_token)
            .base_url(f"{settings.telegram_api_url}/bot")
            .base_file_url(f"{settings.telegram_api_url}/file/bot")
            .request(
                HTTPXRequest(
                    connection_pool_size=CONNECTION_POOL,
                    connect_timeout=5.0,
                    read_timeout=10.0,
                    write_timeout=10.0,
                    pool_timeout=10.0,
                )
            )
            .get_updates_request(
                HTTPXRequest(
                    connection_pool_size=2,
                    connect_timeout=5.0,
                    read_timeout=40.0,
                    write_timeout=10.0,
                    pool_timeout=10.0,
                )
            )
            .concurrent_updates(CONCURRENT_UPDATES)
            .build()
        )

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if self.runtime is None:
            return
        notice = await self.runtime.handle_update(update.to_dict())
        if update.callback_query is not None:
            with contextlib.suppress(Exception):
                await update.callback_query.answer(text=notice)

    async def _prepare(self) -> None:
        await self.application.initialize()
        username = self.application.bot.username
        self.runtime = await self._runtime_factory(PtbSender(self.application), username)
        await self.runtime.decorate(self._decorate)

    async def _decorate(self, kind: str, chat: str | None, payload: Any) -> object:
        bot = self.application.bot
        if kind == "description":
            return await bot.set_my_description(payload)
        if kind == "short_description":
            return await bot.set_my_short_description(payload)
        commands = [BotCommand(c, d) for c, d in payload]
        scope = BotCommandScopeChat(int(chat)) if chat else None
        return await bot.set_my_commands(commands, scope=scope)

    async def start_polling(self) -> None:
        await self._prepare()
        assert self.runtime is not None and self.application.updater is not None
        await self.runtime.service.start()
        await self.application.start()
        await self.application.updater.start_polling(
            poll_interval=0.0,
            timeout=timedelta(seconds=self.runtime.polling_timeout),
            allowed_updates=["message", "callback_query"],
            drop_pending_updates=False,
        )
        self._polling = True

    async def start_webhook(self) -> None:
        await self._prepare()
        settings = self.settings
        assert self.runtime is not None and settings.webhook_url and settings.webhook_secret
        await self.runtime.service.start()
        await self.application.start()
        self._web = WebhookServer(
            settings.webhook_url,
            settings.webhook_secret,
            settings.webhook_host,
            settings.webhook_port,
            self._feed,
        )
        await self._web.start()
        await self.application.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=["message", "callback_query"],
        )

    async def _feed(self, data: dict[str, Any]) -> None:
        update = Update.de_json(data, self.application.bot)
        await self.application.process_update(update)

    async def stop(self) -> None:
        """Stop taking updates, finish the turns in flight, deliver their replies, close."""
        if self._polling and self.application.updater is not None:
            await self.application.updater.stop()
            self._polling = False
        if self._web is not None:
            await self._web.stop()
        if self.application.running:
            await self.application.stop()
        if self.runtime is not None:
            await self.runtime.close()
        await self.application.shutdown()
