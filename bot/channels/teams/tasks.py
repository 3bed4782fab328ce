"""Background work started by a Teams turn, tracked so shutdown waits for it and tests can await it.

Rules of this file:
- Every task is kept in a set until it finishes (asyncio only holds weak references to tasks).
- A task that fails is logged with its name; it never takes the server down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("teams background task %s failed", task.get_name(), exc_info=task.exception())

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def idle(self, *, timeout: float = 30.0) -> None:
        """Wait until no task is running (tasks may spawn others; wait for those too)."""
        async with asyncio.timeout(timeout):
            while self._tasks:
                await asyncio.wait(set(self._tasks))

    async def close(self, *, timeout: float = 10.0) -> None:
        try:
            await self.idle(timeout=timeout)
        except TimeoutError:
            for task in set(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
