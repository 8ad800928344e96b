"""Telegram's webhook, served the same way for every adapter: the secret token is checked (401
without it) and Telegram gets its 200 only after the update's turn is committed. Beside it, the
operations endpoints (GET /healthz, GET /metrics), also served on their own in polling mode."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.runtime.metrics import Metrics

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Feed = Callable[[dict[str, Any]], Awaitable[None]]
# Whether the bot can do its work now (the database answers), for GET /healthz.
Healthy = Callable[[], Awaitable[bool]]
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


class CannotStoreNow(Exception):
    """The database is away (the outage is logged where it is seen): answered 503, not logged."""


class Operations:
    """GET /healthz and GET /metrics, the same on the webhook server and on the polling mode's
    metrics server (METRICS_PORT)."""

    def __init__(
        self, healthy: Healthy | None = None, metrics: Metrics | None = None, reading: str = "off"
    ) -> None:
        self._healthy = healthy
        self._metrics = metrics or Metrics()
        self._reading = reading  # the reading model's state: on, off or degraded (see reader.py)

    async def health(self, request: web.Request) -> web.Response:
        """200 while the database answers, 503 while it does not: for the platform's health check.
        The reading model's state is told beside it: the bot works on the rules alone without it."""
        if self._healthy is not None and not await self._healthy():
            body = {"status": "unhealthy", "database": "unreachable", "reading": self._reading}
            return web.json_response(body, status=503)
        status = "degraded" if self._reading.startswith("degraded") else "ok"
        return web.json_response({"status": status, "database": "ok", "reading": self._reading})

    async def metrics(self, request: web.Request) -> web.Response:
        """The Prometheus text exposition (what waits is read from the database just now)."""
        body = await self._metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    def add_routes(self, app: web.Application, taken: str | None = None) -> None:
        """Both paths, but for one the app already uses (the webhook's own path)."""
        for path, handler in ((HEALTH_PATH, self.health), (METRICS_PATH, self.metrics)):
            if path != taken:
                app.router.add_get(path, handler)


async def _serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


class OperationsServer:
    """The operations endpoints on their own, on METRICS_HOST:METRICS_PORT, in polling mode."""

    def __init__(self, host: str, port: int, operations: Operations) -> None:
        self._host = host
        self._port = port
        self._operations = operations
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        self._operations.add_routes(app)
        self._runner = await _serve(app, self._host, self._port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class WebhookServer:
    """An aiohttp server on WEBHOOK_HOST:WEBHOOK_PORT at the path of WEBHOOK_URL, with the
    operations endpoints beside it."""

    def __init__(
        self,
        url: str,
        secret: str,
        host: str,
        port: int,
        feed: Feed,
        operations: Operations | None = None,
    ) -> None:
        self.path = urlsplit(url).path or "/"
        self._secret = secret
        self._host = host
        self._port = port
        self._feed = feed
        self._operations = operations or Operations()
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

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        self._operations.add_routes(app, taken=self.path)
        self._runner = await _serve(app, self._host, self._port)

    async def stop(self) -> None:
        """Stop taking requests; requests in flight finish first."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
