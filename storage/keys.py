"""Where the encryption keys come from, whether they open the database, and re-encrypting every
encrypted column under the newest key (rotation, and sealing rows written before encryption)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, Text, bindparam, insert, select, type_coerce, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.crypto import TOKEN_PREFIX, EncryptedJSON, EncryptedText, KeyProblem, Keyring
from storage.models import Base, KeyCheck

# Decrypting this proves the keys are the database's own.
SENTINEL = b"brobygger"
BATCH = 500


@dataclass(frozen=True)
class KeySource:
    """The keys a process was given, or the key file of an embedded database."""

    keys: tuple[str, ...]
    key_file: Path | None  # beside an embedded SQLite file when ENCRYPTION_KEYS is not set


def key_file_for(database_url: str) -> Path | None:
    """The key file beside an embedded SQLite database ("brobygger.db" -> "brobygger.db.key")."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    database = Path(url.database)
    return database.with_name(database.name + ".key")


def key_source(database_url: str, configured: str | None) -> KeySource:
    """ENCRYPTION_KEYS (comma-separated, newest first) when set; else the embedded database's key
    file; a server database without ENCRYPTION_KEYS cannot start."""
    if configured and configured.strip():
        return KeySource(tuple(k.strip() for k in configured.split(",") if k.strip()), None)
    key_file = key_file_for(database_url)
    if key_file is None:
        if make_url(database_url).get_backend_name() == "sqlite":
            return KeySource((Keyring.new_key(),), None)  # in memory: gone with the process
        raise KeyProblem("setting ENCRYPTION_KEYS is missing: a server database needs it")
    keys = key_file.read_text().split() if key_file.exists() else []
    return KeySource(tuple(keys), key_file)


def write_key_file(path: Path, keys: list[str]) -> None:
    """The key file, readable by its owner only, replaced in one step."""
    scratch = path.with_name(path.name + ".new")
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("\n".join(keys) + "\n")
    os.chmod(scratch, 0o600)
    os.replace(scratch, path)


async def unlock(engine: AsyncEngine, source: KeySource) -> Keyring:
    """The keyring for this database. A fresh database gets a key (and a key file when it is an
    embedded one); one holding encrypted data must be given keys that open it."""
    try:
        return await _unlock(engine, source)
    except IntegrityError:
        # Another worker starting on the same fresh database wrote its key check first: the
        # keys given must now open that one, as on any later start.
        return await _unlock(engine, source)


async def _unlock(engine: AsyncEngine, source: KeySource) -> Keyring:
    async with engine.begin() as connection:
        token = (await connection.execute(select(KeyCheck.token).where(KeyCheck.id == 1))).scalar()
        if token is None:
            keys = list(source.keys)
            if not keys:
                keys = [Keyring.new_key()]
                if source.key_file is not None:
                    write_key_file(source.key_file, keys)
            keyring = Keyring(keys)
            await connection.execute(insert(KeyCheck).values(id=1, token=keyring.encrypt(SENTINEL)))
            await _reencrypt(connection, keyring)  # rows written before encryption existed
            return keyring
        if not source.keys:
            where = source.key_file or "ENCRYPTION_KEYS"
            raise KeyProblem(
                f"the database holds encrypted data but its key is missing: restore {where} from your "
                "backup, or set ENCRYPTION_KEYS"
            )
        keyring = Keyring(list(source.keys))
        try:
            keyring.decrypt(token)
        except KeyProblem:
            raise KeyProblem("the encryption keys given do not open this database's data") from None
        return keyring


async def rotate(engine: AsyncEngine, keyring: Keyring) -> int:
    """Re-encrypt every encrypted value under the keyring's newest key; returns how many."""
    async with engine.begin() as connection:
        count = await _reencrypt(connection, keyring)
        await connection.execute(
            update(KeyCheck).where(KeyCheck.id == 1).values(token=keyring.encrypt(SENTINEL))
        )
    return count


def encrypted_columns() -> list[tuple[Table, str]]:
    """Every (table, column) stored encrypted."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText | EncryptedJSON):
                found.append((table, column.name))
    return found


async def _reencrypt(connection: AsyncConnection, keyring: Keyring) -> int:
    """Read each encrypted column raw and write it back under the newest key; values written
    before encryption are encrypted (JSON ones as their JSON text)."""
    count = 0
    for table, name in encrypted_columns():
        keys = list(table.primary_key.columns)
        raw = type_coerce(table.c[name], Text)  # the stored text, not decrypted
        rows = (
            await connection.execute(select(*keys, raw.label("raw")).where(table.c[name].is_not(None)))
        ).all()
        changes = []
        for row in rows:
            value = row.raw
            if value == "":
                continue
            if value.startswith(TOKEN_PREFIX):
                new = keyring.rotate(value)
            else:
                new = keyring.encrypt(value.encode("utf-8"))
            changes.append({**{f"k_{k.name}": row._mapping[k.name] for k in keys}, "v": new})
        statement = (
            table.update()
            .where(*(k == bindparam(f"k_{k.name}") for k in keys))
            .values({name: type_coerce(bindparam("v"), Text)})
        )
        for start in range(0, len(changes), BATCH):
            await connection.execute(statement, changes[start : start + BATCH])
        count += len(changes)
    return count
