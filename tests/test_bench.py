"""The benchmark still works: one tiny run of `python -m bench --quick` (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_runs_every_bot_and_writes_its_report(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text())
    bots = {(r["bot"], r["database"]) for r in report["results"]}
    assert bots == {
        ("echo-aiogram", "-"),
        ("echo-ptb", "-"),
        ("brobygger-aiogram", "sqlite"),
        ("brobygger-ptb", "sqlite"),
    }
    for result in report["results"]:
        assert result["turns"] == 2 * 13  # two chats, the whole conversation each
    assert {r["bot"] for r in report["ratios"]} == {"brobygger-aiogram", "brobygger-ptb"}
    assert [g["participants"] for g in report["growth"]] == [100]
    assert report["machine"]["cores"]
    assert (tmp_path / "latest.png").stat().st_size > 10_000
    assert "turns/s" in done.stdout
    detection = report["crisis_detection"]
    assert detection["safety_corpora"]["messages"] >= 400 and detection["conversation"]["mean_us"] > 0
    assert "crisis detection on safety corpora" in done.stdout
    assert detection["understanding"]["messages"] >= 800  # the kind of a message, on the off-script corpora
    assert "message kind on off-script corpora" in done.stdout
    matching = report["partner_matching"]
    assert matching["partners"] == 200 and matching["match_ms"] > 0 and matching["offered"] >= 1
    assert "partner matching with 200 partners" in done.stdout
