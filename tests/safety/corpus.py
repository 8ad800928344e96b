"""The labelled safety corpus: reading it, and the figures a detector reaches on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
# What the detector was tuned on, each measured once before it was tuned on (see the note of the
# safety-net issue): the first corpus, a red-team set, and the first set-aside fifth.
TUNING = (HERE / "corpus.tsv", HERE / "redteam.tsv", HERE / "holdout1.tsv")
# Written by someone who never saw the detector, and never read while tuning it.
HOLDOUT = HERE / "holdout2.tsv"


@dataclass(frozen=True)
class Line:
    label: str  # "acute", "concern" or "ordinary"
    group: str
    text: str

    @property
    def crisis(self) -> bool:
        return self.label != "ordinary"


def read(path: Path) -> list[Line]:
    rows = path.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "label\tgroup\ttext", path
    return [Line(*row.split("\t")) for row in rows[1:] if row.strip()]


@dataclass
class Figures:
    crisis: int = 0
    caught: int = 0
    ordinary: int = 0
    false_alarms: int = 0
    same_tier: int = 0
    missed: list[Line] = field(default_factory=list)
    alarms: list[Line] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.crisis if self.crisis else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.ordinary if self.ordinary else 0.0

    def __str__(self) -> str:
        return (
            f"recall {self.caught}/{self.crisis} = {self.recall:.1%}, false alarms "
            f"{self.false_alarms}/{self.ordinary} = {self.false_alarm_rate:.1%}, same tier as labelled "
            f"{self.same_tier}/{self.caught}"
        )


def measure(lines: list[Line], tier_of: Callable[[str], str | None]) -> Figures:
    """tier_of gives "acute", "concern" or None for a text."""
    figures = Figures()
    for line in lines:
        tier = tier_of(line.text)
        if line.crisis:
            figures.crisis += 1
            if tier is None:
                figures.missed.append(line)
            else:
                figures.caught += 1
                figures.same_tier += tier == line.label
        else:
            figures.ordinary += 1
            if tier is not None:
                figures.false_alarms += 1
                figures.alarms.append(line)
    return figures
