"""The storage contract every store implements (in-memory, Redis).

Rules of this file:
- Documents are JSON-able dicts; stores serialise them as JSON (never pickle) and stamp nothing into them.
- Every key written has a TTL. Keys live under the store's prefix, so deployments can share one Redis.
- ``StoreUnavailable`` is the only error a store raises for infrastructure trouble (connection refused,
  timeout, Redis loading). Callers turn it into "history unavailable, please retry"; they never crash.
- Multi-key writes (``put_diagnosis``) are all-or-nothing: a failure leaves no half-written record.
- ``compare_and_set`` is the one way sessions change, so two clicks on one button make one transition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

DAY = 24 * 3600


class StoreUnavailable(Exception):
    """The store could not be reached in time; nothing was written by the failed call."""


@dataclass(frozen=True, slots=True)
class Ttls:
    session_seconds: int = 7 * DAY
    diagnosis_seconds: int = 14 * DAY  # diagnosis record, redacted log, contact index
    dedupe_seconds: int = 3600  # processed event ids
    reference_seconds: int = 90 * DAY  # Teams conversation references, misc documents
    audit_seconds: int = 90 * DAY


@runtime_checkable
class SessionStore(Protocol):
    """Async storage for walkthrough sessions, diagnoses, contact index, dedupe and small documents."""

    # --- generic documents (sessions, conversation references, ...) ---------------------------------
    async def get_doc(self, namespace: str, key: str) -> dict[str, Any] | None:
        """Return the stored document or None when absent/expired."""
        ...

    async def put_doc(self, namespace: str, key: str, doc: dict[str, Any], *, ttl_seconds: int) -> None:
        """Write (overwrite) a document with a TTL."""
        ...

    async def compare_and_set(
        self,
        namespace: str,
        key: str,
        doc: dict[str, Any],
        *,
        expected_version: int | None,
        ttl_seconds: int,
    ) -> bool:
        """Atomically write ``doc`` if the stored document's ``"version"`` equals ``expected_version``
        (``None``: only if no document exists). Returns False, writing nothing, when it does not match.
        ``doc["version"]`` must be ``(expected_version or 0) + 1``; stores raise ValueError otherwise."""
        ...

    async def delete_doc(self, namespace: str, key: str) -> None: ...

    # --- diagnoses ----------------------------------------------------------------------------------
    async def put_diagnosis(
        self,
        diagnosis_id: str,
        record: dict[str, Any],
        *,
        redacted_log: bytes | None,
        contact_ids: tuple[str, ...],
        ttl_seconds: int,
    ) -> None:
        """Store the diagnosis record, its (already compressed) redacted log, and index it under each
        contact id (lower-cased), all or nothing."""
        ...

    async def get_diagnosis(self, diagnosis_id: str) -> dict[str, Any] | None: ...

    async def get_log(self, diagnosis_id: str) -> bytes | None: ...

    async def find_diagnoses(self, contact_id: str) -> list[str]:
        """Diagnosis ids whose log contained this contact id, newest first."""
        ...

    # --- dedupe -------------------------------------------------------------------------------------
    async def first_sighting(self, namespace: str, event_id: str, *, ttl_seconds: int) -> bool:
        """Atomically record ``event_id``; True only for the first caller (SET NX EX)."""
        ...

    # --- lists (audit trail, recent diagnoses per user) ----------------------------------------------
    async def push_list(
        self, namespace: str, key: str, item: dict[str, Any], *, max_items: int, ttl_seconds: int
    ) -> None:
        """Prepend ``item``; keep at most ``max_items``; refresh the TTL."""
        ...

    async def read_list(self, namespace: str, key: str, *, limit: int) -> list[dict[str, Any]]:
        """Newest first."""
        ...

    # --- lifecycle ----------------------------------------------------------------------------------
    async def ping(self) -> bool:
        """True when the store answers now (used by /readyz); never raises."""
        ...

    async def close(self) -> None: ...
