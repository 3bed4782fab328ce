"""Retry of Bot Connector calls that Teams throttles or briefly fails.

Rules of this file:
- Only 429, 412, 502 and 504 are retried (Microsoft's guidance for Teams bots); others raise at once.
- Backoff is exponential with full jitter, never longer than ``max_seconds``; a ``Retry-After`` header in
  seconds is honoured up to that same cap.
- The sleeper and the random source are injectable so tests run in milliseconds and deterministically.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from msrest.exceptions import HttpOperationError

RETRYABLE_STATUSES = frozenset({429, 412, 502, 504})
log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    base_seconds: float = 0.5
    max_seconds: float = 8.0

    def delay(self, attempt: int, *, retry_after: float | None, rng: Callable[[], float]) -> float:
        """Seconds to wait after failed try number ``attempt`` (0-based)."""
        backoff = min(self.max_seconds, self.base_seconds * (2**attempt)) * rng()
        if retry_after is not None:
            backoff = max(backoff, min(retry_after, self.max_seconds))
        return backoff


def status_of(exc: BaseException) -> int | None:
    """The HTTP status carried by a connector error, if any."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status if isinstance(status, int) else None


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    raw = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


async def with_retry(
    call: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    what: str,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rng: Callable[[], float] = random.random,
) -> T:
    """Run ``call`` until it succeeds, it fails with a non-retryable error, or the tries run out."""
    for attempt in range(policy.attempts):
        try:
            return await call()
        except HttpOperationError as exc:
            status = status_of(exc)
            if status not in RETRYABLE_STATUSES or attempt + 1 >= policy.attempts:
                raise
            wait = policy.delay(attempt, retry_after=_retry_after(exc), rng=rng)
            log.warning("teams %s got HTTP %s; retry %d in %.2fs", what, status, attempt + 1, wait)
            await sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
