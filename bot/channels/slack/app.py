"""Wiring of the Slack surface: bolt AsyncApp + listeners, mounted on the server's aiohttp app.

Rules of this file:
- ``setup_slack`` is the one public entry point. It builds the Web API client (with the 429 retry handler),
  the bolt app (signature verification on), the listeners and the flows, and ties their lifetime to the
  aiohttp app: background work is finished and sessions closed on cleanup.
- HTTP mode: ``POST config.events_path`` is translated to bolt and back by two short functions.
  Socket Mode (``config.app_token`` set): no route; the socket connects on startup, closes on cleanup.
- ``SLACK_STATE_KEY`` exposes the running pieces (tasks, flows) to tests and the load bench only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.config import SlackConfig
from bot.channels.slack.download import DownloadPolicy
from bot.channels.slack.flows import SlackFlows
from bot.channels.slack.listeners import register
from bot.channels.slack.outbox import SlackOutbox
from bot.channels.slack.tasks import BackgroundTasks
from bot.state.protocol import SessionStore
from handlers.api import Conversation

log = logging.getLogger(__name__)
RATE_LIMIT_RETRIES = 3


@dataclass(frozen=True, slots=True)
class SlackRuntime:
    bolt: AsyncApp
    flows: SlackFlows
    tasks: BackgroundTasks


SLACK_STATE_KEY = web.AppKey("icebreaker.slack", SlackRuntime)


def setup_slack(
    app: web.Application, *, engine: Conversation, store: SessionStore, config: SlackConfig
) -> None:
    client = AsyncWebClient(
        token=config.bot_token,
        base_url=config.api_base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )
    bolt = AsyncApp(signing_secret=config.signing_secret, client=client)  # the client carries the token
    policy = DownloadPolicy(
        token=config.bot_token,
        file_hosts=config.file_hosts,
        max_bytes=config.max_upload_bytes,
        timeout_seconds=config.download_timeout_seconds,
    )
    outbox = SlackOutbox(client, escalation_channel=config.escalation_channel)
    flows = SlackFlows(
        engine=engine, store=store, outbox=outbox, policy=policy, max_files=config.max_files_per_message
    )
    tasks = BackgroundTasks()
    register(bolt, flows=flows, tasks=tasks, config=config)
    app[SLACK_STATE_KEY] = SlackRuntime(bolt=bolt, flows=flows, tasks=tasks)

    async def finish(_: web.Application) -> None:
        await tasks.close()
        await flows.close()

    if config.app_token:
        _use_socket_mode(app, bolt, config.app_token)
    else:
        app.router.add_post(config.events_path, _http_endpoint(bolt))
    app.on_cleanup.append(finish)


def _http_endpoint(bolt: AsyncApp) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def slack_events(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    return slack_events


def _use_socket_mode(app: web.Application, bolt: AsyncApp, app_token: str) -> None:
    handlers: list[AsyncSocketModeHandler] = []  # built on startup: it needs the running loop

    async def connect(_: web.Application) -> None:
        handlers.append(AsyncSocketModeHandler(bolt, app_token))
        await handlers[0].connect_async()
        log.info("slack: connected in Socket Mode")

    async def disconnect(_: web.Application) -> None:
        for handler in handlers:
            await handler.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(disconnect)
