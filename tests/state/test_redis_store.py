"""What only the Redis store promises: TTL on every key, the on-disk envelope, replicas sharing state.

Rules of this file:
- Runs against the session's private redis-server; a unique prefix per test, inspected with a raw client.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import orjson
import pytest
from redis.asyncio import Redis

from bot.state.codec import CONTACT_INDEX_LIMIT
from bot.state.redis_store import RedisStore
from tests.support.redis_server import RedisServer

NS = "session"
TTL = 3600
CONTACT = "6A1C2D3E-4F50-4617-8A9B-0C1D2E3F4A5B"


@pytest.fixture
async def raw(redis_server: RedisServer) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


@pytest.fixture
async def store(redis_server: RedisServer, redis_prefix: str) -> AsyncIterator[RedisStore]:
    made = RedisStore.from_url(redis_server.url, prefix=redis_prefix, op_timeout=2.0)
    yield made
    await made.close()


async def keys_under(raw: Redis, prefix: str) -> set[bytes]:
    return {key async for key in raw.scan_iter(match=f"{prefix}*", count=500)}


async def test_every_key_written_has_a_ttl_and_lives_under_the_prefix(
    store: RedisStore, raw: Redis, redis_prefix: str
) -> None:
    await store.put_doc(NS, "t", {"n": 1}, ttl_seconds=TTL)
    await store.compare_and_set(NS, "c", {"version": 1}, expected_version=None, ttl_seconds=TTL)
    await store.put_diagnosis("d1", {"n": 1}, redacted_log=b"z", contact_ids=(CONTACT, "c2"), ttl_seconds=TTL)
    await store.first_sighting(NS, "e1", ttl_seconds=60)
    await store.push_list(NS, "audit", {"n": 1}, max_items=3, ttl_seconds=TTL)

    keys = await keys_under(raw, redis_prefix)
    assert {key.decode().removeprefix(redis_prefix) for key in keys} == {
        f"doc:{NS}:t",
        f"doc:{NS}:c",
        "diagnosis:d1",
        "log:d1",
        f"contact:{CONTACT.lower()}",
        "contact:c2",
        f"seen:{NS}:e1",
        f"list:{NS}:audit",
    }
    ttls = {key: await raw.ttl(key) for key in keys}
    assert all(0 < ttl <= TTL for ttl in ttls.values()), ttls


async def test_documents_are_stored_as_versioned_json_envelopes(store: RedisStore, raw: Redis) -> None:
    await store.put_doc(NS, "t", {"step": "a", "n": [1, 2]}, ttl_seconds=TTL)
    stored = await raw.get(store.keys.doc(NS, "t"))
    assert isinstance(stored, bytes)
    assert orjson.loads(stored) == {"v": 1, "doc": {"step": "a", "n": [1, 2]}}


@pytest.mark.parametrize(
    "payload", [b'{"v": 2, "doc": {"version": 1}}', b"\x80\x04pickle", b'{"v": 1, "doc": [1]}', b"[1]"]
)
async def test_unknown_or_corrupt_records_read_as_absent_and_are_logged(
    store: RedisStore, raw: Redis, payload: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    await raw.set(store.keys.doc(NS, "t"), payload, ex=TTL)
    await raw.set(store.keys.diagnosis("d1"), payload, ex=TTL)
    await raw.lpush(store.keys.list(NS, "audit"), payload)
    await raw.expire(store.keys.list(NS, "audit"), TTL)

    with caplog.at_level(logging.WARNING, logger="bot.state.codec"):
        assert await store.get_doc(NS, "t") is None
        assert await store.get_diagnosis("d1") is None
        assert await store.read_list(NS, "audit", limit=5) == []
    assert len([r for r in caplog.records if r.name == "bot.state.codec"]) == 3
    # compare-and-set agrees with get_doc: an unreadable document counts as absent
    assert await store.compare_and_set(NS, "t", {"version": 1}, expected_version=None, ttl_seconds=TTL)
    assert await store.get_doc(NS, "t") == {"version": 1}


async def test_replicas_sharing_a_prefix_share_state_and_race_safely(
    redis_server: RedisServer, redis_prefix: str
) -> None:
    replicas = [RedisStore.from_url(redis_server.url, prefix=redis_prefix, op_timeout=2.0) for _ in range(3)]
    try:
        await replicas[0].put_doc(NS, "t", {"version": 1, "step": "a"}, ttl_seconds=TTL)
        assert await replicas[1].get_doc(NS, "t") == {"version": 1, "step": "a"}
        clicks = [
            replica.compare_and_set(NS, "t", {"version": 2, "by": n}, expected_version=1, ttl_seconds=TTL)
            for n, replica in enumerate(replicas * 3)
        ]
        results = await asyncio.gather(*clicks)
        assert results.count(True) == 1
        assert await replicas[2].get_doc(NS, "t") == {"version": 2, "by": results.index(True)}
        firsts = await asyncio.gather(*(r.first_sighting(NS, "evt", ttl_seconds=TTL) for r in replicas))
        assert sorted(firsts) == [False, False, True]
    finally:
        for replica in replicas:
            await replica.close()


async def test_contact_index_keeps_at_most_its_limit_newest_first(store: RedisStore, raw: Redis) -> None:
    for n in range(CONTACT_INDEX_LIMIT + 3):
        await store.put_diagnosis(
            f"d{n}", {"n": n}, redacted_log=None, contact_ids=(CONTACT,), ttl_seconds=TTL
        )
    found = await store.find_diagnoses(CONTACT)
    assert len(found) == CONTACT_INDEX_LIMIT
    assert found[0] == f"d{CONTACT_INDEX_LIMIT + 2}"
    assert found[-1] == "d3"
    assert await raw.zcard(store.keys.contact(CONTACT)) == CONTACT_INDEX_LIMIT


async def test_a_client_that_decodes_responses_is_refused(redis_server: RedisServer) -> None:
    client = Redis.from_url(redis_server.url, decode_responses=True)
    try:
        with pytest.raises(ValueError, match="decode_responses"):
            RedisStore(client)
    finally:
        await client.aclose()
