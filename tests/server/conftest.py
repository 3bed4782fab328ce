"""Fixtures for the server tests: an in-process app on a real socket, and a browser-like HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.server.app import create_app
from bot.settings import load_settings
from bot.state import SessionStore
from bot.state.memory import MemoryStore
from handlers.api import Diagnoser
from tests.server.console_driver import Console

BASE_ENV = {
    "LINK_SECRET": "test-link-secret-0123456789abcdef",
    "DIAGNOSIS_WORKERS": "1",
    "LOG_LEVEL": "WARNING",
}

StartServer = Callable[..., Awaitable[TestServer]]


@pytest.fixture
async def start_server() -> AsyncIterator[StartServer]:
    """``await start_server(env={...}, store=..., diagnoser=...)`` → a running TestServer (closed after)."""
    servers: list[TestServer] = []

    async def start(
        *,
        env: dict[str, str] | None = None,
        store: SessionStore | None = None,
        diagnoser: Diagnoser | None = None,
    ) -> TestServer:
        settings = load_settings({**BASE_ENV, **(env or {})})
        server = TestServer(create_app(settings, store=store or MemoryStore(), diagnoser=diagnoser))
        await server.start_server()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


def console_for(session: aiohttp.ClientSession, server: TestServer) -> Console:
    return Console(session=session, base_url=str(server.make_url("")).rstrip("/"))
