"""The terminal channel: the conversation on stdin/stdout, numbered buttons, scriptable by a pipe."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.conversation import Conversation
from bot.delivery import Delivery
from bot.i18n import N_, translator
from bot.messages import NON_TEXT_KINDS, Inbound
from storage.models import OutgoingMessage

CHANNEL = "terminal"
# Terminal stand-ins for what a phone can send besides text (":sticker", ":photo", ...).
KIND_PREFIX = ":"
# A line starting with "!" acts as the coordinator on duty: "!ta 1", "!skriv 1 hei", "!avslutt 1".
COORDINATOR_PREFIX = "!"
COORDINATOR_ID = "terminal-coordinator"


@dataclass
class TerminalSender:
    """Prints stored messages; remembers the participant's last buttons so numbers can press them."""

    out: IO[str]
    locale: str = "nb"
    buttons: list[dict[str, str]] = field(default_factory=list)

    async def send(self, message: OutgoingMessage) -> None:
        t = translator(self.locale)
        if message.audience == "participant":
            self._print_block(t(N_("terminal.bot")), message.text, "  ")
            flat = [button for row in message.buttons or [] for button in row]
            if flat:
                self.buttons = flat
                self.out.write(self._button_line(flat) + "\n")
        else:
            header = t(
                N_("terminal.to_coordinators")
                if message.audience == "coordinators"
                else N_("terminal.to_coordinator"),
                number=message.case_id or "-",
            )
            self.out.write(f"  ┌── {header}\n")
            for line in message.text.splitlines() or [""]:
                self.out.write(f"  │ {line}\n")
            for row in message.buttons or []:
                self.out.write("  │ " + "  ".join(f"[{b['label']}]" for b in row) + "\n")
            self.out.write("  └──\n")
        self.out.flush()

    def _print_block(self, prefix: str, text: str, indent: str) -> None:
        lines = text.splitlines() or [""]
        self.out.write(f"{prefix}: {lines[0]}\n")
        for line in lines[1:]:
            self.out.write(f"{indent}{line}\n" if line else "\n")

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


class TerminalChannel:
    """Reads lines, turns them into inbound messages, and prints what the core stored to send."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        participant: str,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        coordinator_name: str = "Kari",
    ) -> None:
        self.coordinator_name = coordinator_name
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.participant = participant
        self.conversation = Conversation(sessions)
        self.sender = TerminalSender(self.stdout)
        self.delivery = Delivery(sessions, CHANNEL, self.sender)
        self.echo = not self.stdin.isatty()

    def inbound(self, kind: str = "text", text: str | None = None, button: str | None = None) -> Inbound:
        return Inbound(
            channel=CHANNEL,
            chat_id=self.participant,
            user_id=self.participant,
            first_name=self.participant.capitalize(),
            kind=kind,
            text=text,
            button=button,
        )

    async def run(self) -> None:
        """Resume where the participant stopped, then talk until end of input."""
        await self.delivery.deliver_pending()
        await self.conversation.handle(self.inbound(kind="resume"))
        await self.delivery.deliver_pending()
        if not self.echo:
            self.stdout.write(translator()(N_("terminal.hint")) + "\n")
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
            await self.coordinator_line(line[1:])
            return
        kind = line[1:].lower() if line.startswith(KIND_PREFIX) else None
        if kind in NON_TEXT_KINDS:
            await self.conversation.handle(self.inbound(kind=kind))
            return
        data = self.sender.button_for(line)
        if data is not None:
            await self.conversation.handle(self.inbound(kind="button", button=data))
        else:
            await self.conversation.handle(self.inbound(text=line))

    async def coordinator_line(self, line: str) -> None:
        """Act as the coordinator on duty, so a handoff can be tried end to end in a terminal."""
        words = line.split(maxsplit=2)
        if len(words) >= 2 and words[1].isdigit():
            action, case_id = words[0].lower(), int(words[1])
            if action == "ta":
                await self.conversation.claim_case(case_id, COORDINATOR_ID, self.coordinator_name)
                return
            if action == "skriv" and len(words) == 3:
                await self.conversation.coordinator_says(case_id, COORDINATOR_ID, words[2])
                return
            if action == "avslutt":
                await self.conversation.close_case(case_id)
                return
        self.stdout.write(translator()(N_("terminal.coordinator_usage")) + "\n")
