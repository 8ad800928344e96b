"""Storage on SQLite and PostgreSQL: migrations, atomic claims, concurrent turns, the outbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from bot.core.conversation import Conversation
from bot.runtime.delivery import Delivery
from bot.startup import Storage, UnmigratedDatabase, open_storage
from storage.crypto import KeyProblem, Keyring
from storage.engine import create_engine
from storage.models import Base, Participant
from storage.scratch import SCRATCH_KEY
from storage.unit_of_work import UnitOfWork
from tests.conftest import ANSWERS, Chat, Desk, walk_to_summary

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@both_backends
async def test_migrations_match_the_models(storage: Storage) -> None:
    async with storage.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert diff == []


@both_backends
async def test_whole_conversation(conversation: Conversation) -> None:
    chat = Chat(conversation)
    await walk_to_summary(chat)
    assert f"«{ANSWERS['goal']}»" in chat.text


@both_backends
async def test_exactly_one_of_many_concurrent_claims_wins(conversation: Conversation) -> None:
    chat = Chat(conversation)
    await chat.consent()
    await chat.send("/brobygger")
    desks = [Desk(conversation, str(501 + n), f"K{n}") for n in range(8)]
    results = await asyncio.gather(*(desk.press("take:1") for desk in desks))
    winners = [r for r in results if any(m.audience == "participant" for m in r)]
    assert len(winners) == 1
    assert sum("allerede tatt" in m.text for r in results for m in r) == 7


@both_backends
async def test_concurrent_turns_of_many_participants(conversation: Conversation) -> None:
    chats = [Chat(conversation, chat_id=str(n)) for n in range(10)]
    await asyncio.gather(*(c.consent() for c in chats))
    await asyncio.gather(*(c.send(ANSWERS["talent"]) for c in chats))
    for c in chats:
        assert "Hva ville en venn" in c.text


@both_backends
async def test_delivery_sends_in_order_and_marks_sent(storage: Storage, conversation: Conversation) -> None:
    chat = Chat(conversation)
    await chat.send("/start")
    sent: list[str] = []

    class Collect:
        async def send_text(self, chat_id: str, text: str, buttons: object) -> int:
            sent.append(text)
            return len(sent)

        async def edit_text(self, *args: object) -> None:
            raise AssertionError("nothing to edit")

        async def copy(self, *args: object) -> int:
            raise AssertionError("nothing to copy")

        async def clear_buttons(self, *args: object) -> None:
            raise AssertionError("no buttons pressed")

    delivery = Delivery(storage.sessions, "test", Collect(), clock=lambda: NOW)
    assert await delivery.deliver_pending() == 2
    assert sent[0].startswith("Hei!") and "Før vi starter" in sent[1]
    assert await delivery.deliver_pending() == 0


@both_backends
async def test_unit_of_work_rolls_back_without_commit(storage: Storage) -> None:
    async with UnitOfWork(storage.sessions) as uow:
        uow.participants.add(
            Participant(
                channel="x",
                chat_id="1",
                state="start",
                locale="nb",
                editing=False,
                dont_know_count=0,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await uow.flush()
    async with storage.sessions() as session:
        assert (await session.execute(select(Participant))).first() is None


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_server_database_must_be_migrated_first(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.exec_driver_sql("DELETE FROM alembic_version")
    await engine.dispose()
    with pytest.raises(UnmigratedDatabase, match="brobygger migrate"):
        await open_storage(database_url)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_two_workers_starting_on_a_fresh_database_both_open_it(database_url: str) -> None:
    # Both read "no key check yet" before either writes it; the second must not crash.
    opened = await asyncio.gather(*(open_storage(database_url, SCRATCH_KEY) for _ in range(2)))
    for storage in opened:
        await storage.close()
    with pytest.raises(KeyProblem, match="do not open"):
        await open_storage(database_url, Keyring.new_key())


@both_backends
async def test_active_cases_urgent_first_then_oldest(
    storage: Storage, conversation: Conversation, clock: object
) -> None:
    first, second = Chat(conversation, chat_id="1"), Chat(conversation, chat_id="2")
    await first.consent()
    await first.send("/brobygger")
    await second.consent()
    await second.send("Han slår meg")
    async with UnitOfWork(storage.sessions) as uow:
        active = await uow.cases.active()
    assert [(c.id, c.urgent) for c in active] == [(2, True), (1, False)]


async def test_upgrading_a_database_that_holds_data_keeps_it(tmp_path: Path) -> None:
    """Migration 0007 rebuilds tables on SQLite; with foreign keys on, dropping the old table
    would cascade and take every answer and case with it."""
    from sqlalchemy import text as sql

    from storage.migrate import upgrade

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    await upgrade(engine, "0006")
    async with engine.begin() as connection:
        for statement in (
            "INSERT INTO participants (id, channel, chat_id, first_name, locale, state, editing,"
            " dont_know_count, created_at, updated_at) VALUES (1, 't', '1', 'Ola', 'nb', 'talent', 0, 0,"
            " '2026-01-01', '2026-01-01')",
            "INSERT INTO answers (participant_id, question, text, created_at)"
            " VALUES (1, 'talent', 'mat', '2026-01-01')",
            "INSERT INTO cases (participant_id, reason, urgent, step, status, opened_at, flow_open)"
            " VALUES (1, 'suicide', 1, 'talent', 'open', '2026-01-01', 0)",
            "INSERT INTO case_messages (case_id, author, kind, text, created_at)"
            " VALUES (1, 'participant', 'text', 'hei', '2026-01-01')",
        ):
            await connection.execute(sql(statement))
    await upgrade(engine)
    async with engine.connect() as connection:
        counts = [
            (await connection.execute(sql(f"SELECT count(*) FROM {table}"))).scalar()
            for table in ("participants", "answers", "cases", "case_messages")
        ]
        foreign_keys = (await connection.execute(sql("PRAGMA foreign_keys"))).scalar()
    await engine.dispose()
    assert counts == [1, 1, 1, 1] and foreign_keys == 1


async def test_upgrading_puts_participants_in_flows_and_confirmations_in_states(tmp_path: Path) -> None:
    """Migration 0009: a check-in state is in the check-in flow; a pending "really delete?" or
    offer of a human is a state that goes back where the participant was."""
    from sqlalchemy import text as sql

    from storage.migrate import upgrade

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    await upgrade(engine, "0008")
    async with engine.begin() as connection:
        for number, state, pending in (
            (1, "goal", "delete"),
            (2, "dream", "handoff_offer"),
            (3, "checkin_scale", None),
            (4, "summary", "concern"),
        ):
            await connection.execute(
                sql(
                    "INSERT INTO participants (id, channel, chat_id, locale, state, editing, pending,"
                    " dont_know_count, created_at, updated_at) VALUES (:id, 't', :id, 'nb', :state, 0,"
                    " :pending, 0, '2026-01-01', '2026-01-01')"
                ),
                {"id": number, "state": state, "pending": pending},
            )
    await upgrade(engine)
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                sql("SELECT flow, state, return_to, pending, run FROM participants ORDER BY id")
            )
        ).all()
        started = [
            tuple(r) for r in (await connection.execute(sql("SELECT participant_id, kind FROM events")))
        ]
    await engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("brobygger", "confirm_delete", "goal", None, 1),
        ("brobygger", "offer_human", "dream", None, 1),
        ("checkin", "checkin_scale", None, None, 1),
        ("brobygger", "summary", None, "concern", 1),  # the care path's questions stay as they were
    ]
    # Migration 0010: everyone already here counts as started, and the events name no one.
    assert started == [(None, "started")] * 4
