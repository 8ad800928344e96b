"""The Telegram channel, whatever the library: polling and webhook into the inbox, the core's
runtime, and a small API that each library adapter provides."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from bot import killpoints
from bot.channels.telegram.menu import (
    COORDINATOR_COMMANDS,
    DESCRIPTION,
    PARTICIPANT_COMMANDS,
    SHORT_DESCRIPTION,
)
from bot.channels.telegram.updates import (
    CHANNEL,
    UpdatesUnreadable,
    inbound_from_update,
    readable,
    stored_form,
    update_id_of,
)
from bot.channels.telegram.webhook import CannotStoreNow, Operations, OperationsServer, WebhookServer
from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.desk_hours import parse as parse_hours
from bot.core.flood import FloodGuard
from bot.core.i18n import DEFAULT_LOCALE, translator
from bot.core.languages import complete
from bot.core.reading.reader import open_reader
from bot.runtime.delivery import Delivery, PassingFault, RetryLater, Sender
from bot.runtime.failsafe import FailSafe
from bot.runtime.intake import Intake
from bot.runtime.metrics import Metrics
from bot.runtime.pacing import Limits, Pacer
from bot.runtime.retention import Periods
from bot.runtime.runner import SERVER_TURNS_IN_FLIGHT, SQLITE_TURNS_IN_FLIGHT, BotService
from bot.runtime.scheduler import SCHEDULER_TICK
from bot.runtime.supervisor import Supervisor
from bot.settings import Settings, SettingsError
from bot.startup import Storage, open_storage
from storage.backlog import Backlog, read_backlog
from storage.chat_claims import ChatClaims
from storage.health import database_answers
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# Seconds after start-up before the menus and descriptions are set: the first turns go first.
DECORATE_AFTER = 1.0
# Seconds between tries to store a fetched batch while the database is away, doubling up to the
# most: short, so that the batch is in soon after the database is back.
STORE_RETRY_FIRST = 0.1
STORE_RETRY_MAX = 1.0
# Seconds between the starts of tries of getUpdates after a failure, doubling up to the most:
# short, since waiting costs nothing (Telegram keeps the updates until they are confirmed) and
# the bot should answer within seconds of Telegram being back. A 429 waits its retry_after.
POLL_RETRY_FIRST = 0.25
POLL_RETRY_MAX = 2.0
# How much longer than the long poll's own timeout getUpdates may go without an answer before
# the call is given up as hanging and tried again.
POLL_MARGIN = 2.0
# The long poll's own timeout (seconds). Short, because a call that hangs cannot be told from one
# that waits until both are over: with 3 s and the margin, the bot asks again at most 5 s after
# Telegram is back, at the price of one idle request every 3 s.
LONG_POLL = 3


class TelegramApi(Protocol):
    """What a library adapter provides: the Bot API calls the channel needs, nothing more."""

    @property
    def sender(self) -> Sender:
        """Sends what the delivery takes from the outbox."""

    async def open(self) -> str | None:
        """Connect; returns the bot's username."""

    async def get_updates(self, offset: int | None, timeout: int) -> list[Any]:
        """Long-poll for updates, as Telegram's JSON, each as it came (one may be malformed); the
        offset confirms everything before it. Raises RetryLater for a 429, PassingFault for a
        5xx, a network error or no answer within timeout + POLL_MARGIN seconds, and
        UpdatesUnreadable for any other answer that is not a list of updates."""

    async def set_webhook(self, url: str, secret: str) -> None: ...

    async def delete_webhook(self) -> None: ...

    async def answer_callback(self, query_id: str, text: str | None) -> None: ...

    async def decorate(self, kind: str, chat: str | None, payload: Any, language: str | None = None) -> Any:
        """("commands", chat or None, [(command, description)]), ("description", None, text),
        ("short_description", None, text); for phones in `language` (None: every phone)."""

    async def close(self) -> None: ...


