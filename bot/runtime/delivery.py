"""Sends what turns committed to the outbox, through a channel's sender, and marks it sent."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Collection
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot import killpoints
from bot.core.conversation import Clock, Conversation, utc_now
from bot.core.coordination import Duty
from bot.core.envelopes import Inbound
from bot.core.i18n import N_, translator
from bot.runtime.metrics import Metrics
from bot.runtime.pacing import Pacer
from storage.chat_claims import ChatClaims
from storage.health import is_outage
from storage.models import OutgoingMessage
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

BATCH_SIZE = 50
TEXT_LIMIT = 4096  # Telegram's limit for one message
CAPTION_LIMIT = 1024  # Telegram's limit for a picture's caption
ATTEMPTS = 4
# A failure that is not a passing fault (an answer that cannot be read, a bug) gets this many
# rounds of attempts; then the message is set aside, the coordinators are told, and the chat's
# later messages go on.
ODD_ROUNDS = 3
# A message that failed a round waits 2, 4, 8 ... seconds before the next, at most this long.
DEFER_MAX = 60.0
# ... and at most this long when Telegram itself was away (5xx, network, 429): waiting costs
# nothing, and the first reply after it is back must not come half a minute late.
PASSING_DEFER_MAX = 3.0
# A coordinators' group the bot cannot write to is tried again this often (seconds); its messages
# wait meanwhile, in order, and go out once someone has put the bot (back) in the group.
GROUP_RETRY = 60.0
CONTENDED_RETRY = 0.05  # seconds before looking again at chats another process was sending to
Buttons = list[list[dict[str, str]]] | None
# (outbox id, Telegram's message id, error): a message settled, to be marked sent.
Outcome = tuple[int, int | None, str | None]
DOCUMENT_NAME = "mine-data-brobygger.json"
PHOTO_NAME = "statistikk.png"


class RecipientUnavailable(Exception):
    """The recipient blocked the bot, or never started a private chat with it."""


class Rejected(Exception):
    """Telegram refused the message for good (400 Bad Request): retrying would not help."""


class PassingFault(Exception):
    """A network error or Telegram's 5xx: tried again, for as long as it takes."""


class SentUnreadable(Exception):
    """Telegram answered ok, but its answer could not be read: the message went, and counts as sent."""


