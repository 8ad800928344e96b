"""The terminal channel: the conversation on stdin/stdout, numbered buttons, scriptable by a pipe."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.core.conversation import Conversation, utc_now
from bot.core.coordination import Duty
from bot.core.dates import OSLO, format_moment
from bot.core.desk import case_number
from bot.core.envelopes import NON_TEXT_KINDS, Inbound
from bot.core.i18n import DEFAULT_LOCALE, N_, translator
from bot.core.reading.reader import Reader
from bot.runtime.delivery import DOCUMENT_NAME, PHOTO_NAME, Buttons, Delivery
from bot.runtime.failsafe import FailSafe
from bot.runtime.scheduler import Scheduler
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

CHANNEL = "terminal"
# Terminal stand-ins for what a phone can send besides text (":sticker", ":photo", ...).
KIND_PREFIX = ":"
# A line starting with "!" is the coordinator on duty: "!ta 1", "!skriv 1 hei", "!avslutt 1".
COORDINATOR_PREFIX = "!"
DEFAULT_PARTICIPANT = "deg"  # the --participant default of `brobygger chat`
COORDINATOR_ID = "terminal-coordinator"
COORDINATORS_CHAT = "terminal-coordinators"


@dataclass
class TerminalSender:
    """Prints messages; remembers the participant's last buttons so that numbers can press them."""

    out: IO[str]
    buttons: list[dict[str, str]] = field(default_factory=list)
    files: Path = field(default_factory=Path.cwd)  # where files for the participant are written
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _t(self, key: str) -> str:
        return translator()(key)

    async def send_text(self, chat_id: str, text: str, buttons: Buttons) -> int | None:
        if chat_id in (COORDINATORS_CHAT, COORDINATOR_ID):
            header = (
                N_("terminal.to_coordinators")
                if chat_id == COORDINATORS_CHAT
                else N_("terminal.to_coordinator")
            )
            self._box(self._t(header), text, buttons)
        else:
            lines = text.splitlines() or [""]
            name = self._t(N_("terminal.bot"))
            self.out.write(f"{name}: {lines[0]}\n")
            for line in lines[1:]:
                self.out.write(f"  {line}\n" if line else "\n")
            flat = [button for row in buttons or [] for button in row]
            if flat:
                self.buttons = flat
                self.out.write(self._button_line(flat) + "\n")
        self.out.flush()
        return next(self._message_ids)

    async def edit_text(self, chat_id: str, message_id: int, text: str, buttons: Buttons) -> None:
        self._box(self._t(N_("terminal.card_updated")), text, buttons)

    def file_for(self, chat_id: str, filename: str = DOCUMENT_NAME) -> Path:
        """Where a file for the participant is written (the export of /mine_data by default)."""
        return self.files / f"{chat_id}-{filename}"

    async def send_document(self, chat_id: str, filename: str, content: bytes) -> int | None:
        """A file the participant gets (the export of /mine_data), written beside the database."""
        path = self.file_for(chat_id, filename)
        path.write_bytes(content)
        self.out.write(translator()(N_("terminal.file"), path=str(path)) + "\n")
        self.out.flush()
        return next(self._message_ids)

    async def send_photo(self, chat_id: str, photo: bytes, caption: str | None) -> int | None:
        """A picture (the statistics' chart): its caption printed, the picture written beside
        the database and its path printed."""
        if caption:
            await self.send_text(chat_id, caption, None)
        path = self.files / PHOTO_NAME
        path.write_bytes(photo)
        self.out.write(translator()(N_("terminal.picture"), path=str(path)) + "\n")
        self.out.flush()
        return next(self._message_ids)

    async def copy(self, chat_id: str, from_chat_id: str, message_id: int) -> int | None:
        copied = self._t(N_("terminal.copied"))
        self.out.write(f"  {copied}\n")
        return next(self._message_ids)

    async def clear_buttons(self, chat_id: str, message_id: int) -> None:
        return None  # printed buttons cannot be taken back; stale presses are answered anyway

    def _box(self, header: str, text: str, buttons: Buttons) -> None:
        self.out.write(f"  ┌── {header}\n")
        for line in text.splitlines() or [""]:
            self.out.write(f"  │ {line}\n")
        for row in buttons or []:
            self.out.write("  │ " + "  ".join(f"[{b['label']}]" for b in row) + "\n")
        self.out.write("  └──\n")
        self.out.flush()

    @staticmethod
    def _button_line(buttons: list[dict[str, str]]) -> str:
        if all(b["label"].isdigit() for b in buttons):
            return "  " + " ".join(f"[{b['label']}]" for b in buttons)
        return "  " + "   ".join(f"{n}) {b['label']}" for n, b in enumerate(buttons, 1))

    def button_for(self, line: str) -> str | None:
        """The data of the button a typed line means: its label, or its number."""
        for button in self.buttons:
            if line.casefold() == button["label"].casefold():
                return button["data"]
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]["data"]
        return None