@dataclass
class TelegramRuntime:
    """The storage and the core service behind one running Telegram channel."""

    storage: Storage
    service: BotService
    settings: Settings
    metrics: Metrics = field(default_factory=Metrics)
    reading: str = "off: reading on the rules alone"  # the reading model's state (reader.py)

    async def handle_update(self, data: dict[str, Any]) -> tuple[bool, str | None]:
        """Run the turn for one update; returns whether a turn took it, and the notice for a
        pressed button."""
        inbound = inbound_from_update(data)
        if inbound is None:
            return False, None
        # Shielded: stopping the channel must not cut a turn in half.
        outbound = await asyncio.shield(self.service.handle(inbound))
        return True, next((m.text for m in outbound if m.kind == "notice"), None)

    async def decorate(self, api: TelegramApi) -> None:
        """Menus and description; best-effort, since the bot works without them."""
        staff = translator(self.settings.coordinator_locale)
        duty_menu = [(c, staff(d)) for c, d in COORDINATOR_COMMANDS]
        duty_chats = [*sorted(self.settings.coordinator_id_set), str(self.settings.coordinator_chat_id)]
        steps: list[tuple[str, str | None, Any, str | None]] = []
        # Bokmål for every phone, and each pack's own for phones in its language.
        for locale in complete():
            t = translator(locale)
            language = None if locale == DEFAULT_LOCALE else locale
            steps += [
                ("commands", None, [(c, t(d)) for c, d in PARTICIPANT_COMMANDS], language),
                ("description", None, t(DESCRIPTION), language),
                ("short_description", None, t(SHORT_DESCRIPTION), language),
            ]
        steps += [("commands", chat, duty_menu, None) for chat in duty_chats]
        for kind, chat, payload, language in steps:
            try:
                await api.decorate(kind, chat, payload, language)
            except Exception as error:
                log.warning("could not set %s for %s: %s", kind, chat or "everyone", error)

    async def close(self) -> None:
        await self.service.stop()
        await self.storage.close()


async def open_runtime(
    settings: Settings,
    sender: Sender,
    bot_username: str | None,
    *,
    tick: float = SCHEDULER_TICK,
    supervisor: Supervisor | None = None,
) -> TelegramRuntime:
    storage = await open_storage(settings.database_url, settings.keys)
    duty = Duty(
        chat_id=str(settings.coordinator_chat_id) if settings.coordinator_chat_id else None,
        user_ids=settings.coordinator_id_set,
        bot_username=bot_username,
        escalate_after=timedelta(minutes=settings.handoff_escalate_minutes),
        weekly_digest=settings.weekly_digest,
        locale=settings.coordinator_locale,
        hours=parse_hours(settings.desk_hours),
        on_call=str(settings.on_call_chat_id) if settings.on_call_chat_id else None,
    )
    if duty.chat_id is not None:
        await _follow_group_moves(storage, duty)

    async def backlog() -> Backlog:
        async with UnitOfWork(storage.sessions) as uow:
            return await read_backlog(uow.session, CHANNEL)

    metrics = Metrics(backlog)
    conversation = Conversation(
        storage.sessions,
        duty=duty,
        followup_hour=settings.followup_hour,
        welcome_back_hours=settings.welcome_back_hours,
        opening_hours=settings.opening_hours,
        reader=open_reader(settings.reading_model),
    )
    await conversation.plan_digest(CHANNEL)  # WEEKLY_DIGEST: its timer set, or none left
    await conversation.hand_back_unlisted(CHANNEL)  # a coordinator taken off the list keeps no case
    pacer = Pacer(
        Limits(
            total_per_second=settings.send_per_second,
            chat_per_second=settings.send_per_chat_per_second,
            chat_burst=settings.send_chat_burst,
            group_per_minute=settings.send_per_group_per_minute,
        )
    )
    delivery = Delivery(
        storage.sessions,
        CHANNEL,
        sender,
        duty=duty,
        pacer=pacer,
        claims=ChatClaims(storage.engine),
        report=conversation.handle,
        metrics=metrics,
    )
    sqlite = storage.engine.dialect.name == "sqlite"
    service = BotService(
        conversation,
        delivery,
        CHANNEL,
        tick=tick,
        turns_in_flight=SQLITE_TURNS_IN_FLIGHT if sqlite else SERVER_TURNS_IN_FLIGHT,
        retention=Periods.from_settings(settings),
        supervisor=supervisor,
        health=storage.health,
        flood=FloodGuard(settings.flood_messages, settings.flood_seconds),
        metrics=metrics,
    )
    metrics.reading(conversation.reading_status)
    return TelegramRuntime(storage, service, settings, metrics, conversation.reading_status)


