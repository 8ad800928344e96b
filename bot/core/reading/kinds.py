"""One reading of what a message is at a question: the rules' kind and the kind head's shares together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core import understanding
from bot.core.phrases import yes_or_no_in_any_language
from bot.core.understanding import ANSWER, COMMAND, CONFUSED, HARMFUL, LANGUAGE, QUESTION, kind_of

if TYPE_CHECKING:
    from bot.core.flow_engine import Question

NORWEGIAN = ("nb", "nn")
# Where a step or goal that would do harm can be written.
HARM_AT = frozenset({"goal", "goal_step_up", "plan"})
# Kinds the rules read precisely (a command's words, "skjønner ikke"): the model does not turn
# them into an answer.
RULES_DECIDE = frozenset({COMMAND, CONFUSED})
# At a question with a precise reading (yes or no, a number, a day), the model may only say that
# what the rules read as an answer is something else, and only one of these. Not a command: the
# head cannot say which, and a sentence at the scale is better met with "a number, please" than
# with the whole help text.
VETO_KINDS = frozenset({"question", CONFUSED, LANGUAGE, "refusal", "low_mood"})


def asks(text: str) -> bool:
    """Ends with a question mark (any script's: "?", "؟")."""
    return text.rstrip().endswith(("?", "؟"))


@dataclass(frozen=True)
class Reading:
    """What a message is: a kind (understanding.KINDS, or HARMFUL); `unsure` when the head cannot
    tell an answer from something else (the bot asks); `by_model` when the head, not the rules,
    decided (the figures report its share)."""

    kind: str
    unsure: bool = False
    by_model: bool = False


@dataclass(frozen=True)
class OffScript:
    """A message that is no answer to the question asked (`asked` None: the consent). A step's
    handler hands it back, and the step table has it replied to (bot/core/off_script.py)."""

    kind: str
    text: str
    asked: Question | None


def read(
    text: str,
    expects: str,
    shares: dict[str, float] | None,
    thresholds: dict[str, float],
    question: str = "",
    locale: str = "nb",
) -> Reading:
    """The reading of `text` at a question that expects `expects` (understanding.EXPECTS), from
    a participant whose language is `locale`."""
    rules = kind_of(text, expects)
    if rules == LANGUAGE and understanding.in_script_of(text, locale):
        rules = ANSWER  # Ukrainian from someone the bot writes Ukrainian to is no other language
    if rules == ANSWER and expects in ("text", "ever") and locale not in NORWEGIAN and asks(text):
        # The rules read questions in Norwegian only: in another language a question mark is
        # what they can see ("ile to trwa?", "ти справжня людина?"), and no answer is stored.
        rules = QUESTION
    harm_possible = question in HARM_AT
    if harm_possible and understanding.is_harmful(text):
        return Reading(HARMFUL)
    if shares is None:
        if rules == LANGUAGE and expects in ("text", "ever") and understanding.other_script(text):
            # On the rules alone the bot cannot tell; it promises to keep answers as written, so
            # it asks rather than drop one.
            return Reading(ANSWER, unsure=True)
        return Reading(rules)
    answer = shares[ANSWER]
    other = max((k for k in shares if k not in (ANSWER, HARMFUL)), key=shares.__getitem__)
    if harm_possible and shares[HARMFUL] >= thresholds["harmful"]:
        return Reading(HARMFUL, by_model=True)
    sure, unsure = thresholds["answer_sure"], thresholds["answer_unsure"]
    short = len(text.split()) <= 3
    if expects == "ever" and rules == ANSWER and short and yes_or_no_in_any_language(text) is not None:
        return Reading(ANSWER)  # "nei", "ja, litt" to "Har du opplevd ...?": read by the rules
    if expects not in ("text", "ever"):
        if rules == ANSWER and answer < unsure and other in VETO_KINDS:
            return Reading(other, by_model=True)
        return Reading(rules)
    if rules == ANSWER:
        if answer >= sure:
            return Reading(ANSWER)
        if answer >= unsure:
            return Reading(ANSWER, unsure=True, by_model=True)
        return Reading(other, by_model=True)
    if rules == LANGUAGE and understanding.other_script(text) and answer >= sure:
        # Their own words in their own language: kept as written, as the bot promises (it cannot
        # yet ask in their language whether it is their answer).
        return Reading(ANSWER, by_model=True)
    if rules == LANGUAGE and understanding.other_script(text) and answer >= unsure:
        return Reading(ANSWER, unsure=True, by_model=True)
    if rules not in RULES_DECIDE and answer >= sure:
        return Reading(ANSWER, unsure=True, by_model=True)
    return Reading(rules)
