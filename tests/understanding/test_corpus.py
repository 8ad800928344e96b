"""The off-script corpora: non-answers are never stored as answers, and real answers are taken.
The tuning sets must pass outright; the set-aside fifth (written apart, never read while tuning)
is held to what it measured when the rules were written, so that a change that makes the bot
understand less fails here. The figures go in the issue's note."""

from __future__ import annotations

from tests.understanding.corpus import figures, load


def test_tuning_sets_store_no_non_answer_and_take_the_answers() -> None:
    for name in ("tune", "tune2", "tune3"):
        result = figures(load(name))
        # Two of the third set are life chatter no rule can tell from an answer ("kona mi begynner
        # på nattskift fra mandag" at the goal); they are left, not written into a rule.
        assert result["non_answers_stored"] <= (2 if name == "tune3" else 0), result["stored_examples"]
        # The two answers written at "back" are asked again by design (a welcome back first).
        refused = [line for line in result["refused_examples"] if not str(line).startswith("back:")]
        assert refused == [], refused


def test_the_set_aside_fifth() -> None:
    result = figures(load("holdout"))
    assert result["messages"] == 80
    # Measured when the rules were last changed: 7 of 38 non-answers stored, 2 of 42 answers refused.
    assert result["non_answers_stored"] <= 7, result["non_answers_stored_share"]
    assert result["answers_refused"] <= 2, result["answers_refused_share"]
