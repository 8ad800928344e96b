"""The Telegram API on python-telegram-bot: its Bot for the calls, with an HTTP client sized for
many chats at once; polling, webhook and order are ours (no Application, ConversationHandler or
persistence: the state is in our database)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

# PTB 22 moves its time values (retry_after, timeouts) to timedelta and warns on every 429 until
# one opts in; we handle timedelta, so opt in before telegram is imported.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

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
# PTB's HTTP client on its defaults queues requests behind a small pool with short timeouts;
# many chats answered at once need a large pool and patient timeouts.
CONNECTION_POOL = 256


def _markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["label"], callback_data=b["data"]) for b in row] for row in buttons]
    )


def _message_id(message: Any) -> int:
    """The id of what Telegram answered with; an answer PTB read as nothing still means it went."""
    if message is None or getattr(message, "message_id", None) is None:
        raise SentUnreadable()
    return int(message.message_id)


@contextlib.contextmanager
def _errors() -> Any:
    try:
        yield
    except ChatMigrated as error:
        raise ChatMoved(str(error.new_chat_id)) from error
    except Forbidden as error:
        raise RecipientUnavailable(str(error)) from error
    except RetryAfter as error:
        wait = error.retry_after
        raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else float(wait)) from error
    except BadRequest as error:
        if nothing_to_do(error.message):
            log.info("telegram ignored an edit: %s", error.message)
            return
        raise Rejected(error.message) from error
    except NetworkError as error:  # also TimedOut and Telegram's 5xx; BadRequest is caught above
        raise PassingFault(type(error).__name__) from error


class PtbSender:
    """The delivery's sender on PTB's Bot; Telegram's errors become the core's."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: str, text: str, buttons: Buttons) -> int | None:
        with _errors():
            message = await self.bot.send_message(int(chat_id), text, reply_markup=_markup(buttons))
            return _message_id(message)
        return None

    async def edit_text(self, chat_id: str, message_id: int, text: str, buttons: Buttons) -> None:
        with _errors():
            await self.bot.edit_message_text(
                text, chat_id=int(chat_id), message_id=message_id, reply_markup=_markup(buttons)
            )

    async def copy(self, chat_id: str, from_chat_id: str, message_id: int) -> int | None:
        with _errors():
            copied = await self.bot.copy_message(int(chat_id), int(from_chat_id), message_id)
            return _message_id(copied)
        return None

    async def send_document(self, chat_id: str, filename: str, content: bytes) -> int | None:
        with _errors():
            message = await self.bot.send_document(int(chat_id), document=content, filename=filename)
            return _message_id(message)
        return None

    async def send_photo(self, chat_id: str, photo: bytes, caption: str | None) -> int | None:
        with _errors():
            message = await self.bot.send_photo(
                int(chat_id), photo=InputFile(photo, filename=PHOTO_NAME), caption=caption
            )
            return _message_id(message)
        return None

    async def clear_buttons(self, chat_id: str, message_id: int) -> None:
        with _errors():
            await self.bot.edit_message_reply_markup(
                chat_id=int(chat_id), message_id=message_id, reply_markup=None
            )


class PtbApi:
    """The Bot API calls the channel needs, made with python-telegram-bot."""

    def __init__(self, settings: Settings) -> None:
        assert settings.token is not None
        self._base_url = f"{settings.telegram_api_url}/bot{settings.token}"
        self._updates_request = HTTPXRequest(
            connection_pool_size=2,
            connect_timeout=5.0,
            read_timeout=40.0,
            write_timeout=10.0,
            pool_timeout=10.0,
        )
        self.bot = Bot(
            settings.token,
            base_url=f"{settings.telegram_api_url}/bot",
            base_file_url=f"{settings.telegram_api_url}/file/bot",
            request=HTTPXRequest(
                connection_pool_size=CONNECTION_POOL,
                connect_timeout=5.0,
                read_timeout=10.0,
                write_timeout=10.0,
                pool_timeout=10.0,
            ),
            get_updates_request=self._updates_request,
        )
        self.sender = PtbSender(self.bot)

    async def open(self) -> str | None:
        await self.bot.initialize()
        return self.bot.username

    async def get_updates(self, offset: int | None, timeout: int) -> list[Any]:
        """The updates as Telegram sent them, without PTB's Update objects: one update that does
        not fit them (a message without its chat) would stop the whole batch."""
        query: dict[str, Any] = {"timeout": timeout, "allowed_updates": json.dumps(ALLOWED_UPDATES)}
        if offset is not None:
            query["offset"] = offset
        # PTB's own HTTP client, without its Update objects (do_api_request would warn, since
        # PTB has a get_updates of its own: the very thing to avoid here).
        try:
            status, body = await self._updates_request.do_request(
                f"{self._base_url}/getUpdates?{urlencode(query)}", "GET", read_timeout=timeout + POLL_MARGIN
            )
        except TimedOut as error:
            raise PassingFault("no answer in time") from error
        except NetworkError as error:
            raise PassingFault(str(error)) from error
        return batch_of(status, body)

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
        commands = [BotCommand(c, d) for c, d in payload]
        scope = BotCommandScopeChat(int(chat)) if chat else None
        return await self.bot.set_my_commands(commands, scope=scope, language_code=language)

    async def close(self) -> None:
        await self.bot.shutdown()
