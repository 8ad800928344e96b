"""A fake Telegram Bot API server on 127.0.0.1 that speaks real HTTP, for the channel tests.

The bot under test is pointed at it with TELEGRAM_API_URL. Simulated users put updates in
(messages, commands, button presses, stickers, ...), which the bot fetches with getUpdates or
receives on its webhook; everything the bot sends is recorded for the tests to assert on.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

BOT_ID = 4242
BOT_USERNAME = "brobygger_test_bot"
GROUP_ID = -1001234567890
WAIT = 15.0  # the longest a test waits for the bot to do something (a bound, not a measure)
# The longest a test waits for bot processes to start: each imports its framework (aiogram alone
# takes about 7 s of CPU on a slow 2-core machine), and two at once share the cores.
PROCESS_START_WAIT = 120.0


@dataclass
class Sent:
    """One thing the bot did in a chat: a message sent, edited, copied, or a keyboard removed."""

    method: str
    chat_id: int
    message_id: int
    text: str = ""
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    parse_mode: str | None = None
    document: bytes = b""  # what a sendDocument carried
    photo: bytes = b""  # what a sendPhoto carried (its caption is the text)
    filename: str = ""

    @property
    def button_data(self) -> list[str]:
        return [b["callback_data"] for row in self.buttons for b in row]


def bot_environment(base_url: str, token: str, database_url: str) -> dict[str, str]:
    """The environment for a real `brobygger run` process pointed at this fake server."""
    import os

    from storage.scratch import SCRATCH_KEY, needs_scratch_key

    keys = {"ENCRYPTION_KEYS": SCRATCH_KEY} if needs_scratch_key(database_url) else {}
    return {
        **os.environ,
        **keys,
        "BOT_TOKEN": token,
        "TELEGRAM_API_URL": base_url,
        "COORDINATOR_CHAT_ID": str(GROUP_ID),
        "COORDINATOR_IDS": "501",
        "DATABASE_URL": database_url,
        # The fake server has no rate limits: measure the bot, not Telegram's pacing.
        "SEND_PER_SECOND": "100000",
        "SEND_PER_CHAT_PER_SECOND": "100000",
        "SEND_CHAT_BURST": "100000",
        "SEND_PER_GROUP_PER_MINUTE": "6000000",
    }


async def start_bot_process(framework: str, env: dict[str, str], stderr: Any, command: str = "run") -> Any:
    """`python -m bot run|webhook --framework F` from the project root, as a separate process."""
    import sys
    from pathlib import Path

    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        command,
        "--framework",
        framework,
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
    )


def private_update(user_id: int, text: str, update_id: int) -> dict[str, Any]:
    """A raw update: a private text message from a user, as Telegram would post it."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Ola"},
            "text": text,
        },
    }


