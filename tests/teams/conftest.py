"""Fixtures for the Teams adapter: the real aiohttp endpoint, a fake connector as serviceUrl, a real store."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.teams import TEAMS_KEY, TeamsConfig, setup_teams
from bot.state.memory import MemoryStore
from handlers.api import Conversation
from tests.teams.activities import SUPPORT_CHANNEL, TENANT
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_engine import DIAGNOSIS_ID, FakeConversation

SECRET = b"test-link-secret-0123456789"
REDACTED = b'[{"text":"ICE collection timed out","time":"2024-05-02T10:00:08Z"}]'


@dataclass
class Rig:
    client: TestClient[Any, Any]
    connector: FakeConnector
    service_url: str
    store: MemoryStore
    engine: Any
    config: TeamsConfig

    async def post(self, activity: dict[str, Any], *, headers: dict[str, str] | None = None) -> int:
        response = await self.client.post(self.config.messages_path, json=activity, headers=headers or {})
        return response.status

    async def settle(self) -> None:
        await self.client.app[TEAMS_KEY].tasks.idle(timeout=20)


@pytest.fixture
async def connector() -> AsyncIterator[tuple[FakeConnector, str]]:
    fake = FakeConnector()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    yield fake, str(server.make_url("")).rstrip("/")
    await server.close()


def base_config(**overrides: Any) -> TeamsConfig:
    config = TeamsConfig(
        link_secret=SECRET,
        file_hosts=("127.0.0.1",),
        escalation_channel_id=SUPPORT_CHANNEL,
        escalation_tenant_id=TENANT,
        retry_base_seconds=0.01,
        retry_max_seconds=0.05,
        public_base_url="http://icebreaker.test",
    )
    return replace(config, **overrides)


RigFactory = Callable[..., Any]


@pytest.fixture
async def make_rig(connector: tuple[FakeConnector, str]) -> AsyncIterator[RigFactory]:
    fake, service_url = connector
    clients: list[TestClient[Any, Any]] = []

    async def build(
        *, engine: Conversation | None = None, store: MemoryStore | None = None, **overrides: Any
    ) -> Rig:
        config = base_config(**{"escalation_service_url": service_url, **overrides})
        store = store or MemoryStore()
        await store.put_diagnosis(
            DIAGNOSIS_ID,
            {"verdict": "fault"},
            redacted_log=gzip.compress(REDACTED),
            contact_ids=(),
            ttl_seconds=3600,
        )
        engine = engine or FakeConversation()
        app = web.Application()
        setup_teams(app, engine=engine, store=store, config=config)
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        return Rig(
            client=client, connector=fake, service_url=service_url, store=store, engine=engine, config=config
        )

    yield build
    for client in clients:
        await client.close()
