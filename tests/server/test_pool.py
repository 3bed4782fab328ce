"""The process pool: bounded concurrency, a queue limit that answers "busy", recovery from dead workers."""

from __future__ import annotations

import asyncio
import gzip
import re
from pathlib import Path

import pytest

from bot.diagnosis.errors import UnreadableKind, UnreadableLog
from bot.diagnosis.model import CauseId
from bot.server.metrics import Metrics
from bot.server.pool import PoolDiagnoser
from handlers.api import DiagnoserBusy
from tests.server.workers import dying_task, slow_task

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "causes"
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


async def test_full_pool_says_busy_at_once_and_recovers() -> None:
    metrics = Metrics()
    pool = PoolDiagnoser(workers=1, queue_limit=1, metrics=metrics, task=slow_task)
    try:
        running = asyncio.create_task(pool(b"1.0"))
        queued = asyncio.create_task(pool(b"0"))
        await asyncio.sleep(0.05)
        assert pool.in_flight == 2
        started = asyncio.get_running_loop().time()
        with pytest.raises(DiagnoserBusy):
            await pool(b"0")
        assert asyncio.get_running_loop().time() - started < 0.1  # refused at once, not queued
        for task in (running, queued):
            with pytest.raises(UnreadableLog, match="slow task finished"):
                await task
        assert pool.in_flight == 0
        with pytest.raises(UnreadableLog):
            await pool(b"0")  # room again
        assert metrics.errors.value(kind="busy") == 1
        assert metrics.errors.value(kind="unreadable_not_a_log") == 3
    finally:
        await pool.close(timeout=5)


async def test_unreadable_log_crosses_the_process_boundary_intact() -> None:
    metrics = Metrics()
    pool = PoolDiagnoser(workers=1, queue_limit=0, metrics=metrics)
    try:
        with pytest.raises(UnreadableLog) as caught:
            await pool(PNG)
    finally:
        await pool.close(timeout=5)
    assert caught.value.kind is UnreadableKind.BINARY
    assert "PNG" in caught.value.message
    assert metrics.upload_bytes.count == 1
    assert metrics.errors.value(kind="unreadable_binary") == 1


async def test_a_killed_worker_is_replaced_and_the_user_told_to_retry() -> None:
    metrics = Metrics()
    pool = PoolDiagnoser(workers=1, queue_limit=0, metrics=metrics, task=dying_task)
    try:
        with pytest.raises(DiagnoserBusy, match="retry"):
            await pool(b"die")
        with pytest.raises(UnreadableLog, match="slow task finished"):
            await pool(b"0")
    finally:
        await pool.close(timeout=5)
    assert metrics.errors.value(kind="worker_died") == 1


async def test_close_waits_for_running_work_within_the_bound() -> None:
    pool = PoolDiagnoser(workers=1, queue_limit=0, metrics=Metrics(), task=slow_task)
    running = asyncio.create_task(pool(b"0.5"))
    await asyncio.sleep(0.2)
    await pool.close(timeout=5)
    with pytest.raises(UnreadableLog, match="slow task finished"):
        await running  # finished, not cancelled


async def test_a_log_comes_back_diagnosed_and_redacted_from_the_worker() -> None:
    log = (FIXTURES / "vpn_interference.agent-log.txt").read_bytes()
    addresses = set(IPV4.findall(log.decode()))
    metrics = Metrics()
    pool = PoolDiagnoser(workers=1, queue_limit=0, metrics=metrics)
    try:
        done = await pool(log)
    finally:
        await pool.close(timeout=5)
    assert done.diagnosis.top_cause is not None
    assert done.diagnosis.top_cause.id is CauseId.VPN_INTERFERENCE
    assert done.redacted_log_gz is not None
    text = gzip.decompress(done.redacted_log_gz).decode()
    assert "ICE collection timed out" in text
    assert addresses and not addresses & set(IPV4.findall(text))
    assert metrics.diagnoses.value(verdict="fault", cause="vpn_interference") == 1
