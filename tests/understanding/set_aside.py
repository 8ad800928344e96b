"""Sets a fifth of each corpus of kinds aside, by group, before any training or tuning: run once
when a language's file arrives (`python -m tests.understanding.set_aside nn.tsv`); a file already
split is left alone."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.safety.set_aside import set_aside

FOLDER = Path(__file__).parent / "kinds"
HOLDOUT = FOLDER / "holdout"
HEADER = "question\tkind\tgroup\ttext"


def split(path: Path) -> tuple[int, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER, f"{path.name}: header"
    rows = [line for line in lines[1:] if line.strip()]
    aside = [row for row in rows if set_aside(row.split("\t")[2])]
    kept = [row for row in rows if not set_aside(row.split("\t")[2])]
    (HOLDOUT / path.name).write_text("\n".join([HEADER, *aside]) + "\n", encoding="utf-8")
    path.write_text("\n".join([HEADER, *kept]) + "\n", encoding="utf-8")
    return len(kept), len(aside)


if __name__ == "__main__":
    HOLDOUT.mkdir(exist_ok=True)
    for name in sys.argv[1:]:
        if (HOLDOUT / name).exists():
            print(f"{name}: already split")
            continue
        print(name, *split(FOLDER / name))
