"""The flows engine: a flow is states with a step kind and literal transitions; a participant is in
(flow, state, run), and moves by firing a trigger on the flow's machine."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transitions import Machine, MachineError
from transitions.extensions import GraphMachine

from bot.core.i18n import N_

if TYPE_CHECKING:
    from bot.core.turn import Turn
    from storage.models import Participant

# How a kind of state is asked, and how what the participant answers is read. The table is
# registered by bot/core/steps.py; the engine dispatches, so a handler that asks again needs only
# the engine, never the table (which imports every handler).
Handler = Callable[["Turn", "Step"], Awaitable[object]]
_HANDLERS: dict[str, tuple[Handler, Handler]] = {}


def handle_kinds(kinds: Mapping[str, tuple[Handler, Handler]]) -> None:
    _HANDLERS.update(kinds)


def handlers(kind: str) -> tuple[Handler, Handler]:
    """(ask, respond) for a kind of state."""
    return _HANDLERS[kind]


@dataclass(frozen=True)
class Question:
    """One question of a step: what is asked, how it can be answered, what helps when stuck."""

    name: str
    step: str
    prompt: str
    hint: str  # an example or an easier question, for "vet ikke"
    label: str  # short name in the plan and on the change buttons
    kind: str = "text"  # "text", "scale" (0-10), "when" (a day), "yesno"
    ack: str | None = None  # a short reflection after the answer, given {answer}
    yes_no_answers: bool = False  # "Har du noen gang ...?": a bare yes or no answers it


@dataclass(frozen=True)
class Step:
    """One state of a flow. Its kind says which handler asks it and reads the answer (the table in
    bot/core/steps.py); the rest is what that handler needs."""

    name: str
    kind: str
    where: str | None = None  # where the participant is, in words (/hjelp), when not a question's step
    question: Question | None = None  # kind "question": the question asked
    prompt: str | None = None  # what it asks, when not a question
    answer: str | None = None  # the answer it stores (the plan's own answers keep their history)
    hint: str | None = None  # an example, for "vet ikke"
    buttons: tuple[tuple[str, str], ...] = ()


# Every flow has these: "really delete?" and "start over?" are asked wherever the participant is,
# and a "no" goes back there (to the state kept in `return_to`).
CONFIRM_DELETE = "confirm_delete"
CONFIRM_RESTART = "confirm_restart"
RETURN = "return"  # the move back from a confirmation: to where the participant was
# Kinds of state that put one question aside and go back to it: "really delete?", the offer of a human.
WAITING_KINDS = ("confirm", "offer")


@dataclass
class Flow:
    """A flow: its steps by state, the transitions between them, the first state, and, for a flow
    that is an episode of another (the check-in), the (flow, state) it hands back to."""

    name: str
    title: str
    steps: tuple[Step, ...]
    transitions: list[dict[str, Any]]
    initial: str
    exit: tuple[str, str] | None = None
    by_state: dict[str, Step] = field(init=False)
    _moves: dict[tuple[str, str, bool], str | None] = field(init=False, default_factory=dict)
    _machine: Machine | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.by_state = {step.name: step for step in self.steps}

    @property
    def states(self) -> list[str]:
        return [step.name for step in self.steps]

    def owns(self, state: str) -> bool:
        return state in self.by_state

    def step(self, state: str) -> Step:
        """The step of a state; a state this flow no longer has is read as its first."""
        return self.by_state.get(state) or self.by_state[self.initial]

    def question(self, state: str) -> Question | None:
        step = self.by_state.get(state)
        return step.question if step is not None else None

    def questions(self) -> list[Question]:
        return [step.question for step in self.steps if step.question is not None]

    def machine(self) -> Machine:
        """The flow's one machine in this process; models are added only for the span of a trigger."""
        if self._machine is None:
            self._machine = Machine(model=None, **self._machine_kwargs())  # type: ignore[arg-type]
        return self._machine

    def fire(self, state: str, trigger: str, *, editing: bool = False) -> str | None:
        """The state after firing trigger from state, or None when the flow has no such move."""
        # The conditions read only the state and the editing flag, so each move is worked out by
        # the machine once and remembered (adding a model to the machine costs more than the turn).
        key = (state, trigger, editing)
        if key not in self._moves:
            self._moves[key] = self._fire(state, trigger, editing)
        return self._moves[key]

    def _fire(self, state: str, trigger: str, editing: bool) -> str | None:
        shared = self.machine()
        if state not in self.by_state or trigger not in shared.get_triggers(state):
            return None
        model = _Model(state, editing)
        shared.add_model(model, initial=state)
        try:
            moved = shared.events[trigger].trigger(model)
        except MachineError:
            return None
        finally:
            shared.remove_model(model)
        return model.state if moved else None

    def _machine_kwargs(self) -> dict[str, object]:
        return {
            "states": self.states,
            "transitions": self.transitions,
            "initial": self.initial,
            "auto_transitions": False,
        }

    def mermaid(self) -> str:
        """The flow drawn as a Mermaid state diagram, from the same data the machine is built of."""
        drawing = GraphMachine(
            model=None,
            graph_engine="mermaid",
            title=self.title,
            show_conditions=True,
            **self._machine_kwargs(),  # type: ignore[arg-type]
        )
        drawn = _Model(self.initial, False)
        drawing.add_model(drawn)
        graph = drawn.get_graph()  # type: ignore[attr-defined]
        return str(graph.draw(None)).rstrip() + "\n"


