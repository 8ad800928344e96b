"""Throughput and latency of the real bot process on each framework, against the fake Bot API.

Each of N chats talks at once, in a closed loop: it sends, waits for the bot's answer, sends the
next. Reports turns per second, latency percentiles (update handed over -> answer received by the
fake server) and the bot process's peak memory. Traffic stays on 127.0.0.1, bounded in count.

    python -m bench.throughput --chats 200 --framework aiogram --framework ptb
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.fake_telegram import FakeTelegram, bot_environment, start_bot_process

TOKEN = "123456:BENCH-token-for-the-fake-server"
# (what the chat sends, a fragment of the answer that ends the turn)
SCRIPT = [
    ("/start", "Før vi starter"),
    ("ja", "Steg 1 av 5"),
    ("Jeg er god til å lage mat", "Hva ville en venn"),
    ("De sier jeg er rolig", "våkner i morgen"),
    ("/hjelp", "Du er her"),
]


class Watched(FakeTelegram):
    """The fake server, waking the chat that waits for a fragment as soon as it is sent."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.waiting: dict[int, tuple[str, asyncio.Future[float]]] = {}

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        result = await super()._api_sendmessage(params)
        chat_id = int(params["chat_id"])
        wanted = self.waiting.get(chat_id)
        if wanted and wanted[0] in str(params.get("text", "")) and not wanted[1].done():
            wanted[1].set_result(time.perf_counter())
        return result


async def _chat(server: Watched, user_id: int, latencies: list[float]) -> None:
    user = server.user(user_id, f"U{user_id}")
    loop = asyncio.get_running_loop()
    for text, fragment in SCRIPT:
        done: asyncio.Future[float] = loop.create_future()
        server.waiting[user_id] = (fragment, done)
        sent = time.perf_counter()
        await user.send(text)
        received = await asyncio.wait_for(done, 120)
        latencies.append(received - sent)


def _peak_rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


async def run(framework: str, chats: int, database_url: str | None = None) -> dict[str, float]:
    server = Watched(TOKEN)
    base_url = await server.start()
    with tempfile.TemporaryDirectory() as scratch:
        env = bot_environment(base_url, TOKEN, database_url or f"sqlite+aiosqlite:///{scratch}/bench.db")
        log = open(os.environ.get("BENCH_LOG", os.devnull), "w")  # noqa: SIM115
        process = await start_bot_process(framework, env, log)
        try:
            await server.wait(lambda: any(m == "getUpdates" for m, _ in server.calls), "polling")
            latencies: list[float] = []
            started = time.perf_counter()
            await asyncio.gather(*(_chat(server, 10_000 + n, latencies) for n in range(chats)))
            elapsed = time.perf_counter() - started
            peak = _peak_rss_kib(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 60)
            await server.stop()
    ordered = sorted(latencies)
    return {
        "turns": len(latencies),
        "seconds": elapsed,
        "turns_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "max_ms": 1000 * ordered[-1],
        "peak_rss_mib": (peak or 0) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--framework", action="append", choices=("aiogram", "ptb"))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--database-url", help="an already migrated database (default: a new SQLite file)")
    args = parser.parse_args()
    for framework in args.framework or ["aiogram", "ptb"]:
        for _ in range(args.rounds):
            result = asyncio.run(run(framework, args.chats, args.database_url))
            print(
                f"{framework:8} "
                + "  ".join(
                    f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
