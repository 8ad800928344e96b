"""Telegram Bot API updates (as JSON): the answer to getUpdates read, and each update turned into
the core's Inbound; no framework needed."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.core.envelopes import Inbound
from bot.runtime.delivery import PassingFault, RetryLater

CHANNEL = "telegram"
# Message fields that carry something other than text, in the core's names.
CONTENT_KINDS = (
    ("sticker", "sticker"),
    ("photo", "photo"),
    ("voice", "voice"),
    ("video_note", "video_note"),
    ("video", "video"),
    ("audio", "audio"),
    ("animation", "animation"),
    ("document", "document"),
    ("location", "location"),
    ("venue", "location"),
    ("contact", "contact"),
    ("poll", "poll"),
)


class UpdatesUnreadable(Exception):
    """Telegram's answer to getUpdates was not a list of updates, nor a fault that passes."""


def batch_of(status: int, body: str | bytes) -> list[Any]:
    """The updates in Telegram's answer to getUpdates, each as it came. A 429 is RetryLater with
    Telegram's retry_after; a 5xx, whatever its body (a proxy's error page), is a PassingFault;
    any other answer that is not a list of updates is UpdatesUnreadable."""
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    parameters = answer.get("parameters") if isinstance(answer, dict) else None
    retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
    if isinstance(retry_after, int | float) and not isinstance(retry_after, bool):
        raise RetryLater(float(retry_after))
    if status >= 500 or status == 429:  # a 429 without its retry_after still passes
        raise PassingFault(f"HTTP {status}")
    if not isinstance(answer, dict) or not answer.get("ok") or not isinstance(answer.get("result"), list):
        raise UpdatesUnreadable(f"getUpdates answered HTTP {status}")
    return list(answer["result"])


def inbound_from_update(update: dict[str, Any]) -> Inbound | None:
    """The Inbound for a message or a button press; None for updates the bot does not act on."""
    update_id = update.get("update_id")
    if "message" in update:
        return _from_message(update["message"], update_id)
    if "edited_message" in update:
        # Read for a crisis only: an edit is not a new answer.
        edited = _from_message(update["edited_message"], update_id)
        if edited is None or not edited.text:
            return None
        return replace(edited, kind="edited")
    query = update.get("callback_query")
    if query and query.get("message") and query.get("data") is not None:
        message = query["message"]
        chat = message["chat"]
        user = query["from"]
        return Inbound(
            channel=CHANNEL,
            chat_id=str(chat["id"]),
            user_id=str(user["id"]),
            kind="button",
            button=str(query["data"]),
            first_name=user.get("first_name"),
            language=user.get("language_code"),
            update_id=update_id,
            chat_type=_chat_type(chat),
            message_id=message.get("message_id"),
        )
    return None


def _from_message(message: dict[str, Any], update_id: int | None) -> Inbound | None:
    user = message.get("from")
    if user is None or user.get("is_bot"):
        return None
    chat = message["chat"]
    common: dict[str, Any] = {
        "channel": CHANNEL,
        "chat_id": str(chat["id"]),
        "user_id": str(user["id"]),
        "first_name": user.get("first_name"),
        "language": user.get("language_code"),
        "update_id": update_id,
        "chat_type": _chat_type(chat),
        "message_id": message.get("message_id"),
        "sent_at": float(message["date"]) if isinstance(message.get("date"), int | float) else None,
        # Bot API 7.0 says forward_origin; older servers said forward_date.
        "forwarded": "forward_origin" in message or "forward_date" in message,
    }
    if isinstance(message.get("text"), str):
        return Inbound(kind="text", text=message["text"], **common)
    caption = message.get("caption") if isinstance(message.get("caption"), str) else None
    for field, kind in CONTENT_KINDS:
        if field in message:
            return Inbound(kind=kind, text=caption, **common)
    if any(
        key in message
        for key in (
            "new_chat_members",
            "left_chat_member",
            "pinned_message",
            "new_chat_title",
            "group_chat_created",
        )
    ):
        return None  # service messages in the group are not for the bot
    return Inbound(kind="other", **common)


def _chat_type(chat: dict[str, Any]) -> str:
    return "private" if chat.get("type") == "private" else "group"


def update_id_of(update: Any) -> int | None:
    """The update's id, or None when it has none (it cannot even be confirmed)."""
    if isinstance(update, dict) and isinstance(update.get("update_id"), int):
        return int(update["update_id"])
    return None


def readable(update: Any) -> bool:
    """Whether the bot can read this update (one without its chat, "message": null, a button
    press without its sender cannot be); what it cannot read is set aside, not retried."""
    if update_id_of(update) is None:
        return False
    try:
        inbound_from_update(update)
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
    return True


def stored_form(update: dict[str, Any]) -> dict[str, Any]:
    """The update as it is kept until handled: a pressed button's message loses its text and
    keyboard (a card in the group would otherwise be stored again, a participant's answers in
    it); what the bot needs of it, the chat and the message id, stays."""
    query = update.get("callback_query")
    if not isinstance(query, dict) or not isinstance(query.get("message"), dict):
        return update
    message = query["message"]
    kept = {key: message[key] for key in ("message_id", "chat", "date") if key in message}
    return {**update, "callback_query": {**query, "message": kept}}
