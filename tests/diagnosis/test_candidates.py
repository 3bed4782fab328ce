"""ICE candidate parsing (RFC 8839 section 5.1) and round trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.diagnosis.candidates import (
    candidates_in_text,
    is_vpn_address,
    parse_candidate,
    parse_onicecandidate,
    to_sdp,
)

RELAY = (
    "candidate:1467250027 1 udp 41885439 52.55.191.17 34578 typ relay raddr 203.0.113.7 rport 51234 "
    "generation 0 ufrag Hq7e network-id 1"
)


def test_relay_candidate_fields() -> None:
    c = parse_candidate(RELAY, line=12)
    assert c is not None
    assert (c.foundation, c.component, c.protocol, c.priority) == ("1467250027", 1, "udp", 41885439)
    assert (c.address, c.port, c.type) == ("52.55.191.17", 34578, "relay")
    assert (c.related_address, c.related_port, c.line) == ("203.0.113.7", 51234, 12)
    assert c.extensions == (("generation", "0"), ("ufrag", "Hq7e"), ("network-id", "1"))


def test_tcp_ipv6_candidate_with_tcptype() -> None:
    c = parse_candidate("a=candidate:2 1 TCP 1518280447 2001:db8::7 9 typ host tcptype active generation 0")
    assert c is not None
    assert (c.protocol, c.address, c.port, c.tcptype) == ("tcp", "2001:db8::7", 9, "active")
    assert to_sdp(c) == "candidate:2 1 tcp 1518280447 2001:db8::7 9 typ host tcptype active generation 0"


def test_mdns_host_candidate() -> None:
    c = parse_candidate(
        "candidate:3 1 udp 2122260223 4b2d1c9e-7d1f-4a61-9a8e-0c6f1f1d2e3a.local 50433 typ host"
    )
    assert c is not None and c.address.endswith(".local") and c.type == "host"


def test_canonical_attribute_round_trips() -> None:
    assert to_sdp(parse_candidate(RELAY)) == RELAY  # type: ignore[arg-type]


def test_malformed_candidates_are_none() -> None:
    for bad in (
        "",
        "candidate:",
        "candidate:1 1 udp x 1.2.3.4 5 typ host",
        "candidate:1 1 udp 1 1.2.3.4 5 type host",
        "candidate:1 1 udp 1 1.2.3.4 5 typ host raddr",
        "candidate:1 1 udp 1 1.2.3.4 5 typ relay rport x",
        "not a candidate",
    ):
        assert parse_candidate(bad) is None, bad


def test_onicecandidate_text() -> None:
    text = (
        ' 2b89704c-8b69-405b-b39d-9f3c009f971e SESSION onicecandidate {"candidate":"'
        + RELAY
        + '","sdpMid":"0"}'
    )
    c = parse_onicecandidate(text, line=40)
    assert c is not None and c.type == "relay" and c.line == 40
    assert parse_onicecandidate(" x SESSION onicecandidate null") is None
    assert parse_onicecandidate(" x SESSION onicecandidate {broken") is None


def test_candidates_in_sdp_blob() -> None:
    sdp = (
        "v=0\\r\\na=candidate:1 1 udp 2122260223 192.168.1.23 50432 typ host\\r\\n"
        "a=candidate:2 1 udp 1686052607 198.51.100.7 61001 typ srflx raddr 192.168.1.23 rport 50432\\r\\n"
    )
    found = candidates_in_text(sdp, line=3)
    assert [c.type for c in found] == ["host", "srflx"]


def test_vpn_ranges() -> None:
    assert is_vpn_address("100.96.12.5")  # 100.64.0.0/10, carrier-grade NAT space used by VPN/ZTNA clients
    assert is_vpn_address("fd7a:115c:a1e0::1")
    assert not is_vpn_address("192.168.1.23")
    assert not is_vpn_address("abc.local")
    assert not is_vpn_address(None)


_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789+/", min_size=1, max_size=12)
_address = st.one_of(st.ip_addresses().map(str), st.builds(lambda t: f"{t}.local", _token))


@settings(max_examples=200, deadline=None)
@given(
    foundation=_token,
    component=st.integers(1, 256),
    protocol=st.sampled_from(["udp", "tcp"]),
    priority=st.integers(0, 2**31 - 1),
    address=_address,
    port=st.integers(0, 65535),
    kind=st.sampled_from(["host", "srflx", "prflx", "relay"]),
    related=st.one_of(st.none(), st.tuples(st.ip_addresses().map(str), st.integers(0, 65535))),
    tcptype=st.one_of(st.none(), st.sampled_from(["active", "passive", "so"])),
    extensions=st.lists(
        st.tuples(st.sampled_from(["generation", "ufrag", "network-id", "network-cost"]), _token), max_size=3
    ),
)
def test_parse_to_sdp_round_trip(
    foundation, component, protocol, priority, address, port, kind, related, tcptype, extensions
) -> None:  # type: ignore[no-untyped-def]
    text = f"candidate:{foundation} {component} {protocol} {priority} {address} {port} typ {kind}"
    if related:
        text += f" raddr {related[0]} rport {related[1]}"
    if tcptype:
        text += f" tcptype {tcptype}"
    for name, value in extensions:
        text += f" {name} {value}"
    parsed = parse_candidate(text)
    assert parsed is not None
    assert to_sdp(parsed) == text
    assert parse_candidate(to_sdp(parsed)) == parsed
