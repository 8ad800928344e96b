"""Repositories: queries and changes for each table. They never commit; the unit of work does."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from storage.models import (
    Answer,
    Case,
    CaseMessage,
    Coordinator,
    Event,
    GroupMove,
    InboxUpdate,
    OutgoingMessage,
    Participant,
    ProcessedUpdate,
    Timer,
)

ACTIVE_CASE_STATUSES = ("open", "claimed")
# Events that name no one and keep only their day: a deletion's exact moment is the moment of
# the deleted person's last turn, which would tie the anonymous counts back to them.
DAY_ONLY_EVENTS = frozenset({"participant_deleted"})


class ParticipantRepository:
    """Participants by their channel address."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_id(self, participant_id: int) -> Participant | None:
        return await self.session.get(Participant, participant_id)

    async def load(self, participant_ids: Sequence[int], lock: bool = False) -> dict[int, Participant]:
        """These participants, by id, in one query; with lock, those no other transaction holds
        (PostgreSQL's SKIP LOCKED; SQLite has one writer at a time anyway)."""
        if not participant_ids:
            return {}
        query = select(Participant).where(Participant.id.in_(list(participant_ids))).order_by(Participant.id)
        if lock:
            query = query.with_for_update(skip_locked=True)
        return {p.id: p for p in (await self.session.execute(query)).scalars()}

    async def get(self, channel: str, chat_id: str) -> Participant | None:
        """Load and lock the participant, so one participant's turns run one at a time."""
        query = (
            select(Participant)
            .where(Participant.channel == channel, Participant.chat_id == chat_id)
            .with_for_update()
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    def add(self, participant: Participant) -> None:
        self.session.add(participant)

    async def delete(self, participant: Participant) -> None:
        """Delete the participant; answers, cases and case messages go with them (their events are
        disowned first: see EventRepository.disown)."""
        await self.session.delete(participant)


class AnswerRepository:
    """Answers, current and earlier versions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def current(self, participant_id: int) -> dict[str, Answer]:
        query = select(Answer).where(Answer.participant_id == participant_id, Answer.replaced_at.is_(None))
        return {a.question: a for a in (await self.session.execute(query)).scalars()}

    async def ever(self, participant_id: int, question: str) -> bool:
        """Whether the participant has ever answered this question (in any run, changed or not)."""
        query = select(Answer.id).where(Answer.participant_id == participant_id, Answer.question == question)
        return (await self.session.execute(query.limit(1))).first() is not None

    async def history(self, participant_id: int) -> Sequence[Answer]:
        query = select(Answer).where(Answer.participant_id == participant_id).order_by(Answer.id)
        return (await self.session.execute(query)).scalars().all()

    def save(
        self,
        participant: Participant,
        question: str,
        text: str,
        value: str | None,
        now: datetime,
        previous: Answer | None,
    ) -> Answer:
        """Store a new current answer, keeping the one it replaces (the current answer, as loaded
        in this turn) as an earlier version."""
        if previous is not None:
            previous.replaced_at = now
        answer = Answer(
            participant_id=participant.id,
            question=question,
            flow=participant.flow,
            run=participant.run,
            text=text,
            value=value,
            created_at=now,
        )
        self.session.add(answer)
        return answer

    async def replace_all(self, participant_id: int, now: datetime) -> None:
        """Make every current answer an earlier version (starting over)."""
        await self.session.execute(
            update(Answer)
            .where(Answer.participant_id == participant_id, Answer.replaced_at.is_(None))
            .values(replaced_at=now)
        )


class CaseRepository:
    """Handoff cases and their messages."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, case: Case) -> None:
        self.session.add(case)

    async def get(self, case_id: int, lock: bool = False) -> Case | None:
        if lock:
            return await self.session.get(Case, case_id, with_for_update=True)
        query = select(Case).where(Case.id == case_id).options(selectinload(Case.participant))
        return (await self.session.execute(query)).scalar_one_or_none()

    async def active_for(self, participant_id: int) -> Case | None:
        query = (
            select(Case)
            .where(Case.participant_id == participant_id, Case.status.in_(ACTIVE_CASE_STATUSES))
            .order_by(Case.id.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def for_participant(self, participant_id: int) -> Sequence[Case]:
        query = (
            select(Case)
            .where(Case.participant_id == participant_id)
            .options(selectinload(Case.messages))
            .order_by(Case.id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def active(self) -> Sequence[Case]:
        """Open and claimed cases, urgent first, then oldest first."""
        query = (
            select(Case)
            .where(Case.status.in_(ACTIVE_CASE_STATUSES))
            .options(selectinload(Case.participant))
            .order_by(Case.urgent.desc(), Case.opened_at, Case.id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def waiting_since(self, cutoff: datetime) -> Sequence[Case]:
        """Open cases last announced before cutoff (due to be announced again)."""
        query = (
            select(Case)
            .where(Case.status == "open", Case.announced_at <= cutoff)
            .options(selectinload(Case.participant))
            .order_by(Case.urgent.desc(), Case.opened_at, Case.id)
            # Several processes escalate on PostgreSQL: a case one of them is announcing is skipped.
            .with_for_update(skip_locked=True, of=Case)
        )
        return (await self.session.execute(query)).scalars().all()

    async def claim(self, case_id: int, coordinator_id: str, name: str, now: datetime) -> bool:
        """Claim an open case; one conditional UPDATE, so exactly one claimant can win."""
        result = await self.session.execute(
            update(Case)
            .where(Case.id == case_id, Case.status == "open")
            .values(
                status="claimed",
                coordinator_id=coordinator_id,
                coordinator_name=name,
                claimed_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def release(self, case_id: int, holder: str, now: datetime) -> bool:
        """A claimed case goes back to waiting (its holder is no longer a coordinator); one
        conditional UPDATE, so a case taken or closed meanwhile is left as it is."""
        result = await self.session.execute(
            update(Case)
            .where(Case.id == case_id, Case.status == "claimed", Case.coordinator_id == holder)
            .values(status="open", coordinator_id=None, coordinator_name=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def held_by_others(self, listed: Collection[str]) -> Sequence[Case]:
        """Claimed cases whose holder is not among these coordinators."""
        query = (
            select(Case)
            .where(Case.status == "claimed", Case.coordinator_id.not_in(list(listed)))
            .options(selectinload(Case.participant))
            .order_by(Case.urgent.desc(), Case.id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def close(self, case_id: int, closed_by: str, now: datetime, owner: str | None = None) -> bool:
        """Close an active case (one an owner still has, when given); False when it was already
        closed, or handed to someone else meanwhile."""
        owned = () if owner is None else (Case.coordinator_id == owner,)
        result = await self.session.execute(
            update(Case)
            .where(Case.id == case_id, Case.status.in_(ACTIVE_CASE_STATUSES), *owned)
            .values(status="closed", closed_at=now, closed_by=closed_by)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    def add_message(self, case_id: int, author: str, kind: str, text: str | None, now: datetime) -> None:
        self.session.add(CaseMessage(case_id=case_id, author=author, kind=kind, text=text, created_at=now))

    async def messages(self, case_id: int) -> Sequence[CaseMessage]:
        query = select(CaseMessage).where(CaseMessage.case_id == case_id).order_by(CaseMessage.id)
        return (await self.session.execute(query)).scalars().all()


class CoordinatorRepository:
    """Coordinators the bot has heard from."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: str) -> Coordinator | None:
        return await self.session.get(Coordinator, user_id)

    def add(self, coordinator: Coordinator) -> None:
        self.session.add(coordinator)

    async def reachable(self, user_ids: Collection[str]) -> Sequence[Coordinator]:
        """Those of these coordinators who have a private chat with the bot."""
        query = select(Coordinator).where(
            Coordinator.user_id.in_(list(user_ids)), Coordinator.private_chat.is_(True)
        )
        return (await self.session.execute(query)).scalars().all()

    async def group_moved(self, from_chat_id: str, to_chat_id: str, now: datetime) -> None:
        """Remember that the coordinators' group has a new id."""
        await self.session.merge(GroupMove(from_chat_id=from_chat_id, to_chat_id=to_chat_id, moved_at=now))

    async def current_group(self, chat_id: str) -> str:
        """The group's id now, following every move recorded from this one."""
        seen = {chat_id}
        while (
            move := await self.session.get(GroupMove, chat_id)
        ) is not None and move.to_chat_id not in seen:
            chat_id = move.to_chat_id
            seen.add(chat_id)
        return chat_id

    async def let_go_of(self, case_ids: Sequence[int]) -> None:
        """No coordinator writes to these cases any more (they were deleted)."""
        if case_ids:
            await self.session.execute(
                update(Coordinator)
                .where(Coordinator.current_case_id.in_(case_ids))
                .values(current_case_id=None)
            )


class EventRepository:
    """Events for statistics."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(
        self,
        participant_id: int | None,
        kind: str,
        state: str | None,
        now: datetime,
        detail: dict[str, Any] | None = None,
    ) -> None:
        if kind in DAY_ONLY_EVENTS:
            now = now.replace(hour=0, minute=0, second=0, microsecond=0)
        self.session.add(
            Event(participant_id=participant_id, kind=kind, state=state, detail=detail, created_at=now)
        )

    async def count(self, participant_id: int) -> int:
        query = select(func.count()).select_from(Event).where(Event.participant_id == participant_id)
        return int((await self.session.execute(query)).scalar_one())

    async def happened(self, participant_id: int, kind: str) -> bool:
        """Whether the participant has an event of this kind already."""
        query = select(Event.id).where(Event.participant_id == participant_id, Event.kind == kind).limit(1)
        return (await self.session.execute(query)).first() is not None

    async def disown(self, participant_id: int) -> None:
        """The participant's events no longer say whose they were, nor which case was theirs
        (before the participant is deleted): only the anonymous counts stay."""
        query = select(Event).where(Event.participant_id == participant_id)
        for event in (await self.session.execute(query)).scalars():
            event.participant_id = None
            if event.detail and "case" in event.detail:
                event.detail = {k: v for k, v in event.detail.items() if k != "case"}
        await self.session.flush()  # before the participant's row goes, and its cascade with it


class OutboxRepository:
    """Outgoing messages, stored with the turn and marked when sent."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, message: OutgoingMessage) -> None:
        self.session.add(message)

    async def unsent(
        self,
        channel: str,
        limit: int = 100,
        exclude: Sequence[int] = (),
        chats: Collection[str] | None = None,
    ) -> Sequence[OutgoingMessage]:
        """Unsent messages, urgent ones first, otherwise in the order they were stored; with
        chats, only those to these chats (and the coordinators' group)."""
        query = (
            select(OutgoingMessage)
            .where(
                OutgoingMessage.channel == channel,
                OutgoingMessage.sent_at.is_(None),
                OutgoingMessage.id.not_in(exclude),
            )
            .order_by(OutgoingMessage.urgent.desc(), OutgoingMessage.id)
            .limit(limit)
        )
        if chats is not None:
            query = query.where(
                or_(OutgoingMessage.chat_id.in_(list(chats)), OutgoingMessage.audience == "coordinators")
            )
        return (await self.session.execute(query)).scalars().all()

    async def unsent_among(self, ids: Sequence[int]) -> set[int]:
        """Which of these messages are still unsent."""
        if not ids:
            return set()
        query = select(OutgoingMessage.id).where(
            OutgoingMessage.id.in_(ids), OutgoingMessage.sent_at.is_(None)
        )
        return set((await self.session.execute(query)).scalars().all())

    async def mark_all_sent(
        self, settled: Sequence[tuple[int, int | None, str | None]], now: datetime
    ) -> None:
        """Mark (id, Telegram message id, error) rows sent, in one executemany. A row that is gone
        (deleted with its participant while it was on its way) is simply not there to mark."""
        if settled:
            table = OutgoingMessage.__table__
            assert isinstance(table, Table)
            await self.session.execute(
                # Sent or given up on: the text (and any picture) goes, the record stays.
                update(table)
                .where(table.c.id == bindparam("message_id"))
                .values(
                    sent_at=now,
                    sent_message_id=bindparam("sent_id"),
                    error=bindparam("failure"),
                    text="",
                    photo=None,
                ),
                [
                    {"message_id": message_id, "sent_id": sent_id, "failure": error}
                    for message_id, sent_id, error in settled
                ],
            )
            # What went to someone deleted meanwhile (the deletion's own reply, its buttons taken
            # away, a notice of deletion for silence) is not kept as a record: it would name their
            # chat after /slett.
            await self.session.execute(
                delete(OutgoingMessage)
                .where(
                    OutgoingMessage.id.in_([message_id for message_id, _, _ in settled]),
                    OutgoingMessage.audience == "participant",
                    ~exists().where(
                        Participant.channel == OutgoingMessage.channel,
                        Participant.chat_id == OutgoingMessage.chat_id,
                    ),
                )
                .execution_options(synchronize_session=False)
            )

    async def drop_unsent(self, channel: str, chat_id: str, now: datetime, error: str) -> None:
        """Give up on everything still waiting for a chat (its person blocked the bot)."""
        await self.session.execute(
            update(OutgoingMessage)
            .where(
                OutgoingMessage.channel == channel,
                OutgoingMessage.chat_id == chat_id,
                OutgoingMessage.sent_at.is_(None),
            )
            .values(sent_at=now, error=error, text="")
        )

    async def card_message_ids(self, channel: str, case_id: int) -> list[int]:
        """The Telegram message ids of every card of the case that went out (it is announced
        again when it becomes urgent or nobody takes it)."""
        query = select(OutgoingMessage.sent_message_id).where(
            OutgoingMessage.channel == channel,
            OutgoingMessage.case_id == case_id,
            OutgoingMessage.kind == "card",
            OutgoingMessage.sent_message_id.is_not(None),
        )
        return [int(i) for i in (await self.session.execute(query)).scalars().all() if i is not None]

    async def card_message_id(self, channel: str, case_id: int) -> int | None:
        """The Telegram message id of the case's latest card that went out."""
        query = (
            select(OutgoingMessage.sent_message_id)
            .where(
                OutgoingMessage.channel == channel,
                OutgoingMessage.case_id == case_id,
                OutgoingMessage.kind == "card",
                OutgoingMessage.sent_message_id.is_not(None),
            )
            .order_by(OutgoingMessage.id.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def forget(self, channel: str, chat_id: str, case_ids: Sequence[int]) -> None:
        """Drop every message to a chat and every message about its cases (deletion). Replies
        not yet sent go too: they may quote what is being deleted."""
        await self.session.execute(
            delete(OutgoingMessage).where(
                OutgoingMessage.channel == channel, OutgoingMessage.chat_id == chat_id
            )
        )
        if case_ids:
            await self.session.execute(
                delete(OutgoingMessage).where(
                    OutgoingMessage.channel == channel,
                    OutgoingMessage.case_id.in_(case_ids),
                    OutgoingMessage.audience != "participant",
                )
            )


class UpdateRepository:
    """Update ids already handled."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def first_time(self, channel: str, update_id: int, now: datetime) -> bool:
        """Record the update id; False when it was recorded before (a redelivery)."""
        insert = _upsert_for(self.session)
        statement = (
            insert(ProcessedUpdate)
            .values(channel=channel, update_id=update_id, processed_at=now)
            .on_conflict_do_nothing()
        )
        return _rowcount(await self.session.execute(statement)) == 1


class InboxRepository:
    """Updates stored on arrival, and whether their turn has been taken."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def forget_chat(self, channel: str, chat_key: str) -> None:
        """The chat's handled updates go (deletion); one still waiting is the person's next message.
        The one kept for the offset keeps only what dedupe needs: its id, not whose it was."""
        newest = (
            select(func.max(InboxUpdate.update_id)).where(InboxUpdate.channel == channel).scalar_subquery()
        )
        await self.session.execute(
            delete(InboxUpdate).where(
                InboxUpdate.channel == channel,
                InboxUpdate.chat_key == chat_key,
                InboxUpdate.handled_at.is_not(None),
                # The newest stays (its payload is gone): the polling offset is read from it, and
                # a redelivery of the deleting update must not make a new participant.
                InboxUpdate.update_id < newest,
            )
        )
        await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.channel == channel,
                InboxUpdate.chat_key == chat_key,
                InboxUpdate.handled_at.is_not(None),
            )
            .values(chat_key=None, payload=None)
            .execution_options(synchronize_session=False)
        )

    async def accept(
        self,
        channel: str,
        updates: Sequence[tuple[dict[str, Any], str | None]],
        now: datetime,
        set_aside: bool = False,
    ) -> None:
        """Store (update, chat key) pairs not seen before (a redelivery changes nothing); set
        aside, they are stored as settled and never handed to a turn."""
        if not updates:
            return
        insert = _upsert_for(self.session)
        rows = [
            {
                "channel": channel,
                "update_id": int(u["update_id"]),
                "chat_key": chat_key,
                "payload": u,
                "received_at": now,
                "attempts": 0,
                "handled_at": now if set_aside else None,
            }
            for u, chat_key in updates
        ]
        await self.session.execute(insert(InboxUpdate).values(rows).on_conflict_do_nothing())

    async def pending(
        self,
        channel: str,
        limit: int,
        ids: Collection[int] | None = None,
        received_before: datetime | None = None,
    ) -> Sequence[InboxUpdate]:
        """Stored updates whose turn has not been taken, oldest first: all of them, or only
        those among ids or received before a time."""
        query = select(InboxUpdate).where(InboxUpdate.channel == channel, InboxUpdate.handled_at.is_(None))
        if ids is not None or received_before is not None:
            chosen: list[ColumnElement[bool]] = []
            if ids:
                chosen.append(InboxUpdate.update_id.in_(list(ids)))
            if received_before is not None:
                chosen.append(InboxUpdate.received_at < received_before)
            if not chosen:
                return []
            query = query.where(or_(*chosen))
        query = query.order_by(InboxUpdate.update_id).limit(limit)
        return (await self.session.execute(query)).scalars().all()

    async def earlier_pending(self, channel: str, chat_key: str, update_id: int) -> bool:
        """Whether an earlier update of the same chat is stored and not handled yet."""
        query = (
            select(InboxUpdate.update_id)
            .where(
                InboxUpdate.channel == channel,
                InboxUpdate.chat_key == chat_key,
                InboxUpdate.update_id < update_id,
                InboxUpdate.handled_at.is_(None),
            )
            .limit(1)
        )
        return (await self.session.execute(query)).first() is not None

    async def take(self, channel: str, update_id: int, now: datetime) -> bool:
        """Mark a stored update handled and drop what it said (only its id, chat and status stay);
        False when it is not stored or was handled before."""
        return await self._settle(channel, update_id, now, keep_payload=False)

    async def set_aside(self, channel: str, update_id: int, now: datetime) -> bool:
        """Settle an update that could not be handled; its payload stays, encrypted, until the
        retention period for set-aside updates has passed."""
        return await self._settle(channel, update_id, now, keep_payload=True)

    async def _settle(self, channel: str, update_id: int, now: datetime, keep_payload: bool) -> bool:
        values: dict[str, Any] = {"handled_at": now}
        if not keep_payload:
            values["payload"] = None
        result = await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.channel == channel,
                InboxUpdate.update_id == update_id,
                InboxUpdate.handled_at.is_(None),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def stored(self, channel: str, update_id: int) -> bool:
        query = select(InboxUpdate.update_id).where(
            InboxUpdate.channel == channel, InboxUpdate.update_id == update_id
        )
        return (await self.session.execute(query)).first() is not None

    async def count_attempt(self, channel: str, update_id: int) -> None:
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.channel == channel, InboxUpdate.update_id == update_id)
            .values(attempts=InboxUpdate.attempts + 1)
        )

    async def next_offset(self, channel: str) -> int | None:
        """The getUpdates offset that confirms everything stored so far."""
        query = select(func.max(InboxUpdate.update_id)).where(InboxUpdate.channel == channel)
        latest = (await self.session.execute(query)).scalar_one_or_none()
        return int(latest) + 1 if latest is not None else None


def _upsert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


class RetentionRepository:
    """What the retention periods remove: each a single statement, whatever the table's size."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def purge_set_aside(self, before: datetime) -> int:
        """Drop the payload of updates set aside (handled without a turn) before this time."""
        result = await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.handled_at < before, InboxUpdate.payload.is_not(None))
            .values(payload=None)
        )
        return _rowcount(result)

    async def forget_handled_updates(self, before: datetime) -> int:
        """Handled update ids older than this go; the newest of each channel stays, since the
        next getUpdates offset is read from it."""
        spared = select(InboxUpdate.channel, func.max(InboxUpdate.update_id).label("top")).group_by(
            InboxUpdate.channel
        )
        tops = {channel: top for channel, top in (await self.session.execute(spared)).all()}
        removed = 0
        for channel, top in tops.items():
            result = await self.session.execute(
                delete(InboxUpdate).where(
                    InboxUpdate.channel == channel,
                    InboxUpdate.handled_at < before,
                    InboxUpdate.update_id < top,
                )
            )
            removed += _rowcount(result)
        result = await self.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
        )
        return removed + _rowcount(result)

    async def anonymise_events(self, before: datetime) -> int:
        """Events older than this no longer say whose they were, nor which case was theirs (a case
        number leads back to the participant while the case is kept)."""
        query = select(Event).where(Event.created_at < before, Event.participant_id.is_not(None))
        count = 0
        for event in (await self.session.execute(query)).scalars():
            event.participant_id = None
            if event.detail and "case" in event.detail:
                event.detail = {k: v for k, v in event.detail.items() if k != "case"}
            count += 1
        await self.session.flush()
        return count

    async def to_warn(self, silent_since: datetime, limit: int) -> Sequence[Participant]:
        query = (
            select(Participant)
            .where(Participant.updated_at < silent_since, Participant.warned_at.is_(None))
            .order_by(Participant.id)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()

    async def to_delete(self, warned_before: datetime, limit: int) -> Sequence[Participant]:
        """Warned before this time and silent since the warning."""
        query = (
            select(Participant)
            .where(
                Participant.warned_at < warned_before,
                Participant.updated_at < Participant.warned_at,
            )
            .order_by(Participant.id)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()


class TimerRepository:
    """Timers: set in a turn's transaction, taken when due by one scheduler (the rows are locked,
    and other workers on PostgreSQL skip them), and deleted in the transaction that fires them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def set(
        self,
        channel: str,
        kind: str,
        due_at: datetime,
        now: datetime,
        case_id: int | None = None,
        participant_id: int | None = None,
    ) -> None:
        """One timer of this kind for the case or participant: a newer one replaces it."""
        await self.cancel(kind, case_id=case_id, participant_id=participant_id)
        self.session.add(
            Timer(
                channel=channel,
                kind=kind,
                case_id=case_id,
                participant_id=participant_id,
                due_at=due_at,
                created_at=now,
            )
        )

    async def set_once(self, channel: str, kind: str, due_at: datetime, now: datetime) -> bool:
        """A timer on no case and no participant (the weekly digest), set unless one of its kind
        waits already: one, however many workers start at once (on PostgreSQL they take turns
        on an advisory lock held until the transaction ends; SQLite has one writer)."""
        dialect = self.session.bind.dialect.name if self.session.bind else "sqlite"
        if dialect == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"timer:{kind}"))))
        query = select(Timer.id).where(
            Timer.channel == channel,
            Timer.kind == kind,
            Timer.case_id.is_(None),
            Timer.participant_id.is_(None),
        )
        if (await self.session.execute(query.limit(1))).first() is not None:
            return False
        self.session.add(Timer(channel=channel, kind=kind, due_at=due_at, created_at=now))
        return True

    async def cancel(self, kind: str, case_id: int | None = None, participant_id: int | None = None) -> None:
        await self.session.execute(
            delete(Timer).where(
                Timer.kind == kind,
                Timer.case_id.is_(None) if case_id is None else Timer.case_id == case_id,
                Timer.participant_id.is_(None)
                if participant_id is None
                else Timer.participant_id == participant_id,
            )
        )

    async def due(self, channel: str, now: datetime, limit: int) -> Sequence[Timer]:
        """Timers due now, oldest first, locked for this transaction."""
        query = (
            select(Timer)
            .where(Timer.channel == channel, Timer.due_at <= now)
            .order_by(Timer.due_at, Timer.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.execute(query)).scalars().all()

    async def fired(self, timers: Sequence[Timer]) -> None:
        """The timers are done: deleted in one statement, in the transaction that fires them."""
        if timers:
            ids = [timer.id for timer in timers]
            for timer in timers:
                self.session.expunge(timer)  # gone: a new timer may get the same id on SQLite
            await self.session.execute(
                delete(Timer).where(Timer.id.in_(ids)).execution_options(synchronize_session=False)
            )

    async def pending(self, kind: str | None = None) -> Sequence[Timer]:
        """Timers not yet fired (for looking at, in tests and /mine_data)."""
        query = select(Timer).order_by(Timer.due_at, Timer.id)
        if kind is not None:
            query = query.where(Timer.kind == kind)
        return (await self.session.execute(query)).scalars().all()
