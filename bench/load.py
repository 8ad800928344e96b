"""The load: N chats in a closed loop, each walking the real conversation (consent, the five
steps, the summary) and sending its next message as soon as the bot's answer has come."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable

from bench.fake_api import FakeBotApi
from bot.channels.telegram.updates import inbound_from_update
from bot.core.conversation import Conversation
from bot.core.envelopes import Inbound
from bot.startup import open_storage

# What a participant writes, from /start to the summary.
MESSAGES = [
    "/start",
    "ja",
    "Jeg er god til å lage mat og å hjelpe andre",
    "Vennene mine sier at jeg er rolig og pålitelig",
    "Jeg gleder meg til å gå på jobb",
    "Da jeg jobbet i barnehagen hadde jeg faste dager",
    "Få en deltidsjobb på et kjøkken",
    "4",
    "Jeg ville ha søkt på to jobber",
    "Ringe kafeen i sentrum",
    "fredag",
    "Mamma og en tidligere kollega",
    "nei",
]


async def cpu_ms_per_turn(
    conversation: Conversation, chats: int, words: Callable[[int, str], str] = lambda chat, text: text
) -> float:
    """CPU milliseconds per turn for `chats` participants walking the whole conversation through
    the core one after another; `words` may make a chat's texts its own."""
    started = time.process_time()
    turns = 0
    for chat in range(chats):
        for update_id, text in enumerate(MESSAGES, start=1):
            inbound = Inbound(
                channel="bench",
                chat_id=str(chat),
                user_id=str(chat),
                text=words(chat, text),
                first_name="Ola",
                update_id=chat * 1000 + update_id,
            )
            await conversation.handle(inbound)
            turns += 1
    return (time.process_time() - started) * 1000 / turns


# A step: what the chat sends, and the reply text that ends the bot's turn.
Script = list[tuple[str, str]]


def echo_script() -> Script:
    return [(text, text) for text in MESSAGES]


async def brobygger_script() -> Script:
    """Each message with the last reply Brobygger gives it, found by running the core itself."""
    with tempfile.TemporaryDirectory() as scratch:
        storage = await open_storage(f"sqlite+aiosqlite:///{scratch}/script.db")
        try:
            conversation = Conversation(storage.sessions)
            script: Script = []
            for update_id, text in enumerate(MESSAGES, start=1):
                update = {
                    "update_id": update_id,
                    "message": {
                        "message_id": update_id,
                        "date": 0,
                        "chat": {"id": 1, "type": "private"},
                        "from": {"id": 1, "is_bot": False, "first_name": "Ola", "language_code": "nb"},
                        "text": text,
                        **(
                            {"entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}
                            if text.startswith("/")
                            else {}
                        ),
                    },
                }
                inbound = inbound_from_update(update)
                assert inbound is not None
                replies = [
                    m.text
                    for m in await conversation.handle(inbound)
                    if m.audience == "participant" and m.kind == "message"
                ]
                script.append((text, replies[-1]))
            return script
        finally:
            await storage.close()


async def closed_loop(api: FakeBotApi, chats: int, script: Script, first_chat: int) -> list[float]:
    """Every chat walks the script at once; returns each turn's latency in seconds (message
    handed to the bot -> the reply that ends the turn received)."""
    latencies: list[float] = []

    async def chat(chat_id: int) -> None:
        for text, reply in script:
            sent = time.perf_counter()
            received = await asyncio.wait_for(api.send(chat_id, text, reply), 300)
            latencies.append(received - sent)

    await asyncio.gather(*(chat(first_chat + n) for n in range(chats)))
    return latencies
