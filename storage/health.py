"""Whether the database answers: an outage is logged once when it starts and once when it ends."""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


# PostgreSQL's SQLSTATE classes that mean the server is away or not taking work now: connection
# exceptions, the server shutting down or starting up (57P01-57P03), too many connections (53300).
OUTAGE_SQLSTATES = ("08", "57P", "53300", "53400")
# SQLite's words for a file another process holds, or that cannot be read or written just now.
SQLITE_OUTAGE_WORDS = ("database is locked", "database table is locked", "busy", "disk i/o", "unable to open")


def is_outage(error: BaseException) -> bool:
    """An error that says the database is away (connections dropped or refused, the server
    restarting, a lock held too long), not that a statement is wrong: worth waiting out. A real
    bug ("no such column", a constraint) is not an outage: it is counted and set aside."""
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


class DatabaseHealth:
    """Shared by every loop of a process: each reports what it saw, and the log gets one warning
    when the database goes away and one line, with how long it was away, when it is back."""

    def __init__(self) -> None:
        self.down_since: float | None = None
        self.last_error: str | None = None
        self.outages = 0

    @property
    def up(self) -> bool:
        return self.down_since is None

    def failed(self, error: BaseException, where: str) -> bool:
        """Report an error; returns True when it is an outage (logged here, once), False when it is
        not (the caller logs it as the error it is)."""
        if not is_outage(error):
            return False
        self.last_error = type(error).__name__
        if self.down_since is None:
            self.down_since = time.monotonic()
            self.outages += 1
            log.warning(
                "the database cannot be reached (%s, seen by %s); carrying on and trying again",
                self.last_error,
                where,
            )
        return True

    def ok(self) -> None:
        """Report a database call that worked."""
        if self.down_since is not None:
            log.warning("the database is back after %.1f s", time.monotonic() - self.down_since)
            self.down_since = None
            self.last_error = None
