"""Fixtures: a migrated database per test (SQLite, and PostgreSQL when reachable), a fixed clock,
and a Chat that drives the core the way a channel does and keeps what came out."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.envelopes import Inbound, Outbound
from bot.startup import Storage, open_storage
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.scratch import SCRATCH_KEY, needs_scratch_key, postgres_reachable, scratch_postgres
from storage.unit_of_work import UnitOfWork

# Sunday 22 November 2026, 10:00 UTC: "fredag" is then Friday 27 November.
START = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
GROUP = "-100"
COORDINATOR_IDS = frozenset({"501", "502", "503", "504", "505", "506", "507", "508"})


def database_file_bytes(database_url: str) -> bytes:
    """The raw bytes of a SQLite database and its -wal and -shm files (not its key file)."""
    path = Path(database_url.split("///", 1)[1])
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if not p.name.endswith(".key"))


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _postgres_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, migrated database: a SQLite file, or a throwaway PostgreSQL database."""
    async with migrated_database(backend, tmp_path) as url:
        yield url


@contextlib.asynccontextmanager
async def migrated_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, migrated database for one test; PostgreSQL skips (or fails under CI) when the
    server at TEST_DATABASE_URL cannot be reached."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url
        return
    admin = _postgres_admin_url()
    if not await postgres_reachable(admin):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL not reachable at {admin}")
        pytest.skip(f"PostgreSQL not reachable at {admin} (set TEST_DATABASE_URL)")
    async with scratch_postgres(admin, "brobygger_test") as url:
        yield url


@pytest.fixture
async def storage(database_url: str) -> AsyncIterator[Storage]:
    opened = await open_storage(database_url, SCRATCH_KEY if needs_scratch_key(database_url) else None)
    yield opened
    await opened.close()


@pytest.fixture
def conversation(storage: Storage, clock: Clock) -> Conversation:
    duty = Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS, bot_username="brobygger_test_bot")
    return Conversation(storage.sessions, clock=clock, duty=duty)


class Chat:
    """One participant talking to the core; keeps every message that came out, by audience."""

    def __init__(
        self, conversation: Conversation, chat_id: str = "100", first_name: str = "Ola", channel: str = "test"
    ) -> None:
        self.conversation = conversation
        self.chat_id = chat_id
        self.first_name = first_name
        self.channel = channel
        self.replies: list[Outbound] = []  # to the participant, last turn
        self.coordinators: list[Outbound] = []  # to the group, every turn
        self.private: list[Outbound] = []  # to a coordinator's private chat, every turn
        self.language: str | None = None  # the phone's language (Telegram's language_code)

    # Telegram numbers updates per bot, not per chat: one counter for every Chat.
    _update_ids = itertools.count(1)

    def _inbound(self, **fields: object) -> Inbound:
        return Inbound(
            channel=self.channel,
            chat_id=self.chat_id,
            user_id=self.chat_id,
            first_name=self.first_name,
            update_id=next(self._update_ids),
            language=self.language,
            **fields,
        )  # type: ignore[arg-type]

    def take(self, outbound: list[Outbound]) -> list[str]:
        self.replies = [m for m in outbound if m.audience == "participant"]
        self.coordinators += [m for m in outbound if m.audience == "coordinators"]
        self.private += [m for m in outbound if m.audience == "coordinator"]
        return [m.text for m in self.replies]

    async def send(self, text: str) -> list[str]:
        return self.take(await self.conversation.handle(self._inbound(kind="text", text=text)))

    async def press(self, data: str) -> list[str]:
        assert data in self.buttons, f"{data!r} is not among the buttons shown: {self.buttons}"
        return self.take(await self.conversation.handle(self._inbound(kind="button", button=data)))

    async def press_stale(self, data: str) -> list[str]:
        return self.take(await self.conversation.handle(self._inbound(kind="button", button=data)))

    async def send_kind(self, kind: str) -> list[str]:
        return self.take(await self.conversation.handle(self._inbound(kind=kind)))

    @property
    def text(self) -> str:
        """Everything the participant got in the last turn, as one text."""
        return "\n".join(m.text for m in self.replies)

    @property
    def buttons(self) -> list[str]:
        """The button data of the last message with buttons in the last turn."""
        for message in reversed(self.replies):
            if message.buttons:
                return [b.data for row in message.buttons for b in row]
        return []

    async def consent(self) -> None:
        await self.send("/start")
        await self.press("consent:yes")


