"""A bare echo bot on python-telegram-bot, polling, tuned as Brobygger's channel is (a large
connection pool, patient timeouts, updates handled concurrently). Reads BOT_TOKEN and
TELEGRAM_API_URL."""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.channels.telegram.ptb_adapter import CONNECTION_POOL


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "?")


def main() -> None:
    base = os.environ["TELEGRAM_API_URL"]
    application = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .request(
            HTTPXRequest(
                connection_pool_size=CONNECTION_POOL,
                connect_timeout=5.0,
                read_timeout=10.0,
                write_timeout=10.0,
                pool_timeout=10.0,
            )
        )
        .get_updates_request(HTTPXRequest(connection_pool_size=2, read_timeout=40.0))
        .concurrent_updates(CONNECTION_POOL)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(timeout=10, poll_interval=0.0)


if __name__ == "__main__":
    main()
