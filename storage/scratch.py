"""Throwaway PostgreSQL databases: made and migrated for one test or benchmark run, then dropped."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from storage.engine import create_engine
from storage.migrate import upgrade

# The key throwaway databases are encrypted with (they are dropped after the run).
SCRATCH_KEY = "WivYKEnUYtJprPpKg2Kj7p9igrI_h6ANVfEx84k9lyY="


def needs_scratch_key(database_url: str) -> bool:
    return not database_url.startswith("sqlite")


def _plain(url: str) -> str:
    """The URL as asyncpg itself takes it (without SQLAlchemy's driver name)."""
    return url.replace("postgresql+asyncpg", "postgresql")


async def postgres_reachable(admin_url: str) -> bool:
    import asyncpg

    try:
        connection = await asyncpg.connect(_plain(admin_url), timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


@asynccontextmanager
async def scratch_postgres(admin_url: str, prefix: str) -> AsyncIterator[str]:
    """A new, migrated database on the server of admin_url; dropped when the block ends."""
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(_plain(admin_url))
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()
    try:
        yield url
    finally:
        connection = await asyncpg.connect(_plain(admin_url))
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()
