"""Whether the database answers: an outage is logged once when it starts and once when it ends."""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from collections.abc import Callable, Iterator

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


# PostgreSQL's SQLSTATE classes that mean the server is away or not taking work now: connection
# exceptions, the server shutting down or starting up (57P01-57P03), too many connections (53300).
OUTAGE_SQLSTATES = ("08", "57P", "53300", "53400")
# SQLite's words for a file another process holds, or that cannot be read or written just now.
SQLITE_OUTAGE_WORDS = ("database is locked", "database table is locked", "busy", "disk i/o", "unable to open")
# A full disk: PostgreSQL's disk_full (asyncpg's DiskFullError); SQLite's SQLITE_FULL, and
# SQLITE_IOERR_SHMSIZE, which is what SQLite says when its shared-memory file cannot grow (a
# database opened on a disk already full, or its write-ahead log growing on one); the OS's ENOSPC
# and EDQUOT (a file beside the database, such as its key file). It passes when space is freed, so
# it is waited out like an outage: reads still work, writes wait.
DISK_FULL_SQLSTATE = "53100"
SQLITE_FULL = 13
SQLITE_IOERR_SHMSIZE = 4874
SQLITE_DISK_FULL_WORDS = ("database or disk is full",)
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver's error it wraps, what it was raised from, and a group's members; not
    what was being handled when it was raised (__context__): a bug while handling a full disk is a bug."""
    seen: set[int] = set()
    todo: list[object] = [error]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, BaseExceptionGroup):
            todo.extend(item.exceptions)
        todo.extend((getattr(item, "orig", None), item.__cause__))


def disk_full_cause(error: BaseException) -> BaseException | None:
    """The error (or the driver's error it wraps) that says the disk under the database, or a file
    beside it, is full; None when it says nothing of the kind."""
    for cause in _causes(error):
        state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if state == DISK_FULL_SQLSTATE:
            return cause
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None and (code & 0xFF == SQLITE_FULL or code == SQLITE_IOERR_SHMSIZE):
            return cause
        if isinstance(cause, OSError) and cause.errno in DISK_FULL_ERRNOS:
            return cause
        if type(cause).__module__ == "sqlite3" and any(
            w in str(cause).lower() for w in SQLITE_DISK_FULL_WORDS
        ):
            return cause
    return None


def is_disk_full(error: BaseException) -> bool:
    """Whether the error says the disk under the database (or a file beside it) is full."""
    return disk_full_cause(error) is not None


def disk_full_words(error: BaseException) -> str:
    """What the driver or the OS said of the full disk, in a few words, for a one-line message."""
    cause = disk_full_cause(error) or error
    said = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    name = getattr(cause, "sqlite_errorname", None)
    return f"{said}, {name}" if name else said


def is_outage(error: BaseException) -> bool:
    """An error that says the database is away (connections dropped or refused, the server
    restarting, a lock held too long, its disk full), not that a statement is wrong: worth waiting
    out. A real bug ("no such column", a constraint) is not an outage: it is counted and set aside."""
    if is_disk_full(error):
        return True
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        if state:
            return str(state).startswith(OUTAGE_SQLSTATES)
        said = str(error.orig).lower()
        if isinstance(error, sa_exc.OperationalError) and any(w in said for w in SQLITE_OUTAGE_WORDS):
            return True
        # The driver's connection is closed or broken (asyncpg: "connection is closed").
        return isinstance(error, sa_exc.InterfaceError) or (
            "connection" in said
            and ("closed" in said or "reset" in said or "refused" in said or "lost" in said)
        )
    # Refused or dropped while connecting, before SQLAlchemy could wrap it; the pool's own timeout.
    return isinstance(error, OSError | ConnectionError | TimeoutError | sa_exc.TimeoutError)


PROBE_TIMEOUT = 2.0  # seconds: a health check that hangs is an answer too


async def database_answers(engine: AsyncEngine) -> bool:
    """Whether the database answers a query now (a fresh look, not what the loops last saw)."""
    try:
        async with asyncio.timeout(PROBE_TIMEOUT), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


# Reads work on a full disk, so a loop that only read reports the database fine while writes
# still fail: a full disk ends only when no write has failed for this long (seconds), longer than
# the loops take to try a write again (at most a second or so), so that it is one outage, not many.
DISK_FULL_QUIET = 5.0


class DatabaseHealth:
    """Shared by every loop of a process: each reports what it saw, and the log gets one warning
    when the database goes away (or its disk fills up) and one line, with how long it was away,
    when it is back."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.down_since: float | None = None
        self.last_error: str | None = None
        self.outages = 0
        self.disk_full = False  # the outage going on is a full disk
        self._last_failed = 0.0

    @property
    def up(self) -> bool:
        return self.down_since is None

    def failed(self, error: BaseException, where: str) -> bool:
        """Report an error; returns True when it is an outage (logged here, once), False when it is
        not (the caller logs it as the error it is)."""
        if not is_outage(error):
            return False
        self.last_error = type(error).__name__
        self._last_failed = self._clock()
        if self.down_since is None:
            self.down_since = self._last_failed
            self.outages += 1
            self.disk_full = is_disk_full(error)
            if self.disk_full:
                log.warning(
                    "the database's disk is full (%s, seen by %s): nothing can be written; keeping "
                    "what waits and trying again until there is room",
                    self.last_error,
                    where,
                )
            else:
                log.warning(
                    "the database cannot be reached (%s, seen by %s); carrying on and trying again",
                    self.last_error,
                    where,
                )
        return True

    def ok(self) -> None:
        """Report a database call that worked."""
        if self.down_since is None:
            return
        now = self._clock()
        if self.disk_full:
            if now - self._last_failed < DISK_FULL_QUIET:
                return  # perhaps only a read: writes failed a moment ago
            log.warning(
                "the database's disk has room again: writes failed for %.1f s",
                self._last_failed - self.down_since,
            )
        else:
            log.warning("the database is back after %.1f s", now - self.down_since)
        self.down_since = None
        self.last_error = None
        self.disk_full = False