class FakeTelegram:
    """The server: keeps updates for the bot and a log of what the bot did."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self.confirmed = 0  # the offset the bot last confirmed with getUpdates
        self.log: list[Sent] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.started: set[int] = set()  # users who have a private chat with the bot
        self.blocked: set[int] = set()  # users who blocked the bot
        self.webhook: dict[str, Any] | None = None
        self.webhook_statuses: list[int] = []
        self.webhook_error: str | None = None  # what getWebhookInfo reports as the last error
        self.webhook_error_date: int | None = None  # and when (Unix time)
        self.last_update: dict[str, Any] = {}
        # Several webhooks behind a load balancer: each chat's updates go to them in turn.
        self.balanced: list[str] = []
        self._routed: dict[int, int] = {}
        # Faults to inject, per method, used up in order: (status, description, retry_after);
        # status 0 drops the connection without an answer.
        self.fail: dict[str, list[tuple[int, str, int | None]]] = {}
        self.slow: dict[str, float] = {}  # seconds to wait before answering a method
        # Answers to give as they are, per method, used up in order: (status, body).
        self.raw: dict[str, list[tuple[int, str]]] = {}
        self.call_times: list[tuple[str, float]] = []
        # Telegram itself away, for every method, until a moment (time.monotonic()); see go_away.
        self.away: tuple[str, float] | None = None
        self.away_retry_after = 3
        self.away_answers: list[tuple[str, str, float]] = []  # (method, fault, when) answered away
        self._released = asyncio.Event()  # set when the server stops: calls left hanging end
        # As Telegram does: an update the webhook did not take (not 200) is posted again, in the
        # background, until it is; the chat's next updates wait behind it.
        self.redeliver = False
        # Groups the bot is in; those it was kicked from; those Telegram upgraded, to their new id.
        self.groups: set[int] = {GROUP_ID}
        self.kicked: set[int] = set()
        self.migrated: dict[int, int] = {}
        self._redelivering: dict[int, asyncio.Task[None]] = {}
        # Called with each message the bot sent, after it is recorded and before it is answered.
        self.on_send: Callable[[Sent], None] | None = None
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- server ---------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        self._released.set()
        for task in self._redelivering.values():
            task.cancel()
        await asyncio.gather(*self._redelivering.values(), return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post() if request.can_read_body else {}
        params: dict[str, Any] = {}
        for key, value in dict(form).items():
            if isinstance(value, web.FileField):  # a file sent as multipart (sendDocument, sendPhoto)
                params[key] = (value.filename, value.file.read())
                continue
            if isinstance(value, str) and value[:1] in "{[":
                try:
                    params[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
            params[key] = value
        params.update({k: v for k, v in request.query.items() if k not in params})
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        self.call_times.append((method, time.monotonic()))
        if (fault := self._gone()) is not None:
            return await self._away(method, fault)
        if method in self.slow:
            await asyncio.sleep(self.slow[method])
        failures = self.fail.get(method)
        if failures:
            status, description, retry_after = failures.pop(0)
            if status == 0:
                assert request.transport is not None
                request.transport.close()  # the connection drops; no answer at all
                return web.Response(status=500)
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            return web.json_response(body, status=status)
        raw = self.raw.get(method)
        if raw:
            status, text = raw.pop(0)
            return web.Response(status=status, text=text, content_type="application/json")
        refusal = self._group_refusal(params)
        if refusal is not None:
            return refusal
        handler = getattr(self, f"_api_{method.lower()}", None)
        result = await handler(params) if handler else True
        if method == "getUpdates" and (fault := self._gone()) is not None:
            return await self._away(method, fault)  # a long poll under way when Telegram went away fails too
        if isinstance(result, web.Response):
            return result
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def go_away(self, fault: str, seconds: float, retry_after: int = 3) -> float:
        """Telegram away for every method for some seconds: "502" answers Bad Gateway, "429" Too
        Many Requests with retry_after, "hang" never answers a call that came meanwhile (not
        even after). Returns when it ends, on time.monotonic()'s clock."""
        assert fault in ("502", "429", "hang"), fault
        until = time.monotonic() + seconds
        self.away, self.away_retry_after = (fault, until), retry_after
        return until

    def _gone(self) -> str | None:
        """The fault Telegram is away with now, if it is."""
        if self.away is None or time.monotonic() >= self.away[1]:
            return None
        return self.away[0]

    async def _away(self, method: str, fault: str) -> web.Response:
        if fault == "hang":
            await self._released.wait()
            return web.Response(status=503)
        self.away_answers.append((method, fault, time.monotonic()))
        if fault == "429":
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {self.away_retry_after}",
                "parameters": {"retry_after": self.away_retry_after},
            }
            return web.json_response(body, status=429)
        return web.json_response({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502)

    @staticmethod
    def _forbidden() -> web.Response:
        return web.json_response(
            {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot can't initiate conversation with a user",
            },
            status=403,
        )

    def _group_refusal(self, params: dict[str, Any]) -> web.Response | None:
        """Telegram's answer to anything sent to a group that moved, is gone, or threw the bot out."""
        try:
            chat_id = int(params.get("chat_id", 0))
        except (TypeError, ValueError):
            return None
        if chat_id >= 0:
            return None
        body: dict[str, Any]
        if chat_id in self.migrated:
            body = {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
                "parameters": {"migrate_to_chat_id": self.migrated[chat_id]},
            }
        elif chat_id in self.kicked:
            body = {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was kicked from the group chat",
            }
        elif chat_id not in self.groups:
            body = {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        else:
            return None
        return web.json_response(body, status=body["error_code"])

    async def _api_getchat(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": "Brobyggere"}
        return {"id": chat_id, "type": "private", "first_name": "x"}

    async def _api_getchatmember(self, params: dict[str, Any]) -> Any:
        user = {"id": int(params["user_id"]), "is_bot": True, "first_name": "Brobygger"}
        return {"status": "member", "user": user}

    def _reachable(self, chat_id: int) -> bool:
        return chat_id < 0 or (chat_id in self.started and chat_id not in self.blocked)

    async def _api_getme(self, params: dict[str, Any]) -> Any:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Brobygger", "username": BOT_USERNAME}

    async def _api_getupdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        if offset:
            self.confirmed = max(self.confirmed, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self.updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return list(self.updates[: int(params.get("limit") or 100)])

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if not self._reachable(chat_id):
            return self._forbidden()
        markup = params.get("reply_markup") or {}
        sent = Sent(
            "sendMessage",
            chat_id,
            next(self._message_ids),
            str(params.get("text", "")),
            markup.get("inline_keyboard", []),
            params.get("parse_mode"),
        )
        self.log.append(sent)
        message = self._bot_message(chat_id, sent.message_id, sent.text, markup)
        self.messages[(chat_id, sent.message_id)] = message
        if self.on_send is not None:
            self.on_send(sent)
        return message

    async def _api_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if not self._reachable(chat_id):
            return self._forbidden()
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        filename, content = document if isinstance(document, tuple) else ("", b"")
        sent = Sent("sendDocument", chat_id, next(self._message_ids), document=content, filename=filename)
        self.log.append(sent)
        message = self._bot_message(chat_id, sent.message_id, "", {})
        message.pop("text")
        message["document"] = {
            "file_id": f"doc{sent.message_id}",
            "file_unique_id": "du",
            "file_name": filename,
        }
        self.messages[(chat_id, sent.message_id)] = message
        return message

    async def _api_sendphoto(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if not self._reachable(chat_id):
            return self._forbidden()
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo.removeprefix("attach://"))
        filename, content = photo if isinstance(photo, tuple) else ("", b"")
        caption = str(params.get("caption") or "")
        sent = Sent("sendPhoto", chat_id, next(self._message_ids), caption, filename=filename, photo=content)
        self.log.append(sent)
        message = self._bot_message(chat_id, sent.message_id, "", {})
        message.pop("text")
        message["photo"] = [
            {"file_id": f"photo{sent.message_id}", "file_unique_id": "pu", "width": 1000, "height": 420}
        ]
        if caption:
            message["caption"] = caption
        self.messages[(chat_id, sent.message_id)] = message
        if self.on_send is not None:
            self.on_send(sent)
        return message

    async def _api_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        markup = params.get("reply_markup") or {}
        self.log.append(
            Sent(
                "editMessageText",
                chat_id,
                message_id,
                str(params.get("text", "")),
                markup.get("inline_keyboard", []),
                params.get("parse_mode"),
            )
        )
        message = self._bot_message(chat_id, message_id, str(params.get("text", "")), markup)
        self.messages[(chat_id, message_id)] = message
        return message

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        markup = params.get("reply_markup") or {}
        self.log.append(
            Sent("editMessageReplyMarkup", chat_id, message_id, buttons=markup.get("inline_keyboard", []))
        )
        old = self.messages.get((chat_id, message_id), {})
        message = self._bot_message(chat_id, message_id, old.get("text", ""), markup)
        self.messages[(chat_id, message_id)] = message
        return message

    async def _api_copymessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if not self._reachable(chat_id):
            return self._forbidden()
        sent = Sent(
            "copyMessage",
            chat_id,
            next(self._message_ids),
            text=f"copy of {params['from_chat_id']}/{params['message_id']}",
        )
        self.log.append(sent)
        return {"message_id": sent.message_id}

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": params["url"], "secret": params.get("secret_token")}
        return True

    async def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
            **({"last_error_message": self.webhook_error} if self.webhook_error else {}),
            **({"last_error_date": self.webhook_error_date} if self.webhook_error_date else {}),
        }

    def _bot_message(
        self, chat_id: int, message_id: int, text: str, markup: dict[str, Any]
    ) -> dict[str, Any]:
        chat = (
            {"id": chat_id, "type": "supergroup", "title": "Brobyggere"}
            if chat_id < 0
            else {"id": chat_id, "type": "private", "first_name": "x"}
        )
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "text": text,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Brobygger", "username": BOT_USERNAME},
        }
        if markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        return message

    # -- users ----------------------------------------------------------------------------
    def user(self, user_id: int, first_name: str) -> FakeUser:
        return FakeUser(self, user_id, first_name)

    async def put(self, update: dict[str, Any]) -> int | None:
        """Hand an update to the bot: to its webhook if one is set, else to getUpdates."""
        update["update_id"] = next(self._update_ids)
        self.last_update = update  # what Telegram would send again after a failed webhook call
        if self.webhook is None:
            self.updates.append(update)
            async with self._changed:
                self._changed.notify_all()
            return None
        headers = {}
        if self.webhook.get("secret"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret"]
        url = self.webhook["url"]
        if self.redeliver:
            sender = int(next(iter(update.values()))["from"]["id"])
            earlier = self._redelivering.get(sender)
            self._redelivering[sender] = asyncio.create_task(self._post_until_taken(update, headers, earlier))
            return None
        if self.balanced:
            sender = int(next(iter(update.values()))["from"]["id"])
            turn = self._routed.get(sender, 0)
            self._routed[sender] = turn + 1
            url = self.balanced[turn % len(self.balanced)]
        return await self.post_webhook(update, headers, url)

    async def _post_until_taken(
        self, update: dict[str, Any], headers: dict[str, str], earlier: asyncio.Task[None] | None
    ) -> None:
        if earlier is not None:
            await earlier
        while True:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                if await self.post_webhook(update, headers) == 200:
                    return
            await asyncio.sleep(0.25)

    async def post_webhook(
        self, update: dict[str, Any], headers: dict[str, str], url: str | None = None
    ) -> int:
        assert self.webhook is not None
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                url or self.webhook["url"],
                json=update,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=WAIT),
            ) as response,
        ):
            self.webhook_statuses.append(response.status)
            return response.status

    async def wait(self, condition: Callable[[], Any], what: str, bound: float = WAIT) -> Any:
        """Wait until condition() is truthy (the bot did what was expected), or fail."""
        deadline = time.monotonic() + bound
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.05)

    def in_chat(self, chat_id: int, method: str | None = None) -> list[Sent]:
        return [s for s in self.log if s.chat_id == chat_id and (method is None or s.method == method)]


