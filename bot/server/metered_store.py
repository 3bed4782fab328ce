"""A SessionStore that counts what ``/metrics`` reports about state: deduplicated events, store errors.

Rules of this file:
- Pure delegation: every call goes to the wrapped store unchanged; results and errors pass through.
- It only observes: a ``first_sighting`` that returns False is a duplicate delivery (a platform retry, a
  second click), counted per dedupe namespace (fixed words from code); a ``StoreUnavailable`` is counted
  under ``errors{kind="store_unavailable"}`` and re-raised.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from bot.server.metrics import Metrics
from bot.state import SessionStore, StoreUnavailable

T = TypeVar("T")


class MeteredStore:
    """Wraps a ``SessionStore``; itself a ``SessionStore``."""

    def __init__(self, inner: SessionStore, metrics: Metrics) -> None:
        self.inner = inner
        self._metrics = metrics

    async def _call(self, pending: Awaitable[T]) -> T:
        try:
            return await pending
        except StoreUnavailable:
            self._metrics.errors.inc(kind="store_unavailable")
            raise

    async def get_doc(self, namespace: str, key: str) -> dict[str, Any] | None:
        return await self._call(self.inner.get_doc(namespace, key))

    async def put_doc(self, namespace: str, key: str, doc: dict[str, Any], *, ttl_seconds: int) -> None:
        await self._call(self.inner.put_doc(namespace, key, doc, ttl_seconds=ttl_seconds))

    async def compare_and_set(
        self,
        namespace: str,
        key: str,
        doc: dict[str, Any],
        *,
        expected_version: int | None,
        ttl_seconds: int,
    ) -> bool:
        return await self._call(
            self.inner.compare_and_set(
                namespace, key, doc, expected_version=expected_version, ttl_seconds=ttl_seconds
            )
        )

    async def delete_doc(self, namespace: str, key: str) -> None:
        await self._call(self.inner.delete_doc(namespace, key))

    async def put_diagnosis(
        self,
        diagnosis_id: str,
        record: dict[str, Any],
        *,
        redacted_log: bytes | None,
        contact_ids: tuple[str, ...],
        ttl_seconds: int,
    ) -> None:
        await self._call(
            self.inner.put_diagnosis(
                diagnosis_id,
                record,
                redacted_log=redacted_log,
                contact_ids=contact_ids,
                ttl_seconds=ttl_seconds,
            )
        )

    async def get_diagnosis(self, diagnosis_id: str) -> dict[str, Any] | None:
        return await self._call(self.inner.get_diagnosis(diagnosis_id))

    async def get_log(self, diagnosis_id: str) -> bytes | None:
        return await self._call(self.inner.get_log(diagnosis_id))

    async def find_diagnoses(self, contact_id: str) -> list[str]:
        return await self._call(self.inner.find_diagnoses(contact_id))

    async def first_sighting(self, namespace: str, event_id: str, *, ttl_seconds: int) -> bool:
        first = await self._call(self.inner.first_sighting(namespace, event_id, ttl_seconds=ttl_seconds))
        if not first:
            self._metrics.events_deduped.inc(namespace=namespace)
        return first

    async def push_list(
        self, namespace: str, key: str, item: dict[str, Any], *, max_items: int, ttl_seconds: int
    ) -> None:
        await self._call(
            self.inner.push_list(namespace, key, item, max_items=max_items, ttl_seconds=ttl_seconds)
        )

    async def read_list(self, namespace: str, key: str, *, limit: int) -> list[dict[str, Any]]:
        return await self._call(self.inner.read_list(namespace, key, limit=limit))

    async def ping(self) -> bool:
        return await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()
