"""The coordinators' desk beyond taking and closing: whose case a number is, notes on a case,
handing a case to a colleague, and the cases closed lately."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.core.dates import format_moment
from bot.core.envelopes import Button, Outbound
from bot.core.handoff import card_text, history_text, release_unlisted, update_card
from bot.core.i18n import DEFAULT_LOCALE, N_, Text
from bot.core.labels import CASE_REASON
from bot.core.text_norm import fold
from storage.models import Case, Coordinator

if TYPE_CHECKING:  # coordination imports this module
    from bot.core.coordination import DutyTurn

NOTE_LENGTH = 1000  # a note is a few lines, not a report
RECENTLY = timedelta(days=7)
RECENT_CASES = 5
# A case number as a coordinator writes it: ASCII digits only (not "²", "٣" or "-1"), and short
# enough for the database's integer (a longer one must not raise in the turn).
CASE_NUMBER = re.compile(r"#?([0-9]{1,9})")
_NUMBER_FIRST = re.compile(r"^\s*(#?)([0-9]{1,9})(?![0-9.,])\s*(.*)$", re.DOTALL)


def case_number(text: str | None) -> int | None:
    """ "12" or "#12" -> 12; anything else (a sign, a fraction, another script's digits, a number
    out of range, a word) -> None."""
    match = CASE_NUMBER.fullmatch((text or "").strip())
    number = int(match.group(1)) if match else 0
    return number if number > 0 else None


def _number_and_rest(
    argument: str, *, marked_only: bool = False, current: int | None = None
) -> tuple[int | None, str]:
    """ "12 ring henne fredag" -> (12, "ring henne fredag"); "ring henne" -> (None, "ring henne").
    With marked_only, only "#12" is a case number, or the `current` case's own number: "2 ganger
    ringt" stays the text, while "1 ringer fredag" on case 1 is a note on case 1."""
    match = _NUMBER_FIRST.match(argument)
    if match is None or int(match.group(2)) == 0:
        return None, argument.strip()
    if marked_only and not match.group(1) and int(match.group(2)) != current:
        return None, argument.strip()
    return int(match.group(2)), match.group(3).strip()


async def note(turn: DutyTurn, argument: str) -> None:
    """/notat [N] text: a note on case N (or the coordinator's current case), for whoever has the
    participant next; shown on the card, which is edited in place. While they write to a case, a
    note goes to it unless another is named as #N: "/notat 2 ganger ringt" is about this one."""
    coordinator = turn.coordinator
    assert coordinator is not None
    current = coordinator.current_case_id if not turn.in_group else None
    number, text = _number_and_rest(argument, marked_only=current is not None, current=current)
    if number is None and argument.lstrip().startswith("#"):
        # "#1234567890 ring henne": a case number meant, mistyped; never a note on the current case.
        turn.reply(turn.t(N_("case.bad_number"), command="notat", given=argument.split()[0][:30]))
        return
    number = number or current
    if not text:
        turn.reply(turn.t(N_("note.usage")))
        return
    if number is None:
        turn.answer(turn.t(N_("case.none_current")))
        return
    case = await turn.uow.cases.get(number)
    if case is None:
        turn.answer(turn.t(N_("case.unknown"), number=number))
        return
    if case.coordinator_id not in (None, coordinator.user_id):
        # The colleague who has it (or had it, once closed) writes its notes.
        closed = case.status == "closed"
        turn.answer(turn.t(N_("case.not_yours_closed") if closed else N_("case.not_yours"), number=number))
        return
    turn.uow.desk.add_note(case.id, coordinator.user_id, coordinator.first_name, text[:NOTE_LENGTH], turn.now)
    await turn.uow.flush()
    participant_turn = await turn.participant_turn(case)
    await update_card(participant_turn, case)
    # Whose case it went on, by name: a note on the wrong participant is seen at once.
    name = case.participant.first_name or turn.t(N_("card.no_name"))
    turn.reply(turn.t(N_("note.saved"), number=case.id, name=name))


async def give(turn: DutyTurn, argument: str) -> None:
    """/gi [N] [name]: hand the case to a colleague; without a name, a button for each."""
    number, name = _number_and_rest(argument)
    coordinator = turn.coordinator
    assert coordinator is not None
    case = await own_claimed(turn, number)
    if case is None:
        return
    colleagues = list(await turn.uow.desk.colleagues(turn.duty.user_ids, coordinator.user_id))
    if name:
        chosen = [c for c in colleagues if fold(c.first_name).startswith(fold(name))]
        if len(chosen) == 1:
            await _hand_over(turn, case, chosen[0])
            return
    if not colleagues:
        turn.reply(turn.t(N_("give.no_colleagues")))
        return
    buttons = [[Button(c.first_name, f"give:{case.id}:{c.user_id}")] for c in colleagues]
    turn.reply(turn.t(N_("give.choose"), number=case.id), buttons)


