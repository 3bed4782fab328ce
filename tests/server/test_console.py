"""The web console through its HTTP endpoints, with the real engine, knowledge, pool and store."""

from __future__ import annotations

import asyncio
import re

import aiohttp

from bot.channels.web.identity import COOKIE
from bot.server.metrics import CONTENT_TYPE, Metrics
from bot.server.pool import PoolDiagnoser
from bot.state.redis_store import RedisStore
from tests.server.conftest import StartServer, console_for
from tests.server.console_driver import SAMPLE_LOG
from tests.server.workers import slow_task
from tests.support.redis_server import free_port

PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


async def test_upload_walk_to_fixed_and_metrics_count_it(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server()
    console = console_for(browser, server)
    assert await console.upload(SAMPLE_LOG.read_bytes()) == 200
    assert console.kinds() == ["diagnosis"]
    assert "ICE collection timed out" in console.last
    assert "could not reach the TURN relay over UDP" in console.last
    assert "6c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b" in console.last
    assert [label for label, _ in console.buttons()][:3] == [
        "Walk me through the fix",
        "Show all evidence",
        "Escalate to support",
    ]
    assert (await console.walk_to_fixed())[-1] == "fixed"
    assert "audio" in console.last

    async with browser.get(server.make_url("/metrics")) as response:
        assert response.headers["Content-Type"] == CONTENT_TYPE
        metrics = await response.text()
    assert 'icebreaker_diagnoses_total{verdict="fault",cause="media_udp_blocked"} 1' in metrics
    assert "icebreaker_diagnosis_seconds_count 1" in metrics
    assert "icebreaker_upload_bytes_count 1" in metrics


async def test_page_sets_a_signed_cookie_and_shows_help(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server()
    async with browser.get(server.make_url("/")) as response:
        page = await response.text()
        assert response.status == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert re.fullmatch(r"[A-Za-z0-9_-]{16,64}\.[0-9a-f]{32}", cookie.value)
    assert 'enctype="multipart/form-data"' in page and 'name="log"' in page
    assert "agent-log.txt" in page  # the engine's home/help content
    async with browser.get(server.make_url("/")) as again:
        assert COOKIE not in again.cookies  # recognised, not re-issued


async def test_a_forged_cookie_gets_a_fresh_identity(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server()
    forged = "attackerchosenid0000.0123456789abcdef0123456789abcdef"
    async with browser.get(server.make_url("/"), headers={"Cookie": f"{COOKIE}={forged}"}) as response:
        issued = response.cookies[COOKIE].value
    assert not issued.startswith("attackerchosenid0000")


async def test_unreadable_upload_gets_the_core_sentence_and_is_counted(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server()
    console = console_for(browser, server)
    await console.upload(PNG, filename="screenshot.png")
    assert "PNG" in console.last and "agent-log.txt" in console.last
    async with browser.get(server.make_url("/metrics")) as response:
        assert 'icebreaker_errors_total{kind="unreadable_binary"} 1' in await response.text()


async def test_declared_oversize_is_refused_before_the_body_is_read(start_server: StartServer) -> None:
    server = await start_server(env={"MAX_UPLOAD_MB": "1"})
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(
        b"POST /console/turn HTTP/1.1\r\nHost: x\r\nX-Icebreaker-Fetch: 1\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 104857600\r\n\r\n--b\r\n"
    )
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)  # 100 MB never sent
    writer.close()
    assert head.startswith(b"HTTP/1.1 413")


async def test_streamed_oversize_is_cut_off_at_the_cap(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server(env={"MAX_UPLOAD_MB": "1"})

    async def chunks():  # no Content-Length: chunked transfer
        yield b'--b\r\nContent-Disposition: form-data; name="log"; filename="big.txt"\r\n\r\n'
        for _ in range(40):
            yield b"x" * 65536

    async with browser.post(
        server.make_url("/console/turn"),
        data=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=b", "X-Icebreaker-Fetch": "1"},
    ) as response:
        assert response.status == 413
        assert "over the 1 MB limit" in await response.text()
    async with browser.get(server.make_url("/metrics")) as response:
        assert 'icebreaker_errors_total{kind="upload_too_large"} 1' in await response.text()


async def test_a_full_pool_tells_the_user_to_retry(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    pool = PoolDiagnoser(workers=1, queue_limit=0, metrics=Metrics(), task=slow_task)
    try:
        server = await start_server(diagnoser=pool)
        first, second = console_for(browser, server), console_for(browser, server)
        holding = asyncio.create_task(first.upload(b"1.5"))
        await asyncio.sleep(0.3)
        await second.upload(b"0")
        assert second.kinds() == ["busy"]
        assert "send it again in a minute" in second.last
        await holding
    finally:
        await pool.close(timeout=5)


async def test_a_tampered_button_is_refused(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server()
    async with browser.post(
        server.make_url("/console/action"),
        data={"action": "ib1|walk|../../etc|-1|"},
        headers={"X-Icebreaker-Fetch": "1"},
    ) as response:
        assert response.status == 400
        assert "no longer valid" in await response.text()


async def test_escalation_package_downloads_only_for_its_owner(
    start_server: StartServer, browser: aiohttp.ClientSession
) -> None:
    server = await start_server()
    console = console_for(browser, server)
    await console.upload(SAMPLE_LOG.read_bytes())
    await console.click("Escalate to support")
    links = re.findall(r'href="(/console/files/[A-Za-z0-9_-]+)" download="([^"]+)"', console.last)
    assert links, console.last[:500]
    url, name = links[-1]
    async with browser.get(server.make_url(url)) as response:
        body = await response.read()
        assert response.status == 200
        assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
        assert body
    async with aiohttp.ClientSession() as stranger, stranger.get(server.make_url(url)) as response:
        assert response.status == 404


async def test_health_and_readiness(start_server: StartServer, browser: aiohttp.ClientSession) -> None:
    server = await start_server()
    async with browser.get(server.make_url("/healthz")) as response:
        assert (response.status, await response.json()) == (200, {"status": "alive"})
    async with browser.get(server.make_url("/readyz")) as response:
        assert (response.status, (await response.json())["store"]) == (200, "memory")

    dead = RedisStore.from_url(
        f"redis://127.0.0.1:{free_port()}/0", prefix="t:", op_timeout=0.2, connect_timeout=0.2
    )
    unready = await start_server(store=dead, env={"REDIS_URL": "redis://127.0.0.1:1/0"})
    async with browser.get(unready.make_url("/readyz")) as response:
        assert response.status == 503
        assert (await response.json())["status"] == "store unavailable"
    async with browser.get(unready.make_url("/healthz")) as response:
        assert response.status == 200
