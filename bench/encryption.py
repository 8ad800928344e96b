"""What encryption at rest costs per turn: the whole conversation through the core on SQLite,
with the real keys and with a keyring that stores text as it is, in alternating rounds in one
process (so that a machine whose speed drifts affects both alike).

    python -m bench.encryption [--chats 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from typing import Any

from bench.load import cpu_ms_per_turn
from bot.core.conversation import Conversation
from bot.startup import open_storage
from storage.crypto import Keyring, attach


class PlainKeyring(Keyring):
    """Stores text as it is: the turn without the cost of encryption, for comparison only."""

    def encrypt(self, data: bytes) -> str:
        return data.decode("utf-8")

    def decrypt(self, token: str) -> bytes:
        return token.encode("utf-8")


async def _round(chats: int, plain: bool) -> float:
    """CPU milliseconds per turn for `chats` participants walking the whole conversation."""
    with tempfile.TemporaryDirectory() as scratch:
        storage = await open_storage(f"sqlite+aiosqlite:///{scratch}/bench.db")
        if plain:
            attach(storage.engine, PlainKeyring([Keyring.new_key()]))
        try:
            return await cpu_ms_per_turn(Conversation(storage.sessions), chats)
        finally:
            await storage.close()


async def measure(chats: int, rounds: int) -> dict[str, Any]:
    encrypted: list[float] = []
    plain: list[float] = []
    await _round(2, False)  # warm: imports, compiled patterns, catalogs
    for _ in range(rounds):
        encrypted.append(await _round(chats, False))
        plain.append(await _round(chats, True))
    with_keys, without = statistics.median(encrypted), statistics.median(plain)
    return {
        "chats": chats,
        "rounds": rounds,
        "cpu_ms_per_turn_encrypted": round(with_keys, 3),
        "cpu_ms_per_turn_plain": round(without, 3),
        "cost_ms_per_turn": round(with_keys - without, 3),
        "cost_percent": round(100 * (with_keys - without) / without, 1),
        "encrypted_rounds": [round(x, 3) for x in encrypted],
        "plain_rounds": [round(x, 3) for x in plain],
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.encryption", description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(asyncio.run(measure(args.chats, args.rounds)))


if __name__ == "__main__":
    main()
