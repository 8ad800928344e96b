"""Growth: the same load on a database that already holds 1,000, 10,000 or 100,000 participants,
each with the answers, events, updates and sent messages a whole conversation leaves behind."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from storage.models import Answer, Event, InboxUpdate, OutgoingMessage, Participant, ProcessedUpdate

CHUNK = 5_000
# What one finished conversation leaves: rows per participant in each table.
PER_PARTICIPANT = {"answers": 11, "events": 14, "outgoing_messages": 30, "inbox_updates": 13}


def _rows(first: int, count: int, now: datetime) -> dict[Any, list[dict[str, Any]]]:
    rows: dict[Any, list[dict[str, Any]]] = {
        Participant: [],
        Answer: [],
        Event: [],
        OutgoingMessage: [],
        InboxUpdate: [],
        ProcessedUpdate: [],
    }
    for pid in range(first, first + count):
        chat = str(5_000_000 + pid)
        rows[Participant].append(
            {
                "id": pid,
                "channel": "telegram",
                "chat_id": chat,
                "first_name": "Kari",
                "locale": "nb",
                "state": "summary",
                "editing": False,
                "dont_know_count": 0,
                "consented_at": now,
                "created_at": now,
                "updated_at": now,
            }
        )
        for n in range(PER_PARTICIPANT["answers"]):
            rows[Answer].append(
                {
                    "participant_id": pid,
                    "question": f"q{n}",
                    "text": "Et svar med noen ord i",
                    "created_at": now,
                }
            )
        for _ in range(PER_PARTICIPANT["events"]):
            rows[Event].append(
                {
                    "participant_id": pid,
                    "kind": "answered",
                    "state": "talent",
                    "detail": None,
                    "created_at": now,
                }
            )
        for n in range(PER_PARTICIPANT["outgoing_messages"]):
            rows[OutgoingMessage].append(
                {
                    "channel": "telegram",
                    "audience": "participant",
                    "chat_id": chat,
                    "kind": "message",
                    "text": "Steg 1 av 5: Talent – et spørsmål som ble sendt",
                    "urgent": False,
                    "created_at": now,
                    "sent_at": now,
                    "sent_message_id": n,
                }
            )
        for n in range(PER_PARTICIPANT["inbox_updates"]):
            update_id = pid * 100 + n
            payload = {"update_id": update_id, "message": {"chat": {"id": int(chat)}, "text": "svar"}}
            rows[InboxUpdate].append(
                {
                    "channel": "telegram",
                    "update_id": update_id,
                    "chat_key": chat,
                    "payload": json.loads(json.dumps(payload)),
                    "received_at": now,
                    "attempts": 0,
                    "handled_at": now,
                }
            )
            rows[ProcessedUpdate].append({"channel": "telegram", "update_id": update_id, "processed_at": now})
    return rows


async def seed(database_url: str, participants: int) -> None:
    """Migrate a new database and fill it; update ids stay below the benchmark's own."""
    from bot.startup import open_storage

    storage = await open_storage(database_url)  # migrated, and its key file made beside it
    engine = storage.engine
    try:
        now = datetime.now(UTC) - timedelta(days=30)
        for first in range(1, participants + 1, CHUNK):
            count = min(CHUNK, participants + 1 - first)
            async with engine.begin() as connection:
                for model, rows in _rows(first, count, now).items():
                    await connection.execute(insert(model), rows)
    finally:
        await storage.close()
