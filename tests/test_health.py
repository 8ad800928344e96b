"""Which database errors are an outage to wait out, and which are bugs to count and set aside."""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

from storage.health import is_outage


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
