"""The Telegram API on aiogram 3: its Bot for the calls; polling, webhook and order are ours."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.channels.telegram.channel import ALLOWED_UPDATES, POLL_MARGIN
from bot.channels.telegram.updates import batch_of
from bot.runtime.delivery import (
    PHOTO_NAME,
    Buttons,
    ChatMoved,
    PassingFault,
    RecipientUnavailable,
    Rejected,
    RetryLater,
    SentUnreadable,
    nothing_to_do,
)
from bot.settings import Settings

log = logging.getLogger(__name__)
# Seconds a Bot API call may take before it is given up as a passing fault (aiogram's default is
# 60): a call Telegram never answers would hold up the delivery of every chat meanwhile.
CALL_TIMEOUT = 15.0
CONNECT_TIMEOUT = 5.0


def _markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b["label"], callback_data=b["data"]) for b in row] for row in buttons
        ]
    )


@contextlib.contextmanager
def _errors() -> Any:
    try:
        yield
    except TelegramMigrateToChat as error:
        raise ChatMoved(str(error.migrate_to_chat_id)) from error
    except TelegramForbiddenError as error:
        raise RecipientUnavailable(str(error)) from error
    except TelegramRetryAfter as error:
        raise RetryLater(error.retry_after) from error
    except TelegramBadRequest as error:
        if nothing_to_do(error.message):
            log.info("telegram ignored an edit: %s", error.message)
            return
        raise Rejected(error.message) from error
    except (TelegramNetworkError, TelegramServerError) as error:
        raise PassingFault(type(error).__name__) from error
    except ClientDecodeError as error:
        answer = getattr(error, "data", None)
        if isinstance(answer, dict) and answer.get("ok") is True:
            # Telegram answered ok, with something aiogram cannot read: the message went.
            raise SentUnreadable() from error
        raise  # no readable answer at all: not known to have gone


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

    async def send_document(self, chat_id: str, filename: str, content: bytes) -> int | None:
        with _errors():
            message = await self.bot.send_document(
                int(chat_id), BufferedInputFile(content, filename=filename)
            )
            return message.message_id
        return None

    async def send_photo(self, chat_id: str, photo: bytes, caption: str | None) -> int | None:
        with _errors():
            message = await self.bot.send_photo(
                int(chat_id),
                BufferedInputFile(photo, filename=PHOTO_NAME),
                caption=caption,
                parse_mode=None,
            )
            return message.message_id
        return None

    async def clear_buttons(self, chat_id: str, message_id: int) -> None:
        with _errors():
            await self.bot.edit_message_reply_markup(
                chat_id=int(chat_id), message_id=message_id, reply_markup=None
            )


class _Session(AiohttpSession):
    """aiogram's session, except that a 5xx whose body is not JSON (a proxy's or load balancer's
    error page) is Telegram's server error, a passing fault, not an answer that cannot be read."""

    def check_response(self, bot: Bot, method: Any, status_code: int, content: str) -> Any:
        try:
            return super().check_response(bot, method, status_code, content)
        except ClientDecodeError:
            if status_code >= 500:
                raise TelegramServerError(method=method, message=f"HTTP {status_code}") from None
            raise


class AiogramApi:
    """The Bot API calls the channel needs, made with aiogram."""

    def __init__(self, settings: Settings) -> None:
        assert settings.token is not None
        self._session = _Session(
            api=TelegramAPIServer.from_base(settings.telegram_api_url), timeout=CALL_TIMEOUT
        )
        self.bot = Bot(settings.token, session=self._session)
        self.sender = AiogramSender(self.bot)

    async def open(self) -> str | None:
        return (await self.bot.get_me()).username

    async def get_updates(self, offset: int | None, timeout: int) -> list[Any]:
        """The updates as Telegram sent them, on aiogram's own connection pool. Not through
        aiogram's models: they reject the whole batch when one update does not fit them."""
        session = await self._session.create_session()
        url = self._session.api.api_url(token=self.bot.token, method="getUpdates")
        body: dict[str, Any] = {"timeout": timeout, "allowed_updates": ALLOWED_UPDATES}
        if offset is not None:
            body["offset"] = offset
        # Silence, not a slow answer, is what gives a call up: a long poll answers by its timeout.
        limit = aiohttp.ClientTimeout(connect=CONNECT_TIMEOUT, sock_read=timeout + POLL_MARGIN)
        try:
            async with session.post(url, json=body, timeout=limit) as response:
                status, content = response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors too
            raise PassingFault("no answer in time") from error
        except aiohttp.ClientError as error:
            raise PassingFault(f"{type(error).__name__}: {error}") from error
        return batch_of(status, content)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)

    async def answer_callback(self, query_id: str, text: str | None) -> None:
        await self.bot.answer_callback_query(query_id, text=text)

    async def decorate(self, kind: str, chat: str | None, payload: Any, language: str | None = None) -> Any:
        if kind == "description":
            return await self.bot.set_my_description(payload, language_code=language)
        if kind == "short_description":
            return await self.bot.set_my_short_description(payload, language_code=language)
        commands = [BotCommand(command=c, description=d) for c, d in payload]
        scope = BotCommandScopeChat(chat_id=int(chat)) if chat else None
        return await self.bot.set_my_commands(commands, scope=scope, language_code=language)

    async def close(self) -> None:
        await self.bot.session.close()