async def give_pressed(turn: DutyTurn, data: str) -> None:
    """A colleague's button under /gi: give:case:user."""
    _, case_part, user_id = [*data.split(":", 2), "", ""][:3]
    coordinator = turn.coordinator
    assert coordinator is not None
    number = case_number(case_part)
    if number is None:
        turn.answer(turn.t(N_("button.gone")))
        return
    case = await own_claimed(turn, number)
    if case is None:
        return
    colleague = await turn.uow.coordinators.get(user_id)
    if colleague is None or not turn.duty.is_coordinator(user_id) or user_id == coordinator.user_id:
        turn.answer(turn.t(N_("button.gone")))
        return
    await _hand_over(turn, case, colleague)


async def own_case(turn: DutyTurn, number: int | None) -> Case | None:
    """The coordinator's case by number (or their current one); says why when there is none."""
    coordinator = turn.coordinator
    assert coordinator is not None
    number = number or coordinator.current_case_id
    if number is None:
        turn.answer(turn.t(N_("case.none_current")))
        return None
    case = await turn.uow.cases.get(number)
    if case is None or case.status == "closed":
        turn.answer(turn.t(N_("case.not_open"), number=number))
        return None
    await release_unlisted(await turn.participant_turn(case), case)
    if case.status == "claimed" and case.coordinator_id != coordinator.user_id:
        turn.answer(turn.t(N_("case.not_yours"), number=number))
        return None
    return case


async def own_claimed(turn: DutyTurn, number: int | None) -> Case | None:
    """The coordinator's case, taken (a case nobody has taken is not theirs to give)."""
    case = await own_case(turn, number)
    if case is not None and case.status != "claimed":
        turn.answer(turn.t(N_("case.take_first"), number=case.id))
        return None
    return case


async def _hand_over(turn: DutyTurn, case: Case, colleague: Coordinator) -> None:
    """The case is the colleague's now: they get its card, notes and history, the participant is
    told who helps them, the card says who has it."""
    coordinator = turn.coordinator
    assert coordinator is not None
    if not colleague.private_chat:
        # The bot cannot write to someone who never opened a chat with it.
        turn.answer(turn.t(N_("give.no_private"), name=colleague.first_name, link=turn.duty.private_link()))
        return
    if not await turn.uow.desk.hand_over(
        case.id, coordinator.user_id, colleague.user_id, colleague.first_name
    ):
        turn.answer(turn.t(N_("case.not_yours"), number=case.id))
        return
    await turn.uow.session.refresh(case)
    if coordinator.current_case_id == case.id:
        coordinator.current_case_id = None
    # A colleague in the middle of another case keeps writing to it: what they type next must not
    # go to this participant unasked.
    busy = colleague.current_case_id is not None and colleague.current_case_id != case.id
    if not busy:
        colleague.current_case_id = case.id
    participant_turn = await turn.participant_turn(case)
    participant_turn.event("case_handed_over", case=case.id)
    participant_turn.say(N_("handoff.handed_over"), name=colleague.first_name)
    await update_card(participant_turn, case)
    context = await card_text(participant_turn, case)
    history = await history_text(participant_turn, case)
    if history:
        context += "\n\n" + history
    close_button = [[Button(turn.t(N_("case.close_button"), number=case.id), f"close:{case.id}")]]
    turn.outbound.append(
        Outbound(
            "coordinator",
            colleague.user_id,
            turn.t(
                N_("give.yours_busy") if busy else N_("give.yours"),
                name=coordinator.first_name,
                number=case.id,
                card=context,
            ),
            close_button,
            case_id=case.id,
        )
    )
    turn.answer(turn.t(N_("give.done"), number=case.id, name=colleague.first_name))


async def recently_closed_lines(turn: DutyTurn) -> list[str]:
    """The cases closed in the last week, newest first, for /saker."""
    closed = await turn.uow.desk.recently_closed(turn.now - RECENTLY, RECENT_CASES)
    if not closed:
        return []
    lines = [turn.t(N_("cases.closed_title"))]
    for case in closed:
        assert case.closed_at is not None
        lines.append(
            turn.t(
                N_("cases.line_closed"),
                number=case.id,
                name=case.participant.first_name or turn.t(N_("card.no_name")),
                reason=Text(CASE_REASON[case.reason]),
                time=format_moment(case.closed_at, DEFAULT_LOCALE),
                coordinator=case.coordinator_name or "-",
            )
        )
    return lines
