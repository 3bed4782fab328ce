"""Call configuration: TURN and signalling URLs, the region they name, CCP v1 or v2.

Rules of this file:
- Sources: ``callConfigJson`` strings in kept payloads (Streams parses them with ``&quot;`` unescaped),
  and URLs written in log text (the ICE-timeout error lists the TURN URLs; the signalling errors carry the
  signalling URL).
- Region patterns (AWS endpoint names): ``turnnlb-<hex>.elb.<region>.amazonaws.com``,
  ``rtc*.connect-telecom.<region>.amazonaws.com`` (CCP v1, LilyRTC) and
  ``<x>.transport.connect.<region>.amazonaws.com`` (CCP v2).
- Never raises on malformed input; unknown parts stay ``None``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.diagnosis.model import CallConfig

_REGION = r"([a-z]{2}(?:-gov)?-[a-z]+-\d)"
_REGION_PATTERNS = (
    re.compile(rf"turnnlb-[0-9a-z]+\.elb\.{_REGION}\.amazonaws\.com", re.IGNORECASE),
    re.compile(rf"connect-telecom\.{_REGION}\.amazonaws\.com", re.IGNORECASE),
    re.compile(rf"\.transport\.connect\.{_REGION}\.amazonaws\.com", re.IGNORECASE),
)
_URL = re.compile(r"""(?:turns?:|stuns?:|wss://)[^\s"',\\<>\]\[]+""")
_MAX_WALK_NODES = 4000


def region_of(url: str) -> str | None:
    for pattern in _REGION_PATTERNS:
        found = pattern.search(url)
        if found:
            return found.group(1).lower()
    return None


def ccp_version_of(signalling_url: str | None) -> str | None:
    if not signalling_url:
        return None
    host = signalling_url.lower()
    if "connect-telecom" in host:
        return "v1"
    if ".transport.connect." in host:
        return "v2"
    return None


def urls_in_text(text: str) -> tuple[str, ...]:
    if "turn:" not in text and "turns:" not in text and "stun:" not in text and "wss://" not in text:
        return ()
    return tuple(u.rstrip(".") for u in _URL.findall(text))


def merge(config: CallConfig, urls: tuple[str, ...], *, websocket_provider: bool = False) -> CallConfig:
    """Add URLs to a config: ``turn:``/``stun:`` ones are ICE servers, ``wss://`` is signalling."""
    turn = list(config.turn_urls)
    signalling = config.signalling_url
    for url in urls:
        if url.startswith(("turn:", "turns:", "stun:", "stuns:")):
            if url not in turn:
                turn.append(url)
        elif signalling is None:
            signalling = url
    region = config.region
    for candidate in (*turn, signalling or ""):
        region = region or region_of(candidate)
    version = config.ccp_version or ccp_version_of(signalling) or ("v2" if websocket_provider else None)
    return CallConfig(region=region, turn_urls=tuple(turn), signalling_url=signalling, ccp_version=version)


def combine(first: CallConfig, second: CallConfig) -> CallConfig:
    """``first`` completed by what ``second`` knows (first wins where both know)."""
    extra = (*second.turn_urls, *((second.signalling_url,) if second.signalling_url else ()))
    merged = merge(first, extra)
    return CallConfig(
        region=merged.region or second.region,
        turn_urls=merged.turn_urls,
        signalling_url=merged.signalling_url,
        ccp_version=merged.ccp_version or second.ccp_version,
    )


def from_call_config_json(raw: str) -> CallConfig:
    """Read ``softphoneMediaInfo.callConfigJson`` (``signalingEndpoint``, ``iceServers[].urls``)."""
    try:
        data = json.loads(raw.replace("&quot;", '"'))
    except ValueError:
        return merge(CallConfig(), urls_in_text(raw))
    if not isinstance(data, dict):
        return CallConfig()
    urls: list[str] = []
    for server in data.get("iceServers") or ():
        server_urls = server.get("urls") if isinstance(server, dict) else None
        if isinstance(server_urls, str):
            urls.append(server_urls)
        elif isinstance(server_urls, list):
            urls.extend(u for u in server_urls if isinstance(u, str))
    endpoint = data.get("signalingEndpoint")
    if isinstance(endpoint, str) and endpoint:
        urls.append(endpoint)
    return merge(CallConfig(), tuple(urls), websocket_provider=data.get("useWebSocketProvider") is True)


def configs_in_objects(objects: tuple[Any, ...]) -> list[tuple[str | None, CallConfig]]:
    """Every ``callConfigJson`` in the payloads, paired with the nearest enclosing ``contactId``."""
    found: list[tuple[str | None, CallConfig]] = []
    stack: list[tuple[Any, str | None]] = [(o, None) for o in objects]
    visited = 0
    while stack and visited < _MAX_WALK_NODES:
        node, contact = stack.pop()
        visited += 1
        if isinstance(node, dict):
            own = node.get("contactId")
            contact = own.lower() if isinstance(own, str) and own else contact
            raw = node.get("callConfigJson")
            if isinstance(raw, str):
                found.append((contact, from_call_config_json(raw)))
            stack.extend((v, contact) for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((v, contact) for v in node if isinstance(v, dict | list))
    return found
