"""Harness: the real aiohttp server with ``setup_slack``, a fake Slack Web API, and signed requests."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from bot.channels.slack import SLACK_STATE_KEY, setup_slack
from bot.channels.slack.config import SlackConfig
from bot.state.memory import MemoryStore
from bot.state.protocol import SessionStore
from handlers.api import Conversation
from tests.slack.fake_conversation import FakeConversation
from tests.slack.fake_slack import TEAM, FakeSlack

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"
ESCALATION_CHANNEL = "CESCALATE"


@dataclass
class Harness:
    client: TestClient[web.Request, web.Application]
    slack: FakeSlack
    engine: Conversation
    app: web.Application

    async def settle(self) -> None:
        await self.app[SLACK_STATE_KEY].tasks.drain()

    async def post(
        self,
        body: str,
        *,
        content_type: str,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str = SECRET,
    ) -> int:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        sent = {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or "",
            "Content-Type": content_type,
            **(headers or {}),
        }
        resp = await self.client.post("/slack/events", data=body.encode(), headers=sent)
        return resp.status

    async def event(
        self, event: dict[str, Any], *, event_id: str = "Ev001", headers: dict[str, str] | None = None
    ) -> int:
        envelope = {
            "token": "x",
            "team_id": TEAM,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        return await self.post(json.dumps(envelope), content_type="application/json", headers=headers)

    async def interactive(self, payload: dict[str, Any]) -> int:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return await self.post(body, content_type="application/x-www-form-urlencoded")

    async def command(self, fields: dict[str, str]) -> int:
        body = urllib.parse.urlencode(fields)
        return await self.post(body, content_type="application/x-www-form-urlencoded")


def make_config(slack: FakeSlack, **overrides: Any) -> SlackConfig:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "signing_secret": SECRET,
        "api_base_url": slack.api_base_url,
        "file_hosts": (slack.host,),
        "escalation_channel": ESCALATION_CHANNEL,
        "max_upload_bytes": 10 * 1024 * 1024,
        "file_shared_grace_seconds": 0.0,
    }
    values.update(overrides)
    return SlackConfig(**values)


HarnessFactory = Callable[..., Any]


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack(token=TOKEN)
    await slack.start()
    yield slack
    await slack.close()


@pytest.fixture
async def make_harness(fake_slack: FakeSlack) -> AsyncIterator[HarnessFactory]:
    clients: list[TestClient[web.Request, web.Application]] = []

    async def build(
        engine: Conversation | None = None, store: SessionStore | None = None, **config: Any
    ) -> Harness:
        app = web.Application()
        conversation = engine or FakeConversation()
        store = store or MemoryStore()
        setup_slack(app, engine=conversation, store=store, config=make_config(fake_slack, **config))
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return Harness(client=client, slack=fake_slack, engine=conversation, app=app)

    yield build
    for client in clients:
        await client.close()


@pytest.fixture
async def harness(make_harness: HarnessFactory) -> Harness:
    built: Harness = await make_harness()
    return built
