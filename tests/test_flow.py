"""The flow as a machine: every state reachable, every question answerable, the drawing current."""

from __future__ import annotations

import itertools
from pathlib import Path

from bot.core import flow_engine as flow
from bot.flows import brobygger

DRAWING = Path(brobygger.__file__).with_suffix(".mmd")


def _reachable() -> set[str]:
    seen = {brobygger.INITIAL}
    frontier = [brobygger.INITIAL]
    while frontier:
        state = frontier.pop()
        for trigger in flow.machine().get_triggers(state):
            for editing in (False, True):
                target = flow.fire(state, trigger, editing=editing)
                if target and target not in seen:
                    seen.add(target)
                    frontier.append(target)
    return seen


def test_every_state_is_reachable() -> None:
    assert _reachable() == set(brobygger.STATES)


def test_every_state_has_a_way_on() -> None:
    for state in brobygger.STATES:
        assert flow.machine().get_triggers(state), state


def test_questions_follow_the_five_steps_in_order() -> None:
    order = [q.step for q in brobygger.QUESTIONS]
    assert list(dict.fromkeys(order)) == ["talent", "dream", "goal", "plan", "network"]
    for step in brobygger.STEPS:
        assert 1 <= order.count(step) <= 3  # a core question and at most a couple of follow-ups


def test_answering_in_order_reaches_the_summary() -> None:
    state = flow.fire("consent", "agree")
    visited = []
    while state != "summary":
        assert state is not None
        visited.append(state)
        state = flow.fire(state, "answer")
    assert visited == [q.name for q in brobygger.QUESTIONS]


def test_changing_one_answer_goes_back_to_the_summary() -> None:
    for question in brobygger.QUESTIONS:
        if question.kind == "yesno":
            continue
        state = flow.fire("change_menu", f"change_{question.name}")
        assert state == question.name
        assert flow.fire(question.name, "answer", editing=True) == "summary"
        assert flow.fire(question.name, "back", editing=True) == "summary"


def test_back_walks_the_questions_backwards() -> None:
    names = [q.name for q in brobygger.QUESTIONS]
    for before, after in itertools.pairwise(names):
        assert flow.fire(after, "back") == before
    assert flow.fire(names[0], "back") is None


def test_unknown_trigger_is_refused() -> None:
    assert flow.fire("talent", "finish") is None


def test_one_machine_per_process() -> None:
    assert flow.machine() is flow.machine()
    flow.fire("talent", "answer")
    assert not flow.machine().models  # models are removed after each trigger


def test_committed_drawing_matches_the_machine() -> None:
    assert DRAWING.read_text(encoding="utf-8") == flow.mermaid(), (
        "the flow changed: run `brobygger draw-flow --output bot/flows/brobygger.mmd`"
    )


def test_core_imports_no_telegram_framework() -> None:
    core = Path(flow.__file__).parents[1]  # bot/, all but its channels
    for path in core.rglob("*.py"):
        if "channels" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for framework in ("aiogram", "telegram"):
            assert f"import {framework}" not in source and f"from {framework}" not in source, path
