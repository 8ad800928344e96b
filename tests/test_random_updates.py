"""Property: thousands of random updates, valid-shaped or malformed, never crash the core; what
cannot be read is recognised as such (and set aside by the channel), every readable text from a
participant gets an answer in that chat, and nobody ever sees another participant's words."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.telegram.updates import inbound_from_update, readable, stored_form, update_id_of
from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.startup import open_storage

GROUP = -100777
USERS = [101, 102, 103]
ISSUED = [
    "consent:yes",
    "consent:no",
    "consent:more",
    "scale:4",
    "when:today",
    "summary:change",
    "summary:finish",
    "change:goal",
    "keep",
    "yes",
    "no",
    "confirm:yes",
    "confirm:delete",
    "confirm:restart",
    "confirm:no",
    "offer:yes",
    "offer:skip",
    "take:1",
    "close:1",
    "finished:plan",
]
COMMANDS = [
    "/start",
    "/hjelp",
    "/tilbake",
    "/minplan",
    "/mine_data",
    "/slett",
    "/brobygger",
    "/avbryt",
    "/ta 1",
    "/saker",
    "/fisk",
    "/start@brobygger_test_bot",
]
_ids = itertools.count(1)
_DB = Path(tempfile.mkdtemp()) / "random.db"


def _marker(user: int) -> str:
    return f"QZX{user}QZX"


texts = st.one_of(
    st.text(min_size=1, max_size=4096),
    st.sampled_from(COMMANDS),
    st.sampled_from(
        [
            "ja",
            "vet ikke",
            "👍",
            "🙂🙂",
            "\u202eRTL\u202c",
            "\x00\x07",
            "fredag",
            "Jeg vil ta livet av meg",
            "snakke med et menneske",
            "5",
        ]
    ),
)


@st.composite
def updates(draw: st.DrawFn) -> dict[str, Any]:
    user = draw(st.sampled_from(USERS))
    sender = {
        "id": user,
        "is_bot": draw(st.sampled_from([False, False, False, True])),
        "first_name": draw(st.sampled_from(["Ola", "Kari", "علي", "😀"])),
    }
    chat = draw(
        st.sampled_from(
            [
                {"id": user, "type": "private"},
                {"id": GROUP, "type": "supergroup", "title": "x"},
                {"id": -100999, "type": "channel", "title": "y"},
            ]
        )
    )
    kind = draw(st.sampled_from(["text", "text", "text", "button", "sticker", "edited", "photo"]))
    message: dict[str, Any] = {"message_id": next(_ids), "date": 0, "chat": chat, "from": sender}
    if kind == "button":
        data = draw(st.one_of(st.sampled_from(ISSUED), st.text(max_size=64)))
        return {
            "callback_query": {
                "id": str(next(_ids)),
                "from": sender,
                "chat_instance": "c",
                "data": data,
                "message": message | {"text": "x"},
            }
        }
    if kind == "sticker":
        return {"message": message | {"sticker": {"file_id": "s", "file_unique_id": "u"}}}
    if kind == "photo":
        return {"message": message | {"photo": [{"file_id": "p", "file_unique_id": "u"}]}}
    text = draw(texts)
    if draw(st.booleans()):
        text = f"{text} {_marker(user)}"
    if kind == "edited":
        return {"edited_message": message | {"text": text}}
    return {"message": message | {"text": text}}


# Any JSON at all, as a server that misbehaves (or a new Bot API version) might send.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def malformed(draw: st.DrawFn) -> dict[str, Any]:
    """A valid-shaped update broken in one of the ways seen from servers: a field gone, null, of
    the wrong type, or replaced by anything."""
    update = draw(updates())
    key = next(iter(update))
    body = update[key]
    damage = draw(
        st.sampled_from(["null", "no chat", "no from", "chat id text", "no id", "anything", "text"])
    )
    if damage == "null":
        update[key] = None
    elif damage == "no chat":
        (body.get("message") or body).pop("chat", None)
    elif damage == "no from":
        body.pop("from", None)
    elif damage == "chat id text":
        (body.get("message") or body).get("chat", {})["id"] = "not a number"
    elif damage == "no id":
        (body.get("message") or body).pop("message_id", None)
    elif damage == "anything":
        update[key] = draw(json_values)
    else:
        body["text"] = draw(json_values)
    return update


async def _run(batch: list[dict[str, Any]]) -> None:
    storage = await open_storage(f"sqlite+aiosqlite:///{_DB}")
    try:
        duty = Duty(chat_id=str(GROUP), user_ids=frozenset({"999"}))
        conversation = Conversation(storage.sessions, duty=duty)
        for update in batch:
            update["update_id"] = next(_ids)
            assert update_id_of(update) == update["update_id"]
            if not readable(update):
                continue  # set aside by the channel, never handed to a turn
            inbound = inbound_from_update(stored_form(update))
            if inbound is None:
                continue
            outbound = await conversation.handle(inbound)
            for message in outbound:
                if message.audience == "participant":
                    # Nobody is ever told another participant's words.
                    others = [_marker(u) for u in USERS if str(u) != message.chat_id]
                    assert not any(marker in message.text for marker in others), message.text
            private_text = (
                inbound.chat_type == "private"
                and inbound.kind == "text"
                and not (update.get("message", {}).get("from", {}).get("is_bot"))
            )
            if private_text:
                assert any(m.chat_id == inbound.chat_id and m.audience == "participant" for m in outbound), (
                    f"no answer to {inbound.text!r}"
                )
    finally:
        await storage.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(st.one_of(updates(), updates(), malformed()), min_size=5, max_size=20))
def test_random_updates(batch: list[dict[str, Any]]) -> None:
    asyncio.run(_run(batch))


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["update_id", "message", "callback_query", "edited_message"]), json_values
        ),
    )
)
def test_reading_any_json_never_raises(value: Any) -> None:
    update_id_of(value)
    if readable(value):
        inbound_from_update(stored_form(value))  # what is readable must read without raising