class ChatMoved(Exception):
    """The group was upgraded to a supergroup with a new id (Telegram's migrate_to_chat_id)."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class RetryLater(Exception):
    """The server asked to wait (Telegram's 429 with retry_after)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Sender(Protocol):
    """What a channel must be able to do with a stored message."""

    async def send_text(self, chat_id: str, text: str, buttons: Buttons) -> int | None: ...

    async def edit_text(self, chat_id: str, message_id: int, text: str, buttons: Buttons) -> None: ...

    async def copy(self, chat_id: str, from_chat_id: str, message_id: int) -> int | None: ...

    async def clear_buttons(self, chat_id: str, message_id: int) -> None: ...

    async def send_document(self, chat_id: str, filename: str, content: bytes) -> int | None: ...

    async def send_photo(self, chat_id: str, photo: bytes, caption: str | None) -> int | None: ...


def nothing_to_do(description: str) -> bool:
    """Telegram's 400 for an edit that changes nothing, or of a message that is gone: not worth
    retrying, and no harm. Anything else "not found" (the chat itself) is an error."""
    lowered = description.lower()
    return (
        "not modified" in lowered
        or "message to edit not found" in lowered
        or "message to delete not found" in lowered
    )


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long text into pieces under the limit, at line ends where possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    pieces.append(text)
    return pieces


class Delivery:
    """Delivers a channel's unsent messages, urgent first, otherwise in the order stored."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        channel: str,
        sender: Sender,
        duty: Duty | None = None,
        clock: Clock = utc_now,
        retry_delay: float = 0.25,
        pacer: Pacer | None = None,
        claims: ChatClaims | None = None,
        chats: Collection[str] | None = None,
        report: Callable[[Inbound], Awaitable[object]] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._sessions = sessions
        # Where a delivery outcome about a participant goes: the core's entry, as an event.
        self._report = report or Conversation(sessions, clock, duty).handle
        self._channel = channel
        self._sender = sender
        self._duty = duty or Duty()
        self._clock = clock
        self._retry_delay = retry_delay
        self._lock = asyncio.Lock()
        self._pacer = pacer
        self._claims = claims
        # Only these chats' messages (a terminal shows its own participant's, not another's).
        self._chats = chats
        # Set when another process held a chat that has messages waiting: look again shortly.
        self._contended = False
        # Cards sent in this process, by case: an edit in the same batch needs the id before the
        # batch is marked sent.
        self._cards: dict[int, int] = {}
        # Messages that failed for now: when they are due again, and their chat.
        self._deferred: dict[int, tuple[float, str | None]] = {}
        self._failures: dict[int, int] = {}
        self._odd: dict[int, int] = {}  # rounds failed by errors that are not passing faults
        self._marks = SentMarks(sessions, clock)
        self._group_down = False  # the bot could not write to the coordinators' group, last it tried
        self._metrics = metrics or Metrics()

    async def deliver_pending(self) -> int:
        """Send everything unsent that is due; returns how many messages were settled. One
        delivery at a time; within it, different chats go side by side and each chat in order.
        Each message is marked sent as soon as Telegram has it, so that a crash or a database cut
        repeats at most the message that was on its way to each chat."""
        async with self._lock:
            settled = 0
            self._contended = False
            # What went out while the database was away is marked before anything else is read.
            await self._marks.flush()
            while True:
                now = time.monotonic()
                self._deferred = {k: v for k, v in self._deferred.items() if v[0] > now}
                waiting_chats = {chat for _, chat in self._deferred.values()}
                async with UnitOfWork(self._sessions) as uow:
                    batch = await uow.outbox.unsent(
                        self._channel,
                        BATCH_SIZE,
                        exclude=[*self._deferred, *self._marks.unmarked],
                        chats=self._chats,
                    )
                # A chat whose earlier message waits for a retry gets nothing newer meanwhile.
                batch = [m for m in batch if self._chat_of(m) not in waiting_chats]
                if not batch:
                    return settled
                batch = await self._drop_superseded(batch)
                if not batch:
                    continue
                by_chat = self._by_chat(batch)
                async with self._claim(by_chat) as held:
                    if len(held) < len(by_chat):
                        self._contended = True
                    if not held:
                        return settled
                    rows = await self._still_unsent([m for chat in held for m in by_chat[chat]])
                    chats = self._by_chat(rows).values()
                    # Every chat's sends finish before the chats are let go, even when one fails.
                    results = await asyncio.gather(
                        *(self._deliver_chat(rows) for rows in chats), return_exceptions=True
                    )
                    # Marked before the chats are let go, so another process never sends them again.
                    await self._marks.flush()
                failed = next((r for r in results if isinstance(r, BaseException)), None)
                if failed is not None:
                    raise failed
                settled += sum(r for r in results if isinstance(r, int))

    async def _drop_superseded(self, batch: list[OutgoingMessage]) -> list[OutgoingMessage]:
        """A card's edit that a later edit of the same card replaces is settled unsent: only the
        newest text matters, and each edit spent on the group's pacing would hold back the cards
        of other cases."""
        latest: dict[int, int] = {}
        for message in batch:
            if message.kind == "card_update" and message.case_id is not None:
                latest[message.case_id] = message.id
        superseded = [
            m
            for m in batch
            if m.kind == "card_update" and m.case_id is not None and latest[m.case_id] != m.id
        ]
        if not superseded:
            return batch
        for message in superseded:
            self._marks.unmarked[message.id] = (message.id, None, "superseded")
        await self._marks.flush()
        gone = {m.id for m in superseded}
        return [m for m in batch if m.id not in gone]

    def _by_chat(self, messages: list[OutgoingMessage]) -> dict[str, list[OutgoingMessage]]:
        """Messages by the chat they go to, each chat's in the order given."""
        by_chat: dict[str, list[OutgoingMessage]] = {}
        for message in messages:
            by_chat.setdefault(str(self._chat_of(message)), []).append(message)
        return by_chat

    def _claim(self, chats: Collection[str]) -> AbstractAsyncContextManager[set[str]]:
        if self._claims is None:
            return nullcontext(set(chats))
        return self._claims.claim(chats)

    async def _still_unsent(self, rows: list[OutgoingMessage]) -> list[OutgoingMessage]:
        """Rows read before their chat was held may have been sent by another process since."""
        if self._claims is None or not self._claims.shared:
            return rows
        async with UnitOfWork(self._sessions) as uow:
            unsent = await uow.outbox.unsent_among([m.id for m in rows])
        return [m for m in rows if m.id in unsent]

    def next_retry_in(self) -> float | None:
        """Seconds until a deferred message is due again, or None when none waits."""
        if self._contended:
            return CONTENDED_RETRY
        if not self._deferred:
            return None
        return max(0.0, min(due for due, _ in self._deferred.values()) - time.monotonic())

    async def _deliver_chat(self, rows: list[OutgoingMessage]) -> int:
        done = 0
        for row in rows:
            if done and self._pacer is not None and not self._pacer.ready(str(self._chat_of(row))):
                # The rest would wait for the chat's pace: left for the next round, which reads
                # the outbox again first, so a new urgent card (another case's) goes before it
                # and no round is held up by one chat's queue.
                break
            outcome = await self._deliver(row)
            if outcome is None:
                break  # deferred: the chat's later messages wait behind it
            done += 1
            if not await self._marks.mark(outcome):
                break  # the database is away: the chat's next message waits until it is marked
        return done

    def _chat_of(self, message: OutgoingMessage) -> str | None:
        return message.chat_id if message.audience != "coordinators" else self._duty.chat_id

    async def _deliver(self, message: OutgoingMessage) -> Outcome | None:
        """Send one message; returns (id, sent id, error) once settled, or None when it failed
        for now (network, 5xx) and stays unsent to be tried again later: a reply is never
        given up on for a passing fault."""
        odd: Exception | None = None
        for attempt in range(ATTEMPTS):
            try:
                sent_id = await self._send(message)
            except SentUnreadable:
                log.warning(
                    "telegram took message %s but its answer could not be read; counted as sent", message.id
                )
                sent_id = None
            except RecipientUnavailable as refusal:
                if message.audience == "coordinators":
                    self._metrics.delivery_failed("retried")
                    await self._group_unreachable(message, str(refusal))
                    return None
                self._metrics.delivery_failed("gave_up")
                await self._recipient_unavailable(message)
                return message.id, None, "recipient unavailable"
            except Rejected as refusal:
                if message.audience == "coordinators" and "chat not found" in str(refusal).lower():
                    self._metrics.delivery_failed("retried")
                    await self._group_unreachable(message, str(refusal))
                    return None
                self._metrics.delivery_failed("gave_up")
                log.error("telegram refused message %s: %s", message.id, refusal)
                return message.id, None, f"rejected: {refusal}"[:200]
            except ChatMoved as moved:
                await self._follow_group(message, moved.new_chat_id)
                continue
            except RetryLater as wait:
                await asyncio.sleep(wait.seconds)
                continue
            except PassingFault as failure:
                log.warning("sending message %s failed (attempt %s): %s", message.id, attempt + 1, failure)
                if attempt + 1 < ATTEMPTS:
                    self._metrics.delivery_failed("retried")
                    await asyncio.sleep(self._retry_delay * 2**attempt)
                continue
            except Exception as failure:  # not Telegram's: an answer that cannot be read, a bug
                odd = failure
                log.warning(
                    "sending message %s failed (attempt %s): %s",
                    message.id,
                    attempt + 1,
                    type(failure).__name__,
                )
                if attempt + 1 < ATTEMPTS:
                    self._metrics.delivery_failed("retried")
                    await asyncio.sleep(self._retry_delay * 2**attempt)
                continue
            killpoints.passed("delivery.sent")
            if message.audience == "coordinators" and self._group_down:
                self._group_down = False
                log.warning("the coordinators' group can be written to again; its waiting messages go now")
            if message.kind == "card" and sent_id is not None and message.case_id is not None:
                self._cards[message.case_id] = sent_id
            self._failures.pop(message.id, None)
            return message.id, sent_id, None
        if odd is not None:
            rounds = self._odd.get(message.id, 0) + 1
            self._odd[message.id] = rounds
            if rounds >= ODD_ROUNDS:
                self._metrics.delivery_failed("gave_up")
                return await self._set_aside(message, odd)
        # The round's last attempt failed (or was waited out): the message waits for the next.
        self._metrics.delivery_failed("retried")
        failures = self._failures.get(message.id, 0) + 1
        self._failures[message.id] = failures
        longest = DEFER_MAX if odd is not None else PASSING_DEFER_MAX
        self._deferred[message.id] = (
            time.monotonic() + min(longest, 2.0**failures),
            self._chat_of(message),
        )
        return None

    async def _send(self, message: OutgoingMessage) -> int | None:
        chat_id = self._chat_of(message)
        if chat_id is None:
            log.warning("no chat for message %s (%s): set COORDINATOR_CHAT_ID", message.id, message.audience)
            return None
        if message.kind == "clear_buttons" and message.target_message_id is not None:
            await self._pace(chat_id)
            await self._sender.clear_buttons(chat_id, message.target_message_id)
            return None
        if message.kind == "copy" and message.target_message_id and message.copy_from_chat_id:
            await self._pace(chat_id)
            return await self._sender.copy(chat_id, message.copy_from_chat_id, message.target_message_id)
        if message.kind == "card_update" and (message.case_id is not None or message.target_message_id):
            # A deleted case's card is named by its message id: its own rows are gone.
            card = message.target_message_id or self._cards.get(message.case_id or 0)
            if card is None and message.case_id is not None:
                async with UnitOfWork(self._sessions) as uow:
                    card = await uow.outbox.card_message_id(self._channel, message.case_id)
            if card is not None:
                await self._pace(chat_id)
                await self._sender.edit_text(chat_id, card, message.text, message.buttons)
                return card
        if message.kind == "document":
            # The export of /mine_data: its text is the file, sent as one.
            await self._pace(chat_id)
            return await self._sender.send_document(chat_id, DOCUMENT_NAME, message.text.encode("utf-8"))
        if message.photo:
            # A picture with its text as the caption; a text too long for one goes first on its own.
            caption: str | None = message.text
            if len(message.text) > CAPTION_LIMIT:
                for piece in split_text(message.text):
                    await self._pace(chat_id)
                    await self._sender.send_text(chat_id, piece, None)
                caption = None
            await self._pace(chat_id)
            return await self._sender.send_photo(chat_id, message.photo, caption or None)
        pieces = split_text(message.text)
        sent_id = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            await self._pace(chat_id)
            sent_id = await self._sender.send_text(chat_id, piece, message.buttons if last else None)
        return sent_id

    async def _group_unreachable(self, message: OutgoingMessage, reason: str) -> None:
        """The group is gone, or the bot is not in it ("chat not found", kicked, 403): never
        counted as sent. Its messages wait; the error is logged, and the coordinators who can be
        written to privately are told, once until the group works again."""
        chat = self._chat_of(message)
        self._deferred[message.id] = (time.monotonic() + GROUP_RETRY, chat)
        if self._group_down:
            return
        self._group_down = True
        log.error(
            "the bot cannot write to the coordinators' group %s (%s): check COORDINATOR_CHAT_ID and "
            "that the bot is in the group; its messages wait and are tried again every %.0f s",
            chat,
            reason,
            GROUP_RETRY,
        )
        async with UnitOfWork(self._sessions) as uow:
            for coordinator in await uow.coordinators.reachable(self._duty.user_ids):
                uow.outbox.add(
                    OutgoingMessage(
                        channel=self._channel,
                        audience="coordinator",
                        chat_id=coordinator.user_id,
                        kind="message",
                        text=translator()(N_("delivery.group_unreachable")),
                        created_at=self._clock(),
                    )
                )
            await uow.commit()

    async def _follow_group(self, message: OutgoingMessage, new_chat_id: str) -> None:
        """Telegram upgraded the group to a supergroup: its new id is stored and used from now on."""
        old = self._chat_of(message)
        if message.audience != "coordinators" or old is None or old == new_chat_id:
            return
        log.error(
            "the coordinators' group %s is now %s: using it from now on; set COORDINATOR_CHAT_ID=%s",
            old,
            new_chat_id,
            new_chat_id,
        )
        self._duty.chat_id = new_chat_id
        async with UnitOfWork(self._sessions) as uow:
            await uow.coordinators.group_moved(old, new_chat_id, self._clock())
            await uow.commit()

    async def _set_aside(self, message: OutgoingMessage, failure: Exception) -> tuple[int, None, str]:
        """Give up on a message no retry will send, so that the chat's later messages go on; the
        coordinators' group is told (unless it is the group's own message that fails)."""
        self._odd.pop(message.id, None)
        self._failures.pop(message.id, None)
        log.error(
            "message %s could not be sent after %s tries (%s); set aside",
            message.id,
            ATTEMPTS * ODD_ROUNDS,
            type(failure).__name__,
        )
        if message.audience != "coordinators":
            async with UnitOfWork(self._sessions) as uow:
                uow.outbox.add(
                    OutgoingMessage(
                        channel=self._channel,
                        audience="coordinators",
                        chat_id=None,
                        kind="message",
                        text=translator()(N_("delivery.set_aside"), number=message.id),
                        created_at=self._clock(),
                    )
                )
                await uow.commit()
        return message.id, None, f"set aside: {type(failure).__name__}"

    async def _pace(self, chat_id: str) -> None:
        if self._pacer is not None:
            await self._pacer.wait(chat_id)

    async def _recipient_unavailable(self, message: OutgoingMessage) -> None:
        """A participant who blocked the bot is marked so, and what waits for them is dropped; a
        coordinator who never opened a private chat is told in the group, with a link."""
        if message.chat_id is None:
            return
        if message.audience == "participant":
            chat = message.chat_id
            await self._report(Inbound(self._channel, chat, chat, kind="blocked"))
            return
        if message.audience != "coordinator":
            return
        async with UnitOfWork(self._sessions) as uow:
            coordinator = await uow.coordinators.get(message.chat_id)
            if coordinator is None:
                return
            coordinator.private_chat = False
            notice = self._duty.start_private_notice(coordinator.first_name, message.case_id)
            uow.outbox.add(
                OutgoingMessage(
                    channel=self._channel,
                    audience=notice.audience,
                    chat_id=None,
                    kind="message",
                    text=notice.text,
                    case_id=notice.case_id,
                    urgent=False,
                    created_at=self._clock(),
                )
            )
            await uow.commit()


class SentMarks:
    """Marks messages sent in short group commits: each chat waits for its own mark before its
    next send, and the marks of all chats that finished a send meanwhile go in one commit. What
    cannot be marked (the database is away, or its disk is full) is kept here, left out of what is
    read as unsent, and marked first when it can be written again."""

    def __init__(self, sessions: async_sessionmaker[Any], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._lock = asyncio.Lock()
        self.unmarked: dict[int, Outcome] = {}

    async def mark(self, outcome: Outcome) -> bool:
        """Mark one message sent (with whatever else waits); False when the database is away."""
        self.unmarked[outcome[0]] = outcome
        try:
            await self.flush()
        except Exception as error:
            if is_outage(error):
                # Kept; not logged here, once per chat: the flush after the batch raises it.
                return False
            # Not the database away: keeping the marks would fail every delivery after this one.
            log.exception("could not mark %s sent messages as sent; dropped", len(self.unmarked))
            self.unmarked.clear()
        return True

    async def flush(self) -> None:
        async with self._lock:
            if not self.unmarked:
                return  # marked by the flush this one waited for
            batch = list(self.unmarked.values())
            async with UnitOfWork(self._sessions) as uow:
                await uow.outbox.mark_all_sent(batch, self._clock())
                await uow.commit()
            for message_id, _, _ in batch:
                self.unmarked.pop(message_id, None)
