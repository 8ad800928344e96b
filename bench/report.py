"""The benchmark's report: a table on the terminal, JSON, and one PNG picture."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.runner import Result

COLUMNS = [
    ("bot", "bot", "{}"),
    ("database", "db", "{}"),
    ("chats", "chats", "{}"),
    ("turns_per_s", "turns/s", "{:.0f}"),
    ("p50_ms", "p50 ms", "{:.1f}"),
    ("p95_ms", "p95 ms", "{:.1f}"),
    ("p99_ms", "p99 ms", "{:.1f}"),
    ("cpu_s_per_1000_turns", "CPU s/1k", "{:.2f}"),
    ("peak_rss_mib", "RSS MiB", "{:.0f}"),
    ("first_reply_s", "1st reply s", "{:.2f}"),
]


def machine() -> dict[str, Any]:
    """Where the figures came from."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "host": platform.node(),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "commit": commit,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def ratios(results: list[Result]) -> list[dict[str, Any]]:
    """Brobygger against the echo bot of its framework, at the same number of chats."""
    echo = {(r.bot.split("-", 1)[1], r.chats): r for r in results if r.bot.startswith("echo-")}
    out = []
    for r in results:
        if not r.bot.startswith("brobygger-"):
            continue
        base = echo.get((r.bot.split("-", 1)[1], r.chats))
        if base is None:
            continue
        out.append(
            {
                "bot": r.bot,
                "database": r.database,
                "chats": r.chats,
                "throughput_ratio": round(r.turns_per_s / base.turns_per_s, 3),
                "p50_over_echo_ms": round(r.p50_ms - base.p50_ms, 1),
                "cpu_ratio": round(r.cpu_s_per_1000_turns / base.cpu_s_per_1000_turns, 2),
                "rss_ratio": round(r.peak_rss_mib / base.peak_rss_mib, 2),
            }
        )
    return out


def table(results: list[Result]) -> str:
    rows = [[label for _, label, _ in COLUMNS]]
    for r in results:
        data = r.as_dict()
        rows.append([fmt.format(data[key]) for key, _, fmt in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def growth_table(growth: list[dict[str, Any]]) -> str:
    lines = ["stored participants  ms CPU/turn  p50 ms  RSS MiB"]
    for g in growth:
        lines.append(
            f"{g['participants']:>19,}  {g['cpu_ms_per_turn']:>11.2f}  "
            f"{g['p50_ms']:>6.1f}  {g['peak_rss_mib']:>7.0f}"
        )
    return "\n".join(lines)


def write(
    directory: Path,
    results: list[Result],
    growth: list[dict[str, Any]],
    detection: dict[str, Any] | None = None,
    partners: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """bench/results/latest.json and latest.png; returns what was written."""
    directory.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": machine(),
        "results": [r.as_dict() for r in results],
        "ratios": ratios(results),
        "growth": growth,
        "crisis_detection": detection or {},
        "partner_matching": partners or {},
    }
    (directory / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    plot(directory / "latest.png", results, growth, report["machine"])
    return report


def plot(path: Path, results: list[Result], growth: list[dict[str, Any]], where: dict[str, Any]) -> None:
    """Throughput and p50 latency per bot at each number of chats, and cost per turn as the
    stored participants grow."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted({f"{r.bot} {r.database}".replace(" -", "") for r in results}, key=_order)
    chat_counts = sorted({r.chats for r in results})
    by = {(f"{r.bot} {r.database}".replace(" -", ""), r.chats): r for r in results}
    panels = 3 if growth else 2
    figure, axes = plt.subplots(1, panels, figsize=(6 * panels, 5.5))
    width = 0.8 / max(1, len(chat_counts))
    for index, chats in enumerate(chat_counts):
        xs = [n + index * width for n in range(len(names))]
        axes[0].bar(
            xs,
            [by[(n, chats)].turns_per_s if (n, chats) in by else 0 for n in names],
            width,
            label=f"{chats} chats",
        )
        axes[1].bar(
            xs,
            [by[(n, chats)].p50_ms if (n, chats) in by else 0 for n in names],
            width,
            label=f"{chats} chats",
        )
    for axis, title in ((axes[0], "turns per second (higher is better)"), (axes[1], "p50 latency, ms (log)")):
        axis.set_xticks([n + width * (len(chat_counts) - 1) / 2 for n in range(len(names))])
        axis.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
        axis.set_title(title)
        axis.legend()
    axes[1].set_yscale("log")
    if growth:
        sizes = [g["participants"] for g in growth]
        axes[2].plot(sizes, [g["cpu_ms_per_turn"] for g in growth], marker="o", label="CPU ms per turn")
        axes[2].plot(sizes, [g["p50_ms"] for g in growth], marker="s", label="p50 latency ms")
        axes[2].set_xscale("log")
        axes[2].set_ylim(bottom=0)
        axes[2].set_xlabel("participants already stored")
        axes[2].set_title("cost per turn as the database grows (flat is good)")
        axes[2].legend()
    figure.suptitle(
        f"Brobygger vs bare echo bots — {where['cores']} cores, {where['cpu']}, {where['when'][:10]}"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _order(name: str) -> tuple[int, str]:
    return (0 if name.startswith("echo") else 1, name)
