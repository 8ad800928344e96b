"""Claims on chats across processes, so one process at a time sends a chat's messages, in order."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Only the chats whose advisory lock this process got; the lock is tied to the connection,
# so a process that dies (even by SIGKILL) lets go of its chats as its connection drops.
_TRY_LOCK = text("SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k WHERE pg_try_advisory_lock(k)")
_UNLOCK = text("SELECT pg_advisory_unlock(k) FROM unnest(CAST(:keys AS bigint[])) AS k")


def _lock_key(chat: str) -> int:
    """A stable signed 64-bit key for a chat (a collision only makes two chats take turns)."""
    digest = hashlib.blake2b(f"brobygger.chat:{chat}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class ChatClaims:
    """On PostgreSQL, PostgreSQL advisory locks; on SQLite, every chat is this process's (one
    process owns an embedded database file)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self.shared = engine.dialect.name == "postgresql"

    @asynccontextmanager
    async def claim(self, chats: Collection[str]) -> AsyncIterator[set[str]]:
        """Hold the chats that no other process holds, for the span of the block."""
        if not self.shared or not chats:
            yield set(chats)
            return
        by_key = {_lock_key(chat): chat for chat in chats}
        async with self._engine.connect() as connection:
            rows = await connection.execute(_TRY_LOCK, {"keys": list(by_key)})
            held = [int(row[0]) for row in rows]
            await connection.commit()
            try:
                yield {by_key[key] for key in held}
            finally:
                if held:
                    try:
                        await connection.execute(_UNLOCK, {"keys": held})
                        await connection.commit()
                    except BaseException:
                        # Never hand a connection that may still hold locks back to the pool.
                        await connection.invalidate()
                        raise
