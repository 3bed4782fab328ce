"""The JSON envelope (round trip, strictness, tolerant decoding) and the choice of store from settings.

Rules of this file:
- Property tests keep ``max_examples`` modest and ``deadline=None`` (shared CI machine).
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.state import codec
from bot.state.factory import open_store
from bot.state.memory import MemoryStore
from bot.state.protocol import SessionStore
from bot.state.redis_store import RedisStore
from tests.support.redis_server import RedisServer

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
json_docs = st.dictionaries(st.text(), json_values, max_size=6)


@settings(max_examples=200, deadline=None)
@given(json_docs)
def test_any_json_document_round_trips_exactly(doc: dict[str, Any]) -> None:
    raw = codec.encode_doc(doc)
    assert orjson.loads(raw)["v"] == codec.SCHEMA_VERSION
    assert codec.decode_doc(raw, where="test") == doc


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "unreadable JSON"),
        (b'{"v": 2, "doc": {}}', "unknown schema version 2"),
        (b'{"doc": {}}', "unknown schema version None"),
        (b'["v", 1]', "unknown schema version None"),
        (b'{"v": 1, "doc": "text"}', "envelope without a document"),
    ],
)
def test_unreadable_envelopes_decode_to_none_with_a_warning(
    raw: bytes, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.state.codec"):
        assert codec.decode_doc(raw, where="icebreaker:doc:session:t") is None
    assert message in caplog.text
    assert "icebreaker:doc:session:t" in caplog.text


def test_absent_value_decodes_to_none_silently(caplog: pytest.LogCaptureFixture) -> None:
    assert codec.decode_doc(None, where="k") is None
    assert caplog.text == ""


@pytest.mark.parametrize(("expected", "required"), [(None, 1), (0, 1), (1, 2), (41, 42)])
def test_next_version_is_one_more_than_expected(expected: int | None, required: int) -> None:
    assert codec.check_next_version({"version": required}, expected) == required
    with pytest.raises(ValueError, match=f"must be {required}"):
        codec.check_next_version({"version": required + 1}, expected)
    with pytest.raises(ValueError, match=f"must be {required}"):
        codec.check_next_version({"version": True if required == 1 else float(required)}, expected)


@pytest.mark.parametrize("url", [None, "", "   "])
async def test_no_redis_url_means_the_memory_store(url: str | None) -> None:
    store = open_store(url, prefix="icebreaker:", op_timeout=0.5)
    assert isinstance(store, MemoryStore)
    assert isinstance(store, SessionStore)


async def test_a_redis_url_means_a_working_redis_store_under_the_prefix(
    redis_server: RedisServer, redis_prefix: str
) -> None:
    store = open_store(f" {redis_server.url} ", prefix=redis_prefix, op_timeout=2.0)
    try:
        assert isinstance(store, RedisStore)
        assert store.keys.doc("session", "t").startswith(redis_prefix)
        await store.put_doc("session", "t", {"n": 1}, ttl_seconds=60)
        assert await store.get_doc("session", "t") == {"n": 1}
        assert await store.ping() is True
    finally:
        await store.close()


async def test_opening_a_redis_store_does_not_need_redis_up() -> None:
    store = open_store("redis://127.0.0.1:1/0", prefix="p:", op_timeout=0.2)
    try:
        assert isinstance(store, RedisStore)
        assert await store.ping() is False
    finally:
        await store.close()