class _Model:
    """A participant as the machine sees them for one trigger: a state and the editing flag."""

    state: str

    def __init__(self, state: str, editing: bool) -> None:
        self.state = state
        self._editing = editing

    @property
    def editing(self) -> bool:
        """True while the participant changes one answer from the plan."""
        return self._editing


def confirmations(
    delete_from: Iterable[str], restart_from: Iterable[str]
) -> tuple[list[Step], list[dict[str, Any]]]:
    """The confirmation states every flow has, and the moves into them from the given states."""
    steps = [
        Step(CONFIRM_DELETE, "confirm", prompt=N_("delete.confirm")),
        Step(CONFIRM_RESTART, "confirm", prompt=N_("restart.confirm")),
    ]
    moves: list[dict[str, Any]] = [
        {"trigger": "ask_delete", "source": list(delete_from), "dest": CONFIRM_DELETE},
        {"trigger": "ask_restart", "source": list(restart_from), "dest": CONFIRM_RESTART},
    ]
    return steps, moves


_FLOWS: dict[str, Flow] = {}


def register(flows: Mapping[str, Flow]) -> None:
    _FLOWS.update(flows)


def flows() -> dict[str, Flow]:
    if not _FLOWS:
        from bot.flows import FLOWS  # the flows are data that import this engine

        register(FLOWS)
    return _FLOWS


def flow_named(name: str | None) -> Flow:
    """A flow by name; a participant stored before flows had names is in the first one."""
    known = flows()
    return known.get(name or "") or known["brobygger"]


def flow_of(participant: Participant) -> Flow:
    return flow_named(participant.flow)


def step_of(participant: Participant) -> Step:
    return flow_of(participant).step(participant.state)


def question_of(participant: Participant) -> Question | None:
    return flow_of(participant).question(participant.state)


def move(participant: Participant, trigger: str) -> bool:
    """Fire a trigger on the participant's flow and keep the new state: a confirmation remembers
    where they were, a flow's exit hands them back to the flow it came from."""
    current = flow_of(participant)
    if trigger == RETURN:
        back = participant.return_to
        participant.return_to = None
        participant.state = back if back and current.owns(back) else current.initial
        return True
    new_state = current.fire(participant.state, trigger, editing=participant.editing)
    if new_state is None:
        return False
    if current.step(new_state).kind in WAITING_KINDS:
        participant.return_to = participant.state
    participant.state = new_state
    if current.step(new_state).kind == "exit" and current.exit is not None:
        participant.flow, participant.state = current.exit
        participant.run = (
            participant.run or 0
        ) + 1  # back in the plan: answers from now are a run of their own
    return True


def enter(participant: Participant, name: str, state: str | None = None) -> None:
    """Start a new run of a flow (a check-in, or the first flow again)."""
    target = flow_named(name)
    participant.flow = target.name
    participant.state = state or target.initial
    participant.return_to = None
    participant.editing = False
    participant.run = (participant.run or 0) + 1
