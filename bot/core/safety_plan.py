"""The safety plan, asked and shown: offered after an urgent case closes and any time with /tryggplan."""

from __future__ import annotations

from bot.core.answering import store_answer
from bot.core.i18n import N_
from bot.core.turn import Turn
from bot.flows.safety_plan import PARTS, SHARED
from storage.models import Case

PENDING = "safety:"  # + the index of the part asked: what they write next answers it
START, SKIP, STOP, SHARE, KEEP, CHANGE = (
    "safety:start", "safety:skip", "safety:stop", "safety:share", "safety:keep", "safety:change",
)  # fmt: skip
QUESTION_BUTTONS = ((N_("button.safety_skip"), SKIP), (N_("button.safety_stop"), STOP))
SHARE_BUTTONS = ((N_("button.safety_share"), SHARE), (N_("button.safety_keep"), KEEP))
PLAN_BUTTONS = ((N_("button.safety_change"), CHANGE),)
SHARE_PENDING = "safety:share"


def owns(pending: str | None) -> bool:
    return pending is not None and pending.startswith(PENDING)


async def command(turn: Turn, case: Case | None) -> None:
    """/tryggplan: the plan when there is one, else the first question."""
    if await _written(turn):
        await show(turn)
    else:
        await begin(turn)


async def begin(turn: Turn) -> None:
    if not turn.consented:
        turn.say(N_("safety.needs_consent"))
        return
    turn.event("safety_plan_started")
    turn.say(N_("safety.intro"))
    _ask(turn, 0)


def _ask(turn: Turn, index: int) -> None:
    """A part of the plan; every screen of it says where help is (it never replaces a person)."""
    turn.participant.pending = f"{PENDING}{index}"
    text = turn.t(PARTS[index].prompt) + "\n\n" + turn.t(N_("safety.footer"))
    turn.say_text(text, turn.buttons(QUESTION_BUTTONS, per_row=2))


async def _written(turn: Turn) -> bool:
    answers = await turn.answers()
    return any(part.name in answers for part in PARTS)


async def show(turn: Turn) -> None:
    """The plan in their words, with where help is, and a button to write it again."""
    answers = await turn.answers()
    lines = [turn.t(N_("safety.plan_title")), ""]
    for part in PARTS:
        answer = answers.get(part.name)
        written = answer.text if answer else "–"
        lines.append(turn.t(N_("safety.plan_line"), label=turn.t(part.label), answer=written))
    lines += ["", turn.t(N_("safety.footer"))]
    turn.say_text("\n".join(lines), turn.buttons(PLAN_BUTTONS))


async def answer(turn: Turn, pending: str, button: str | None, text: str | None) -> bool:
    """What they write or press while a part is asked; False for another button (it is read
    where it belongs, and the plan waits: /tryggplan shows what is written)."""
    if pending == SHARE_PENDING:
        return await _shared(turn, button)
    index = int(pending.removeprefix(PENDING) or 0)
    if button == STOP:
        turn.say(N_("safety.stopped"))
        return True
    if button == SKIP:
        await _next(turn, index)
        return True
    if button is not None:
        return False
    if text is None or not text.strip():
        turn.say(N_("safety.in_words"))  # a sticker or a photo: this part wants words
        _ask(turn, index)
        return True
    await store_answer(turn, PARTS[index].name, text.strip(), None)
    turn.event("safety_plan_part", part=index + 1)
    await _next(turn, index)
    return True


async def _next(turn: Turn, index: int) -> None:
    if index + 1 < len(PARTS):
        _ask(turn, index + 1)
        return
    turn.event("safety_plan_made")
    await show(turn)
    turn.participant.pending = SHARE_PENDING
    turn.say(N_("safety.share_question"), turn.buttons(SHARE_BUTTONS, per_row=2))


async def _shared(turn: Turn, button: str | None) -> bool:
    if button not in (SHARE, KEEP):
        return False
    shared = button == SHARE
    said = turn.t(N_("button.safety_share") if shared else N_("button.safety_keep"))
    await store_answer(turn, SHARED, said, "yes" if shared else "no")
    turn.say(N_("safety.shared") if shared else N_("safety.not_shared"))
    return True


async def button(turn: Turn, data: str) -> bool:
    """Its buttons pressed outside its questions (on the offer after a case, on the plan shown)."""
    if data in (START, CHANGE):
        await begin(turn)
        return True
    if data in (SKIP, STOP, SHARE, KEEP):
        turn.say(N_("button.stale"))
        return True
    return False