async def _follow_group_moves(storage: Storage, duty: Duty) -> None:
    """A group Telegram upgraded since COORDINATOR_CHAT_ID was set is found under its new id."""
    assert duty.chat_id is not None
    async with UnitOfWork(storage.sessions) as uow:
        current = await uow.coordinators.current_group(duty.chat_id)
    if current != duty.chat_id:
        log.warning(
            "the coordinators' group %s was upgraded to %s: using it; set COORDINATOR_CHAT_ID=%s",
            duty.chat_id,
            current,
            current,
        )
        duty.chat_id = current


def _poll_failure(error: Exception, failures: int, took: float) -> tuple[str, float]:
    """What went wrong with getUpdates, for the log, and the pause before the next try: a 429's
    retry_after exactly; otherwise a short pause counted from the start of the failed try, so
    that a call that hung is tried again at once."""
    if isinstance(error, RetryLater):
        return "Telegram asks to wait (429)", error.seconds
    pause = max(0.0, min(POLL_RETRY_MAX, POLL_RETRY_FIRST * 2 ** (failures - 1)) - took)
    if isinstance(error, PassingFault):
        return f"Telegram is unavailable ({error})", pause
    if isinstance(error, UpdatesUnreadable):
        return f"its answer is not a batch of updates ({error})", pause
    # The type only: a library's error about a batch it could not read quotes the batch.
    return type(error).__name__, pause


def _chat_of(update: dict[str, Any]) -> str | None:
    inbound = inbound_from_update(update)
    return inbound.chat_id if inbound is not None else None


