"""The off-script corpora: messages written at a question, each labelled with its kind, and the
figures the note reports (non-answers stored as answers, real answers refused, answers asked about)."""

from __future__ import annotations

import asyncio
import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.core import answering
from bot.core.dates import parse_when
from bot.core.phrases import asks_for_human, scale_reading, vague_when, yes_or_no_in_any_language
from bot.core.reading.kinds import read
from bot.core.reading.reader import Reader
from bot.core.understanding import ANSWER
from bot.flows.brobygger import QUESTION_BY_NAME

HERE = Path(__file__).parent
# The set-aside fifth ("holdout") was written apart and never read while tuning the rules.
CORPUS_NAMES = ("tune", "tune2", "tune3", "holdout")
TODAY = date(2026, 11, 25)  # a Wednesday
# The two places in the corpus that are no question of the flow; "back" is the first message after
# a break, read as at a question of their own words.
NOT_A_QUESTION = {"consent": "consent", "offer": "yesno"}
STORED, ASKED, NOT_STORED = "stored", "asked", "not stored"


@dataclass(frozen=True)
class Line:
    question: str
    kind: str
    text: str
    language: str = "nb"


def load(name: str) -> list[Line]:
    lines = []
    for raw in (HERE / f"corpus_{name}.tsv").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            question, kind, text = raw.split("\t")
            lines.append(Line(question, kind, text))
    return lines


def set_aside() -> dict[str, list[Line]]:
    """Each language's set-aside fifth: Bokmål's, and those of the corpora of kinds."""
    table = {"nb": load("holdout")}
    for path in sorted((HERE / "kinds" / "holdout").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            table[path.stem] = [Line(r["question"], r["kind"], r["text"], path.stem) for r in rows]
    return table


def expects(question: str) -> str:
    """What the bot expects at this question, read from the flow as the bot itself reads it."""
    asked = QUESTION_BY_NAME.get(question)
    return answering.expects(asked) if asked is not None else NOT_A_QUESTION.get(question, "text")


def outcome(
    line: Line, shares: dict[str, float] | None = None, thresholds: dict[str, float] | None = None
) -> str:
    """What the bot does with the text the first time it is written at the question: stores it as
    the answer, asks whether it is one, or does not store it; by the rules alone without shares."""
    wanted = expects(line.question)
    if line.question == "back":
        return NOT_STORED  # the first message after a break is met with a welcome back, never stored
    reading = read(line.text, wanted, shares, thresholds or {}, line.question)
    if reading.kind != ANSWER:
        return NOT_STORED
    if wanted in ("consent", "yesno"):
        fits = yes_or_no_in_any_language(line.text) is not None or (
            wanted == "yesno" and asks_for_human(line.text)
        )
    elif wanted == "scale":
        fits = scale_reading(line.text) is not None
    elif wanted == "when":
        fits = parse_when(line.text, TODAY) is not None or vague_when(line.text)
    else:
        fits = True
    if not fits:
        return NOT_STORED
    return ASKED if reading.unsure else STORED


def stored(line: Line) -> bool:
    """Whether the rules alone take the text as the answer to its question."""
    return outcome(line) == STORED


def figures(lines: list[Line], outcomes: list[str] | None = None) -> dict[str, object]:
    outcomes = outcomes or [outcome(line) for line in lines]
    # An answer written as the first message after a break is asked again by design (a welcome
    # back first): not counted among the answers.
    answers = [
        (line, o)
        for line, o in zip(lines, outcomes, strict=True)
        if line.kind == ANSWER and line.question != "back"
    ]
    others = [(line, o) for line, o in zip(lines, outcomes, strict=True) if line.kind != ANSWER]
    stored_others = [line for line, o in others if o == STORED]
    refused = [line for line, o in answers if o == NOT_STORED]
    return {
        "messages": len(lines),
        "non_answers": len(others),
        "non_answers_stored": len(stored_others),
        "non_answers_stored_share": len(stored_others) / max(1, len(others)),
        "non_answers_asked": sum(o == ASKED for _, o in others),
        "answers": len(answers),
        "answers_refused": len(refused),
        "answers_refused_share": len(refused) / max(1, len(answers)),
        "answers_asked": sum(o == ASKED for _, o in answers),
        "stored_examples": [f"{line.question}/{line.kind}: {line.text}" for line in stored_others],
        "refused_examples": [f"{line.question}: {line.text}" for line in refused],
    }


async def outcomes_with_model(reader: Reader, lines: list[Line]) -> list[str]:
    """Each line's outcome with the kind head beside the rules, as the core reads it."""
    assert reader.kind_head is not None
    return [outcome(line, await reader.kinds(line.text), reader.kind_head.thresholds) for line in lines]


async def decided_by_model(reader: Reader, lines: list[Line]) -> int:
    """How many of the lines the kind head, not the rules, read."""
    assert reader.kind_head is not None
    count = 0
    for line in lines:
        shares = await reader.kinds(line.text)
        reading = read(line.text, expects(line.question), shares, reader.kind_head.thresholds, line.question)
        count += reading.by_model
    return count


if __name__ == "__main__":
    from bot.core.reading.reader import open_reader

    for language, lines in set_aside().items():
        by_model = asyncio.run(decided_by_model(open_reader("on"), lines))
        print(language, f"read by the model: {by_model} of {len(lines)}")
        for name, result in (
            ("rules", figures(lines)),
            ("rules and model", figures(lines, asyncio.run(outcomes_with_model(open_reader("on"), lines)))),
        ):
            print(language, name, {k: v for k, v in result.items() if not k.endswith("examples")})
            if "-v" in sys.argv:
                for key in ("stored_examples", "refused_examples"):
                    for example in result[key]:  # type: ignore[attr-defined]
                        print(f"  {key[:-9]}: {example}")
