"""Telegram's webhook, served the same way for every adapter: the secret token is checked (401
without it) and Telegram gets its 200 only after the update's turn is committed."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Feed = Callable[[dict[str, Any]], Awaitable[None]]
# Whether the bot can do its work now (the database answers), for GET /healthz.
Healthy = Callable[[], Awaitable[bool]]
HEALTH_PATH = "/healthz"


class CannotStoreNow(Exception):
    """The database is away (the outage is logged where it is seen): answered 503, not logged."""


class WebhookServer:
    """An aiohttp server on WEBHOOK_HOST:WEBHOOK_PORT at the path of WEBHOOK_URL."""

    def __init__(
        self, url: str, secret: str, host: str, port: int, feed: Feed, healthy: Healthy | None = None
    ) -> None:
        self.path = urlsplit(url).path or "/"
        self._secret = secret
        self._host = host
        self._port = port
        self._feed = feed
        self._healthy = healthy
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            return web.Response(status=401, text="Unauthorized")
        try:
            update = json.loads(await request.read())
        except ValueError:
            update = None
        if not isinstance(update, dict):
            # Telegram would send it again for a day: answered, and left (nothing to store it by).
            log.warning("the webhook got something that is not an update; ignored")
            return web.Response(status=200)
        try:
            await self._feed(update)
        except CannotStoreNow:
            return web.Response(status=503, text="Service Unavailable")
        except Exception:
            # Not stored, so not acknowledged: Telegram sends it again.
            log.exception("could not store an update from the webhook")
            return web.Response(status=503, text="Service Unavailable")
        return web.Response(status=200)

    async def _health(self, request: web.Request) -> web.Response:
        """200 while the database answers, 503 while it does not: for the platform's health check."""
        if self._healthy is not None and not await self._healthy():
            return web.json_response({"status": "unhealthy", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok", "database": "ok"})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        if self.path != HEALTH_PATH:
            app.router.add_get(HEALTH_PATH, self._health)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()

    async def stop(self) -> None:
        """Stop taking requests; requests in flight finish first."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