_STEP = re.compile(r"^\+(\d+)\s*(d|t|h|m)$", re.IGNORECASE)
_UNITS = {"d": "days", "t": "hours", "h": "hours", "m": "minutes"}


def _clock_target(spec: str, now: datetime) -> datetime | None:
    """The moment "!tid" names: "+2d", "+3t" (timer), "+30m", or "2026-12-03 10:00" in Oslo."""
    step = _STEP.match(spec)
    if step:
        return now + timedelta(**{_UNITS[step.group(2).lower()]: int(step.group(1))})
    try:
        moment = datetime.strptime(spec, "%Y-%m-%d %H:%M")
    except ValueError:
        try:
            moment = datetime.strptime(spec, "%Y-%m-%d")
        except ValueError:
            return None
    return moment.replace(tzinfo=OSLO)


class TerminalChannel:
    """Reads lines, turns them into inbound messages, and prints what the core stored to send."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        participant: str,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        coordinator_name: str = "Kari",
        files: Path | None = None,
        followup_hour: int = 10,
        welcome_back_hours: float = 12,
        opening_hours: str = "",
        reader: Reader | None = None,
        language: str | None = None,
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.language = language  # as a phone's language_code: it chooses the pack on first contact
        self.stdout = stdout or sys.stdout
        self.participant = participant
        self.coordinator_name = coordinator_name
        duty = Duty(chat_id=COORDINATORS_CHAT, user_ids=frozenset({COORDINATOR_ID}))
        # "!tid +2d" moves this terminal's clock forward, so that what falls due can be tried.
        self.offset = timedelta()
        self.conversation = Conversation(
            sessions,
            clock=self.now,
            duty=duty,
            followup_hour=followup_hour,
            welcome_back_hours=welcome_back_hours,
            opening_hours=opening_hours,
            reader=reader,
        )
        self.sender = TerminalSender(self.stdout, files=files or Path.cwd())
        # This terminal's participant and the coordinator: another terminal on the same file
        # shows its own participant's messages.
        self.delivery = Delivery(
            sessions,
            CHANNEL,
            self.sender,
            duty=duty,
            clock=self.now,
            chats=(participant, COORDINATOR_ID, COORDINATORS_CHAT),
            report=self.conversation.handle,
        )
        self.sessions = sessions
        self.echo = not self.stdin.isatty()
        self.failsafe = FailSafe(lambda chat_id, text: self.sender.send_text(chat_id, text, None))

    def now(self) -> datetime:
        return utc_now() + self.offset

    async def move_clock(self, spec: str) -> None:
        """!tid +2d / +3t / +30m, or !tid 2026-12-03 10:00 (Oslo time): the clock goes forward,
        and what falls due meanwhile arrives."""
        t = translator()
        target = _clock_target(spec.strip(), self.now())
        if target is None:
            self.stdout.write(t(N_("terminal.clock_usage")) + "\n")
            return
        if target < self.now():
            self.stdout.write(t(N_("terminal.clock_forward_only")) + "\n")
            return
        self.offset += target - self.now()
        self.stdout.write(t(N_("terminal.clock"), moment=format_moment(self.now(), DEFAULT_LOCALE)) + "\n")
        self.stdout.flush()
        await self.conversation.fire_all_due(CHANNEL)
        await self.delivery.deliver_pending()

    def inbound(self, kind: str = "text", text: str | None = None, button: str | None = None) -> Inbound:
        return Inbound(
            channel=CHANNEL,
            chat_id=self.participant,
            user_id=self.participant,
            # "deg" (you) is the default id, not a name: the bot does not call you "Deg".
            first_name=self.participant.capitalize() if self.participant != DEFAULT_PARTICIPANT else None,
            kind=kind,
            text=text,
            button=button,
            language=self.language,
        )

    def coordinator_inbound(self, text: str) -> Inbound:
        return Inbound(
            channel=CHANNEL,
            chat_id=COORDINATOR_ID,
            user_id=COORDINATOR_ID,
            first_name=self.coordinator_name,
            kind="text",
            text=text,
        )

    async def run(self) -> None:
        """Resume where the participant stopped, then talk until end of input."""
        await self.delivery.deliver_pending()
        await self.conversation.handle(self.inbound(kind="resume"))
        await self.delivery.deliver_pending()
        await self._forget_export_if_deleted()  # deleted for silence (retention) since the last run
        if not self.echo:
            self.stdout.write(translator()(N_("terminal.hint")) + "\n")
        stopping = asyncio.Event()
        # What falls due (a follow-up, a case announced again) is printed as it comes.
        scheduler = Scheduler(self.conversation, CHANNEL, self.delivery.deliver_pending)
        running = asyncio.create_task(scheduler.run(stopping))
        try:
            await self._read_lines()
        finally:
            stopping.set()
            await running

    async def _read_lines(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line:
                return
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if self.echo:
                self.stdout.write(f"> {line}\n")
            await self.handle_line(line.strip())
            await self.delivery.deliver_pending()

    async def handle_line(self, line: str) -> None:
        if line.startswith(COORDINATOR_PREFIX):
            try:
                await self.coordinator_line(line[1:].strip())
            except Exception:
                # Whatever the line was, the terminal goes on (like a participant's failed turn).
                log.exception("the coordinator's line failed")
                self.stdout.write(translator()(N_("error.turn_failed")) + "\n")
            return
        kind = line[1:].lower() if line.startswith(KIND_PREFIX) else None
        if kind in NON_TEXT_KINDS:
            await self.participant_turn(self.inbound(kind=kind))
            return
        data = self.sender.button_for(line)
        if data is not None:
            await self.participant_turn(self.inbound(kind="button", button=data))
        else:
            await self.participant_turn(self.inbound(text=line))

    async def participant_turn(self, inbound: Inbound) -> None:
        """One turn; if it fails, the participant is told, and gets the help lines when the text
        shows a crisis, before the error is logged."""
        try:
            await self.conversation.handle(inbound)
        except Exception:
            log.exception("the turn failed")
            await self.failsafe.turn_failed(inbound)
            self.stdout.write(translator()(N_("error.turn_failed")) + "\n")
            return
        await self._forget_export_if_deleted()

    async def _forget_export_if_deleted(self) -> None:
        """/slett deletes what the bot wrote beside the database too: the export of /mine_data
        holds everything the deletion removed."""
        async with UnitOfWork(self.sessions) as uow:
            known = await uow.participants.get(CHANNEL, self.participant) is not None
        if not known:
            self.sender.file_for(self.participant).unlink(missing_ok=True)

    async def _writes_to(self, given: str) -> bool:
        """Whether the coordinator's messages now go to case `given`, which they have open."""
        number = case_number(given)
        if number is None:
            return False
        async with UnitOfWork(self.sessions) as uow:
            coordinator = await uow.coordinators.get(COORDINATOR_ID)
            case = await uow.cases.get(number)
        return (
            coordinator is not None
            and coordinator.current_case_id == number
            and case is not None
            and case.status == "claimed"
            and case.coordinator_id == COORDINATOR_ID
        )

    async def coordinator_line(self, line: str) -> None:
        """The coordinator on duty: "ta 1", "sak 1", "saker", "avslutt 1", "skriv 1 tekst", "notat 1
        tekst", "partnere sykkel", or
        any other text for the current case; so a handoff can be tried end to end here."""
        word, _, rest = line.partition(" ")
        if word.lower() == "tid":
            await self.move_clock(rest)
            return
        if word.lower() == "skriv":
            number, _, text = rest.partition(" ")
            await self.conversation.handle(self.coordinator_inbound(f"/sak {number}"))
            if not await self._writes_to(number):
                # Not this coordinator's open case: nothing is sent, to any case.
                self.stdout.write(translator()(N_("terminal.not_your_case"), number=number) + "\n")
                return
            line = text
        elif word.lower() in ("ta", "sak", "saker", "avslutt", "notat", "partnere", "statistikk", "hjelp"):
            line = f"/{line}"
        if line:
            await self.conversation.handle(self.coordinator_inbound(line))
