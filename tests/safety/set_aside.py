"""Sets a fifth of each multilingual corpus aside, by group, before any training or tuning: run
once when a language's file arrives; a file already split is left alone."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

FOLDER = Path(__file__).parent / "multilingual"
HOLDOUT = FOLDER / "holdout"
HEADER = "label\tgroup\ttext"


def set_aside(group: str) -> bool:
    """A fixed fifth of the groups, the same on every machine: paraphrases stay on one side."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 5 == 0


def split(path: Path) -> tuple[int, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER, f"{path.name}: header"
    rows = [line for line in lines[1:] if line.strip()]
    kept = [row for row in rows if not set_aside(row.split("\t")[1])]
    aside = [row for row in rows if set_aside(row.split("\t")[1])]
    (HOLDOUT / path.name).write_text("\n".join([HEADER, *aside]) + "\n", encoding="utf-8")
    path.write_text("\n".join([HEADER, *kept]) + "\n", encoding="utf-8")
    return len(kept), len(aside)


def add_batch(path: Path) -> tuple[int, int]:
    """A later batch of a language's lines: each line goes to the training file or, by the same
    rule, to the set-aside file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER, f"{path.name}: header"
    rows = [line for line in lines[1:] if line.strip()]
    counts = [0, 0]
    for target, aside in ((FOLDER / path.name, False), (HOLDOUT / path.name, True)):
        chosen = [row for row in rows if set_aside(row.split("\t")[1]) == aside]
        new = not target.exists()  # a language form's first lines: its files begin here
        with target.open("a", encoding="utf-8") as handle:
            handle.write((f"{HEADER}\n" if new else "") + "".join(f"{row}\n" for row in chosen))
        counts[aside] = len(chosen)
    return counts[0], counts[1]


if __name__ == "__main__":
    HOLDOUT.mkdir(exist_ok=True)
    if sys.argv[1] == "--batch":  # set_aside.py --batch DIR: add each of DIR's files to its language
        for batch in sorted(Path(sys.argv[2]).glob("*.tsv")):
            print(batch.name, *add_batch(batch))
        sys.exit()
    for name in sys.argv[1:]:
        target = FOLDER / name
        if (HOLDOUT / name).exists():
            print(f"{name}: already split")
            continue
        print(name, *split(target))
