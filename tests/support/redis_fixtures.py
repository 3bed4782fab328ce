"""pytest fixtures around the private redis-server (imported by tests/conftest.py).

Rules of this file:
- ``redis_server`` is one server for the whole session, shared by every test: never stop or flush it.
- ``private_redis_server`` is a fresh server per test, for tests that stop, kill or restart Redis.
- ``redis_prefix`` gives each test its own key prefix; that is how tests stay isolated on a shared server.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.support.redis_server import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis-shared"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis-private"))
    server.start()
    yield server
    server.stop(kill=True)


@pytest.fixture
def redis_prefix() -> str:
    return f"test:{uuid.uuid4().hex[:12]}:"
