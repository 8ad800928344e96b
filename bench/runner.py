"""One measured run: start a bot process against the fake Bot API, time its first reply, drive the
closed-loop load, and read its CPU time and peak memory."""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.fake_api import FakeBotApi
from bench.load import Script, closed_loop
from bench.process_stats import cpu_seconds, peak_rss_mib
from storage.scratch import SCRATCH_KEY, needs_scratch_key

TOKEN = "123456:BENCH-token-for-the-fake-bot-api"
ROOT = Path(__file__).resolve().parents[1]
# What runs, by name: the bare echo bots, and Brobygger on each framework.
COMMANDS = {
    "echo-aiogram": ["-m", "bench.echo_aiogram"],
    "echo-ptb": ["-m", "bench.echo_ptb"],
    "brobygger-aiogram": ["-m", "bot", "run", "--framework", "aiogram"],
    "brobygger-ptb": ["-m", "bot", "run", "--framework", "ptb"],
}


@dataclass
class Result:
    bot: str
    database: str  # "sqlite", "postgresql", or "-" for the echo bots
    chats: int
    turns: int
    seconds: float
    turns_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    cpu_s_per_1000_turns: float
    peak_rss_mib: float
    first_reply_s: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def bot_env(base_url: str, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": base_url,
        "COORDINATOR_CHAT_ID": "-1001",
        "COORDINATOR_IDS": "501",
        # The fake server has no rate limits: measure the bot, not Telegram's pacing.
        "SEND_PER_SECOND": "100000",
        "SEND_PER_CHAT_PER_SECOND": "100000",
        "SEND_CHAT_BURST": "100000",
        "SEND_PER_GROUP_PER_MINUTE": "6000000",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
        if needs_scratch_key(database_url):
            env["ENCRYPTION_KEYS"] = SCRATCH_KEY
    return env


async def _profiler(pid: int, output: Path) -> Any:
    """py-spy sampling the bot while the load runs, as collapsed stacks (one line per stack)."""
    return await asyncio.create_subprocess_exec(
        "py-spy",
        "record",
        "--pid",
        str(pid),
        "--format",
        "raw",
        "--nonblocking",
        "--rate",
        "200",
        "--output",
        str(output),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(
    bot: str,
    chats: int,
    script: Script,
    database_url: str | None = None,
    log: Path | None = None,
    first_update_id: int = 1,
    profile: Path | None = None,
) -> Result:
    """Start the bot, send one /start and time the first reply (start-up), then run the load."""
    api = FakeBotApi(TOKEN, first_update_id)
    base_url = await api.start()
    with open(log or os.devnull, "wb") as stderr:
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *COMMANDS[bot],
            cwd=ROOT,
            env=bot_env(base_url, database_url),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            await asyncio.wait_for(api.send(1, script[0][0], script[0][1]), 60)
            assert api.first_reply_at is not None
            first_reply = api.first_reply_at - started
            profiler = await _profiler(process.pid, profile) if profile else None
            cpu_before = cpu_seconds(process.pid)
            began = time.perf_counter()
            latencies = await closed_loop(api, chats, script, first_chat=1000)
            elapsed = time.perf_counter() - began
            cpu = cpu_seconds(process.pid) - cpu_before
            peak = peak_rss_mib(process.pid)
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
                await profiler.wait()
        finally:
            if process.returncode is None:
                api.close()
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
                    await process.wait()
            await api.stop()
    ordered = sorted(latencies)
    turns = len(latencies)
    return Result(
        bot=bot,
        database=("postgresql" if "postgresql" in database_url else "sqlite") if database_url else "-",
        chats=chats,
        turns=turns,
        seconds=round(elapsed, 3),
        turns_per_s=round(turns / elapsed, 1),
        p50_ms=round(1000 * statistics.median(ordered), 2),
        p95_ms=round(1000 * _percentile(ordered, 0.95), 2),
        p99_ms=round(1000 * _percentile(ordered, 0.99), 2),
        cpu_s_per_1000_turns=round(1000 * cpu / turns, 3),
        peak_rss_mib=round(peak, 1),
        first_reply_s=round(first_reply, 3),
    )
