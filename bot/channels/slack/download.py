"""Fetching a shared file's bytes from Slack without leaking the bot token or reading a bomb.

Rules of this file:
- The bot token is sent only over https to a host listed in ``file_hosts`` (exact match), redirects off:
  a 3xx is an error, never followed.
- Test seam: plain http is allowed only when the host is a loopback address AND listed in ``file_hosts``
  (the local fake Slack in tests). Production lists ``files.slack.com`` and never needs it.
- The declared size is checked before any request; the bytes read are capped while streaming.
- An HTML page with status 200 instead of the file is Slack's login page: the token lacks ``files:read``.
- Every refusal is a ``DownloadRefused`` with a stable kind; the caller turns it into one clear message.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum

import aiohttp
from yarl import URL

from bot.channels.slack.events import FileRef

_CHUNK = 64 * 1024
_HTML_SNIFF = (b"<!doctype html", b"<html")


class RefusalKind(StrEnum):
    TOO_LARGE = "too_large"
    HOST_NOT_ALLOWED = "host_not_allowed"
    NO_URL = "no_url"
    REDIRECT = "redirect"
    HTTP_ERROR = "http_error"
    LOGIN_PAGE = "login_page"  # missing files:read scope (or a wrong token)
    NETWORK = "network"


class DownloadRefused(Exception):
    def __init__(self, kind: RefusalKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class DownloadPolicy:
    token: str
    file_hosts: tuple[str, ...]
    max_bytes: int
    timeout_seconds: float = 30.0


def precheck(ref: FileRef, policy: DownloadPolicy) -> URL:
    """Refuse before any network traffic: declared size, missing URL, host and scheme."""
    if ref.size is not None and ref.size > policy.max_bytes:
        raise DownloadRefused(RefusalKind.TOO_LARGE, f"declared {ref.size} bytes")
    if not ref.url:
        raise DownloadRefused(RefusalKind.NO_URL)
    url = URL(ref.url)
    if not host_allowed(url, policy.file_hosts):
        raise DownloadRefused(RefusalKind.HOST_NOT_ALLOWED, url.host or "")
    return url


def host_allowed(url: URL, file_hosts: tuple[str, ...]) -> bool:
    host = (url.host or "").lower()
    listed = host in file_hosts or f"{host}:{url.port}" in file_hosts
    if not listed or url.user or url.password:
        return False
    if url.scheme == "https":
        return True
    return url.scheme == "http" and _is_loopback(host)  # test seam, see module rules


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


async def download(session: aiohttp.ClientSession, ref: FileRef, policy: DownloadPolicy) -> bytes:
    url = precheck(ref, policy)
    timeout = aiohttp.ClientTimeout(total=policy.timeout_seconds)
    headers = {"Authorization": f"Bearer {policy.token}"}
    try:
        async with session.get(url, headers=headers, allow_redirects=False, timeout=timeout) as resp:
            if 300 <= resp.status < 400:
                raise DownloadRefused(RefusalKind.REDIRECT, str(resp.status))
            if resp.status != 200:
                raise DownloadRefused(RefusalKind.HTTP_ERROR, str(resp.status))
            if resp.content_type == "text/html":
                raise DownloadRefused(RefusalKind.LOGIN_PAGE)
            data = await _read_capped(resp, policy.max_bytes)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise DownloadRefused(RefusalKind.NETWORK, type(exc).__name__) from exc
    if data[:512].lstrip().lower().startswith(_HTML_SNIFF):
        raise DownloadRefused(RefusalKind.LOGIN_PAGE)
    return data


async def _read_capped(resp: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    if resp.content_length is not None and resp.content_length > max_bytes:
        raise DownloadRefused(RefusalKind.TOO_LARGE, f"content-length {resp.content_length}")
    buf = bytearray()
    async for chunk in resp.content.iter_chunked(_CHUNK):
        buf += chunk
        if len(buf) > max_bytes:
            raise DownloadRefused(RefusalKind.TOO_LARGE, "stream exceeded the limit")
    return bytes(buf)
