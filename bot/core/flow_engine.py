"""The flow's state machine: built once per process from the flow data, shared by every turn."""

from __future__ import annotations

import functools

from transitions import Machine, MachineError
from transitions.extensions import GraphMachine

from bot.flows import brobygger as flow_data
from bot.flows.brobygger import QUESTION_BY_NAME, Question


class FlowModel:
    """A participant as the machine sees them for one trigger: a state and the editing flag."""

    state: str

    def __init__(self, state: str, editing: bool) -> None:
        self.state = state
        self._editing = editing

    @property
    def editing(self) -> bool:
        """True while the participant changes one answer from the plan."""
        return self._editing


def _machine_kwargs() -> dict[str, object]:
    return {
        "states": flow_data.STATES,
        "transitions": flow_data.TRANSITIONS,
        "initial": flow_data.INITIAL,
        "auto_transitions": False,
    }


@functools.cache
def machine() -> Machine:
    """The one machine of this process; models are added only for the span of one trigger."""
    return Machine(model=None, **_machine_kwargs())  # type: ignore[arg-type]


def fire(state: str, trigger: str, *, editing: bool = False) -> str | None:
    """The state after firing trigger from state, or None when the flow has no such move."""
    return _fire(state, trigger, editing)


# The flow's conditions read only the state and the editing flag, so each move is worked out by
# the machine once and remembered (adding a model to the machine costs more than the turn's SQL).
@functools.cache
def _fire(state: str, trigger: str, editing: bool) -> str | None:
    model = FlowModel(state, editing)
    shared = machine()
    if trigger not in shared.get_triggers(state):
        return None
    shared.add_model(model, initial=state)
    try:
        moved = shared.events[trigger].trigger(model)
    except MachineError:
        return None
    finally:
        shared.remove_model(model)
    return model.state if moved else None


def question(state: str) -> Question | None:
    return QUESTION_BY_NAME.get(state)


def mermaid() -> str:
    """The flow drawn as a Mermaid state diagram, from the same data the machine is built of."""
    drawing = GraphMachine(
        model=None,
        graph_engine="mermaid",
        title="Brobygger",
        show_conditions=True,
        **_machine_kwargs(),  # type: ignore[arg-type]
    )

    class _Drawn:
        state: str

    drawn = _Drawn()
    drawing.add_model(drawn)
    graph = drawn.get_graph()  # type: ignore[attr-defined]
    return str(graph.draw(None)).rstrip() + "\n"
