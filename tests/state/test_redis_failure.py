"""Redis down, unreachable, silent, restarted or cut mid-transaction: the store fails cleanly and recovers.

Rules of this file:
- Each test that disturbs Redis uses its own private server (never the shared one).
- We assert what is raised and what is left in Redis, not how long it took.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.state.protocol import StoreUnavailable
from bot.state.redis_store import RedisStore
from tests.support.redis_server import RedisServer, free_port
from tests.support.tcp_faults import CuttingProxy, SilentServer

NS = "session"
TTL = 3600
CONTACT = "6a1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b"
OP_TIMEOUT = 0.2

Operation = Callable[[RedisStore], Awaitable[Any]]
OPERATIONS: dict[str, Operation] = {
    "get_doc": lambda s: s.get_doc(NS, "t"),
    "put_doc": lambda s: s.put_doc(NS, "t", {"n": 1}, ttl_seconds=TTL),
    "compare_and_set": lambda s: s.compare_and_set(
        NS, "t", {"version": 1}, expected_version=None, ttl_seconds=TTL
    ),
    "delete_doc": lambda s: s.delete_doc(NS, "t"),
    "put_diagnosis": lambda s: s.put_diagnosis(
        "d1", {"n": 1}, redacted_log=b"z", contact_ids=(CONTACT,), ttl_seconds=TTL
    ),
    "get_diagnosis": lambda s: s.get_diagnosis("d1"),
    "get_log": lambda s: s.get_log("d1"),
    "find_diagnoses": lambda s: s.find_diagnoses(CONTACT),
    "first_sighting": lambda s: s.first_sighting(NS, "e1", ttl_seconds=TTL),
    "push_list": lambda s: s.push_list(NS, "audit", {"n": 1}, max_items=3, ttl_seconds=TTL),
    "read_list": lambda s: s.read_list(NS, "audit", limit=3),
}


async def keys_under(url: str, prefix: str) -> set[str]:
    client = Redis.from_url(url)
    try:
        return {key.decode() async for key in client.scan_iter(match=f"{prefix}*")}
    finally:
        await client.aclose()


@pytest.fixture(params=["stopped", "unreachable", "silent"])
async def broken_store(
    request: pytest.FixtureRequest, redis_prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RedisStore]:
    """A store whose Redis was stopped after use, never listened, or accepts but never answers."""
    if request.param == "silent":
        async with SilentServer() as silent:
            store = RedisStore.from_url(silent.url, prefix=redis_prefix, op_timeout=OP_TIMEOUT)
            yield store
            await store.close()
        return
    server = RedisServer(tmp_path_factory.mktemp("redis-stopped"))
    url = f"redis://127.0.0.1:{free_port()}/0"
    if request.param == "stopped":
        server.start()
        url = server.url
    store = RedisStore.from_url(url, prefix=redis_prefix, op_timeout=OP_TIMEOUT)
    if request.param == "stopped":
        await store.put_doc(NS, "warm", {"n": 1}, ttl_seconds=TTL)  # a pooled connection goes stale
        server.stop()
    yield store
    await store.close()


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
async def test_every_operation_raises_store_unavailable(broken_store: RedisStore, operation: str) -> None:
    with pytest.raises(StoreUnavailable):
        await OPERATIONS[operation](broken_store)


async def test_ping_reports_false_instead_of_raising(broken_store: RedisStore) -> None:
    assert await broken_store.ping() is False
    assert await broken_store.ping() is False


async def test_arguments_are_validated_before_redis_is_contacted(broken_store: RedisStore) -> None:
    with pytest.raises(ValueError, match="version"):
        await broken_store.compare_and_set(NS, "t", {"version": 3}, expected_version=None, ttl_seconds=TTL)
    with pytest.raises(TypeError):
        await broken_store.put_doc(NS, "t", {"n": {1, 2}}, ttl_seconds=TTL)


@pytest.mark.parametrize("kill", [False, True], ids=["shutdown", "crash"])
async def test_store_works_again_after_redis_restarts_and_keeps_committed_state(
    private_redis_server: RedisServer, redis_prefix: str, kill: bool
) -> None:
    store = RedisStore.from_url(private_redis_server.url, prefix=redis_prefix, op_timeout=1.0)
    try:
        assert await store.compare_and_set(NS, "t", {"version": 1}, expected_version=None, ttl_seconds=TTL)
        private_redis_server.stop(kill=kill)
        with pytest.raises(StoreUnavailable):
            await store.get_doc(NS, "t")
        assert await store.ping() is False

        private_redis_server.start()
        assert await store.get_doc(NS, "t") == {"version": 1}
        assert await store.compare_and_set(NS, "t", {"version": 2}, expected_version=1, ttl_seconds=TTL)
        assert await store.ping() is True
    finally:
        await store.close()


async def test_first_call_after_a_restart_succeeds_on_a_stale_pooled_connection(
    private_redis_server: RedisServer, redis_prefix: str
) -> None:
    store = RedisStore.from_url(private_redis_server.url, prefix=redis_prefix, op_timeout=1.0)
    try:
        await store.put_doc(NS, "t", {"n": 1}, ttl_seconds=TTL)
        private_redis_server.restart()
        assert await store.get_doc(NS, "t") == {"n": 1}
    finally:
        await store.close()


async def test_put_diagnosis_cut_before_exec_leaves_nothing_behind(
    private_redis_server: RedisServer, redis_prefix: str
) -> None:
    async with CuttingProxy(private_redis_server.port) as proxy:
        store = RedisStore.from_url(proxy.url, prefix=redis_prefix, op_timeout=1.0)
        try:
            await store.put_doc(NS, "before", {"n": 1}, ttl_seconds=TTL)  # the proxy passes plain commands
            with pytest.raises(StoreUnavailable):
                await store.put_diagnosis(
                    "d1", {"n": 1}, redacted_log=b"z", contact_ids=(CONTACT, "c2"), ttl_seconds=TTL
                )
            with pytest.raises(StoreUnavailable):
                await store.push_list(NS, "audit", {"n": 1}, max_items=3, ttl_seconds=TTL)
        finally:
            await store.close()
    assert proxy.cuts >= 2

    assert await keys_under(private_redis_server.url, redis_prefix) == {f"{redis_prefix}doc:{NS}:before"}
    direct = RedisStore.from_url(private_redis_server.url, prefix=redis_prefix)
    try:
        assert await direct.get_diagnosis("d1") is None
        assert await direct.find_diagnoses(CONTACT) == []
        await OPERATIONS["put_diagnosis"](direct)  # the same write succeeds without the cut
        assert await direct.find_diagnoses(CONTACT) == ["d1"]
    finally:
        await direct.close()
