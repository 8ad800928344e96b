"""The off-script corpus: messages written at a question, each labelled with its kind, and the
figures the note reports (non-answers stored as answers, real answers refused)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.core import answering
from bot.core.dates import parse_when
from bot.core.phrases import asks_for_human, scale_reading, vague_when, yes_or_no
from bot.core.understanding import ANSWER, kind_of
from bot.flows.brobygger import QUESTION_BY_NAME

HERE = Path(__file__).parent
# The set-aside fifth ("holdout") was written apart and never read while tuning the rules.
CORPUS_NAMES = ("tune", "tune2", "tune3", "holdout")
TODAY = date(2026, 11, 25)  # a Wednesday
# The two places in the corpus that are no question of the flow; "back" is the first message after
# a break, read as at a question of their own words.
NOT_A_QUESTION = {"consent": "consent", "offer": "yesno"}


@dataclass(frozen=True)
class Line:
    question: str
    kind: str
    text: str


def load(name: str) -> list[Line]:
    lines = []
    for raw in (HERE / f"corpus_{name}.tsv").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            question, kind, text = raw.split("\t")
            lines.append(Line(question, kind, text))
    return lines


def expects(question: str) -> str:
    """What the bot expects at this question, read from the flow as the bot itself reads it."""
    asked = QUESTION_BY_NAME.get(question)
    return answering.expects(asked) if asked is not None else NOT_A_QUESTION.get(question, "text")


def stored(line: Line) -> bool:
    """Whether the bot takes the text as the answer to its question (the first time it is written)."""
    wanted = expects(line.question)
    if line.question == "back":
        return False  # the first message after a break is met with a welcome back, never stored
    if kind_of(line.text, wanted) != ANSWER:
        return False
    if wanted in ("consent", "yesno"):
        return yes_or_no(line.text) is not None or (wanted == "yesno" and asks_for_human(line.text))
    if wanted == "scale":
        return scale_reading(line.text) is not None
    if wanted == "when":
        return parse_when(line.text, TODAY) is not None or vague_when(line.text)
    return True


def figures(lines: list[Line]) -> dict[str, object]:
    answers = [line for line in lines if line.kind == ANSWER]
    others = [line for line in lines if line.kind != ANSWER]
    stored_others = [line for line in others if stored(line)]
    refused = [line for line in answers if not stored(line)]
    exact = [line for line in others if kind_of(line.text, expects(line.question)) == line.kind]
    return {
        "messages": len(lines),
        "non_answers": len(others),
        "non_answers_stored": len(stored_others),
        "non_answers_stored_share": len(stored_others) / max(1, len(others)),
        "answers": len(answers),
        "answers_refused": len(refused),
        "answers_refused_share": len(refused) / max(1, len(answers)),
        "non_answer_kind_right_share": len(exact) / max(1, len(others)),
        "stored_examples": [f"{line.question}/{line.kind}: {line.text}" for line in stored_others],
        "refused_examples": [f"{line.question}: {line.text}" for line in refused],
    }


if __name__ == "__main__":
    for name in sys.argv[1:] or ["tune"]:
        result = figures(load(name))
        print(name, {k: v for k, v in result.items() if not k.endswith("examples")})
        for key in ("stored_examples", "refused_examples"):
            for example in result[key]:  # type: ignore[attr-defined]
                print(f"  {key[:-9]}: {example}")
