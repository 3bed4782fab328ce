"""Load bench for the Slack surface: N concurrent signed 5 MB uploads against a real server + fake Slack.

Rules of this file:
- Loopback only and bounded: one aiohttp server (``setup_slack`` + the real engine) on 127.0.0.1, the fake
  Slack Web API from ``tests/slack/fake_slack.py``, N uploads, a fixed number of ack probes.
- Diagnosis runs off the event loop in the server's process pool (``bot.server.pool.PoolDiagnoser``).
- Measured: ack latency (HTTP 200 from /slack/events) of the uploads themselves and of probe events sent
  every 20 ms WHILE the uploads are being downloaded and diagnosed; upload-to-reply time (event sent →
  ``chat.update`` with the result seen by the fake). Printed as p50/p99/max.

Usage: ``.venv/bin/python -m bench.slack_load [--uploads 20] [--mb 5] [--workers 2]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bench.generate_log import generate
from bot.catalog_load import load_catalog
from bot.channels.slack import SLACK_STATE_KEY, setup_slack
from bot.channels.slack.config import SlackConfig
from bot.server.metrics import Metrics
from bot.server.pool import PoolDiagnoser
from bot.state.memory import MemoryStore
from handlers.access import AccessPolicy
from handlers.engine import Engine
from tests.slack.fake_slack import TEAM, FakeSlack, ServedFile

TOKEN, SECRET = "xoxb-bench", "bench-secret"
PROBE_INTERVAL = 0.02


def make_log(megabytes: float) -> bytes:
    return generate(int(megabytes * 1024 * 1024))


def make_diagnoser(workers: int, queue: int) -> PoolDiagnoser:
    """The server's own process pool: what production runs, so the ack numbers mean something."""
    return PoolDiagnoser(workers=workers, queue_limit=queue, metrics=Metrics())


def envelope(event_id: str, event: dict[str, Any]) -> str:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": TEAM,
            "api_app_id": "A1",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )


async def send(http: aiohttp.ClientSession, url: str, body: str) -> float:
    ts = str(int(time.time()))
    sig = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body) or ""
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": "application/json"}
    started = time.perf_counter()
    async with http.post(url, data=body.encode(), headers=headers) as resp:
        await resp.read()
        if resp.status != 200:
            raise RuntimeError(f"status {resp.status}")
    return time.perf_counter() - started


def upload_event(slack: FakeSlack, n: int, size: int) -> dict[str, Any]:
    url = slack.file_url(f"F{n}/agent-log.txt")
    file = {
        "id": f"F{n}",
        "name": "agent-log.txt",
        "mimetype": "text/plain",
        "size": size,
        "url_private": url,
        "url_private_download": url,
        "mode": "hosted",
    }
    return {
        "type": "message",
        "subtype": "file_share",
        "user": f"U{n}",
        "text": "",
        "ts": f"1700000000.{n:06d}",
        "channel": f"D{n:08d}",
        "channel_type": "im",
        "files": [file],
    }


def probe_event(n: int) -> dict[str, Any]:  # verified, dispatched and acked, then ignored (an edit)
    return {
        "type": "message",
        "subtype": "message_changed",
        "channel": "DPROBE",
        "channel_type": "im",
        "ts": f"1.{n}",
        "message": {"text": "x"},
    }


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return (
        f"{name:<22} n={len(ms):<4} p50={statistics.median(ms):8.1f} ms  p99={p99:8.1f} ms  "
        f"max={ms[-1]:8.1f} ms"
    )


async def run(uploads: int, megabytes: float, workers: int) -> None:
    log = make_log(megabytes)
    slack = FakeSlack(token=TOKEN)
    await slack.start()
    for n in range(uploads):
        slack.files[f"F{n}/agent-log.txt"] = ServedFile(body=log)
    store = MemoryStore()
    diagnoser = make_diagnoser(workers, uploads)
    engine = Engine(
        store=store,
        catalog=load_catalog(),
        diagnoser=diagnoser,
        policy=AccessPolicy(),
        escalation_configured=True,
        clock=lambda: datetime.now(UTC),
    )
    app = web.Application()
    config = SlackConfig(
        bot_token=TOKEN,
        signing_secret=SECRET,
        api_base_url=slack.api_base_url,
        file_hosts=(slack.host,),
        max_upload_bytes=int((megabytes + 5) * 1024 * 1024),
    )
    setup_slack(app, engine=engine, store=store, config=config)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/slack/events"
    tasks = app[SLACK_STATE_KEY].tasks
    print(f"log {len(log) / 1e6:.1f} MB x {uploads} uploads, diagnoser {type(diagnoser).__name__}({workers})")
    async with aiohttp.ClientSession() as http:
        await send(http, url, envelope("EvWarm", probe_event(0)))  # bolt's first auth.test
        sent_at: dict[str, float] = {}

        async def one(n: int) -> float:
            sent_at[f"D{n:08d}"] = time.monotonic()
            return await send(http, url, envelope(f"EvU{n}", upload_event(slack, n, len(log))))

        started = time.monotonic()
        upload_acks = await asyncio.gather(*(one(n) for n in range(uploads)))
        probe_acks: list[float] = []
        n = 0
        while tasks.running:
            n += 1
            probe_acks.append(await send(http, url, envelope(f"EvP{n}", probe_event(n))))
            await asyncio.sleep(PROBE_INTERVAL)
        total = time.monotonic() - started
    replies = [
        c.at - sent_at[c.args["channel"]] for c in slack.named("chat.update") if c.args["channel"] in sent_at
    ]
    print(summary("upload ack", upload_acks))
    print(summary("ack under load (probe)", probe_acks))
    print(summary("upload -> reply", replies))
    errors = [c.args["text"] for c in slack.named("chat.update") if "TURN" not in c.args.get("text", "")]
    print(f"replies {len(replies)}/{uploads}, all done in {total:.1f} s; non-diagnosis replies: {errors[:3]}")
    await runner.cleanup()
    await diagnoser.close(timeout=10)
    await slack.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(run(args.uploads, args.mb, args.workers))


if __name__ == "__main__":
    main()
