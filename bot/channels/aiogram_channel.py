"""The Telegram channel on aiogram 3: updates in through polling or a webhook, replies out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)

from bot.channels.telegram import TelegramRuntime
from bot.channels.webhook import WebhookServer
from bot.delivery import Buttons, RecipientUnavailable, RetryLater
from bot.settings import Settings

log = logging.getLogger(__name__)


def _markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b["label"], callback_data=b["data"]) for b in row] for row in buttons
        ]
    )


class AiogramSender:
    """The delivery's sender on aiogram's Bot; Telegram's errors become the core's."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: str, text: str, buttons: Buttons) -> int | None:
        with _errors():
            # No parse mode: what a participant wrote is shown exactly as written.
            message = await self.bot.send_message(
                int(chat_id), text, reply_markup=_markup(buttons), parse_mode=None
            )
            return message.message_id
        return None

    async def edit_text(self, chat_id: str, message_id: int, text: str, buttons: Buttons) -> None:
        with _errors():
            await self.bot.edit_message_text(
                text=text,
                chat_id=int(chat_id),
                message_id=message_id,
                reply_markup=_markup(buttons),
                parse_mode=None,
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


@contextlib.contextmanager
def _errors() -> Any:
    try:
        yield
    except TelegramForbiddenError as error:
        raise RecipientUnavailable(str(error)) from error
    except TelegramRetryAfter as error:
        raise RetryLater(error.retry_after) from error
    except TelegramBadRequest as error:
        # An edit that changes nothing, or of a message already gone, is not worth retrying.
        if "not modified" in error.message or "not found" in error.message:
            log.info("telegram ignored an edit: %s", error.message)
            return
        raise


class AiogramChannel:
    """Polling or webhook on aiogram, over the shared runtime."""

    def __init__(self, settings: Settings, runtime_factory: Any) -> None:
        self.settings = settings
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        assert settings.bot_token is not None
        self.bot = Bot(settings.bot_token, session=session)
        self.dispatcher = Dispatcher()
        # One handler for every message and button press; the raw update goes to the core.
        self.dispatcher.message.register(self._on_event)
        self.dispatcher.callback_query.register(self._on_event)
        self._runtime_factory = runtime_factory
        self.runtime: TelegramRuntime | None = None
        self._polling: asyncio.Task[None] | None = None
        self._web: WebhookServer | None = None

    async def _on_event(self, _event: object, event_update: Update) -> None:
        if self.runtime is None:
            return
        notice = await self.runtime.handle_update(
            event_update.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        if event_update.callback_query is not None:
            with contextlib.suppress(Exception):
                await self.bot.answer_callback_query(event_update.callback_query.id, text=notice)

    async def _prepare(self) -> None:
        me = await self.bot.get_me()
        self.runtime = await self._runtime_factory(AiogramSender(self.bot), me.username)
        await self.runtime.decorate(self._decorate)

    async def _decorate(self, kind: str, chat: str | None, payload: Any) -> object:
        if kind == "description":
            return await self.bot.set_my_description(payload)
        if kind == "short_description":
            return await self.bot.set_my_short_description(payload)
        commands = [BotCommand(command=c, description=d) for c, d in payload]
        scope = BotCommandScopeChat(chat_id=int(chat)) if chat else None
        return await self.bot.set_my_commands(commands, scope=scope)

    async def start_polling(self) -> None:
        await self._prepare()
        await self.bot.delete_webhook(drop_pending_updates=False)
        assert self.runtime is not None
        await self.runtime.service.start()
        self._polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=self.runtime.polling_timeout,
                allowed_updates=["message", "callback_query"],
            )
        )

    async def start_webhook(self) -> None:
        await self._prepare()
        assert self.runtime is not None and self.settings.webhook_url and self.settings.webhook_secret
        await self.runtime.service.start()
        self._web = WebhookServer(
            self.settings.webhook_url,
            self.settings.webhook_secret,
            self.settings.webhook_host,
            self.settings.webhook_port,
            self._feed,
        )
        await self._web.start()
        await self.bot.set_webhook(
            self.settings.webhook_url,
            secret_token=self.settings.webhook_secret,
            allowed_updates=["message", "callback_query"],
        )

    async def _feed(self, data: dict[str, Any]) -> None:
        await self.dispatcher.feed_update(self.bot, Update.model_validate(data, context={"bot": self.bot}))

    async def stop(self) -> None:
        """Stop taking updates, finish the turns in flight, deliver their replies, close."""
        if self._polling is not None:
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
        if self._web is not None:
            await self._web.stop()
        if self.runtime is not None:
            await self.runtime.close()
        await self.bot.session.close()
