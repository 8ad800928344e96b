"""The labelled safety corpus: its shape, the detector's figures on what it was tuned on, and the
figures through the core on the set aside before tuning."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from bot.core.conversation import Conversation
from bot.core.i18n import translator
from bot.core.safety import detect_crisis
from tests.conftest import Chat
from tests.safety.corpus import HOLDOUT, TUNING, Figures, Line, measure, read

t = translator("nb")
ALL = [line for path in (*TUNING, HOLDOUT) for line in read(path)]


def tier(text: str) -> str | None:
    found = detect_crisis(text)
    return found.tier if found else None


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    crisis = [line for line in ALL if line.crisis]
    groups = Counter(line.group for line in crisis)
    ordinary = Counter(line.group for line in ALL if not line.crisis)
    assert len(ALL) >= 400 and len(crisis) >= 200 and sum(ordinary.values()) >= 200
    assert groups["en_mixed"] >= 40 and groups["nn_dialect"] >= 30
    assert groups["indirect"] >= 30 and groups["trailing"] >= 20
    for group in ("idiom", "denial", "reported", "joke", "health", "benefits", "jobsearch"):
        assert ordinary[group] >= 10, group
    texts = [line.text.lower() for line in ALL]
    assert len(texts) == len(set(texts)), "a sentence is in the corpus twice"
    assert len(read(HOLDOUT)) >= 0.15 * len(ALL)  # set aside before tuning


def test_figures_on_the_sentences_tuned_on() -> None:
    figures = measure([line for path in TUNING for line in read(path)], tier)
    assert figures.recall >= 0.97, figures.missed
    assert figures.false_alarm_rate <= 0.01, figures.alarms


async def _first_reply(conversation: Conversation, number: int, line: Line) -> tuple[str | None, bool]:
    """A new participant, at the first question, writes the line: the tier the first reply shows
    ("acute" help lines, the "concern" question with them, or None), and whether a case opened."""
    chat = Chat(conversation, chat_id=f"corpus-{number}")
    await chat.consent()
    await chat.send(line.text)
    first = chat.replies[0].text if chat.replies else ""
    if not all(n in first for n in ("113", "116 123")):
        return None, bool(chat.coordinators)
    return ("concern" if first == t("care.concern_question") else "acute"), bool(chat.coordinators)


# The honest figures: sentences nobody tuning the detector had read, through the whole core.
# Measured once when the tuning was done: 56 of 95 crisis messages (58.9 %) got help lines in the
# first reply, 1 of 95 ordinary ones (1.1 %) an alarm; again after the fixes a review found (a
# negation no longer reaches over a new subject, "jeg fortalte … at" is the writer's own words):
# 58.9 % and 2 of 95 (2.1 %). The goal is 95 % and 2 %: not met. The bounds keep what was reached
# from slipping back.
HOLDOUT_RECALL_FLOOR = 0.58
HOLDOUT_FALSE_ALARM_CEILING = 0.025


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_figures_through_the_core_on_the_set_aside_sentences(conversation: Conversation) -> None:
    figures = Figures()
    numbers = itertools.count()
    for line in read(HOLDOUT):
        shown, case = await _first_reply(conversation, next(numbers), line)
        if line.crisis:
            figures.crisis += 1
            figures.caught += shown is not None
            figures.same_tier += shown == line.label
            if shown is None:
                figures.missed.append(line)
        else:
            figures.ordinary += 1
            figures.false_alarms += shown is not None or case
            if shown is not None or case:
                figures.alarms.append(line)
    print(f"\nset aside, through the core: {figures}")
    assert figures.recall >= HOLDOUT_RECALL_FLOOR
    assert figures.false_alarm_rate <= HOLDOUT_FALSE_ALARM_CEILING
