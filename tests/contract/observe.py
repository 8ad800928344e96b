"""What the process tests look at: the database's inbox and outbox, stored answers, and the
replies a chat saw with re-sent ones taken out."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.crypto import Keyring
from storage.keys import key_source
from storage.scratch import SCRATCH_KEY, needs_scratch_key

STEP_WAIT = 60.0  # a bound for one step of a conversation, restarts included


def collapsed(texts: list[str]) -> list[str]:
    """The texts without replies sent again after a crash: a run of up to four messages that
    repeats the run just before it is dropped."""
    out: list[str] = []
    for message in texts:
        out.append(message)
        for size in range(1, 5):
            if len(out) >= 2 * size and out[-size:] == out[-2 * size : -size]:
                del out[-size:]
                break
    return out


async def settled(database_url: str, updates: int) -> bool:
    """All the updates sent so far are stored and handled, and every reply is sent."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            handled = await connection.scalar(
                text("SELECT count(*) FROM inbox_updates WHERE handled_at IS NOT NULL")
            )
            unsent = await connection.scalar(
                text("SELECT count(*) FROM outgoing_messages WHERE sent_at IS NULL")
            )
    except Exception:  # the database is not created yet
        return False
    finally:
        await engine.dispose()
    return handled == updates and unsent == 0


def _keyring(database_url: str) -> Keyring:
    """The keys the bot under test encrypts with: the scratch key, or the key file it made."""
    keys = SCRATCH_KEY if needs_scratch_key(database_url) else None
    return Keyring(list(key_source(database_url, keys).keys))


async def stored_answers(database_url: str) -> Counter[tuple[str, str, str, bool]]:
    """(chat, question, text, current) of every stored answer version, decrypted."""
    keyring = _keyring(database_url)
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT p.chat_id, a.question, a.text, a.replaced_at IS NULL FROM answers a "
                    "JOIN participants p ON p.id = a.participant_id"
                )
            )
            return Counter(
                (str(r[0]), str(r[1]), keyring.decrypt(r[2]).decode() if r[2] else "", bool(r[3]))
                for r in rows
            )
    finally:
        await engine.dispose()


async def until(
    condition: Callable[[], Awaitable[bool]], what: Callable[[], str], bound: float = STEP_WAIT
) -> None:
    """Wait for condition, up to the bound; the failure says what was awaited and what was seen."""
    try:
        async with asyncio.timeout(bound):
            while not await condition():
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"waited {bound} s for {what()}") from None
