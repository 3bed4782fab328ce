"""The 1:1 file download: allowlisted hosts, https (loopback http only when listed), size caps, redirects."""

from __future__ import annotations

import aiohttp
import pytest

from bot.channels.teams.download import (
    DownloadPolicy,
    DownloadRefused,
    RefusalReason,
    fetch_upload,
    host_allowed,
)
from tests.teams.fake_connector import FakeConnector

HOSTS = ("sharepoint.com", "1drv.ms")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://contoso.sharepoint.com/a/b.txt", True),
        ("https://sharepoint.com/x", True),
        ("https://1drv.ms/x", True),
        ("http://contoso.sharepoint.com/a", False),  # not https
        ("https://evilsharepoint.com/a", False),  # suffix must sit on a dot boundary
        ("https://sharepoint.com.evil.io/a", False),
        ("https://user:pw@contoso.sharepoint.com/a", False),
        ("http://127.0.0.1:8080/f", False),  # loopback not listed
        ("ftp://contoso.sharepoint.com/a", False),
    ],
)
def test_host_allowlist(url: str, allowed: bool) -> None:
    assert host_allowed(url, HOSTS) is allowed


def test_loopback_http_only_when_listed() -> None:
    assert host_allowed("http://127.0.0.1:9/f", ("127.0.0.1",))
    assert not host_allowed("http://localhost:9/f", ("127.0.0.1",))


async def _fetch(
    connector: tuple[FakeConnector, str], path: str, *, max_bytes: int = 1000, declared: int | None = None
) -> bytes:
    base = connector[1]
    policy = DownloadPolicy(hosts=("127.0.0.1",), max_bytes=max_bytes, timeout_seconds=5)
    async with aiohttp.ClientSession(auto_decompress=False) as session:
        return await fetch_upload(session, f"{base}{path}", declared_size=declared, policy=policy)


async def test_downloads_within_the_cap(connector: tuple[FakeConnector, str]) -> None:
    connector[0].files["a.txt"] = b"x" * 1000
    assert await _fetch(connector, "/files/a.txt") == b"x" * 1000


async def test_declared_size_is_checked_before_any_request(connector: tuple[FakeConnector, str]) -> None:
    with pytest.raises(DownloadRefused) as refused:
        await _fetch(connector, "/files/a.txt", declared=5000)
    assert refused.value.reason is RefusalReason.TOO_LARGE
    assert connector[0].file_requests == []


async def test_actual_bytes_over_the_cap_are_refused(connector: tuple[FakeConnector, str]) -> None:
    connector[0].files["big.txt"] = b"x" * 1001
    with pytest.raises(DownloadRefused) as refused:
        await _fetch(connector, "/files/big.txt", declared=10)  # the declared size lies
    assert refused.value.reason is RefusalReason.TOO_LARGE


async def test_redirect_to_another_host_is_refused(connector: tuple[FakeConnector, str]) -> None:
    with pytest.raises(DownloadRefused) as refused:
        await _fetch(connector, "/redirect/https://attacker.example/steal")
    assert refused.value.reason is RefusalReason.HOST_NOT_ALLOWED


async def test_redirect_within_allowed_hosts_is_followed(connector: tuple[FakeConnector, str]) -> None:
    base = connector[1]
    connector[0].files["a.txt"] = b"log"
    assert await _fetch(connector, f"/redirect/{base}/files/a.txt") == b"log"


async def test_missing_file_is_an_http_error(connector: tuple[FakeConnector, str]) -> None:
    with pytest.raises(DownloadRefused) as refused:
        await _fetch(connector, "/files/nope.txt")
    assert refused.value.reason is RefusalReason.HTTP_ERROR
