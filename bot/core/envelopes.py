"""Inbound and outbound messages: the plain dataclasses that cross between a channel and the core."""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of input a channel can hand the core besides text and button presses.
NON_TEXT_KINDS = (
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "document",
    "location",
    "contact",
    "animation",
    "poll",
    "other",
)


# Events that start a turn without the participant doing anything: a timer of theirs fell due (the
# follow-up), or a delivery outcome (Telegram says they blocked the bot).
EVENT_KINDS = ("timer", "blocked")


@dataclass(frozen=True)
class Inbound:
    """One thing that starts a participant's turn: they wrote text, pressed a button, or sent
    something else; or an event (EVENT_KINDS) about them."""

    channel: str
    chat_id: str
    user_id: str
    # "text", "button", "resume" (the terminal opened again), "edited" (a message changed after it
    # was sent), one of NON_TEXT_KINDS, or one of EVENT_KINDS
    kind: str = "text"
    text: str | None = None  # the text, a photo's or document's caption, or the edited text
    button: str | None = None  # the pressed button's data
    first_name: str | None = None
    language: str | None = None
    update_id: int | None = None
    chat_type: str = "private"  # "private", or "group" for the coordinators' group
    message_id: int | None = None  # the message sent, or the message whose button was pressed
    # Set while the participant floods (see bot/core/flood.py): the text is kept, answered later as one.
    flood: str | None = None
    # When the participant sent it (Unix time, from Telegram), where known.
    sent_at: float | None = None
    timer: str | None = None  # kind "timer": which timer fell due
    # Forwarded from another chat: it may carry someone else's words (a coordinator confirms first).
    forwarded: bool = False

    @property
    def command(self) -> str | None:
        """The command name without slash or bot suffix ("/hjelp@Bot" -> "hjelp"), if any."""
        if self.kind != "text" or not self.text or not self.text.startswith("/"):
            return None
        word = self.text.split(maxsplit=1)[0][1:]
        return word.split("@", 1)[0].lower()


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass
class Outbound:
    """A rendered message for a participant, one coordinator, or the coordinators' group."""

    audience: str  # "participant", "coordinator" or "coordinators"
    chat_id: str | None
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    case_id: int | None = None
    urgent: bool = False
    # "message", "card", "card_update", "copy", "clear_buttons" (see OutgoingMessage.kind),
    # or "notice": a short answer to a button press, shown at once and never stored.
    kind: str = "message"
    target_message_id: int | None = None  # the message to copy or to take the buttons from
    copy_from_chat_id: str | None = None
    photo: bytes | None = None  # a picture (PNG) sent with the text as its caption