class TelegramChannel:
    """Polling or webhook. Either way an update is stored before Telegram is told it arrived
    (the next getUpdates offset, or the webhook's 200), and handled from the inbox."""

    def __init__(
        self,
        settings: Settings,
        api: TelegramApi,
        *,
        polling_timeout: int = LONG_POLL,
        tick: float = SCHEDULER_TICK,
    ) -> None:
        self.settings = settings
        self.api = api
        self.polling_timeout = polling_timeout
        self.tick = tick
        self.runtime: TelegramRuntime | None = None
        self.intake: Intake | None = None
        self.failsafe: FailSafe | None = None
        # Watches the poller, the inbox and the core's loops; see serve() for what a failure does.
        self.supervisor = Supervisor()
        self._polling = False
        self._web: WebhookServer | None = None
        self._operations: OperationsServer | None = None  # polling mode, with METRICS_PORT
        self._decorating: asyncio.Task[None] | None = None

    async def _open(self) -> None:
        username = await self.api.open()
        self.runtime = await open_runtime(
            self.settings,
            self.api.sender,
            username,
            tick=self.tick,
            supervisor=self.supervisor,
        )
        self.failsafe = FailSafe(
            lambda chat_id, text: self.api.sender.send_text(chat_id, text, None),
            coordinators=self.settings.coordinator_id_set,
        )
        self.intake = Intake(
            self.runtime.storage.sessions,
            CHANNEL,
            self._handle,
            chat_of=_chat_of,
            on_failure=self._turn_failed,
            supervisor=self.supervisor,
            health=self.runtime.storage.health,
        )
        # Menus and descriptions (one set per language) are best-effort: they wait for the first
        # turns to get going, and a stop does not wait for them (the next start sets them again).
        self._decorating = asyncio.create_task(self._decorate_soon(), name="decorate")
        await self.runtime.service.start()
        await self.intake.start()

    async def _decorate_soon(self) -> None:
        await asyncio.sleep(DECORATE_AFTER)
        assert self.runtime is not None
        await self.runtime.decorate(self.api)

    async def _turn_failed(self, update: dict[str, Any]) -> None:
        assert self.failsafe is not None
        try:
            inbound = inbound_from_update(update)
        except Exception:
            return  # an update the bot cannot read has no text to read either
        await self.failsafe.turn_failed(inbound)

    async def _handle(self, data: dict[str, Any]) -> bool:
        assert self.runtime is not None
        took_turn, notice = await self.runtime.handle_update(data)
        query = data.get("callback_query")
        if query and query.get("id"):
            try:
                await self.api.answer_callback(str(query["id"]), notice)
            except Exception as error:  # an old press cannot be answered any more; no harm
                log.info("could not answer a button press: %s", error)
        return took_turn

    def _operations_endpoints(self) -> Operations:
        """GET /healthz and GET /metrics for this bot, in either mode."""
        assert self.runtime is not None
        engine = self.runtime.storage.engine

        async def healthy() -> bool:
            return await database_answers(engine)

        return Operations(healthy, self.runtime.metrics, self.runtime.reading)

    async def start_polling(self) -> None:
        await self._open()
        if self.settings.metrics_port is not None:
            self._operations = OperationsServer(
                self.settings.metrics_host, self.settings.metrics_port, self._operations_endpoints()
            )
            await self._operations.start()
        await self.api.delete_webhook()
        self.supervisor.start("polling", self._poll)
        self._polling = True

    async def _poll(self) -> None:
        assert self.intake is not None and self.runtime is not None
        offset = await self._stored_offset()
        failures, failing_since, last_failure = 0, 0.0, ""
        while True:
            # While getUpdates fails, ask without a long poll: a call that hangs is then given up
            # after POLL_MARGIN alone, and the first answer after Telegram is back comes at once.
            timeout = self.polling_timeout if failures == 0 else 0
            started = time.monotonic()
            try:
                updates = await self.api.get_updates(offset, timeout)
            except Exception as error:
                if failures == 0:
                    failing_since = started
                failures += 1
                what, pause = _poll_failure(error, failures, time.monotonic() - started)
                # Said once when the kind of failure changes, not at every try of an outage.
                level = logging.WARNING if what != last_failure else logging.DEBUG
                log.log(level, "getUpdates failed (%s in a row): %s", failures, what)
                last_failure = what
                await asyncio.sleep(pause)
                continue
            if failures:
                log.warning(
                    "getUpdates answers again, after %s failed tries in %.0f s",
                    failures,
                    time.monotonic() - failing_since,
                )
                failures, last_failure = 0, ""
            if not updates:
                continue
            killpoints.passed("intake.fetched")
            await self._store_until_stored(updates)
            killpoints.passed("intake.stored")
            # Only now, with the updates committed, does the next call confirm them.
            ids = [i for i in map(update_id_of, updates) if i is not None]
            if ids:
                offset = max(ids) + 1

    async def _stored_offset(self) -> int | None:
        """Where polling starts: after the last update stored, once the database answers."""
        assert self.intake is not None and self.runtime is not None
        health = self.runtime.storage.health
        pause = STORE_RETRY_FIRST
        while True:
            try:
                offset = await self.intake.next_offset()
                health.ok()
                return offset
            except Exception as error:
                if not health.failed(error, "polling"):
                    raise
            await asyncio.sleep(pause)
            pause = min(STORE_RETRY_MAX, pause * 2)

    async def _store_until_stored(self, updates: list[Any]) -> None:
        """Store a fetched batch, trying again with backoff for as long as the database is away:
        the batch is kept here, and Telegram holds it too until the next offset confirms it."""
        assert self.runtime is not None
        health = self.runtime.storage.health
        pause = STORE_RETRY_FIRST
        while True:
            try:
                await self._store(updates)
                health.ok()
                return
            except Exception as error:
                if not health.failed(error, "polling"):
                    log.exception("could not store %s updates; trying again", len(updates))
                # Whoever wrote a crisis meanwhile gets the help lines now, not after the outage.
                for update in updates:
                    await self._turn_failed(update)
            await asyncio.sleep(pause)
            pause = min(STORE_RETRY_MAX, pause * 2)

    async def _store(self, updates: list[Any]) -> None:
        """Store what arrived: what the bot can read goes to the inbox to be handled, what it
        cannot is set aside (one bad update must not stop anyone else)."""
        assert self.intake is not None
        good = [stored_form(u) for u in updates if readable(u)]
        bad = [u for u in updates if not readable(u) and update_id_of(u) is not None]
        if len(good) + len(bad) < len(updates):
            log.warning("%s updates without an update id were dropped", len(updates) - len(good) - len(bad))
        if bad:
            await self.intake.set_aside(bad)
        if good:
            await self.intake.accept(good)

    async def start_webhook(self) -> None:
        settings = self.settings
        assert settings.webhook_url and settings.webhook_secret
        await self._open()
        assert self.intake is not None

        health = self.runtime.storage.health if self.runtime is not None else None
        assert health is not None

        async def feed(update: dict[str, Any]) -> None:
            killpoints.passed("intake.fetched")
            try:
                await self._store([update])  # stored (or set aside) before the 200
            except Exception as error:
                await self._turn_failed(update)
                if health.failed(error, "the webhook"):
                    raise CannotStoreNow() from error
                raise
            health.ok()
            killpoints.passed("intake.stored")

        self._web = WebhookServer(
            settings.webhook_url,
            settings.webhook_secret,
            settings.webhook_host,
            settings.webhook_port,
            feed,
            self._operations_endpoints(),
        )
        await self._web.start()
        await self.api.set_webhook(settings.webhook_url, settings.webhook_secret)

    async def stop(self) -> None:
        """Stop taking updates, finish the turns in flight, deliver their replies, close."""
        if self._polling:
            # Safe to cancel: updates fetched but not yet stored were not confirmed either.
            await self.supervisor.cancel("polling")
            self._polling = False
        if self._web is not None:
            await self._web.stop()
            self._web = None
        if self._operations is not None:
            await self._operations.stop()
            self._operations = None
        if self._decorating is not None:
            self._decorating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._decorating
            self._decorating = None
        if self.intake is not None:
            await self.intake.stop()
        if self.runtime is not None:
            await self.runtime.close()
            self.runtime = None
        await self.api.close()


