"""Two ``icebreaker serve`` processes on one real Redis behave as one bot."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from slack_sdk.signature import SignatureVerifier

from tests.server.console_driver import SAMPLE_LOG, Console
from tests.server.processes import ServerProcess, start_serve
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.support.redis_server import RedisServer

TOKEN = "xoxb-replica-test-token"
SIGNING = "replica-signing-secret"


@pytest.fixture
def replicas(tmp_path: Path, redis_server: RedisServer, redis_prefix: str) -> Iterator[list[ServerProcess]]:
    started: list[ServerProcess] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            assert server.terminate(timeout=20) == 0


async def _start_two(tmp_path: Path, env: dict[str, str], into: list[ServerProcess]) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        into.append(await asyncio.to_thread(start_serve, tmp_path / name, env, name=name))


def _shared_env(redis_server: RedisServer, redis_prefix: str) -> dict[str, str]:
    return {
        "REDIS_URL": redis_server.url,
        "ICEBREAKER_KEY_PREFIX": redis_prefix,
        "LINK_SECRET": "replicas-share-this-secret-0123456789",
        "DIAGNOSIS_WORKERS": "1",
    }


async def test_a_walkthrough_begun_on_one_replica_continues_on_the_other(
    tmp_path: Path, redis_server: RedisServer, redis_prefix: str, replicas: list[ServerProcess]
) -> None:
    await _start_two(tmp_path, _shared_env(redis_server, redis_prefix), replicas)
    a, b = replicas
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        console = Console(session=session, base_url=a.base_url)
        assert await console.upload(SAMPLE_LOG.read_bytes()) == 200
        assert console.kinds() == ["diagnosis"]
        console.base_url = b.base_url  # the load balancer sends the next clicks elsewhere
        assert (await console.walk_to_fixed())[-1] == "fixed"
        async with session.get(f"{b.base_url}/readyz") as response:
            assert (await response.json())["store"] == "redis"


def _signed_event(event_id: str, *, retry: int | None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(
        {
            "token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback", "event_id": event_id,
            "event_time": int(time.time()),
            "event": {"type": "message", "channel_type": "im", "channel": "D0DM0001", "user": "U0USER01",
                      "text": "help", "ts": "1700000100.000100", "event_ts": "1700000100.000100"},
        }
    )  # fmt: skip
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SIGNING).generate_signature(timestamp=ts, body=body) or "",
    }
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return body.encode(), headers


async def test_a_slack_retry_delivered_to_the_other_replica_is_answered_once(
    tmp_path: Path, redis_server: RedisServer, redis_prefix: str, replicas: list[ServerProcess]
) -> None:
    slack = FakeSlack(token=TOKEN)
    await slack.start()
    try:
        env = _shared_env(redis_server, redis_prefix) | {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_API_BASE_URL": slack.api_base_url,
            "SLACK_FILE_HOSTS": slack.host,
        }
        await _start_two(tmp_path, env, replicas)
        a, b = replicas
        async with aiohttp.ClientSession() as session:
            for server, retry in ((a, None), (b, 1)):
                body, headers = _signed_event("Ev0REPLICA1", retry=retry)
                async with session.post(f"{server.base_url}/slack/events", data=body, headers=headers) as r:
                    assert r.status == 200
            deadline = time.monotonic() + 10
            while not slack.named("chat.postMessage") and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # room for a wrong second answer to arrive
            async with session.get(f"{b.base_url}/metrics") as response:
                metrics = await response.text()
        assert len(slack.named("chat.postMessage")) == 1
        assert 'icebreaker_events_deduped_total{namespace="slack-event"} 1' in metrics
    finally:
        await slack.close()
