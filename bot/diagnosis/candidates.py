"""ICE candidates: parse the ``candidate:`` attribute (RFC 8839 section 5.1) and write it back.

Rules of this file:
- Pure functions over strings; no log knowledge beyond the two shapes a candidate arrives in: a bare SDP
  attribute (``candidate:...`` or ``a=candidate:...``) and connect-rtc-js' ``onicecandidate {json}`` text.
- ``parse_candidate`` never raises: malformed input returns ``None``.
- ``to_sdp(parse_candidate(s))`` returns ``s`` for any canonical attribute (lower-case transport and type,
  no ``a=`` prefix), and ``parse_candidate(to_sdp(c)) == c`` for any parsed candidate.
- Address classification (VPN / carrier-grade NAT ranges) lives here because it is a fact about addresses.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable

from bot.diagnosis.model import IceCandidate

# RFC 8839 section 5.1: candidate-types = "host" / "srflx" / "prflx" / "relay" / token
CANDIDATE_TYPES = ("host", "srflx", "prflx", "relay")

# Address ranges that indicate a VPN or ZTNA tunnel rather than the agent's LAN (inferred, see the reference
# section 3): 100.64.0.0/10 is carrier-grade NAT space (RFC 6598) used by several VPN/ZTNA clients for
# their tunnel interface; 198.18.0.0/15 (RFC 2544 benchmarking) is used by some ZTNA clients for the same;
# fd7a:115c:a1e0::/48 is the Tailscale IPv6 tunnel range.
VPN_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("100.64.0.0/10", "198.18.0.0/15", "fd7a:115c:a1e0::/48")
)

_PREFIXES = ("a=candidate:", "candidate:")


def parse_candidate(attribute: str, *, line: int = 0) -> IceCandidate | None:
    """Parse one candidate attribute (RFC 8839 section 5.1 ``candidate-attribute``).

    Grammar: ``candidate:<foundation> <component-id> <transport> <priority> <connection-address> <port>
    typ <cand-type> [raddr <connection-address>] [rport <port>] *(<extension-name> <extension-value>)``.
    The connection address may be IPv4, IPv6 or an FQDN (browsers use mDNS ``<uuid>.local`` names to hide
    host addresses). ``tcptype`` (RFC 6544) and other extensions are kept in order for ``to_sdp``.
    """
    text = attribute.strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    else:
        return None
    parts = text.split()
    if len(parts) < 8 or parts[6] != "typ":
        return None
    foundation, component, transport, priority, address, port = parts[:6]
    if not (component.isdigit() and priority.isdigit() and port.isdigit()):
        return None
    return _with_extensions(
        IceCandidate(
            foundation=foundation,
            component=int(component),
            protocol=transport.lower(),
            priority=int(priority),
            address=address,
            port=int(port),
            type=parts[7].lower(),
            line=line,
        ),
        parts[8:],
    )


def _with_extensions(base: IceCandidate, rest: list[str]) -> IceCandidate | None:
    """Read ``raddr``/``rport``/``tcptype`` and keep any other name/value extension pairs."""
    if len(rest) % 2:
        return None
    related_address: str | None = None
    related_port: int | None = None
    tcptype: str | None = None
    extensions: list[tuple[str, str]] = []
    for name, value in zip(rest[::2], rest[1::2], strict=True):
        if name == "raddr":
            related_address = value
        elif name == "rport":
            if not value.isdigit():
                return None
            related_port = int(value)
        elif name == "tcptype":
            tcptype = value
        else:
            extensions.append((name, value))
    return IceCandidate(
        foundation=base.foundation,
        component=base.component,
        protocol=base.protocol,
        priority=base.priority,
        address=base.address,
        port=base.port,
        type=base.type,
        related_address=related_address,
        related_port=related_port,
        line=base.line,
        tcptype=tcptype,
        extensions=tuple(extensions),
    )


def to_sdp(candidate: IceCandidate) -> str:
    """Write the candidate attribute back in RFC 8839 order (without the ``a=`` prefix)."""
    fields = [
        f"candidate:{candidate.foundation}",
        str(candidate.component),
        candidate.protocol,
        str(candidate.priority),
        candidate.address,
        str(candidate.port),
        "typ",
        candidate.type,
    ]
    if candidate.related_address is not None:
        fields += ["raddr", candidate.related_address]
    if candidate.related_port is not None:
        fields += ["rport", str(candidate.related_port)]
    if candidate.tcptype is not None:
        fields += ["tcptype", candidate.tcptype]
    for name, value in candidate.extensions:
        fields += [name, value]
    return " ".join(fields)


def parse_onicecandidate(text: str, *, line: int = 0) -> IceCandidate | None:
    """Parse connect-rtc-js' ``onicecandidate {json}`` log text (``onicecandidate null`` ends gathering)."""
    start = text.find("onicecandidate ")
    if start < 0:
        return None
    payload = text[start + len("onicecandidate ") :].strip()
    if not payload.startswith("{"):
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    attribute = data.get("candidate") if isinstance(data, dict) else None
    return parse_candidate(attribute, line=line) if isinstance(attribute, str) else None


def candidates_in_text(text: str, *, line: int = 0) -> tuple[IceCandidate, ...]:
    """Every candidate attribute in a free text (an SDP blob or a pasted ``candidate:`` line)."""
    found: list[IceCandidate] = []
    for chunk in _candidate_chunks(text):
        parsed = parse_candidate(chunk, line=line)
        if parsed is not None:
            found.append(parsed)
    return tuple(found)


def _candidate_chunks(text: str) -> Iterable[str]:
    normalised = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r", "\n")
    for raw in normalised.split("\n"):
        at = raw.find("candidate:")
        if at >= 0:
            yield raw[at:].strip().strip('",')


def is_vpn_address(address: str | None) -> bool:
    """True when the address falls in a range typical of VPN / ZTNA tunnels (see ``VPN_NETWORKS``)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False  # mDNS name or FQDN: nothing to say
    return any(ip.version == net.version and ip in net for net in VPN_NETWORKS)
