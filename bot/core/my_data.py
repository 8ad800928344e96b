"""Everything stored about a participant, as readable text and as a JSON file: the right of
access and the right to data portability (/mine_data)."""

from __future__ import annotations

import json
from typing import Any

from bot.core.dates import format_moment
from bot.core.i18n import N_, Text
from bot.core.labels import AUTHOR, CASE_REASON, CASE_STATUS, KIND_NAME
from bot.core.plan import answer_text, where_text
from bot.core.turn import Turn
from bot.flows.brobygger import QUESTIONS
from bot.flows.checkin import LABELS as CHECKIN_LABELS
from bot.flows.safety_plan import LABELS as SAFETY_LABELS


async def my_data(turn: Turn) -> dict[str, Any]:
    """The participant's data, as stored (times in UTC, ISO 8601)."""
    participant = turn.participant
    uow = turn.uow
    cases = await uow.cases.for_participant(participant.id)
    return {
        "telegram_id" if participant.channel == "telegram" else "chat_id": participant.chat_id,
        "channel": participant.channel,
        "first_name": participant.first_name,
        "language": participant.locale,
        # The language the bot offered to switch to, once, because they wrote in it.
        "language_offered": participant.language_offered,
        "consent_given": _when(participant.consented_at),
        "where_in_the_conversation": where_text(turn),
        "first_message": _when(participant.created_at),
        "last_message": _when(participant.updated_at),
        "answer_to_the_question_about_suicide": participant.concern_answer,
        # What they wrote that made the bot ask it, until they answer (then it is the case's).
        "words_that_made_the_bot_ask": participant.alarm_text,
        # The language a crisis message was written in, when the help lines were sent in it.
        "language_of_the_last_crisis_message": participant.crisis_language,
        # Sent in a rush and kept, to be answered as one message (bot/core/flood.py).
        "messages_waiting_for_an_answer": list(participant.held_messages or []),
        # A text the bot asked about ("Er dette svaret ditt?"): [question, text], until they say.
        "answer_waiting_for_your_yes": participant.unsure_answer,
        "answers": [
            {
                "question": answer.question,
                # "checkin" for a follow-up's answers; the run counts each start and check-in.
                "flow": answer.flow,
                "run": answer.run,
                "text": answer.text,
                "value": answer.value,
                "written": _when(answer.created_at),
                "replaced": _when(answer.replaced_at),
            }
            for answer in await uow.answers.history(participant.id)
        ],
        "cases": [
            {
                "number": case.id,
                "reason": turn.t(CASE_REASON[case.reason]),
                "urgent": case.urgent,
                "status": turn.t(CASE_STATUS[case.status]),
                "opened": _when(case.opened_at),
                "closed": _when(case.closed_at),
                "bridge_builder": case.coordinator_name,
                "messages": [
                    {
                        "from": message.author,
                        "kind": message.kind,
                        "text": message.text,
                        "at": _when(message.created_at),
                    }
                    for message in case.messages
                ],
            }
            for case in cases
        ],
        # What bridge-builders noted on the cases is about the participant too: theirs to see.
        "notes_by_bridge_builders": [
            {"case": note.case_id, "by": note.author_name, "text": note.text, "at": _when(note.created_at)}
            for note in await uow.desk.notes(participant.id)
        ],
        "events_kept_for_statistics": await uow.events.count(participant.id),
    }


def as_file(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


async def my_data_text(turn: Turn) -> str:
    """Everything stored about the participant, readable."""
    participant = turn.participant
    locale = participant.locale
    t = turn.t
    cases = await turn.uow.cases.for_participant(participant.id)
    events = await turn.uow.events.count(participant.id)
    lines = [t(N_("mydata.title")), ""]
    lines.append(t(N_("mydata.chat_id"), chat_id=participant.chat_id))
    if not turn.consented:
        lines.append(t(N_("mydata.not_consented")))
    else:
        lines.append(t(N_("mydata.name"), name=participant.first_name or t(N_("mydata.no_name"))))
        assert participant.consented_at is not None
        lines.append(t(N_("mydata.consent"), when=format_moment(participant.consented_at, locale)))
    lines.append(t(N_("mydata.where"), where=where_text(turn)))
    lines.append(t(N_("mydata.language"), language=t(N_("language.name"))))
    if participant.concern_answer is not None and participant.concern_answered_at is not None:
        said = N_("mydata.concern_no") if participant.concern_answer == "no" else N_("mydata.concern_yes")
        lines.append(t(said, when=format_moment(participant.concern_answered_at, locale)))
    history = await turn.uow.answers.history(participant.id)
    if turn.consented:
        lines.append("")
        lines.append(t(N_("mydata.answers")) if history else t(N_("mydata.no_answers")))
    labels = {**{q.name: q.label for q in QUESTIONS}, **SAFETY_LABELS, **CHECKIN_LABELS}
    for answer in history:
        key = N_("mydata.answer") if answer.replaced_at is None else N_("mydata.answer_old")
        lines.append(
            t(
                key,
                label=Text(labels.get(answer.question, answer.question)),
                answer=answer_text(turn, answer),
                when=format_moment(answer.created_at, locale),
            )
        )
    if cases:
        lines += ["", t(N_("mydata.cases"))]
    for case in cases:
        lines.append(
            t(
                N_("mydata.case"),
                number=case.id,
                status=Text(CASE_STATUS[case.status]),
                when=format_moment(case.opened_at, locale),
                reason=Text(CASE_REASON[case.reason]),
                urgent=t(N_("mydata.urgent")) if case.urgent else "",
            )
        )
        for message in case.messages:
            author = AUTHOR.get(message.author)
            lines.append(
                t(
                    N_("mydata.case_message"),
                    author=Text(author) if author else message.author,
                    text=message.text or Text(KIND_NAME.get(message.kind, "kind.other")),
                )
            )
    notes = await turn.uow.desk.notes(participant.id)
    if notes:
        lines += ["", t(N_("mydata.notes"))]
    for note in notes:
        lines.append(
            t(
                N_("mydata.note"),
                number=note.case_id,
                name=note.author_name,
                when=format_moment(note.created_at, locale),
                text=note.text,
            )
        )
    lines.append("")
    lines.append(t(N_("mydata.events"), count=events))
    lines.append(t(N_("mydata.file")))
    lines.append(t(N_("mydata.footer")))
    return "\n".join(lines)


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None
