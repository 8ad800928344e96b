"""The flows as machines: every state reachable and handled by its kind, every question answerable,
confirmations going back where they came from, the drawings current."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

from bot.core import flow_engine, steps
from bot.core.flow_engine import Flow
from bot.flows import FLOWS, brobygger, checkin
from storage.models import Participant

FLOW = brobygger.FLOW
ALL = list(FLOWS.values())


def _reachable(flow: Flow) -> set[str]:
    seen = {flow.initial}
    frontier = [flow.initial]
    while frontier:
        state = frontier.pop()
        for trigger in flow.machine().get_triggers(state):
            for editing in (False, True):
                target = flow.fire(state, trigger, editing=editing)
                if target and target not in seen:
                    seen.add(target)
                    frontier.append(target)
    return seen


@pytest.mark.parametrize("flow", ALL, ids=lambda f: f.name)
def test_every_state_is_reachable(flow: Flow) -> None:
    assert _reachable(flow) == set(flow.states)


@pytest.mark.parametrize("flow", ALL, ids=lambda f: f.name)
def test_every_state_has_a_way_on_and_a_handler_for_its_kind(flow: Flow) -> None:
    for step in flow.steps:
        if step.kind == "exit":
            continue  # a participant never rests there: the flow hands them back
        assert step.kind in steps.KINDS, step
        moves = flow.machine().get_triggers(step.name)
        assert moves or step.kind == "confirm", step.name  # a confirmation goes back (RETURN)


def test_questions_follow_the_five_steps_in_order() -> None:
    order = [q.step for q in brobygger.QUESTIONS]
    assert list(dict.fromkeys(order)) == ["talent", "dream", "goal", "plan", "network"]
    for step in brobygger.STEPS:
        assert 1 <= order.count(step) <= 3  # a core question and at most a couple of follow-ups


def test_answering_in_order_reaches_the_summary() -> None:
    state = FLOW.fire("consent", "agree")
    visited = []
    while state != "summary":
        assert state is not None
        visited.append(state)
        state = FLOW.fire(state, "answer")
    # The partners that fit are offered between "who can help you?" and the offer of contact.
    expected = [q.name for q in brobygger.QUESTIONS]
    expected.insert(expected.index("network_contact"), brobygger.PARTNERS)
    assert visited == expected


def test_changing_one_answer_goes_back_to_the_summary() -> None:
    for question in brobygger.QUESTIONS:
        if question.kind == "yesno":
            continue
        state = FLOW.fire("change_menu", f"change_{question.name}")
        assert state == question.name
        assert FLOW.fire(question.name, "answer", editing=True) == "summary"
        assert FLOW.fire(question.name, "back", editing=True) == "summary"


def test_back_walks_the_questions_backwards() -> None:
    names = [q.name for q in brobygger.QUESTIONS]
    for before, after in itertools.pairwise(names):
        assert FLOW.fire(after, "back") == before
    assert FLOW.fire(names[0], "back") is None


def test_unknown_trigger_is_refused() -> None:
    assert FLOW.fire("talent", "finish") is None
    assert FLOW.fire("no_such_state", "answer") is None


def test_one_machine_per_flow_per_process() -> None:
    assert FLOW.machine() is FLOW.machine()
    assert checkin.FLOW.machine() is not FLOW.machine()
    FLOW.fire("dream", "answer")
    assert not FLOW.machine().models  # models are removed after each trigger


def _participant(flow: str, state: str) -> Participant:
    return Participant(flow=flow, state=state, run=1, editing=False)


def test_a_confirmation_goes_back_to_where_the_participant_was() -> None:
    for state in ("goal_scale", "summary", "finished"):
        participant = _participant("brobygger", state)
        assert flow_engine.move(participant, "ask_delete")
        assert participant.state == flow_engine.CONFIRM_DELETE
        assert flow_engine.move(participant, flow_engine.RETURN)
        assert (participant.state, participant.return_to) == (state, None)


def test_start_over_is_only_asked_once_there_is_something_to_start_over() -> None:
    assert FLOW.fire("consent", "ask_restart") is None
    assert FLOW.fire("dream", "ask_restart") == flow_engine.CONFIRM_RESTART
    assert FLOW.fire(flow_engine.CONFIRM_RESTART, "restart") == brobygger.QUESTIONS[0].name


def test_a_checkin_is_a_run_of_its_own_and_hands_back_to_the_plan() -> None:
    participant = _participant("brobygger", "finished")
    flow_engine.enter(participant, checkin.NAME)
    assert (participant.flow, participant.state, participant.run) == ("checkin", "checkin_how", 2)
    for trigger in ("did", "answer", "answer", "answer"):
        assert flow_engine.move(participant, trigger)
    assert participant.state == "checkin_when"
    assert flow_engine.move(participant, "answer")
    assert (participant.flow, participant.state) == ("brobygger", "finished")


def test_a_participant_from_before_flows_had_names_is_in_the_first_flow() -> None:
    participant = _participant("", "goal")
    assert flow_engine.flow_of(participant) is FLOW
    assert flow_engine.step_of(participant).question == brobygger.QUESTION_BY_NAME["goal"]


@pytest.mark.parametrize("flow", ALL, ids=lambda f: f.name)
def test_committed_drawing_matches_the_machine(flow: Flow) -> None:
    drawing = Path(brobygger.__file__).with_name(f"{flow.name}.mmd")
    assert drawing.read_text(encoding="utf-8") == flow.mermaid(), (
        f"the flow changed: run `brobygger draw-flow {flow.name} --output bot/flows/{flow.name}.mmd`"
    )


def test_handlers_never_ask_for_a_state_by_name() -> None:
    """Outside bot/flows, the core works by step kind: no `state == "..."` on a participant."""
    core = Path(flow_engine.__file__).parent
    for path in core.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            reads_state = any(isinstance(s, ast.Attribute) and s.attr == "state" for s in sides)
            literal = any(isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides)
            assert not (reads_state and literal), f"{path.name}:{node.lineno}"


def test_core_imports_no_telegram_framework() -> None:
    root = Path(flow_engine.__file__).parents[1]  # bot/, all but its channels
    for path in root.rglob("*.py"):
        if "channels" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for framework in ("aiogram", "telegram"):
            assert f"import {framework}" not in source and f"from {framework}" not in source, path


def test_the_core_imports_neither_the_runtime_nor_a_channel() -> None:
    core = Path(flow_engine.__file__).parent
    for path in core.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "bot.runtime" not in source and "bot.channels" not in source, path
