"""The store under test, parametrised over both implementations, with a way to let time pass for each.

Rules of this file:
- Memory stores run on a fake clock; Redis stores run against the real private redis-server with a unique
  prefix per test and wall-clock sleeps (kept to ~1 s TTLs).
- ``StoreCase`` is the only thing contract tests see, so every contract test runs unchanged on both.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from bot.state.memory import MemoryStore
from bot.state.protocol import SessionStore
from bot.state.redis_store import RedisStore
from tests.support.redis_server import RedisServer


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class StoreCase:
    kind: str
    store: SessionStore
    pass_time: Callable[[float], Awaitable[None]]
    make_store: Callable[[str], SessionStore]  # same kind, given prefix (memory: a separate process)
    redis_server: RedisServer | None = None
    prefix: str = ""
    opened: list[SessionStore] = field(default_factory=list)

    def open_peer(self, prefix: str) -> SessionStore:
        """Another store of the same kind: another deployment, or (same prefix) another replica."""
        peer = self.make_store(prefix)
        self.opened.append(peer)
        return peer


def memory_case() -> StoreCase:
    clock = FakeClock()

    async def pass_time(seconds: float) -> None:
        clock.advance(seconds)

    return StoreCase("memory", MemoryStore(clock=clock), pass_time, lambda _prefix: MemoryStore(clock=clock))


def redis_case(server: RedisServer, prefix: str) -> StoreCase:
    def make_store(store_prefix: str) -> SessionStore:
        return RedisStore.from_url(server.url, prefix=store_prefix, op_timeout=2.0)

    return StoreCase(
        "redis", make_store(prefix), asyncio.sleep, make_store, redis_server=server, prefix=prefix
    )


@pytest.fixture(params=["memory", "redis"])
async def case(request: pytest.FixtureRequest, redis_prefix: str) -> AsyncIterator[StoreCase]:
    if request.param == "memory":
        made = memory_case()
    else:
        made = redis_case(request.getfixturevalue("redis_server"), redis_prefix)
    yield made
    for store in (made.store, *made.opened):
        await store.close()
