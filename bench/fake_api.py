"""A lean fake Bot API server for the benchmark: getUpdates with offset and long-poll, and replies
recorded only as far as the waiting chat needs (no call log, no fault injection)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from typing import Any

from aiohttp import web

BOT = {"id": 4242, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}


class FakeBotApi:
    """Updates in, replies out; a chat waiting for a reply text is woken the moment it is sent."""

    def __init__(self, token: str, first_update_id: int = 1) -> None:
        self.token = token
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(first_update_id)
        self._message_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        # chat id -> (the reply text that ends the turn, when it came)
        self._waiting: dict[int, tuple[str, asyncio.Future[float]]] = {}
        self.replies = 0
        self.first_reply_at: float | None = None
        self.closing = False  # when set, getUpdates answers at once, so a stopping bot is not held
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def close(self) -> None:
        """Answer the long poll in progress and every later one at once."""
        self.closing = True
        self._arrived.set()

    def send(self, chat_id: int, text: str, waits_for: str) -> asyncio.Future[float]:
        """A private message from a user; the future resolves when the bot sends waits_for."""
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = (waits_for, done)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Ola"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Ola", "language_code": "nb"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self._updates.append({"update_id": next(self._update_ids), "message": message})
        self._arrived.set()
        return done

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            for key, value in (await request.post()).items():
                params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"].lower()
        params = await self._params(request)
        if method == "getupdates":
            result: Any = await self._get_updates(params)
        elif method in ("sendmessage", "copymessage", "editmessagetext"):
            result = self._sent(params)
        elif method == "getme":
            result = BOT
        elif method == "getwebhookinfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        else:
            result = True
        return web.Response(text=json.dumps({"ok": True, "result": result}), content_type="application/json")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self._updates and timeout > 0 and not self.closing:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout)
        return self._updates[: int(params.get("limit") or 100)]

    def _sent(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = str(params.get("text", ""))
        now = time.perf_counter()
        self.replies += 1
        if self.first_reply_at is None:
            self.first_reply_at = now
        waiting = self._waiting.get(chat_id)
        if waiting is not None and waiting[0] == text and not waiting[1].done():
            waiting[1].set_result(now)
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT,
            "text": text,
        }
