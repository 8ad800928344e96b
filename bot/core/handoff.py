"""Cases: handing a participant to a human bridge-builder, and the case's life until it closes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from babel import Locale, UnknownLocaleError

from bot.core.dates import format_day_and_time, format_moment
from bot.core.desk_hours import describe, next_open
from bot.core.envelopes import Button, Outbound
from bot.core.i18n import N_, Text
from bot.core.labels import CASE_REASON, KIND_NAME, KIND_PHRASE, PARTNER_KIND, SCRUBBED
from bot.core.plan import answer_text, progress, shorten, where_text
from bot.core.safety import scrub
from bot.core.turn import Turn
from bot.core.understanding import asks_what_the_bot_is, faq_topic
from bot.flows.brobygger import QUESTIONS
from bot.flows.safety_plan import PARTS, SHARED
from storage.models import Answer, Case, Partner

CARD_ANSWER_LENGTH = 300  # keeps a card within one Telegram message
CARD_NOTES = 5  # the latest notes on a card
# The desk's clock for a case nobody has taken: the person on call is told of an urgent case at
# once and again after URGENT_AGAIN, of any other after AN_HOUR, and of any after A_DAY.
URGENT_AGAIN = timedelta(minutes=5)
AN_HOUR = timedelta(hours=1)
A_DAY = timedelta(days=1)
TOLD, TOLD_AGAIN, TOLD_A_DAY = 1, 2, 3
CONCERN_ON_CARD = {"yes": N_("card.concern_yes"), "unclear": N_("card.concern_unclear")}


async def open_case(
    turn: Turn,
    reason: str,
    *,
    urgent: bool = False,
    partner: Partner | None = None,
    words: Sequence[str] = (),
) -> Case:
    """Open a case (or reuse the active one) and announce it to the coordinators; an introduction
    carries the partner the participant wants to contact; `words` (scrubbed) are a new case's
    first messages, on its first card."""
    participant = turn.participant
    existing = await turn.uow.cases.active_for(participant.id)
    if existing is not None:
        became_urgent = urgent and not existing.urgent
        if became_urgent:
            existing.urgent = True
            existing.reason = reason
            turn.event("case_urgent", case=existing.id)
            if existing.status == "open":
                urgent_at_once(turn, existing)
        if await release_unlisted(turn, existing):
            return existing  # announced again, as urgent as it now is
        if became_urgent:
            # A crisis makes the case urgent; a waiting case is announced again, while a claimed
            # one already has a human who gets the message itself.
            if existing.status == "open":
                await announce(turn, existing)
            else:
                await update_card(turn, existing)  # the card says it is urgent now
        return existing
    case = Case(
        participant_id=participant.id,
        reason=reason,
        urgent=urgent,
        step=participant.state,
        status="open",
        opened_at=turn.now,
        partner_id=partner.id if partner is not None else None,
    )
    turn.uow.cases.add(case)
    await turn.uow.flush()
    for stored in words:
        turn.uow.cases.add_message(case.id, "participant", "text", stored, turn.now)
    turn.event("case_opened", case=case.id, reason=reason, urgent=urgent)
    await announce(turn, case)
    if urgent:
        urgent_at_once(turn, case)
    opens = next_open(turn.desk_hours, turn.now)
    if opens is not None:
        # Nobody is at work: when someone will be, truthfully, and the help lines till then.
        turn.say_last(N_("handoff.after_hours"), when=format_day_and_time(opens, turn.participant.locale))
    return case


def urgent_at_once(turn: Turn, case: Case) -> None:
    """An urgent case: the person on call is told at once (without one, its card in the group,
    marked urgent, is that word)."""
    if turn.on_call:
        tell_on_call(turn, case, N_("case.on_call_urgent"), TOLD)
    else:
        case.on_call_stage = TOLD


def tell_on_call(turn: Turn, case: Case, key: str, stage: int) -> None:
    """The person on call (ON_CALL_CHAT_ID) is told that a case waits; without one, the group."""
    case.on_call_stage = stage
    text = turn.staff_t(key, number=case.id, waited=waited_text(turn, case))
    turn.event("case_on_call", case=case.id, stage=stage)
    if turn.on_call:
        turn.to_coordinator(turn.on_call, text, case.id)
    else:
        turn.to_coordinators(text, case.id, case.urgent)


def check_clock(turn: Turn, case: Case) -> None:
    """A waiting case's clock: whom to tell now that it has waited this long."""
    waited = turn.now - case.opened_at
    if case.urgent and case.on_call_stage < TOLD_AGAIN and waited >= URGENT_AGAIN:
        tell_on_call(turn, case, N_("case.on_call_urgent_again"), TOLD_AGAIN)
    elif not case.urgent and case.on_call_stage < TOLD and waited >= AN_HOUR:
        tell_on_call(turn, case, N_("case.on_call_hour"), TOLD)
    if case.on_call_stage < TOLD_A_DAY and waited >= A_DAY:
        tell_on_call(turn, case, N_("case.on_call_day"), TOLD_A_DAY)


