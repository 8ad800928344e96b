"""Start-up of the storage the app runs on: engine, schema check or migration, session factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from storage.crypto import Keyring, attach
from storage.engine import create_engine, create_session_factory
from storage.health import DatabaseHealth
from storage.keys import key_source, unlock
from storage.migrate import is_current, upgrade


class UnmigratedDatabase(Exception):
    """The database is behind the code's schema and is not ours to migrate silently."""


@dataclass
class Storage:
    engine: AsyncEngine
    sessions: async_sessionmaker[Any]
    keyring: Keyring
    # Whether the database answers, as the process's loops see it.
    health: DatabaseHealth = field(default_factory=DatabaseHealth)

    async def close(self) -> None:
        await self.engine.dispose()


async def open_storage(database_url: str, encryption_keys: str | None = None) -> Storage:
    """Open the database; the embedded SQLite file migrates itself, a server must be migrated.
    Then the encryption keys (ENCRYPTION_KEYS, or the embedded database's key file) must open it."""
    engine = create_engine(database_url)
    try:
        if make_url(database_url).get_backend_name() == "sqlite":
            await upgrade(engine)
        elif not await is_current(engine):
            raise UnmigratedDatabase("the database schema is not up to date: run `brobygger migrate` first")
        keyring = await unlock(engine, key_source(database_url, encryption_keys))
    except BaseException:
        await engine.dispose()
        raise
    attach(engine, keyring)
    return Storage(engine, create_session_factory(engine), keyring)
