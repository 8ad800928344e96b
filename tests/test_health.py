"""Which database errors are an outage to wait out (a full disk among them), and which are bugs to
count and set aside; and that an outage is logged once when it starts and once when it ends."""

from __future__ import annotations

import errno
import logging
import sqlite3

import pytest
from asyncpg.exceptions import DiskFullError
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi

from storage.health import DISK_FULL_QUIET, DatabaseHealth, is_disk_full, is_outage


class _PgError(Exception):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _wrapped(kind: type[sa_exc.DBAPIError], orig: Exception) -> sa_exc.DBAPIError:
    return kind("SELECT 1", {}, orig)


def test_the_database_away_is_an_outage() -> None:
    assert is_outage(ConnectionRefusedError())
    assert is_outage(ConnectionResetError())
    assert is_outage(TimeoutError())
    assert is_outage(_wrapped(sa_exc.DBAPIError, _PgError("the database system is starting up", "57P03")))
    assert is_outage(_wrapped(sa_exc.DBAPIError, _PgError("sorry, too many clients already", "53300")))
    assert is_outage(_wrapped(sa_exc.DBAPIError, _PgError("terminating connection", "57P01")))
    assert is_outage(_wrapped(sa_exc.OperationalError, sqlite3.OperationalError("database is locked")))
    assert is_outage(_wrapped(sa_exc.InterfaceError, Exception("connection is closed")))


def test_a_bug_is_not_an_outage() -> None:
    assert not is_outage(_wrapped(sa_exc.OperationalError, sqlite3.OperationalError("no such column: x")))
    assert not is_outage(_wrapped(sa_exc.DBAPIError, _PgError('column "x" does not exist', "42703")))
    assert not is_outage(_wrapped(sa_exc.IntegrityError, _PgError("duplicate key", "23505")))
    assert not is_outage(ValueError("a bug"))


def _sqlite_error(message: str, code: int, name: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


def _sqlite_full() -> sa_exc.DBAPIError:
    return _wrapped(sa_exc.OperationalError, _sqlite_error("database or disk is full", 13, "SQLITE_FULL"))


def _postgres_full() -> sa_exc.DBAPIError:
    """As SQLAlchemy's asyncpg dialect hands on asyncpg's DiskFullError (SQLSTATE 53100)."""
    said = "could not extend file: No space left on device"
    return _wrapped(
        sa_exc.OperationalError, AsyncAdapt_asyncpg_dbapi.OperationalError(said, DiskFullError(said))
    )


def test_a_full_disk_is_an_outage() -> None:
    full = [
        _sqlite_full(),
        _wrapped(sa_exc.OperationalError, sqlite3.OperationalError("database or disk is full")),
        # A database opened on a disk already full: its shared-memory file cannot grow.
        _wrapped(sa_exc.OperationalError, _sqlite_error("disk I/O error", 4874, "SQLITE_IOERR_SHMSIZE")),
        _postgres_full(),
        _wrapped(sa_exc.DBAPIError, _PgError("could not write to file", "53100")),
        OSError(errno.ENOSPC, "No space left on device"),  # the key file beside the database
    ]
    for error in full:
        assert is_disk_full(error) and is_outage(error), error
    other_io = _wrapped(sa_exc.OperationalError, _sqlite_error("disk I/O error", 10, "SQLITE_IOERR"))
    assert is_outage(other_io) and not is_disk_full(other_io)
    assert not is_disk_full(_wrapped(sa_exc.DBAPIError, _PgError("terminating connection", "57P01")))


def test_a_full_disk_is_logged_once_and_reads_do_not_end_it(caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    health = DatabaseHealth(clock=lambda: now[0])
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        assert health.failed(_sqlite_full(), "delivery")  # each chat's mark, each try
        now[0] += 0.5
        health.ok()  # a loop that only read
    assert not health.up and health.outages == 1
    now[0] += DISK_FULL_QUIET
    health.ok()
    assert health.up and health.outages == 1
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2 and "disk is full" in said[0] and "room again" in said[1], said
    # PostgreSQL's full disk is one too; any other outage ends at the first call that works.
    assert health.failed(_postgres_full(), "the inbox") and health.disk_full
    now[0] += DISK_FULL_QUIET
    health.ok()
    assert health.failed(ConnectionResetError(), "polling") and not health.disk_full
    health.ok()
    assert health.up and health.outages == 3
