"""Module-level tasks for the diagnosis pool tests (worker processes import them by name)."""

from __future__ import annotations

import os
import signal
import time

from bot.server.pool import WorkResult


def slow_task(data: bytes, contact_id: str | None) -> WorkResult:
    """Hold a worker for the number of seconds written in ``data``, then report an unreadable input."""
    time.sleep(float(data.decode()))
    return ("unreadable", ("not_a_log", "slow task finished"))


def dying_task(data: bytes, contact_id: str | None) -> WorkResult:
    """For ``b"die"``, kill the worker process as the out-of-memory killer would; else act like slow_task."""
    if data == b"die":
        os.kill(os.getpid(), signal.SIGKILL)
    return slow_task(data, contact_id)
