"""The benchmark: bare echo bots and Brobygger on each framework, side by side in one run.

    python -m bench                    # 20 and 200 chats, SQLite and PostgreSQL, growth to 100,000
    python -m bench --quick            # a tiny run that only checks the benchmark works

Everything talks over HTTP on 127.0.0.1 to a fake Bot API server. Results go to bench/results/
(latest.json, latest.png) and a table on the terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bench import growth as growth_module
from bench import partners as partner_bench
from bench.detection import detection_lines, measure_detection
from bench.load import MESSAGES, brobygger_script, echo_script
from bench.report import growth_table, ratios, table, write
from bench.runner import Result, measure
from storage.scratch import postgres_reachable, scratch_postgres

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
RESULTS = Path(__file__).resolve().parent / "results"
FRAMEWORKS = ["aiogram", "ptb"]
# Update ids the seeded growth databases use stay below this.
GROWTH_UPDATE_IDS = 10**9


@contextlib.asynccontextmanager
async def fresh_postgres() -> AsyncIterator[str | None]:
    """A new, migrated PostgreSQL database for one run, dropped after; None when unreachable."""
    if not await postgres_reachable(POSTGRES):
        yield None
        return
    async with scratch_postgres(POSTGRES, "brobygger_bench") as url:
        yield url


async def side_by_side(chat_counts: list[int], postgres: bool, logs: Path, profile: bool) -> list[Result]:
    script = await brobygger_script()
    results: list[Result] = []
    for chats in chat_counts:
        for framework in FRAMEWORKS:
            results.append(await measure(f"echo-{framework}", chats, echo_script()))
            _progress(results[-1])
        for framework in FRAMEWORKS:
            with tempfile.TemporaryDirectory() as scratch:
                url = f"sqlite+aiosqlite:///{scratch}/bench.db"
                name = f"brobygger-{framework}-sqlite-{chats}"
                results.append(
                    await measure(
                        f"brobygger-{framework}",
                        chats,
                        script,
                        url,
                        logs / f"{name}.log",
                        profile=logs / f"profile-{name}.txt" if profile else None,
                    )
                )
                _progress(results[-1])
            if postgres:
                async with fresh_postgres() as server_url:
                    if server_url is None:
                        print("PostgreSQL not reachable; its runs are left out", flush=True)
                        postgres = False
                        continue
                    log = logs / f"brobygger-{framework}-postgresql-{chats}.log"
                    results.append(await measure(f"brobygger-{framework}", chats, script, server_url, log))
                    _progress(results[-1])
    return results


async def growth(sizes: list[int], chats: int, logs: Path) -> list[dict[str, Any]]:
    """Brobygger on aiogram and SQLite, the same load, with more and more participants stored."""
    script = await brobygger_script()
    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            url = f"sqlite+aiosqlite:///{scratch}/growth.db"
            await growth_module.seed(url, size)
            result = await measure(
                "brobygger-aiogram", chats, script, url, logs / f"growth-{size}.log", GROWTH_UPDATE_IDS
            )
        row = {
            "participants": size,
            "chats": chats,
            "turns": result.turns,
            "cpu_ms_per_turn": round(result.cpu_s_per_1000_turns, 3),
            "turns_per_s": result.turns_per_s,
            "p50_ms": result.p50_ms,
            "p99_ms": result.p99_ms,
            "peak_rss_mib": result.peak_rss_mib,
            "first_reply_s": result.first_reply_s,
        }
        print(f"growth: {row}", flush=True)
        out.append(row)
    return out


def _progress(result: Result) -> None:
    print(
        f"{result.bot:18} {result.database:10} {result.chats:>4} chats: {result.turns_per_s:7.1f} turns/s, "
        f"p50 {result.p50_ms:.1f} ms",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, action="append", help="concurrent chats (default: 20 and 200)")
    parser.add_argument("--growth", default="1000,10000,100000", help="stored participants, or '' for none")
    parser.add_argument("--growth-chats", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--quick", action="store_true", help="2 chats, SQLite, growth of 100: checks it works"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--profile", action="store_true", help="py-spy on Brobygger's SQLite runs (see bench.hotspots)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        chat_counts, sizes, postgres, growth_chats = [2], [100], False, 2
    else:
        chat_counts = args.chats or [20, 200]
        sizes = [int(s) for s in args.growth.split(",") if s.strip()]
        postgres, growth_chats = not args.no_postgres, args.growth_chats
    logs = args.out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"each chat sends {len(MESSAGES)} messages, from /start to the summary", flush=True)
    results = asyncio.run(side_by_side(chat_counts, postgres, logs, args.profile))
    grown = asyncio.run(growth(sizes, growth_chats, logs)) if sizes else []
    detection = measure_detection(quick=args.quick)
    # The network step with 2,000 partners (200 in a quick run) against none: what matching costs.
    partners = asyncio.run(
        partner_bench.measure(200 if args.quick else 2000, 2 if args.quick else 20, 1 if args.quick else 5)
    )
    report = write(args.out, results, grown, detection, partners)
    print()
    print(table(results))
    print()
    for ratio in ratios(results):
        print(
            f"{ratio['bot']} {ratio['database']} at {ratio['chats']} chats: "
            f"{ratio['throughput_ratio']:.2f}x the echo bot's throughput, "
            f"p50 +{ratio['p50_over_echo_ms']:.1f} ms"
        )
    if grown:
        print()
        print(growth_table(grown))
    print()
    print("\n".join(detection_lines(detection)))
    print(partner_bench.line(partners))
    print(f"\nwritten: {args.out / 'latest.json'}, {args.out / 'latest.png'} ({report['machine']['when']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
