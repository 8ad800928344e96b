"""Application settings, read from the environment and an optional .env when the app starts."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import killpoints

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///brobygger.db"
TELEGRAM_API = "https://api.telegram.org"
# Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in a webhook secret token.
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
BOT_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")


class Settings(BaseSettings):
    """Everything the composition root needs; nothing reads the environment at import time."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # Secrets: never shown in a repr, a log line or a traceback's locals.
    bot_token: SecretStr | None = None
    # Fernet keys, comma-separated, newest first. Unset on the embedded SQLite default: a key file
    # is made beside the database (back it up with the database).
    encryption_keys: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # How long things are kept (see README, "Personvern").
    retention_set_aside_days: int = Field(default=30, ge=1)
    retention_processed_days: int = Field(default=7, ge=1)
    retention_events_days: int = Field(default=90, ge=1)
    retention_inactive_days: int = Field(default=365, ge=7)
    retention_warning_days: int = Field(default=7, ge=1)
    telegram_api_url: str = TELEGRAM_API
    bot_framework: Literal["aiogram", "ptb"] = "aiogram"
    # The multilingual reading model beside the crisis rules: "off" reads on the rules alone (for
    # comparison), and so does a model that cannot load, which is reported as degraded.
    reading_model: Literal["on", "off"] = "on"
    coordinator_chat_id: int | None = None
    coordinator_ids: str = ""
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Polling mode: GET /healthz and GET /metrics on a small server of their own, when a port is
    # set (the webhook server always has them).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    handoff_escalate_minutes: int = Field(default=15, ge=1)
    # The coordinators' language: cards, relays and the desk are in it, whatever the participant's.
    coordinator_locale: Literal["nb", "nn", "en", "uk", "pl"] = "nb"
    # Telegram's limits: about 30 messages a second in all, about 1 a second per chat, 20 a
    # minute per group. Lower them to be safe; raise them only against a server of your own.
    send_per_second: float = Field(default=30.0, gt=0)
    send_per_chat_per_second: float = Field(default=1.0, gt=0)
    send_chat_burst: float = Field(default=5.0, ge=1)
    send_per_group_per_minute: float = Field(default=20.0, gt=0)
    # The hour (Europe/Oslo) at which the bot writes on the planned day: never at night.
    followup_hour: int = Field(default=10, ge=9, le=20)
    # Someone who writes after this many hours is welcomed back and told where they are.
    welcome_back_hours: float = Field(default=12, gt=0)
    # When the bridge-builders answer, in the participant's words: the answer to "how long must I
    # wait for a bridge-builder?". Set it to what is true for your organisation.
    opening_hours: str = "hverdager kl. 9–15"
    # The same hours for the bot to reckon with ("man-fre 09:00-15:00", Oslo time): a case opened
    # outside them tells the participant truthfully when a person will answer. Empty: unknown.
    desk_hours: str = ""
    # Who is told when a case waits too long (an urgent one at once and after 5 minutes, any other
    # after an hour, any after a day): a chat or a person on call. Unset: the group is told again.
    on_call_chat_id: int | None = None
    # A participant sending more than FLOOD_MESSAGES in FLOOD_SECONDS is told once to slow down;
    # the rest is kept and answered as one message when they pause.
    flood_messages: int = Field(default=20, ge=2)
    flood_seconds: float = Field(default=10.0, gt=0)
    # The statistics (as /statistikk shows them) to the coordinators' group every Monday at 09:00
    # (Europe/Oslo); off unless turned on.
    weekly_digest: bool = False
    # For crash tests only: "name:n" kills the process the n-th time it passes a kill point.
    kill_at: str | None = None

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        """postgres:// and postgresql:// (what hosting platforms set) mean asyncpg; SQLite means
        aiosqlite; anything else, or a URL that cannot be read, is refused here, in one line."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        for plain, driver in (
            ("postgres://", "postgresql+asyncpg://"),
            ("postgresql://", "postgresql+asyncpg://"),
        ):
            if value.startswith(plain):
                value = driver + value.removeprefix(plain)
        if value.startswith("sqlite://"):
            value = "sqlite+aiosqlite://" + value.removeprefix("sqlite://")
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("expected a URL like postgresql://user@host/db or sqlite:///file.db") from None
        if url.drivername not in ("postgresql+asyncpg", "sqlite+aiosqlite"):
            raise ValueError(
                f"{url.drivername!r} is not supported: expected postgresql://… or sqlite:///file.db"
            )
        return value

    @field_validator("coordinator_ids")
    @classmethod
    def _ids(cls, value: str) -> str:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if any(not part.lstrip("-").isdigit() for part in parts):
            raise ValueError("expected comma-separated numeric Telegram user ids, like 12345,67890")
        return ",".join(parts)

    @field_validator("desk_hours")
    @classmethod
    def _desk_hours(cls, value: str) -> str:
        from bot.core.desk_hours import parse

        parse(value)  # refused at start-up: unreadable hours would make the bot promise untrue times
        return value

    @field_validator("kill_at")
    @classmethod
    def _kill_points(cls, value: str | None) -> str | None:
        killpoints.parse(value)
        return value

    @field_validator("telegram_api_url", "webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @property
    def token(self) -> str | None:
        return self.bot_token.get_secret_value() if self.bot_token else None

    @property
    def keys(self) -> str | None:
        return self.encryption_keys.get_secret_value() if self.encryption_keys else None

    @property
    def coordinator_id_set(self) -> frozenset[str]:
        return frozenset(part for part in self.coordinator_ids.split(",") if part)

    def require_telegram(self, webhook: bool = False) -> None:
        """Check what the Telegram channel needs; raise SettingsError naming the first gap."""
        if not self.token:
            raise SettingsError("setting BOT_TOKEN is missing: expected the token from @BotFather")
        if not BOT_TOKEN.match(self.token):
            raise SettingsError("setting BOT_TOKEN is malformed: expected digits, ':', then the key")
        if self.coordinator_chat_id is None:
            raise SettingsError(
                "setting COORDINATOR_CHAT_ID is missing: expected the id of the coordinators' group"
            )
        if not self.coordinator_id_set:
            raise SettingsError(
                "setting COORDINATOR_IDS is missing: expected comma-separated Telegram user ids"
            )
        if webhook:
            if not self.webhook_url:
                raise SettingsError("setting WEBHOOK_URL is missing: expected the public https URL")
            if not self.webhook_secret or not SECRET_TOKEN.match(self.webhook_secret):
                raise SettingsError(
                    "setting WEBHOOK_SECRET is missing or malformed: expected 1-256 characters "
                    "A-Z, a-z, 0-9, _ or -"
                )


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what is expected."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings now, turning validation errors into one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]).upper()
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"setting {name} is malformed: {message}") from error
