"""Engine and session factory, with the SQLite settings that make concurrent turns safe."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 15000
# A server database serves many turns at once; the service keeps fewer turns in flight than this.
POOL_SIZE = 20
POOL_OVERFLOW = 10
# A connection older than this is replaced when next taken from the pool: proxies and managed
# databases close idle connections without saying so (SQLAlchemy's "pool_recycle").
POOL_RECYCLE_SECONDS = 300
# Seconds to wait for a new connection: a database that is away is noticed soon, not after the
# driver's default of a minute, and the loops try again.
CONNECT_TIMEOUT_SECONDS = 5


def create_engine(database_url: str) -> AsyncEngine:
    """Create the async engine for DATABASE_URL; SQLite gets WAL, busy timeout, BEGIN IMMEDIATE."""
    url = make_url(database_url)
    # hide_parameters: an error logged by SQLAlchemy must not carry what a participant wrote.
    if url.get_backend_name() != "sqlite":
        # pool_pre_ping: each connection is tried before use, so after a cut or a failover a dead
        # one is replaced instead of failing the turn (SQLAlchemy's pessimistic disconnect handling).
        return create_async_engine(
            url,
            pool_pre_ping=True,
            pool_recycle=POOL_RECYCLE_SECONDS,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
            hide_parameters=True,
        )

    engine = create_async_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that "begin" below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL keeps the database consistent through crashes and only a power loss
        # can take the last commits; FULL would fsync on every one of the many small turns.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, so /slett leaves nothing readable in the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A turn reads then writes; a deferred transaction would fail its upgrade to a write
        # lock with "database is locked" under concurrency instead of waiting its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[Any]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def checkpoint(engine: AsyncEngine) -> None:
    """Fold SQLite's write-ahead log into the database and empty it (after a deletion, so that the
    deleted pages are not left in the log); nothing to do on a server database."""
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        # On the driver's own connection: outside the transaction SQLAlchemy would begin.
        raw = await connection.get_raw_connection()
        cursor = await raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        await cursor.close()
