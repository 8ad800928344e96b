"""Ways to take the database away in a test: a TCP proxy in front of PostgreSQL that closes every
connection and refuses new ones for a while, as a managed database does when it fails over; and a
full disk, every write refused by the driver for a while, on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url


class DatabaseProxy:
    """Listens on 127.0.0.1 and forwards to the database; `cut(seconds)` takes it away."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._pipes: set[asyncio.Task[None]] = set()
        self._refusing = False
        self.port = 0
        self.cuts = 0

    def url_for(self, database_url: str) -> str:
        """The same database URL, through the proxy."""
        return (
            make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        )

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._drop_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    @property
    def down(self) -> bool:
        return self._refusing

    def take_down(self) -> None:
        """Close every connection and refuse new ones until bring_up()."""
        self.cuts += 1
        self._refusing = True
        self._drop_all()

    def bring_up(self) -> None:
        self._refusing = False

    async def cut(self, seconds: float) -> None:
        self.take_down()
        await asyncio.sleep(seconds)
        self.bring_up()

    def _drop_all(self) -> None:
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()  # a reset, not a polite goodbye
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._refusing:
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, upstream_writer))
        pipes = [
            asyncio.create_task(self._pipe(reader, upstream_writer)),
            asyncio.create_task(self._pipe(upstream_reader, writer)),
        ]
        self._pipes.update(pipes)
        await asyncio.gather(*pipes, return_exceptions=True)
        self._pipes.difference_update(pipes)
        for end in (writer, upstream_writer):
            self._writers.discard(end)
            with contextlib.suppress(Exception):
                end.transport.abort()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.transport.abort()


# Statements that need room on the disk; reads (and SQLite's BEGIN IMMEDIATE, a lock) still work
# on a full disk, as they do on a real one.
WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP")
SQLITE_FULL = 13


class FullDisk:
    """While `full`, every write through any SQLAlchemy engine in this process fails as the
    driver fails on a full disk: SQLite's "database or disk is full" (SQLITE_FULL), PostgreSQL's
    SQLSTATE 53100 (asyncpg's DiskFullError). Use as a context manager; `fill(seconds)` fills it."""

    def __init__(self) -> None:
        self.full = False
        self.fills = 0
        self.refused = 0  # writes refused so far

    def __enter__(self) -> FullDisk:
        event.listen(Engine, "before_cursor_execute", self._refuse)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self._refuse)

    async def fill(self, seconds: float) -> None:
        self.fills += 1
        self.full = True
        try:
            await asyncio.sleep(seconds)
        finally:
            self.full = False

    def _refuse(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.full and statement.lstrip()[:6].upper().startswith(WRITES):
            self.refused += 1
            raise _disk_full_error(connection.dialect)


def _disk_full_error(dialect: Any) -> Exception:
    """The error the dialect's driver raises for a write on a full disk (wrapped by SQLAlchemy
    as it wraps the real one, since it is the driver's own exception class)."""
    if dialect.name == "sqlite":
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = SQLITE_FULL  # type: ignore[attr-defined]
        error.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
        return error
    from asyncpg.exceptions import DiskFullError

    said = 'could not extend file "base/16384/16385": No space left on device'
    return dialect.loaded_dbapi.OperationalError(said, DiskFullError(said))  # type: ignore[no-any-return]