KIND_PAYLOADS: dict[str, dict[str, Any]] = {
    "sticker": {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "su1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    "photo": {"photo": [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]},
    "voice": {"voice": {"file_id": "v1", "file_unique_id": "vu1", "duration": 3}},
    "video": {"video": {"file_id": "d1", "file_unique_id": "du1", "width": 10, "height": 10, "duration": 2}},
    "video_note": {"video_note": {"file_id": "n1", "file_unique_id": "nu1", "length": 10, "duration": 2}},
    "audio": {"audio": {"file_id": "a1", "file_unique_id": "au1", "duration": 2}},
    "document": {"document": {"file_id": "f1", "file_unique_id": "fu1"}},
    "location": {"location": {"latitude": 59.91, "longitude": 10.75}},
    "contact": {"contact": {"phone_number": "+4712345678", "first_name": "Per"}},
    "animation": {
        "animation": {"file_id": "g1", "file_unique_id": "gu1", "width": 10, "height": 10, "duration": 1}
    },
}


class FakeUser:
    """A person on Telegram: writes to the bot privately or in the coordinators' group."""

    def __init__(self, server: FakeTelegram, user_id: int, first_name: str) -> None:
        self.server = server
        self.id = user_id
        self.first_name = first_name
        self._seen = 0  # how many of the bot's messages in the private chat were looked at
        self.language_code = "nb"  # the phone's language

    @property
    def profile(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }

    def _message(self, chat: dict[str, Any], **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self.server._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.profile,
            **content,
        }

    @property
    def private_chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "private", "first_name": self.first_name}

    @staticmethod
    def group_chat() -> dict[str, Any]:
        return {"id": GROUP_ID, "type": "supergroup", "title": "Brobyggere"}

    async def send(self, text: str) -> int | None:
        self.server.started.add(self.id)  # writing to the bot opens the private chat
        message = self._message(self.private_chat, text=text)
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.server.put({"message": message})

    async def send_kind(self, kind: str) -> int | None:
        self.server.started.add(self.id)
        return await self.server.put({"message": self._message(self.private_chat, **KIND_PAYLOADS[kind])})

    async def send_captioned(self, kind: str, caption: str) -> int | None:
        """A photo, video or document with a caption."""
        self.server.started.add(self.id)
        message = self._message(self.private_chat, caption=caption, **KIND_PAYLOADS[kind])
        return await self.server.put({"message": message})

    async def edit(self, text: str) -> int | None:
        """Change a message sent earlier (Telegram's edited_message)."""
        message = self._message(self.private_chat, text=text, edit_date=int(time.time()))
        return await self.server.put({"edited_message": message})

    async def say_in_group(self, text: str) -> int | None:
        message = self._message(self.group_chat(), text=text)
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.server.put({"message": message})

    async def press(self, sent: Sent, data: str) -> int | None:
        """Press a button on a message the bot sent."""
        assert data in sent.button_data, f"{data} not in {sent.button_data}"
        message = self.server.messages[(sent.chat_id, sent.message_id)]
        return await self.server.put(
            {
                "callback_query": {
                    "id": f"cb{next(self.server._message_ids)}",
                    "from": self.profile,
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    # -- what the user sees ---------------------------------------------------------------
    def inbox(self) -> list[Sent]:
        return self.server.in_chat(self.id, "sendMessage")

    async def expect(self, fragment: str) -> Sent:
        """Wait for a new message in the private chat containing fragment; returns it."""

        def found() -> Sent | None:
            messages = self.inbox()
            for index in range(self._seen, len(messages)):
                if fragment in messages[index].text:
                    self._seen = index + 1
                    return messages[index]
            return None

        result: Sent = await self.server.wait(found, f"{fragment!r} to {self.first_name}")
        return result

    def last_with_buttons(self) -> Sent:
        for sent in reversed(self.inbox()):
            if sent.buttons:
                return sent
        raise AssertionError("no message with buttons")
