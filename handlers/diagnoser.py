"""Diagnosis off the event loop: ``diagnose_and_redact`` in worker threads, a few at a time.

Rules of this file:
- Implements the ``Diagnoser`` protocol of ``handlers/api.py`` for tests and tools; the server uses a process
  pool, because threads share the GIL with the event loop.
- At most ``max_concurrent`` diagnoses run at once; up to ``max_waiting`` more wait for a slot, and beyond
  that ``DiagnoserBusy`` tells the user to retry in a moment (a chat burst never builds an unbounded queue).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from bot.diagnosis.limits import Limits
from bot.diagnosis.model import CauseId
from handlers.api import Diagnosed, DiagnoserBusy
from handlers.records import diagnose_and_redact

DEFAULT_LIMITS = Limits()


class ThreadDiagnoser:
    def __init__(
        self,
        *,
        titles: Mapping[CauseId, str] | None = None,
        limits: Limits = DEFAULT_LIMITS,
        max_concurrent: int = 2,
        max_waiting: int = 32,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self._titles = titles
        self._limits = limits
        self._slots = asyncio.Semaphore(max_concurrent)
        self._max_pending = max_concurrent + max_waiting
        self._pending = 0

    async def __call__(self, data: bytes, *, contact_id: str | None = None) -> Diagnosed:
        if self._pending >= self._max_pending:
            raise DiagnoserBusy("too many diagnoses in progress")
        self._pending += 1
        try:
            async with self._slots:
                return await asyncio.to_thread(
                    diagnose_and_redact, data, contact_id=contact_id, limits=self._limits, titles=self._titles
                )
        finally:
            self._pending -= 1