def create_channel(
    settings: Settings,
    framework: str | None = None,
    *,
    polling_timeout: int = LONG_POLL,
    tick: float = SCHEDULER_TICK,
) -> TelegramChannel:
    """The channel on BOT_FRAMEWORK (or the framework asked for), not yet started."""
    chosen = framework or settings.bot_framework
    api: TelegramApi
    if chosen == "aiogram":
        from bot.channels.telegram.aiogram_adapter import AiogramApi

        api = AiogramApi(settings)
    elif chosen == "ptb":
        from bot.channels.telegram.ptb_adapter import PtbApi

        api = PtbApi(settings)
    else:
        raise SettingsError(f"setting BOT_FRAMEWORK is malformed: {chosen!r} is not available")
    return TelegramChannel(settings, api, polling_timeout=polling_timeout, tick=tick)


async def serve(channel: TelegramChannel, webhook: bool) -> int:
    """Run until SIGTERM or SIGINT, then stop gracefully; returns the exit status, 1 when a task
    failed too often to go on (so that the platform starts the process again)."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    if webhook:
        await channel.start_webhook()
    else:
        await channel.start_polling()
    log.info("brobygger is running (%s)", "webhook" if webhook else "polling")
    waits = [asyncio.create_task(stopping.wait()), asyncio.create_task(channel.supervisor.failed.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
        log.info("stopping: finishing the turns in flight")
        await channel.stop()
    if channel.supervisor.gave_up is not None:
        log.critical("exiting: task %s could not be kept running", channel.supervisor.gave_up)
        return 1
    return 0
