"""The tables: participants, answers, cases, case messages, events, outbox, seen updates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.crypto import EncryptedJSON, EncryptedText
from storage.types import UTCDateTime


class Base(DeclarativeBase):
    """Declarative base holding the metadata Alembic migrates."""


class Participant(Base):
    """A person talking to the bot through one channel, and where they are in the flow."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_participant_chat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str | None] = mapped_column(EncryptedText())
    locale: Mapped[str] = mapped_column(String(8), default="nb")
    # The language they were offered to switch to (by what they wrote, or at first contact):
    # each offer is made once.
    language_offered: Mapped[str | None] = mapped_column(String(8))
    # Where they are: a flow (bot/flows), its state, and the run (each start of a flow is a new
    # run: starting over, each check-in); answers belong to the run they were given in.
    flow: Mapped[str] = mapped_column(String(16), default="brobygger", server_default="brobygger")
    state: Mapped[str] = mapped_column(String(32), default="start")
    run: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Where a confirmation ("really delete?") goes back to on a "no".
    return_to: Mapped[str | None] = mapped_column(String(32))
    # The question asked once more because the answer did not fit it (a day without a day):
    # the next answer is taken as it is.
    asked_again: Mapped[str | None] = mapped_column(String(32))
    # When the bot last put its question to them (after their own message, a case closed by a
    # bridge-builder, a follow-up): a break is counted from the later of this and their message.
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    editing: Mapped[bool] = mapped_column(Boolean, default=False)
    # A question of the care path the next input answers ("concern", "withdraw", ...).
    pending: Mapped[str | None] = mapped_column(String(32))
    dont_know_step: Mapped[str | None] = mapped_column(String(16))
    dont_know_count: Mapped[int] = mapped_column(Integer, default=0)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last answer ("yes", "no") to the bot's question whether they think of taking their
    # life, and when: the coordinators see it on the card.
    concern_answer: Mapped[str | None] = mapped_column(String(8))
    # The language their last crisis message was written in, when the bot has no whole pack for
    # it: the help lines, the direct question and its buttons are in it (bot/locales/*/crisis.po).
    crisis_language: Mapped[str | None] = mapped_column(String(8))
    concern_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The words that raised the alarm (scrubbed), while the bot asks whether they think of taking
    # their life: the case's first words if it opens, so the bridge-builder reads what they wrote.
    alarm_text: Mapped[str | None] = mapped_column(EncryptedText())
    # Set when Telegram refuses to deliver (the person blocked the bot); cleared when they write.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When they were told that a long silence will have everything about them deleted.
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Texts kept while they flooded (bot/core/flood.py), answered as one message when they pause.
    held_messages: Mapped[list[str] | None] = mapped_column(EncryptedJSON())
    # An answer the bot was unsure of, while it asks whether it is one: [question, text as
    # scrubbed]; stored as the answer on a yes, dropped on a no or whatever else they write.
    unsure_answer: Mapped[list[str] | None] = mapped_column(EncryptedJSON())
    # Follow-ups on the planned day: "on", "paused" (/pause) or "off" (/paaminnelser).
    followups: Mapped[str] = mapped_column(String(8), default="on", server_default="on")
    # Check-ins in a row where the step was not done yet: after two, a bridge-builder is offered.
    checkin_misses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    answers: Mapped[list[Answer]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )
    cases: Mapped[list[Case]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One version of a participant's answer to a question; a change keeps the earlier version."""

    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_current", "participant_id", "question", "replaced_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(32))
    # The flow and run it was given in (a check-in asks the scale again: a new answer, same question).
    flow: Mapped[str] = mapped_column(String(16), default="brobygger", server_default="brobygger")
    run: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    text: Mapped[str] = mapped_column(EncryptedText())
    # A machine-readable reading of the text where the question has one (a scale number, a date).
    value: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    participant: Mapped[Participant] = relationship(back_populates="answers")


