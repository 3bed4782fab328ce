"""The application factory: settings → knowledge → store → diagnosis pool → engine → surfaces → aiohttp app.

Rules of this file:
- The one composition root of the running service; nothing else builds engines, stores or pools.
- A surface is mounted only when configured: the web console always; Slack when SLACK_BOT_TOKEN is set;
  Teams when MICROSOFT_APP_ID is set (or TEAMS_ENABLED for the local Emulator). Channel modules are imported
  only when mounted, so a missing optional platform never breaks the console.
- Cleanup order on shutdown: stop the diagnosis pool (running work finishes within the grace period), then
  close the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from bot.catalog import Catalog
from bot.catalog_load import load_catalog
from bot.channels.web import WebConfig, setup_web
from bot.server.health import Health
from bot.server.metered_store import MeteredStore
from bot.server.metrics import Metrics
from bot.server.middleware import InFlight, make_middleware
from bot.server.pool import PoolDiagnoser
from bot.settings import Settings
from bot.state import SessionStore
from bot.state.factory import open_store
from handlers.access import AccessPolicy
from handlers.api import Conversation, Diagnoser
from handlers.engine import Engine

log = logging.getLogger("icebreaker.server")


@dataclass(frozen=True, slots=True)
class Runtime:
    """What the running app holds, for the lifecycle and for tests."""

    settings: Settings
    metrics: Metrics
    store: SessionStore
    health: Health
    engine: Conversation
    pool: PoolDiagnoser | None
    surfaces: tuple[str, ...]
    in_flight: InFlight


RUNTIME = web.AppKey("icebreaker.runtime", Runtime)


def create_app(
    settings: Settings, *, store: SessionStore | None = None, diagnoser: Diagnoser | None = None
) -> web.Application:
    """Build the whole service. ``store``/``diagnoser`` override the configured ones (tests)."""
    metrics = Metrics()
    raw_store = store or open_store(
        settings.redis_url_value, prefix=settings.icebreaker_key_prefix, op_timeout=settings.redis_timeout
    )
    metered = MeteredStore(raw_store, metrics)
    catalog = load_catalog()
    pool = None
    if diagnoser is None:
        pool = PoolDiagnoser(
            workers=settings.diagnosis_workers,
            queue_limit=settings.diagnosis_queue_limit,
            metrics=metrics,
            titles={cause_id: info.title for cause_id, info in catalog.causes.items()},
        )
        diagnoser = pool
    engine = _engine(settings, store=metered, diagnoser=diagnoser, catalog=catalog)
    health = Health(store=metered, metrics=metrics, store_kind="redis" if settings.redis_url else "memory")

    in_flight = InFlight()
    app = web.Application(
        middlewares=[make_middleware(metrics, in_flight)], client_max_size=settings.max_upload_bytes
    )
    health.mount(app)
    surfaces = _mount_surfaces(app, settings, engine=engine, store=metered, metrics=metrics)
    app[RUNTIME] = Runtime(
        settings=settings, metrics=metrics, store=metered, health=health, engine=engine, pool=pool,
        surfaces=surfaces, in_flight=in_flight,
    )  # fmt: skip
    app.on_cleanup.append(_close)
    return app


def _engine(settings: Settings, *, store: SessionStore, diagnoser: Diagnoser, catalog: Catalog) -> Engine:
    policy = AccessPolicy.from_lists(
        users=settings.icebreaker_lookup_users, conversations=settings.icebreaker_lookup_channels
    )
    return Engine(
        store=store,
        catalog=catalog,
        diagnoser=diagnoser,
        policy=policy,
        ttls=settings.ttls(),
        escalation_configured=bool(settings.slack_escalation_channel or settings.teams_escalation_channel_id),
        clock=lambda: datetime.now(UTC),
    )


def _mount_surfaces(
    app: web.Application, settings: Settings, *, engine: Conversation, store: SessionStore, metrics: Metrics
) -> tuple[str, ...]:
    surfaces = ["web console at /"]
    web_config = WebConfig(
        cookie_secret=settings.link_secret_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        cookie_secure=settings.public_base_url.startswith("https://"),
    )
    setup_web(app, conversation=engine, store=store, config=web_config, on_error=_error_counter(metrics))
    if settings.slack_enabled:
        from bot.channels.slack import setup_slack

        slack_config = settings.to_slack_config()
        setup_slack(app, engine=engine, store=store, config=slack_config)
        mode = "Socket Mode" if slack_config.app_token else f"events at {slack_config.events_path}"
        surfaces.append(f"Slack ({mode})")
    if settings.teams_mounted:
        from bot.channels.teams import setup_teams

        teams_config = settings.to_teams_config()
        setup_teams(app, engine=engine, store=store, config=teams_config)
        auth = "authenticated" if teams_config.app_id else "Emulator mode, NO inbound auth"
        surfaces.append(f"Teams at {teams_config.messages_path} ({auth})")
    return tuple(surfaces)


def _error_counter(metrics: Metrics) -> Callable[[str], None]:
    def count(kind: str) -> None:
        metrics.errors.inc(kind=kind)

    return count


async def _close(app: web.Application) -> None:
    runtime = app[RUNTIME]
    if runtime.pool is not None:
        await runtime.pool.close(timeout=runtime.settings.shutdown_grace_seconds)
    await runtime.store.close()
    log.info("store closed", extra={"event": "server.closed"})
