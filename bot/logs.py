"""Logging for the running bot: LOG_LEVEL for our own lines; libraries that would log URLs with
the bot token, request bodies or SQL parameters held at WARNING whatever the level; any secret
that still reaches a line replaced before it is written."""

from __future__ import annotations

import logging
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx logs every request URL at INFO (python-telegram-bot's URLs hold the token), PTB and
# aiogram log request parameters (what a participant wrote) at DEBUG, SQLAlchemy SQL at INFO,
# aiosqlite every call with its parameters at DEBUG.
QUIET = (
    "httpx",
    "httpcore",
    "telegram",
    "aiogram",
    "aiohttp",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "transitions",
    "asyncio",
    "apscheduler",
)


class Redacting(logging.Formatter):
    """Formats as usual, then blanks out the secrets (token, keys) wherever they appear."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__(FORMAT)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    logging.basicConfig(level=level, format=FORMAT, force=True)
    formatter = Redacting(list(secrets))
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
