"""Mount the Teams bot on the server's aiohttp application.

Rules of this file:
- ``setup_teams`` is the only entry point the wiring calls; it adds ``POST config.messages_path`` and
  ``GET /teams/logs/{token}`` and registers startup/cleanup (HTTP session, background tasks).
- The download session sends no cookies and does not decompress (size caps must see the real bytes).
- Unauthenticated requests get 401 from botbuilder before any of our code runs.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter

from bot.channels.teams.auth import build_adapter
from bot.channels.teams.bot import TeamsBot
from bot.channels.teams.config import TeamsConfig
from bot.channels.teams.download import DownloadPolicy, fetch_upload
from bot.channels.teams.escalation import Escalator
from bot.channels.teams.inbound import FileRef
from bot.channels.teams.links import LOG_ROUTE, LinkSigner, log_download_handler
from bot.channels.teams.outbound import Outbox
from bot.channels.teams.retry import RetryPolicy
from bot.channels.teams.tasks import BackgroundTasks
from bot.channels.teams.worker import TurnWorker
from bot.state.protocol import SessionStore
from handlers.api import Conversation

log = logging.getLogger(__name__)


@dataclass(slots=True)
class TeamsRuntime:
    """What ``setup_teams`` built; kept on the app under ``TEAMS_KEY`` (tests await ``tasks.idle()``)."""

    adapter: CloudAdapter
    bot: TeamsBot
    tasks: BackgroundTasks
    signer: LinkSigner
    http: list[aiohttp.ClientSession] = field(default_factory=list)


TEAMS_KEY = web.AppKey("teams", TeamsRuntime)


def setup_teams(
    app: web.Application, *, engine: Conversation, store: SessionStore, config: TeamsConfig
) -> None:
    adapter = build_adapter(config)
    if not config.link_secret:
        log.warning("!!! TEAMS link_secret is empty: escalations will carry no log download link. !!!")
    signer = LinkSigner(
        secret=config.link_secret, base_url=config.public_base_url, ttl_seconds=config.link_ttl_seconds
    )
    policy = RetryPolicy(
        attempts=config.retry_attempts,
        base_seconds=config.retry_base_seconds,
        max_seconds=config.retry_max_seconds,
    )
    outbox = Outbox(adapter, app_id=config.app_id, policy=policy)
    escalator = Escalator(outbox=outbox, store=store, signer=signer, config=config)
    tasks = BackgroundTasks()
    runtime_http: list[aiohttp.ClientSession] = []
    download = DownloadPolicy(
        hosts=config.file_hosts,
        max_bytes=config.max_upload_bytes,
        timeout_seconds=config.download_timeout_seconds,
    )

    async def fetch(ref: FileRef) -> bytes:
        return await fetch_upload(runtime_http[0], ref.url, declared_size=ref.declared_size, policy=download)

    worker = TurnWorker(
        engine=engine, store=store, outbox=outbox, escalator=escalator, fetch=fetch, config=config
    )
    bot = TeamsBot(worker=worker, store=store, tasks=tasks)
    app[TEAMS_KEY] = TeamsRuntime(adapter=adapter, bot=bot, tasks=tasks, signer=signer, http=runtime_http)

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            raise web.HTTPUnsupportedMediaType(text="expected application/json")
        response = await adapter.process(request, bot)
        return response if response is not None else web.Response(status=201)

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        runtime_http.append(
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False, trust_env=False)
        )
        yield
        await tasks.close()
        await runtime_http.pop().close()

    app.router.add_post(config.messages_path, messages)
    app.router.add_get(LOG_ROUTE, log_download_handler(signer=signer, store=store))
    app.cleanup_ctx.append(lifecycle)
