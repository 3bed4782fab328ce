"""``/healthz`` (the process answers), ``/readyz`` (the store answers, not draining) and ``/metrics``.

Rules of this file:
- Health handlers never touch the diagnosis pool and never wait long: ``/readyz`` bounds the store ping.
- While the server drains after SIGTERM, ``/readyz`` answers 503 so load balancers stop sending traffic;
  ``/healthz`` stays 200 until the process exits (it is alive, just finishing).
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.server.metrics import CONTENT_TYPE, Metrics
from bot.state import SessionStore

READY_TIMEOUT = 2.0


class Health:
    def __init__(self, *, store: SessionStore, metrics: Metrics, store_kind: str) -> None:
        self._store = store
        self._metrics = metrics
        self._store_kind = store_kind
        self.draining = False

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(self, request: web.Request) -> web.Response:
        if self.draining:
            return web.json_response({"status": "draining"}, status=503)
        try:
            answered = await asyncio.wait_for(self._store.ping(), READY_TIMEOUT)
        except TimeoutError:
            answered = False
        status = "ready" if answered else "store unavailable"
        return web.json_response(
            {"status": status, "store": self._store_kind}, status=200 if answered else 503
        )

    async def metrics(self, request: web.Request) -> web.Response:
        response = web.Response(text=self._metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    def mount(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics)