class Desk:
    """A coordinator (or anyone) acting in the coordinators' group or in a private chat."""

    def __init__(self, conversation: Conversation, user_id: str, first_name: str) -> None:
        self.conversation = conversation
        self.user_id = user_id
        self.first_name = first_name
        self.out: list[Outbound] = []

    def _inbound(self, chat_id: str, chat_type: str, **fields: object) -> Inbound:
        return Inbound(
            channel="test",
            chat_id=chat_id,
            user_id=self.user_id,
            first_name=self.first_name,
            chat_type=chat_type,
            update_id=next(Chat._update_ids),
            **fields,
        )  # type: ignore[arg-type]

    async def group(self, text: str) -> list[Outbound]:
        self.out = await self.conversation.handle(self._inbound(GROUP, "group", text=text))
        return self.out

    async def press(self, data: str) -> list[Outbound]:
        self.out = await self.conversation.handle(
            self._inbound(GROUP, "group", kind="button", button=data, message_id=77)
        )
        return self.out

    async def private(
        self, text: str | None = None, kind: str = "text", message_id: int | None = None
    ) -> list[Outbound]:
        self.out = await self.conversation.handle(
            self._inbound(self.user_id, "private", kind=kind, text=text, message_id=message_id)
        )
        return self.out

    def texts(self, audience: str) -> list[str]:
        return [m.text for m in self.out if m.audience == audience]


ANSWERS = {
    "talent": "Jeg er god til å lage mat og å hjelpe andre",
    "talent_others": "Vennene mine sier at jeg er rolig og pålitelig",
    "dream": "Jeg gleder meg til å gå på jobb",
    "dream_exception": "Da jeg jobbet i barnehagen hadde jeg faste dager",
    "goal": "Få en deltidsjobb på et kjøkken",
    "goal_scale": "4",
    "goal_step_up": "Jeg ville ha søkt på to jobber",
    "plan": "Ringe kafeen i sentrum",
    "plan_when": "fredag",
    "network": "Mamma og en tidligere kollega",
    "network_contact": "nei",
}


async def current_answers(storage: Storage, chat: Chat) -> dict[str, str]:
    """The participant's current answers as stored, by question."""
    async with UnitOfWork(storage.sessions) as uow:
        participant = await uow.participants.get("test", chat.chat_id)
        assert participant is not None
        return {q: a.text for q, a in (await uow.answers.current(participant.id)).items()}


async def answer_up_to(chat: Chat, question: str) -> None:
    """Consent, then answer the questions before `question`."""
    await chat.consent()
    for name, answer in ANSWERS.items():
        if name == question:
            return
        await chat.send(answer)


async def urgent_case_closed(chat: Chat, conversation: Conversation, take: bool = True) -> Desk:
    """Consent, a crisis, and the urgent case taken and closed by Kari; Kari's desk, whose last
    turn holds what the close sent (the participant has it too, unless `take` is False)."""
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    await chat.send("jeg vil ikke leve mer")  # the help lines and an urgent case
    await kari.press("take:1")
    await kari.private("/avslutt")
    if take:
        chat.take(kari.out)
    return kari


async def walk_to_summary(chat: Chat) -> None:
    await chat.consent()
    for answer in ANSWERS.values():
        await chat.send(answer)


@pytest.fixture
def chat(conversation: Conversation) -> Chat:
    return Chat(conversation)


@pytest.fixture(autouse=True)
def _no_env_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Tests choose their own database; a developer's .env or DATABASE_URL must not leak in.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    yield
