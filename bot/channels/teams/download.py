"""Fetch a file a user uploaded to the bot in 1:1 chat (``file.download.info``), safely.

Rules of this file:
- ``downloadUrl`` is pre-authenticated: we send NO token and no cookies, only to allowlisted hosts
  (``TeamsConfig.file_hosts``, suffix match on a dot boundary) over https. Plain http is accepted only for a
  loopback host that is itself listed (the tests' fake file host), never for a public name.
- Size is checked three times: the declared ``fileSize``, the ``Content-Length`` header, and the bytes read
  while streaming (the cap is enforced even if both lie).
- Redirects are followed by hand, at most ``MAX_REDIRECTS``, and only to hosts that pass the same allowlist.
- Failures raise ``DownloadRefused`` with a ``reason`` from ``RefusalReason``; callers map it to user text.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import aiohttp

MAX_REDIRECTS = 3
CHUNK = 64 * 1024


class RefusalReason(StrEnum):
    HOST_NOT_ALLOWED = "host_not_allowed"
    TOO_LARGE = "too_large"
    HTTP_ERROR = "http_error"
    NETWORK = "network"


class DownloadRefused(Exception):
    def __init__(self, reason: RefusalReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class DownloadPolicy:
    hosts: tuple[str, ...]
    max_bytes: int
    timeout_seconds: float = 30.0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_allowed(url: str, hosts: tuple[str, ...]) -> bool:
    """True for https to a listed host (or its subdomain), or http to a listed loopback host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or parts.username or parts.password:
        return False
    listed = any(host == h.lower() or host.endswith("." + h.lower()) for h in hosts)
    if parts.scheme == "https":
        return listed
    return parts.scheme == "http" and _is_loopback(host) and host in {h.lower() for h in hosts}


async def fetch_upload(
    session: aiohttp.ClientSession, url: str, *, declared_size: int | None, policy: DownloadPolicy
) -> bytes:
    """The file's bytes, or ``DownloadRefused``."""
    if declared_size is not None and declared_size > policy.max_bytes:
        raise DownloadRefused(RefusalReason.TOO_LARGE, f"declared {declared_size} bytes")
    timeout = aiohttp.ClientTimeout(total=policy.timeout_seconds)
    for _ in range(MAX_REDIRECTS + 1):
        if not host_allowed(url, policy.hosts):
            raise DownloadRefused(RefusalReason.HOST_NOT_ALLOWED, urlsplit(url).hostname or "?")
        try:
            async with session.get(url, allow_redirects=False, timeout=timeout) as response:
                if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status != 200:
                    raise DownloadRefused(RefusalReason.HTTP_ERROR, f"HTTP {response.status}")
                return await _read_capped(response, policy.max_bytes)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DownloadRefused(RefusalReason.NETWORK, type(exc).__name__) from exc
    raise DownloadRefused(RefusalReason.HTTP_ERROR, "too many redirects")


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    length = response.content_length
    if length is not None and length > max_bytes:
        raise DownloadRefused(RefusalReason.TOO_LARGE, f"Content-Length {length}")
    parts: list[bytes] = []
    total = 0
    async for chunk in response.content.iter_chunked(CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise DownloadRefused(RefusalReason.TOO_LARGE, f"more than {max_bytes} bytes")
        parts.append(chunk)
    return b"".join(parts)