def next_check(turn: Turn, case: Case) -> timedelta:
    """How long until the clock needs looking at again: the group's reminder, or sooner for an
    urgent case's second word to the person on call."""
    if case.urgent and case.on_call_stage < TOLD_AGAIN:
        return min(turn.escalate_after, max(URGENT_AGAIN - (turn.now - case.opened_at), timedelta(0)))
    return turn.escalate_after


def waited_text(turn: Turn, case: Case) -> str:
    """How long a case has waited, as people read it: "45 min", "2 t 15 min", "1 d 3 t"."""
    minutes = max(0, int((turn.now - case.opened_at).total_seconds() // 60))
    t = turn.staff_t
    if minutes < 60:
        return t(N_("duration.minutes"), minutes=minutes)
    if minutes < 24 * 60:
        return t(N_("duration.hours"), hours=minutes // 60, minutes=minutes % 60)
    return t(N_("duration.days"), days=minutes // (24 * 60), hours=minutes // 60 % 24)


async def card_text(turn: Turn, case: Case) -> str:
    """Who, why, how urgent, where in the flow, how long they have waited, the answers so far."""
    t = turn.staff_t
    answers = await turn.answers()
    lines = [
        _title(turn, case),
        t(N_("card.name"), name=turn.participant.first_name or t(N_("card.no_name"))),
        t(N_("card.reason"), reason=Text(CASE_REASON[case.reason])),
        *await _partner_lines(turn, case),
        t(N_("card.step"), step=where_text(turn, t)),
        t(N_("card.waited"), waited=waited_text(turn, case)),
        *_language_lines(turn),
    ]
    moved = await progress(turn)
    if moved is not None:
        lines.append(t(N_("card.progress"), scale=moved[0], done=moved[1]))
    answered = turn.participant.concern_answered_at
    if answered is not None:
        said = CONCERN_ON_CARD.get(turn.participant.concern_answer or "", N_("card.concern_no"))
        lines.append(t(said, time=format_moment(answered, turn.staff_locale)))
    lines += await _note_lines(turn, case)
    lines += await _latest_lines(turn, case)
    lines += _safety_plan_lines(turn, answers)
    given = [q for q in QUESTIONS if q.name in answers]
    if given:
        lines.append(t(N_("card.answers")))
        lines += [
            t(
                N_("card.answer"),
                label=Text(q.label),
                answer=shorten(answer_text(turn, answers[q.name], t), CARD_ANSWER_LENGTH),
            )
            for q in given
        ]
    else:
        lines.append(t(N_("card.no_answers")))
    return "\n".join(lines)


def _safety_plan_lines(turn: Turn, answers: dict[str, Answer]) -> list[str]:
    """The safety plan, when the participant said the bridge-builders may see it."""
    shared = answers.get(SHARED)
    written = [part for part in PARTS if part.name in answers]
    if shared is None or shared.value != "yes" or not written:
        return []
    lines = [turn.staff_t(N_("card.safety_plan"))]
    for part in written:
        text = shorten(answers[part.name].text, CARD_ANSWER_LENGTH)
        lines.append(turn.staff_t(N_("safety.plan_line"), label=turn.staff_t(part.label), answer=text))
    return lines


def _language_lines(turn: Turn) -> list[str]:
    """The language the participant writes in, when it is not the coordinators' (their words on
    the card stand as written), and the language of a crisis written in yet another."""
    lines = []
    locale = turn.participant.locale
    if locale != turn.staff_locale:
        lines.append(turn.staff_t(N_("card.participant_language"), language=_name(locale, turn.staff_locale)))
    language = turn.participant.crisis_language
    if language and language != locale:
        lines.append(turn.staff_t(N_("card.language"), language=_name(language, turn.staff_locale)))
    return lines


def _name(language: str, in_locale: str) -> str:
    """A language's name in the coordinators' language ("ukrainsk"), from Babel's data."""
    try:
        return Locale.parse(language).get_display_name(in_locale) or language
    except (ValueError, UnknownLocaleError):
        return language


def _title(turn: Turn, case: Case) -> str:
    """The card's first line says where the case is: new (or urgent), taken by whom, closed."""
    if case.status == "closed":
        return turn.staff_t(N_("card.title_closed"), number=case.id)
    if case.status == "claimed":
        key = N_("card.title_claimed_urgent") if case.urgent else N_("card.title_claimed")
        return turn.staff_t(key, number=case.id, name=case.coordinator_name or "-")
    return turn.staff_t(N_("card.title_urgent") if case.urgent else N_("card.title"), number=case.id)


async def _note_lines(turn: Turn, case: Case) -> list[str]:
    """The coordinators' notes on this participant's cases, the latest few, with who and when."""
    notes = list(await turn.uow.desk.notes(turn.participant.id))[-CARD_NOTES:]
    if not notes:
        return []
    lines = [turn.staff_t(N_("card.notes"))]
    for note in notes:
        lines.append(
            turn.staff_t(
                N_("card.note"),
                name=note.author_name,
                time=format_moment(note.created_at, turn.staff_locale),
                number=note.case_id,
                text=shorten(note.text, CARD_ANSWER_LENGTH),
            )
        )
    return lines


async def _latest_lines(turn: Turn, case: Case) -> list[str]:
    """The participant's newest words while the case waits: a card edited in place stays current,
    instead of a new card for every message."""
    if case.status != "open":
        return []  # the holder gets the words themselves
    written = [m for m in await turn.uow.cases.messages(case.id) if m.author == "participant"]
    if not written:
        return []
    latest, lines = written[-1], []
    if case.urgent and len(written) > 1 and written[0].text is not None:
        # What raised the alarm stays on the card beside the newest words.
        lines.append(turn.staff_t(N_("card.alarm"), text=shorten(written[0].text, CARD_ANSWER_LENGTH)))
    kind_name = KIND_NAME.get(latest.kind, KIND_NAME["other"])
    shown = latest.text if latest.text is not None else turn.staff_t(kind_name)
    return [
        *lines,
        turn.staff_t(
            N_("card.latest"),
            time=format_moment(latest.created_at, turn.staff_locale),
            text=shorten(shown, CARD_ANSWER_LENGTH),
        ),
    ]


async def _partner_lines(turn: Turn, case: Case) -> list[str]:
    """An introduction's partner: who, what kind, where, and how the bridge-builder reaches them."""
    if case.partner_id is None:
        return []
    partner = await turn.uow.partners.get(case.partner_id)
    if partner is None:
        return []
    t = turn.staff_t
    line = t(
        N_("card.partner"), name=partner.name, kind=Text(PARTNER_KIND[partner.kind]), area=partner.area or "-"
    )
    return [line, t(N_("card.partner_contact"), contact=partner.contact or "-")]


ESCALATE = "escalate"  # the timer kind


def holder_listed(turn: Turn, case: Case) -> bool:
    """Whether the case's holder may still act on it: who may is decided here, against the
    coordinators listed now (COORDINATOR_IDS), never against who once took the case."""
    listed = turn.coordinator_ids
    return case.status != "claimed" or listed is None or case.coordinator_id in listed


async def release_unlisted(turn: Turn, case: Case) -> bool:
    """A case held by someone no longer listed as a coordinator goes back to the group as waiting,
    with a line saying why, so that any listed coordinator can take it and the one who left hears
    nothing more. True when it went back."""
    if holder_listed(turn, case):
        return False
    holder, name = case.coordinator_id or "", case.coordinator_name or "-"
    released = await turn.uow.cases.release(case.id, holder, turn.now)
    # Released, or changed by another worker meanwhile (released there, taken, closed): read anew,
    # so that nothing after this acts on the holder it had.
    await turn.uow.session.refresh(case)
    if not released:
        return False
    turn.event("case_released", case=case.id)
    notice = turn.staff_t(N_("case.holder_unlisted"), number=case.id, name=name)
    turn.to_coordinators(notice, case.id, case.urgent)
    await announce(turn, case)
    turn.say(N_("handoff.holder_gone"))
    return True


async def announce(turn: Turn, case: Case) -> None:
    """Post the case's card to the coordinators' group, with a button to take it; if nobody has
    taken it when its timer falls due, it is announced again."""
    case.announced_at = turn.now
    due = turn.now + next_check(turn, case)
    await turn.uow.timers.set(turn.participant.channel, ESCALATE, due, turn.now, case_id=case.id)
    await _card(turn, case, "card")


async def update_card(turn: Turn, case: Case) -> None:
    """Edit the case's card in the group (who has it now, the newest words while it waits)."""
    await _card(turn, case, "card_update")


async def _card(turn: Turn, case: Case, kind: str) -> None:
    """The card, posted or edited; a waiting case's keeps its button to take it in every edit."""
    buttons = [[Button(turn.staff_t(N_("card.take")), f"take:{case.id}")]] if case.status == "open" else []
    urgent = case.urgent and kind == "card"  # a new urgent card goes first; an edit can wait its turn
    turn.outbound.append(
        Outbound(
            "coordinators",
            None,
            await card_text(turn, case),
            buttons,
            case_id=case.id,
            urgent=urgent,
            kind=kind,
        )
    )


async def participant_wrote(
    turn: Turn, case: Case, kind: str, text: str | None, *, crisis: bool = False
) -> None:
    """While a case is active: keep what the participant wrote with the case, pass it on if claimed
    (marked when it shows a crisis) to a holder who is still a coordinator."""
    released = await release_unlisted(turn, case)
    if turn.consented:
        stored = scrub(text, lambda k: turn.t(SCRUBBED[k])).text if text is not None else None
        turn.uow.cases.add_message(case.id, "participant", kind, stored, turn.now)
        if case.status == "open" and not released:
            await update_card(turn, case)  # its newest words, on the one card
    if case.status == "claimed" and case.coordinator_id and holder_listed(turn, case):
        name = turn.participant.first_name or turn.staff_t(N_("card.no_name"))
        if text is not None:
            relay = N_("relay.crisis_to_coordinator") if crisis else N_("relay.to_coordinator")
            relayed = turn.staff_t(relay, number=case.id, name=name, text=text)
            turn.to_coordinator(case.coordinator_id, relayed, case.id)
            return
        turn.to_coordinator(
            case.coordinator_id,
            turn.staff_t(
                N_("relay.kind_to_coordinator"),
                number=case.id,
                name=name,
                kind=Text(KIND_PHRASE.get(kind, KIND_PHRASE["other"])),
            ),
            case.id,
        )
        inbound = turn.inbound
        if inbound is not None and inbound.message_id is not None:
            turn.outbound.append(
                Outbound(
                    "coordinator",
                    case.coordinator_id,
                    "",
                    case_id=case.id,
                    kind="copy",
                    target_message_id=inbound.message_id,
                    copy_from_chat_id=turn.participant.chat_id,
                )
            )
        return
    if released:
        return  # told that the case waits for another bridge-builder
    if not turn.consented:
        turn.say(N_("handoff.waiting_not_stored"))
    elif case.urgent:
        turn.say(N_("handoff.waiting_urgent"))
    elif text is not None and faq_topic(text) == "wait":
        say_wait(turn)  # "Hvor lenge må jeg vente?" while waiting deserves an answer too
    elif text is not None and asks_what_the_bot_is(text):
        turn.say(N_("handoff.waiting_still_the_bot"))  # "er du menneske nå?": not yet
    else:
        turn.say(N_("handoff.waiting"))


def say_wait(turn: Turn) -> None:
    """How long a bridge-builder takes: the desk's hours in the participant's language when they
    are set (DESK_HOURS), the Bokmål words of OPENING_HOURS to someone reading Bokmål, and
    never hours that may be untrue."""
    if turn.desk_hours:
        turn.say(N_("faq.wait"), hours=describe(turn.desk_hours, turn.participant.locale))
    elif turn.opening_hours and turn.participant.locale == "nb":
        turn.say(N_("faq.wait"), hours=turn.opening_hours)
    else:
        turn.say(N_("faq.wait_no_hours"))


async def request_human(turn: Turn, reason: str = "requested") -> None:
    """The participant asked for a human (or accepted one): open a case and say what happens next."""
    existing = await turn.uow.cases.active_for(turn.participant.id)
    if existing is not None:
        turn.say(N_("handoff.already"))
        return
    await open_case(turn, reason)
    turn.say(N_("handoff.opened"))


async def history_text(turn: Turn, case: Case) -> str | None:
    """What the participant wrote while the case waited, for whoever takes it."""
    messages = [m for m in await turn.uow.cases.messages(case.id) if m.author == "participant"]
    if not messages:
        return None
    lines = [turn.staff_t(N_("case.history"))]
    for message in messages:
        shown = (
            message.text
            if message.text is not None
            else turn.staff_t(KIND_NAME.get(message.kind, KIND_NAME["other"]))
        )
        lines.append(turn.staff_t(N_("case.history_line"), text=shorten(shown, CARD_ANSWER_LENGTH)))
    return "\n".join(lines)
