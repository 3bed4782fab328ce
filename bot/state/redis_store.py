"""SessionStore on Redis (redis-py asyncio), shared by every replica of a deployment.

Rules of this file:
- Values are the codec's JSON envelope (never pickle); logs are stored as the caller's bytes.
- Every key is written with a TTL, under ``prefix``; multi-key writes are one MULTI/EXEC transaction and
  compare-and-set is one Lua script, so a failure or a race never leaves half a change.
- Each call is bounded by ``op_timeout``; every Redis or socket failure surfaces as ``StoreUnavailable``
  (and ``ping`` returns False instead of raising). Arguments are validated before Redis is contacted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from bot.state import codec
from bot.state.protocol import StoreUnavailable
from bot.state.redis_scripts import COMPARE_AND_SET, INDEX_CONTACT, RedisKeys

_log = logging.getLogger(__name__)
HEALTH_CHECK_SECONDS = 15


class RedisStore:
    """SessionStore backed by Redis. Owns ``client``: ``close()`` closes it."""

    def __init__(self, client: Redis, *, prefix: str = "icebreaker:", op_timeout: float = 0.5) -> None:
        if client.connection_pool.connection_kwargs.get("decode_responses"):
            raise ValueError("RedisStore stores binary logs: use a client with decode_responses=False")
        self._client = client
        self._op_timeout = op_timeout
        self.keys = RedisKeys(prefix)
        self._cas = client.register_script(COMPARE_AND_SET)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        prefix: str = "icebreaker:",
        op_timeout: float = 0.5,
        connect_timeout: float = 0.5,
    ) -> RedisStore:
        """A store with short socket timeouts and no retry on timeout.

        A dropped socket (Redis restarted, idle connection cut) gets one immediate reconnect, so the first
        call after a restart succeeds. If a compare-and-set's reply is lost and it is resent, it reports a
        lost race it actually won, never the reverse: at most one transition per expected version."""
        client = Redis.from_url(
            url,
            socket_timeout=op_timeout,
            socket_connect_timeout=connect_timeout,
            retry_on_timeout=False,
            retry=Retry(NoBackoff(), retries=1, supported_errors=(RedisConnectionError,)),
            health_check_interval=HEALTH_CHECK_SECONDS,
            decode_responses=False,
        )
        return cls(client, prefix=prefix, op_timeout=op_timeout)

    # --- generic documents ----------------------------------------------------------------------
    async def get_doc(self, namespace: str, key: str) -> dict[str, Any] | None:
        name = self.keys.doc(namespace, key)
        async with self._guard("get_doc"):
            raw = await self._client.get(name)
        return codec.decode_doc(raw, where=name)

    async def put_doc(self, namespace: str, key: str, doc: dict[str, Any], *, ttl_seconds: int) -> None:
        name, raw = self.keys.doc(namespace, key), codec.encode_doc(doc)
        codec.check_ttl(ttl_seconds)
        async with self._guard("put_doc"):
            await self._client.set(name, raw, ex=ttl_seconds)

    async def compare_and_set(
        self,
        namespace: str,
        key: str,
        doc: dict[str, Any],
        *,
        expected_version: int | None,
        ttl_seconds: int,
    ) -> bool:
        codec.check_next_version(doc, expected_version)
        name, raw = self.keys.doc(namespace, key), codec.encode_doc(doc)
        codec.check_ttl(ttl_seconds)
        expected = "" if expected_version is None else str(expected_version)
        async with self._guard("compare_and_set"):
            won = await self._cas(keys=[name], args=[expected, raw, ttl_seconds, codec.SCHEMA_VERSION])
        return bool(won)

    async def delete_doc(self, namespace: str, key: str) -> None:
        name = self.keys.doc(namespace, key)
        async with self._guard("delete_doc"):
            await self._client.delete(name)

    # --- diagnoses ------------------------------------------------------------------------------
    async def put_diagnosis(
        self,
        diagnosis_id: str,
        record: dict[str, Any],
        *,
        redacted_log: bytes | None,
        contact_ids: tuple[str, ...],
        ttl_seconds: int,
    ) -> None:
        raw = codec.encode_doc(record)
        codec.check_ttl(ttl_seconds)
        async with self._guard("put_diagnosis"), self._client.pipeline(transaction=True) as tx:
            tx.set(self.keys.diagnosis(diagnosis_id), raw, ex=ttl_seconds)
            if redacted_log is not None:
                tx.set(self.keys.log(diagnosis_id), bytes(redacted_log), ex=ttl_seconds)
            for contact_id in sorted({c.lower() for c in contact_ids}):
                tx.eval(
                    INDEX_CONTACT,
                    1,
                    self.keys.contact(contact_id),
                    diagnosis_id,
                    ttl_seconds,
                    codec.CONTACT_INDEX_LIMIT,
                )
            await tx.execute()

    async def get_diagnosis(self, diagnosis_id: str) -> dict[str, Any] | None:
        name = self.keys.diagnosis(diagnosis_id)
        async with self._guard("get_diagnosis"):
            raw = await self._client.get(name)
        return codec.decode_doc(raw, where=name)

    async def get_log(self, diagnosis_id: str) -> bytes | None:
        async with self._guard("get_log"):
            raw = await self._client.get(self.keys.log(diagnosis_id))
        if raw is None or isinstance(raw, bytes):
            return raw
        raise TypeError("RedisStore needs a client with decode_responses=False")

    async def find_diagnoses(self, contact_id: str) -> list[str]:
        """Newest first, leaving out ids whose record has already expired."""
        async with self._guard("find_diagnoses"):
            members = await self._client.zrevrange(self.keys.contact(contact_id), 0, -1)
            ids = [m.decode() if isinstance(m, bytes) else str(m) for m in members]
            if not ids:
                return []
            async with self._client.pipeline(transaction=False) as batch:
                for diagnosis_id in ids:
                    batch.exists(self.keys.diagnosis(diagnosis_id))
                alive = await batch.execute()
        return [d for d, exists in zip(ids, alive, strict=True) if exists]

    # --- dedupe ---------------------------------------------------------------------------------
    async def first_sighting(self, namespace: str, event_id: str, *, ttl_seconds: int) -> bool:
        name = self.keys.seen(namespace, event_id)
        codec.check_ttl(ttl_seconds)
        async with self._guard("first_sighting"):
            created = await self._client.set(name, b"1", nx=True, ex=ttl_seconds)
        return bool(created)

    # --- lists ----------------------------------------------------------------------------------
    async def push_list(
        self, namespace: str, key: str, item: dict[str, Any], *, max_items: int, ttl_seconds: int
    ) -> None:
        name, raw = self.keys.list(namespace, key), codec.encode_doc(item)
        codec.check_ttl(ttl_seconds)
        if max_items < 1:
            raise ValueError(f"max_items must be >= 1, got {max_items!r}")
        async with self._guard("push_list"), self._client.pipeline(transaction=True) as tx:
            tx.lpush(name, raw)
            tx.ltrim(name, 0, max_items - 1)
            tx.expire(name, ttl_seconds)
            await tx.execute()

    async def read_list(self, namespace: str, key: str, *, limit: int) -> list[dict[str, Any]]:
        name = self.keys.list(namespace, key)
        if limit < 1:
            return []
        async with self._guard("read_list"):
            stored = await self._client.lrange(name, 0, limit - 1)
        decoded = (codec.decode_doc(raw, where=name) for raw in stored)
        return [item for item in decoded if item is not None]

    # --- lifecycle ------------------------------------------------------------------------------
    async def ping(self) -> bool:
        try:
            async with self._guard("ping"):
                return bool(await self._client.ping())
        except StoreUnavailable:
            return False
        except Exception:  # ping backs /readyz and must never raise
            _log.exception("state: unexpected error from redis ping")
            return False

    async def close(self) -> None:
        try:
            await self._client.aclose()
        except (RedisError, OSError) as error:
            _log.warning("state: closing redis client failed: %r", error)

    @asynccontextmanager
    async def _guard(self, operation: str) -> AsyncIterator[None]:
        """Bound the body by ``op_timeout`` and turn Redis/socket failures into StoreUnavailable."""
        try:
            async with asyncio.timeout(self._op_timeout):
                yield
        except (RedisError, OSError, TimeoutError) as error:
            _log.warning("state: redis %s failed: %r", operation, error)
            raise StoreUnavailable(f"redis {operation} failed: {error!r}") from error
