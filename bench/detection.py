"""What crisis detection and understanding cost: microseconds per message, on the conversation's own
messages, on the labelled safety corpora (crisis-dense, so the patterns that need the most work
run), and, for the kind of a message at a question, on the off-script corpora."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.load import MESSAGES
from bot.core.safety import detect_crisis
from bot.core.understanding import kind_of
from tests.understanding.corpus import CORPUS_NAMES, expects, load

CORPORA = Path(__file__).resolve().parents[1] / "tests" / "safety"
ROUNDS = 20


def _texts(path: Path) -> list[str]:
    return [row.split("\t")[2] for row in path.read_text(encoding="utf-8").splitlines()[1:] if row.strip()]


def _timing(texts: list[str], rounds: int, judge: Callable[[str], object] = detect_crisis) -> dict[str, Any]:
    each: list[float] = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            judge(text)
            each.append(time.perf_counter() - started)
    each.sort()
    return {
        "messages": len(texts),
        "mean_us": round(statistics.fmean(each) * 1e6, 1),
        "p50_us": round(each[len(each) // 2] * 1e6, 1),
        "p99_us": round(each[int(len(each) * 0.99)] * 1e6, 1),
        "max_us": round(each[-1] * 1e6, 1),
    }


def measure_detection(quick: bool = False) -> dict[str, Any]:
    rounds = 2 if quick else ROUNDS
    detect_crisis("varm opp")  # compiled patterns and caches, outside the timing
    corpus = [text for path in sorted(CORPORA.glob("*.tsv")) for text in _texts(path)]
    kind_of("hei", "text")
    by_text = {line.text: expects(line.question) for name in CORPUS_NAMES for line in load(name)}
    return {
        "conversation": _timing(list(MESSAGES), rounds),
        "safety_corpora": _timing(corpus, rounds),
        "understanding": _timing(list(by_text), rounds, lambda text: kind_of(text, by_text[text])),
    }


def detection_lines(timings: dict[str, Any]) -> list[str]:
    return [
        f"{'message kind' if name == 'understanding' else 'crisis detection'} on"
        f" {'off-script corpora' if name == 'understanding' else name.replace('_', ' ')}"
        f" ({t['messages']} messages): mean {t['mean_us']} µs, p50 {t['p50_us']} µs,"
        f" p99 {t['p99_us']} µs a message"
        for name, t in timings.items()
    ]
