"""Privacy through the core: nothing a participant wrote is readable in the database, /slett
forgets everything, retention periods hold, keys rotate, and a database without its key will not
open."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.__main__ import main
from bot.core import statistics
from bot.core.conversation import Conversation
from bot.core.envelopes import Inbound, Outbound
from bot.core.i18n import translator
from bot.runtime.delivery import Delivery
from bot.runtime.retention import Periods, prune
from bot.startup import Storage, open_storage
from storage.crypto import KeyProblem
from storage.keys import key_file_for
from storage.models import (
    Base,
    Coordinator,
    Event,
    InboxUpdate,
    OutgoingMessage,
    Participant,
    ProcessedUpdate,
)
from storage.unit_of_work import UnitOfWork
from tests.conftest import Chat, Clock, Desk, database_file_bytes

t = translator("nb")
both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
# What a participant writes: none of it may be readable in the database, ever.
SECRETS = {
    "talent": "Jeg snekrer båter i Kvinesdalverkstedet",
    "crisis": "jeg vil ikke leve lenger, Solveigstua vet ikke",
    "relay": "Ring meg på Brattlikroken etter fire",
    "name": "Ingeborgine",
}
WORDS = ("Kvinesdalverkstedet", "Solveigstua", "Brattlikroken", "Ingeborgine")


async def _everything_as_text(storage: Storage) -> str:
    """Every row of every table, as the database holds it (a dump)."""
    out = []
    async with storage.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = (await connection.execute(text(f"SELECT * FROM {table.name}"))).all()
            out += [repr(tuple(row)) for row in rows]
    return "\n".join(out)


async def _talk(conversation: Conversation, kari: Desk) -> Chat:
    chat = Chat(conversation, chat_id="700", first_name=SECRETS["name"])
    await chat.consent()
    await chat.send(SECRETS["talent"])
    await chat.send(SECRETS["crisis"])
    await kari.press("take:1")
    await chat.send(SECRETS["relay"])
    return chat


@both_backends
async def test_nothing_a_participant_wrote_is_readable_in_the_database(
    conversation: Conversation, storage: Storage, database_url: str
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    chat = await _talk(conversation, kari)
    declined = Chat(conversation, chat_id="701", first_name="Nei")
    await declined.send("/start")
    await declined.press("consent:no")
    await declined.send("Dette skal ingen lagre: Tjodolfsvingen")
    dump = await _everything_as_text(storage)
    for word in (*WORDS, "Tjodolfsvingen"):
        assert word not in dump, word
    async with storage.sessions() as session:  # yet the bot reads it back
        names = (await session.execute(select(Participant.first_name))).scalars().all()
    assert SECRETS["name"] in names
    if database_url.startswith("sqlite"):
        raw = database_file_bytes(database_url)
        for word in (*WORDS, "Tjodolfsvingen"):
            assert word.encode() not in raw, word
    await chat.send("/slett")
    await chat.press("confirm:delete")
    async with storage.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(Participant))).scalar_one() == 1
        pointer = (await session.execute(select(Coordinator.current_case_id))).scalar_one()
    assert pointer is None  # no coordinator points at the deleted case


@both_backends
async def test_delete_edits_the_cards_and_case_numbers_are_never_reused(
    conversation: Conversation, storage: Storage
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    first = Chat(conversation, chat_id="710")
    await first.consent()
    await first.send("/brobygger")
    async with UnitOfWork(storage.sessions) as uow:  # the card went out as Telegram message 555
        card = (
            await uow.session.execute(select(OutgoingMessage).where(OutgoingMessage.kind == "card"))
        ).scalar_one()
        card.sent_at, card.sent_message_id = card.created_at, 555
        await uow.commit()
    await first.send("/slett")
    await first.press("confirm:delete")
    edits = [m for m in first.coordinators if m.kind == "card_update"]
    assert edits and edits[-1].target_message_id == 555 and edits[-1].text == t("card.deleted", number=1)
    second = Chat(conversation, chat_id="711")
    await second.consent()
    await second.send("/brobygger")
    assert "sak #2" in second.coordinators[-1].text.lower()


class Phone:
    """A Telegram that takes every message (a number for each one sent)."""

    def __init__(self) -> None:
        self.sent = 0

    async def send_text(self, chat_id: str, text: str, buttons: object) -> int:
        self.sent += 1
        return 1000 + self.sent

    async def send_document(self, chat_id: str, filename: str, content: bytes) -> int:
        return await self.send_text(chat_id, "", None)

    async def send_photo(self, chat_id: str, photo: bytes, caption: str | None) -> int:
        return await self.send_text(chat_id, caption or "", None)

    async def edit_text(self, chat_id: str, message_id: int, text: str, buttons: object) -> None:
        return None

    async def copy(self, chat_id: str, from_chat_id: str, message_id: int) -> int:
        return await self.send_text(chat_id, "", None)

    async def clear_buttons(self, chat_id: str, message_id: int) -> None:
        return None


class InboxFirst(Conversation):
    """The core as the Telegram channels use it: each update stored in the inbox (payload and
    chat) before its turn, which takes it from there."""

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        if inbound.update_id is not None:
            update = {
                "update_id": inbound.update_id,
                "message": {"chat": inbound.chat_id, "text": inbound.text},
            }
            async with UnitOfWork(self.sessions) as uow:
                await uow.inbox.accept(inbound.channel, [(update, inbound.chat_id)], self.now())
                await uow.commit()
        return await super().handle(inbound)


async def _rows_holding(storage: Storage, value: str) -> list[str]:
    """Every row of every table with a column whose value is this one (as text)."""
    found = []
    async with storage.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in (await connection.execute(text(f"SELECT * FROM {table.name}"))).all():
                if any(str(column) == value for column in row):
                    found.append(f"{table.name}: {tuple(row)}")
    return found


@both_backends
async def test_after_delete_no_row_names_the_chat_and_the_deletion_keeps_only_its_day(
    conversation: Conversation, storage: Storage, clock: Clock
) -> None:
    core = InboxFirst(storage.sessions, clock=clock, duty=conversation.duty)
    phone = Phone()
    delivery = Delivery(storage.sessions, "test", phone, duty=conversation.duty, clock=clock)  # type: ignore[arg-type]
    chat = Chat(core, chat_id="7340012", first_name=SECRETS["name"])
    await chat.consent()
    await chat.send(SECRETS["talent"])
    await chat.send("/mine_data")
    await delivery.deliver_pending()
    clock.advance(hours=3, minutes=17, seconds=5)
    await chat.send("/slett")
    await delivery.deliver_pending()
    # The confirmation pressed, its keyboard taken away: both go out after the purge.
    deleting = clock.now
    chat.take(await core.handle(chat._inbound(kind="button", button="confirm:delete", message_id=4242)))
    assert t("delete.done") in chat.text
    assert [m.kind for m in chat.replies] == ["message", "clear_buttons"]
    sent_before = phone.sent
    await delivery.deliver_pending()
    assert phone.sent == sent_before + 1  # the reply went (the keyboard's removal is no message)
    assert await _rows_holding(storage, chat.chat_id) == []
    async with storage.sessions() as session:
        texts = (await session.execute(select(OutgoingMessage.text))).scalars().all()
        payloads = (await session.execute(select(InboxUpdate.payload))).scalars().all()
        kept = (await session.execute(select(InboxUpdate.update_id, InboxUpdate.chat_key))).all()
        moments = (
            (await session.execute(select(Event.created_at).where(Event.kind == "participant_deleted")))
            .scalars()
            .all()
        )
        unsent = (await session.execute(select(OutgoingMessage.created_at))).scalars().all()
    assert all(value == "" for value in texts)
    assert payloads and all(payload is None for payload in payloads)
    assert kept and all(chat_key is None for _, chat_key in kept)  # the dedupe key alone
    assert [moment.replace(tzinfo=None) for moment in moments] == [
        deleting.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    ]
    assert deleting not in unsent  # no row left that carries the moment of the deletion
    # The deletion changes nothing twice: the same update again is a redelivery.
    redelivered = await core.handle(
        Inbound(
            "test", chat.chat_id, chat.chat_id, kind="button", button="confirm:delete", update_id=kept[-1][0]
        )
    )
    assert redelivered == []
    # The statistics still count what happened, pointing to no one.
    async with UnitOfWork(storage.sessions) as uow:
        figures = await statistics.gather(uow, clock.now)
    assert figures.started == 1 and figures.consented == 1


async def test_the_outbox_keeps_no_text_once_sent_and_the_inbox_no_payload_once_handled(
    conversation: Conversation, storage: Storage, clock: Clock
) -> None:
    from bot.runtime.delivery import Delivery

    class Sender:
        async def send_text(self, chat_id: str, text: str, buttons: object) -> int:
            return 1

        async def send_document(self, chat_id: str, filename: str, content: bytes) -> int:
            return 2

    chat = Chat(conversation, chat_id="720")
    await chat.consent()
    await chat.send(SECRETS["talent"])
    await chat.send("/mine_data")  # a file too
    await Delivery(storage.sessions, "test", Sender()).deliver_pending()  # type: ignore[arg-type]
    async with storage.sessions() as session:
        texts = (await session.execute(select(OutgoingMessage.text))).scalars().all()
    assert texts and all(value == "" for value in texts)


async def test_retention_periods(conversation: Conversation, storage: Storage, clock: Clock) -> None:
    chat = Chat(conversation, chat_id="730")
    await chat.consent()
    await chat.send(SECRETS["talent"])
    await chat.send("/brobygger")  # a case: its number in the events leads back to the participant
    async with UnitOfWork(storage.sessions) as uow:
        now = clock.now
        uow.session.add(
            InboxUpdate(channel="telegram", update_id=1, payload={"x": 1}, received_at=now, handled_at=now)
        )
        uow.session.add(
            InboxUpdate(channel="telegram", update_id=2, payload=None, received_at=now, handled_at=now)
        )
        uow.session.add(ProcessedUpdate(channel="test", update_id=99, processed_at=now))
        await uow.commit()
    periods = Periods()
    assert (await prune(storage.sessions, clock.now, periods)).set_aside_payloads == 0
    pruned = await prune(storage.sessions, clock.now + timedelta(days=31), periods)
    assert pruned.set_aside_payloads == 1 and pruned.update_ids >= 2  # update 1, processed id 99
    async with storage.sessions() as session:
        left = (await session.execute(select(InboxUpdate.update_id))).scalars().all()
    assert left == [2]  # the newest id stays: the polling offset is read from it
    pruned = await prune(storage.sessions, clock.now + timedelta(days=91), periods)
    assert pruned.events_anonymised > 0
    async with storage.sessions() as session:
        owned = select(func.count()).select_from(Event).where(Event.participant_id.is_not(None))
        assert (await session.execute(owned)).scalar_one() == 0
        details = (await session.execute(select(Event.detail))).scalars().all()
        assert not [d for d in details if d and "case" in d]
    # A year of silence: told a week ahead, then deleted.
    warned = await prune(storage.sessions, clock.now + timedelta(days=359), periods)
    assert warned.warned == 1 and warned.deleted == 0
    async with storage.sessions() as session:
        queued = (
            await session.execute(select(OutgoingMessage.text).order_by(OutgoingMessage.id.desc()))
        ).scalars()
        assert t("retention.warning", days=7) in list(queued)
    deleted = await prune(storage.sessions, clock.now + timedelta(days=367), periods)
    assert deleted.deleted == 1
    async with storage.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(Participant))).scalar_one() == 0
    # The notice of the deletion goes out, and then no row names the chat.
    await Delivery(storage.sessions, "test", Phone()).deliver_pending()  # type: ignore[arg-type]
    assert await _rows_holding(storage, chat.chat_id) == []


async def test_writing_after_the_warning_keeps_everything(
    conversation: Conversation, storage: Storage, clock: Clock
) -> None:
    chat = Chat(conversation, chat_id="740")
    await chat.consent()
    await prune(storage.sessions, clock.now + timedelta(days=359), Periods())
    clock.advance(days=360)
    await chat.send(SECRETS["talent"])
    pruned = await prune(storage.sessions, clock.now + timedelta(days=8), Periods())
    assert pruned.deleted == 0


async def test_keys_rotate_and_a_missing_key_refuses_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    storage = await open_storage(url)
    conversation = Conversation(storage.sessions)
    chat = Chat(conversation, chat_id="750")
    await chat.consent()
    await chat.send(SECRETS["talent"])
    await storage.close()
    key_file = key_file_for(url)
    assert key_file is not None and oct(key_file.stat().st_mode & 0o777) == "0o600"
    old_key = key_file.read_text().split()
    assert await asyncio.to_thread(main, ["rotate-key", "--db", str(tmp_path / "bot.db")]) == 0
    new_key = key_file.read_text().split()
    assert len(new_key) == 1 and new_key != old_key
    storage = await open_storage(url)  # rows written under the old key read under the new one
    async with storage.sessions() as session:
        answers = (await session.execute(text("SELECT count(*) FROM answers"))).scalar_one()
    from storage.models import Answer

    async with storage.sessions() as session:
        assert (await session.execute(select(Answer.text))).scalars().all() == [SECRETS["talent"]]
    await storage.close()
    assert answers == 1
    with pytest.raises(KeyProblem):
        await open_storage(url, old_key[0])  # the old key alone no longer opens it
    os.remove(key_file)
    with pytest.raises(KeyProblem, match="key is missing"):
        await open_storage(url)
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["chat", "--db", str(tmp_path / "bot.db")]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "key is missing" in error[0]


async def test_rows_written_before_encryption_are_encrypted_on_opening(tmp_path: Path) -> None:
    """A database from before this release: its plain rows are sealed when it is opened."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    storage = await open_storage(url)
    async with storage.engine.begin() as connection:
        await connection.execute(text("DELETE FROM key_check"))
        await connection.execute(
            text(
                "INSERT INTO participants (channel, chat_id, first_name, locale, state, editing,"
                " dont_know_count, created_at, updated_at)"
                " VALUES ('test', '1', 'Gunnhildur', 'nb', 'start', 0, 0,"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    await storage.close()
    os.remove(key_file_for(url))  # type: ignore[arg-type]
    storage = await open_storage(url)
    async with storage.sessions() as session:
        assert (await session.execute(select(Participant.first_name))).scalar_one() == "Gunnhildur"
    assert "Gunnhildur" not in json.dumps(await _everything_as_text(storage))
    await storage.close()
