"""JSON envelope shared by every store: ``{"v": 1, "doc": {...}}`` encoded with orjson.

Rules of this file:
- JSON only, never pickle. Values JSON cannot represent faithfully (objects, dataclasses, datetimes,
  non-string keys, integers beyond 64 bits) raise TypeError before any store writes anything.
- Decoding never raises on stored bytes: an unknown schema version or corrupt bytes is logged and read
  as "absent" (None), so a newer deployment's data cannot crash an older replica.
- The compare-and-set version rule lives here so both stores enforce it identically.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson

SCHEMA_VERSION = 1
CONTACT_INDEX_LIMIT = 50  # diagnoses remembered per contact id (newest kept)

_log = logging.getLogger(__name__)
_STRICT = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def _reject(value: object) -> Any:
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def encode_doc(doc: dict[str, Any]) -> bytes:
    """Wrap ``doc`` in the schema envelope and encode it; TypeError for anything that is not JSON."""
    if not isinstance(doc, dict):
        raise TypeError(f"documents are JSON objects (dict), got {type(doc).__name__}")
    return orjson.dumps({"v": SCHEMA_VERSION, "doc": doc}, default=_reject, option=_STRICT)


def decode_doc(raw: bytes | str | None, *, where: str) -> dict[str, Any] | None:
    """Unwrap an envelope written by :func:`encode_doc`; None (logged) when unreadable or unknown."""
    if raw is None:
        return None
    try:
        envelope = orjson.loads(raw)
    except orjson.JSONDecodeError:
        _log.warning("state: unreadable JSON at %s; treating it as absent", where)
        return None
    if not isinstance(envelope, dict) or envelope.get("v") != SCHEMA_VERSION:
        version = envelope.get("v") if isinstance(envelope, dict) else None
        _log.warning("state: unknown schema version %r at %s; treating it as absent", version, where)
        return None
    doc = envelope.get("doc")
    if not isinstance(doc, dict):
        _log.warning("state: envelope without a document at %s; treating it as absent", where)
        return None
    return doc


def check_next_version(doc: dict[str, Any], expected_version: int | None) -> int:
    """Return the version ``doc`` must carry for a compare-and-set; ValueError when it carries another."""
    required = (expected_version or 0) + 1
    version = doc.get("version") if isinstance(doc, dict) else None
    if type(version) is not int or version != required:
        raise ValueError(
            f"compare_and_set: doc['version'] must be {required} "
            f"(expected_version={expected_version!r}), got {version!r}"
        )
    return required


def check_namespace(namespace: str) -> str:
    """Namespaces are code-chosen identifiers; a ':' would make key layouts ambiguous."""
    if not namespace or ":" in namespace:
        raise ValueError(f"namespace must be non-empty and contain no ':', got {namespace!r}")
    return namespace


def check_ttl(ttl_seconds: int) -> int:
    """Every key has a TTL: a whole number of seconds, at least 1 (what Redis ``EX`` accepts)."""
    if type(ttl_seconds) is not int or ttl_seconds < 1:
        raise ValueError(f"ttl_seconds must be an int >= 1, got {ttl_seconds!r}")
    return ttl_seconds
