"""Diagnosis off the event loop: a process pool with bounded concurrency and a queue limit.

Rules of this file:
- At most ``workers`` diagnoses run at once; at most ``queue_limit`` more wait. One more raises
  ``DiagnoserBusy`` at once (the engine tells the user to retry in a moment); nothing waits unbounded.
- Workers run ``handlers.records.diagnose_and_redact`` (diagnosis and redaction: all the CPU work of an
  upload); results cross the process boundary as ``(Diagnosis.to_dict(), redacted log)`` and errors as
  ``(kind, message)``, because ``UnreadableLog`` does not survive pickling.
- A worker that dies (out of memory, killed) breaks the pool: the pool is rebuilt and the caller is told
  to retry (``DiagnoserBusy``); the service keeps running.
- Metrics are recorded here, in the server process: verdict/cause, time (queueing included), upload size,
  errors by kind.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from bot.diagnosis.errors import UnreadableKind, UnreadableLog
from bot.diagnosis.limits import Limits
from bot.diagnosis.model import CauseId, Diagnosis
from bot.server.metrics import Metrics
from handlers.api import Diagnosed, DiagnoserBusy

log = logging.getLogger(__name__)

WorkResult = tuple[str, Any]  # ("ok", (diagnosis dict, log gz | None)) | ("unreadable", (kind, message))
Task = Callable[[bytes, str | None], WorkResult]


_worker_options: dict[str, Any] = {}


def diagnose_task(data: bytes, contact_id: str | None) -> WorkResult:
    """Runs in a worker process: diagnose, redact, and return a picklable result."""
    from handlers.records import diagnose_and_redact  # preloaded by the worker initializer

    try:
        done = diagnose_and_redact(data, contact_id=contact_id, **_worker_options)
        return ("ok", (done.diagnosis.to_dict(), done.redacted_log_gz))
    except UnreadableLog as error:
        return ("unreadable", (error.kind.value, error.message))


def _init_worker(limits: Limits, titles: dict[CauseId, str] | None) -> None:
    """Once per worker: import the core and remember the options every diagnosis uses."""
    import handlers.records  # noqa: F401

    _worker_options.update(limits=limits, titles=titles)


class PoolDiagnoser:
    """A ``handlers.api.Diagnoser`` backed by a process pool."""

    def __init__(
        self,
        *,
        workers: int,
        queue_limit: int,
        metrics: Metrics,
        limits: Limits | None = None,
        titles: Mapping[CauseId, str] | None = None,
        task: Task = diagnose_task,
    ) -> None:
        self._workers = workers
        self._initargs = (limits or Limits(), dict(titles) if titles is not None else None)
        self._capacity = workers + queue_limit
        self._metrics = metrics
        self._task = task
        self._in_flight = 0
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(
            max_workers=self._workers, mp_context=context, initializer=_init_worker, initargs=self._initargs
        )

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def __call__(self, data: bytes, *, contact_id: str | None = None) -> Diagnosed:
        if self._in_flight >= self._capacity:
            self._metrics.errors.inc(kind="busy")
            raise DiagnoserBusy("The diagnosis queue is full; please retry in a moment.")
        self._in_flight += 1
        started = time.perf_counter()
        try:
            result = await self._run(data, contact_id)
        finally:
            self._in_flight -= 1
        self._metrics.upload_bytes.observe(len(data))
        self._metrics.diagnosis_seconds.observe(time.perf_counter() - started)
        return self._unwrap(result)

    async def _run(self, data: bytes, contact_id: str | None) -> WorkResult:
        loop = asyncio.get_running_loop()
        executor = self._executor
        try:
            return await loop.run_in_executor(executor, self._task, data, contact_id)
        except BrokenProcessPool:
            log.error("diagnosis worker died; rebuilding the pool", extra={"event": "pool.broken"})
            self._metrics.errors.inc(kind="worker_died")
            if self._executor is executor:
                self._executor = self._new_executor()
                executor.shutdown(wait=False, cancel_futures=True)
            raise DiagnoserBusy("A diagnosis worker stopped; please retry in a moment.") from None

    def _unwrap(self, result: WorkResult) -> Diagnosed:
        status, payload = result
        if status == "unreadable":
            kind, message = payload
            self._metrics.errors.inc(kind=f"unreadable_{kind}")
            raise UnreadableLog(UnreadableKind(kind), message)
        record, log_gz = payload
        diagnosis = Diagnosis.from_dict(record)
        top = diagnosis.top_cause
        self._metrics.diagnoses.inc(verdict=diagnosis.verdict.value, cause=top.id.value if top else "none")
        return Diagnosed(diagnosis=diagnosis, redacted_log_gz=log_gz)

    async def close(self, *, timeout: float) -> None:
        """Let running diagnoses finish within ``timeout`` seconds, drop queued ones, stop the workers."""
        executor = self._executor
        waiter = asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            log.warning("diagnosis workers did not stop in time", extra={"event": "pool.stop_timeout"})
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