class Case(Base):
    """A handoff to a human bridge-builder: open, then claimed by one coordinator, then closed."""

    __tablename__ = "cases"
    # AUTOINCREMENT on SQLite: a case number is never used twice, even after a deletion.
    __table_args__ = (
        Index("ix_cases_status", "status", "urgent", "opened_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    step: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    coordinator_id: Mapped[str | None] = mapped_column(String(64))
    coordinator_name: Mapped[str | None] = mapped_column(EncryptedText())
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(16))
    # The participant chose to go on with the steps while the case waits for a human.
    flow_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # How far the person on call has been told while it waits: 0 not yet, 1 once (an urgent case
    # at once, another after an hour), 2 an urgent one again after 5 minutes, 3 after a day.
    on_call_stage: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # An introduction: the partner the participant asked a bridge-builder to help them contact.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship(back_populates="cases")
    messages: Mapped[list[CaseMessage]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CaseMessage.id",
    )


class CaseNote(Base):
    """A coordinator's note on a case, for whoever takes it next; gone with the case."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(EncryptedText())
    text: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Partner(Base):
    """An employer, work-practice place, course or public service the organisation works with;
    the organisation's own data, kept by the coordinators (no participant in it)."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    tags: Mapped[list[str]] = mapped_column(JSON)
    area: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CaseMessage(Base):
    """A message in a case: written by the participant, by the coordinator, or about the case."""

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str | None] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship(back_populates="messages")


class Event(Base):
    """Something that happened in a turn, kept for statistics (no free text in it)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutgoingMessage(Base):
    """A reply stored with its turn and sent after commit (the outbox)."""

    __tablename__ = "outgoing_messages"
    __table_args__ = (Index("ix_outgoing_unsent", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    # "participant" or "coordinator" (a private chat), or "coordinators" (the duty group).
    audience: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # "message"; "card" (a case announced) and "card_update" (that card edited); "copy" (a
    # non-text message copied across); "clear_buttons" (a pressed keyboard taken away).
    kind: Mapped[str] = mapped_column(String(16), default="message")
    # Encrypted until sent, then emptied (the row stays as the record that it went).
    text: Mapped[str] = mapped_column(EncryptedText())
    buttons: Mapped[list[list[dict[str, str]]] | None] = mapped_column(JSON)
    case_id: Mapped[int | None] = mapped_column(Integer)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    target_message_id: Mapped[int | None] = mapped_column(BigInteger)
    copy_from_chat_id: Mapped[str | None] = mapped_column(String(64))
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)  # a picture (PNG) sent with text as caption
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(200))


class Coordinator(Base):
    """A bridge-builder on duty, as the bot knows them: whether they can be written to, and which
    case their messages go to."""

    __tablename__ = "coordinators"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_name: Mapped[str] = mapped_column(EncryptedText())
    # Telegram lets a bot write to a user only after the user has written to it.
    private_chat: Mapped[bool] = mapped_column(Boolean, default=False)
    current_case_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Timer(Base):
    """Something the bot is to do at a time: a row written in the same transaction as the turn
    that sets it, fired once by the scheduler (and deleted in the transaction that fires it)."""

    __tablename__ = "timers"
    __table_args__ = (
        Index("ix_timers_due", "channel", "due_at"),
        # A timer is replaced or cancelled by its participant or case: found without a scan.
        Index("ix_timers_participant", "participant_id", "kind"),
        Index("ix_timers_case", "case_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GroupMove(Base):
    """The coordinators' group upgraded by Telegram to a supergroup with a new id: followed from
    then on, also after a restart with the old COORDINATOR_CHAT_ID."""

    __tablename__ = "group_moves"

    from_chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    to_chat_id: Mapped[str] = mapped_column(String(64))
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboxUpdate(Base):
    """An update as Telegram sent it, stored before Telegram is told it arrived (the inbox)."""

    __tablename__ = "inbox_updates"
    __table_args__ = (
        Index("ix_inbox_pending", "channel", "handled_at", "update_id"),
        Index("ix_inbox_chat", "channel", "chat_key", "update_id"),
    )

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The chat whose turn this update is (None when it is nobody's): one chat's updates are
    # handled in update order, by whichever process gets to them.
    chat_key: Mapped[str | None] = mapped_column(String(64))
    # Encrypted, and dropped once handled; one set aside is kept for a while (retention).
    payload: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class KeyCheck(Base):
    """One value encrypted under the database's key: proves that the keys given open its data."""

    __tablename__ = "key_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(Text)


class ProcessedUpdate(Base):
    """An update already handled; a redelivery with the same id is skipped."""

    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime())
