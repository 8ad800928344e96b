"""Application settings, read from the environment and an optional .env when the app starts."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///brobygger.db"


class Settings(BaseSettings):
    """Everything the composition root needs; nothing reads the environment at import time."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what is expected."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings now, turning validation errors into one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]).upper()
        raise SettingsError(f"setting {name}: {first['msg']}") from error
