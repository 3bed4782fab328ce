"""Running the server: bind, log which surfaces are live, and shut down gracefully on SIGTERM/SIGINT.

Rules of this file:
- On SIGTERM (or SIGINT): mark the app draining (``/readyz`` → 503), stop accepting connections, let
  in-flight requests (uploads still arriving included) finish within ``SHUTDOWN_GRACE_SECONDS``, then run
  the app's cleanup (diagnosis pool, bounded by the same grace, then the store). The process exits 0.
- A second signal during the drain is ignored (logged): the bound already limits how long we take.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from aiohttp import web

from bot.server.app import RUNTIME, create_app
from bot.settings import Settings, warn_about

log = logging.getLogger("icebreaker.server")
STRAGGLER_SECONDS = 1.0  # after the grace period, how long aiohttp waits before cancelling handlers


async def serve(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT; return the process exit code."""
    app = create_app(settings)
    runtime = app[RUNTIME]
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=STRAGGLER_SECONDS)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    warn_about(settings, log)
    log.info(
        "Icebreaker is up on port %d: open http://localhost:%d/ for the web console; live: %s",
        settings.port,
        settings.port,
        "; ".join(runtime.surfaces),
        extra={
            "event": "server.started",
            "host": settings.host,
            "port": settings.port,
            "surfaces": ", ".join(runtime.surfaces),
            "store": "redis" if settings.redis_url else "memory",
            "workers": settings.diagnosis_workers,
            "queue_limit": settings.diagnosis_queue_limit,
            "pid": os.getpid(),
        },
    )
    received = await _wait_for_stop_signal()
    runtime.health.draining = True
    log.info(
        "stopping: draining in-flight work",
        extra={"event": "server.draining", "signal": received, "in_flight": runtime.in_flight.count},
    )
    await site.stop()  # no new connections; requests already being handled go on
    if not await runtime.in_flight.wait_idle(timeout=settings.shutdown_grace_seconds):
        log.warning("grace period over; cancelling", extra={"event": "server.grace_over"})
    await runner.cleanup()  # closes idle connections, runs cleanup: diagnosis pool, then the store
    log.info("stopped", extra={"event": "server.stopped"})
    return 0


async def _wait_for_stop_signal() -> str:
    loop = asyncio.get_running_loop()
    stop: asyncio.Future[str] = loop.create_future()

    def on_signal(sig: signal.Signals) -> None:
        if stop.done():
            log.info("already stopping", extra={"event": "server.signal_ignored", "signal": sig.name})
            return
        stop.set_result(sig.name)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    return await stop
