"""Choose the store for a deployment: Redis when a URL is configured, otherwise in-process memory.

Rules of this file:
- The only place that decides between stores; the rest of the bot sees a ``SessionStore``.
- Opening never contacts Redis (connections are lazy), so startup does not fail while Redis is down;
  readiness is reported by ``ping()``.
"""

from __future__ import annotations

import logging

from bot.state.memory import MemoryStore
from bot.state.protocol import SessionStore
from bot.state.redis_store import RedisStore

_log = logging.getLogger(__name__)


def open_store(redis_url: str | None, *, prefix: str, op_timeout: float) -> SessionStore:
    """A RedisStore for ``redis_url``; a MemoryStore (state lost on restart) when it is None or empty."""
    if not redis_url or not redis_url.strip():
        _log.info("state: REDIS_URL not set; using the in-memory store (state is lost on restart)")
        return MemoryStore()
    _log.info("state: using redis with key prefix %r", prefix)
    return RedisStore.from_url(
        redis_url.strip(), prefix=prefix, op_timeout=op_timeout, connect_timeout=op_timeout
    )
