"""Per-request middleware: a correlation id, one access log line, and unexpected errors as a clean 500.

Rules of this file:
- Every request gets a correlation id (a well-formed ``X-Request-Id`` is reused, else one is minted); it is
  set in the logging contextvar, on the request (``request[CORRELATION_KEY]``, which the console copies
  into ``Turn.correlation_id``) and echoed in the ``X-Request-Id`` response header.
- Access lines name the route *template* (``/console/files/{file_id}``), never the raw path or query.
- ``InFlight`` counts requests being handled; shutdown waits for it to reach zero (bounded).
- An exception that escapes a handler is logged (type and code location only), counted as
  ``errors{kind="unhandled"}`` and answered with a short JSON 500 carrying the correlation id.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.channels.web import CORRELATION_KEY
from bot.server.logging import new_correlation_id
from bot.server.metrics import Metrics

log = logging.getLogger("icebreaker.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def _route(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "(unmatched)"


class InFlight:
    """Counts requests being handled, so shutdown can wait for them after it stops accepting new ones."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        self.count += 1
        self._idle.clear()

    def leave(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def wait_idle(self, *, timeout: float) -> bool:
        """True when every request finished within ``timeout`` seconds."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


def make_middleware(metrics: Metrics, in_flight: InFlight) -> Middleware:
    @web.middleware
    async def correlate(request: web.Request, handler: Handler) -> web.StreamResponse:
        cid = new_correlation_id(request.headers.get("X-Request-Id"))
        request[CORRELATION_KEY] = cid
        started = time.perf_counter()
        status = 500
        in_flight.enter()
        try:
            response = await handler(request)
            status = response.status
        except web.HTTPException as exc:
            status = exc.status
            exc.headers["X-Request-Id"] = cid
            raise
        except Exception:
            log.exception("unhandled error", extra={"event": "http.unhandled", "route": _route(request)})
            metrics.errors.inc(kind="unhandled")
            return web.json_response(
                {"error": "internal error", "correlation_id": cid}, status=500, headers={"X-Request-Id": cid}
            )
        finally:
            in_flight.leave()
            _access(request, status=status, seconds=time.perf_counter() - started)
        response.headers["X-Request-Id"] = cid
        return response

    return correlate


def _access(request: web.Request, *, status: int, seconds: float) -> None:
    route = _route(request)
    level = logging.DEBUG if route in QUIET_ROUTES and status < 500 else logging.INFO
    log.log(
        level,
        "%s %s %s",
        request.method,
        route,
        status,
        extra={
            "event": "http.request",
            "method": request.method,
            "route": route,
            "status": status,
            "seconds": round(seconds, 4),
        },
    )
