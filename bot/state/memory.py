"""In-process SessionStore: the embedded default when no Redis is configured.

Rules of this file:
- Behaves like the Redis store as far as callers can tell: every value is JSON-encoded on write and
  decoded on read (same codec), so non-JSON values fail the same way and callers never share references
  with stored state; every entry has a TTL measured on the injected clock.
- Expired entries vanish on read and are swept from memory periodically on writes.
- Atomicity comes from the event loop: no method awaits between reading and writing, so a
  compare-and-set or a multi-part write can never interleave with another coroutine.
- Not shared between processes: a restart loses everything (use Redis for that).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from bot.state import codec

V = TypeVar("V")
SWEEP_INTERVAL_SECONDS = 60.0


class _Expiring(Generic[V]):
    """A dict whose entries expire ``ttl`` seconds after they were set, on the given clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._items: dict[str, tuple[float, V]] = {}

    def get(self, key: str) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] <= self._clock():
            del self._items[key]
            return None
        return item[1]

    def set(self, key: str, value: V, *, ttl_seconds: float) -> None:
        self._items[key] = (self._clock() + ttl_seconds, value)

    def set_keeping_longer_ttl(self, key: str, value: V, *, ttl_seconds: float) -> None:
        """Store ``value`` with whichever expiry is later: the current one or ``ttl_seconds`` from now."""
        expires_at = self._clock() + ttl_seconds
        current = self._items.get(key)
        if current is not None:
            expires_at = max(expires_at, current[0])
        self._items[key] = (expires_at, value)

    def pop(self, key: str) -> None:
        self._items.pop(key, None)

    def sweep(self) -> None:
        now = self._clock()
        for key in [k for k, (expires_at, _) in self._items.items() if expires_at <= now]:
            del self._items[key]

    def __len__(self) -> int:
        return len(self._items)


class MemoryStore:
    """SessionStore kept in this process's memory."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_sweep = clock()
        self._docs: _Expiring[bytes] = _Expiring(clock)
        self._diagnoses: _Expiring[bytes] = _Expiring(clock)
        self._logs: _Expiring[bytes] = _Expiring(clock)
        self._index: _Expiring[tuple[str, ...]] = _Expiring(clock)
        self._seen: _Expiring[bool] = _Expiring(clock)
        self._lists: _Expiring[tuple[bytes, ...]] = _Expiring(clock)
        self._all = (self._docs, self._diagnoses, self._logs, self._index, self._seen, self._lists)

    def entry_count(self) -> int:
        """Entries held in memory, including expired ones not yet swept (for tests and metrics)."""
        return sum(len(part) for part in self._all)

    # --- generic documents ----------------------------------------------------------------------
    async def get_doc(self, namespace: str, key: str) -> dict[str, Any] | None:
        name = _doc_key(namespace, key)
        return codec.decode_doc(self._docs.get(name), where=name)

    async def put_doc(self, namespace: str, key: str, doc: dict[str, Any], *, ttl_seconds: int) -> None:
        name, raw = _doc_key(namespace, key), codec.encode_doc(doc)
        self._docs.set(name, raw, ttl_seconds=codec.check_ttl(ttl_seconds))
        self._after_write()

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
        name, raw = _doc_key(namespace, key), codec.encode_doc(doc)
        codec.check_ttl(ttl_seconds)
        current = codec.decode_doc(self._docs.get(name), where=name)
        if expected_version is None and current is not None:
            return False
        if expected_version is not None and (current is None or current.get("version") != expected_version):
            return False
        self._docs.set(name, raw, ttl_seconds=ttl_seconds)
        self._after_write()
        return True

    async def delete_doc(self, namespace: str, key: str) -> None:
        self._docs.pop(_doc_key(namespace, key))

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
        self._diagnoses.set(diagnosis_id, raw, ttl_seconds=ttl_seconds)
        if redacted_log is not None:
            self._logs.set(diagnosis_id, bytes(redacted_log), ttl_seconds=ttl_seconds)
        for contact_id in {c.lower() for c in contact_ids}:
            known = self._index.get(contact_id) or ()
            if diagnosis_id not in known:
                known = ((diagnosis_id, *known))[: codec.CONTACT_INDEX_LIMIT]
            self._index.set_keeping_longer_ttl(contact_id, known, ttl_seconds=ttl_seconds)
        self._after_write()

    async def get_diagnosis(self, diagnosis_id: str) -> dict[str, Any] | None:
        return codec.decode_doc(self._diagnoses.get(diagnosis_id), where=f"diagnosis {diagnosis_id}")

    async def get_log(self, diagnosis_id: str) -> bytes | None:
        return self._logs.get(diagnosis_id)

    async def find_diagnoses(self, contact_id: str) -> list[str]:
        known = self._index.get(contact_id.lower()) or ()
        return [d for d in known if self._diagnoses.get(d) is not None]

    # --- dedupe ---------------------------------------------------------------------------------
    async def first_sighting(self, namespace: str, event_id: str, *, ttl_seconds: int) -> bool:
        name = _doc_key(namespace, event_id)
        if self._seen.get(name):
            return False
        self._seen.set(name, True, ttl_seconds=codec.check_ttl(ttl_seconds))
        self._after_write()
        return True

    # --- lists ----------------------------------------------------------------------------------
    async def push_list(
        self, namespace: str, key: str, item: dict[str, Any], *, max_items: int, ttl_seconds: int
    ) -> None:
        name, raw = _doc_key(namespace, key), codec.encode_doc(item)
        codec.check_ttl(ttl_seconds)
        if max_items < 1:
            raise ValueError(f"max_items must be >= 1, got {max_items!r}")
        items = (raw, *(self._lists.get(name) or ()))[:max_items]
        self._lists.set(name, items, ttl_seconds=ttl_seconds)
        self._after_write()

    async def read_list(self, namespace: str, key: str, *, limit: int) -> list[dict[str, Any]]:
        name = _doc_key(namespace, key)
        stored = (self._lists.get(name) or ())[: max(limit, 0)]
        decoded = (codec.decode_doc(raw, where=name) for raw in stored)
        return [item for item in decoded if item is not None]

    # --- lifecycle ------------------------------------------------------------------------------
    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None

    def _after_write(self) -> None:
        if self._clock() - self._last_sweep >= SWEEP_INTERVAL_SECONDS:
            self._last_sweep = self._clock()
            for part in self._all:
                part.sweep()


def _doc_key(namespace: str, key: str) -> str:
    return f"{codec.check_namespace(namespace)}:{key}"
