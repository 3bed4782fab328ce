"""The marker table: coverage of every MarkerId, the cheap gate, and verbatim strings from the sources."""

from __future__ import annotations

import pytest

from bot.diagnosis.markers import GATE_TOKENS, RULES, match_markers, might_match
from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.report import FLAG_MARKERS
from bot.diagnosis.states import TRANSITION_MARKERS

DERIVED = {  # markers no single line states: read from candidates and media samples (derived.py)
    M.NO_RELAY_CANDIDATE,
    M.HOST_CANDIDATES_ONLY,
    M.SRFLX_WITHOUT_RELAY,
    M.SRFLX_PORT_VARIES,
    M.VPN_ADDRESS,
    M.HIGH_PACKET_LOSS,
}


def test_every_marker_id_has_a_detector() -> None:
    from_text = {r.default for r in RULES} | {m for r in RULES for _, m in r.qualifiers}
    structured = {i.marker for i in TRANSITION_MARKERS.values()} | {f.marker for f in FLAG_MARKERS.values()}
    assert set(M) - from_text - structured - DERIVED == set()


def test_every_needle_passes_the_gate() -> None:
    assert [r.needle for r in RULES if not might_match(r.needle)] == []
    assert all(t for t in GATE_TOKENS)


def test_gate_rejects_ccp_noise() -> None:
    noise = [
        "AWSClient: --> Calling operation 'getAgentSnapshot'",
        "Publishing event: agent::refresh",
        "[WebSocketManager] Sending heartbeat",
        "Log roll interval occurred.",
    ]
    assert [n for n in noise if might_match(n) and match_markers(n)] == []
    assert not might_match("Log roll interval occurred.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            " 2b89704c-8b69-405b-b39d-9f3c009f971e SESSION ICE collection timed out",
            [M.ICE_COLLECTION_TIMEOUT],
        ),
        (
            "Softphone error occurred :  ice_collection_timeout Ice collection timedout.",
            [M.ICE_COLLECTION_TIMEOUT],
        ),
        ("ICE_TIMEOUT", [M.ICE_COLLECTION_TIMEOUT]),
        ("RtcPeerConnectionManager SESSION Failed", [M.RTC_SESSION_FAILED]),
        ("Timeout handshaking with signaling server", [M.SIGNALLING_HANDSHAKE_TIMEOUT]),
        (" x SESSION Failed handshaking with signaling server Timeout", [M.SIGNALLING_HANDSHAKE_TIMEOUT]),
        (
            " x SESSION Failed handshaking with signaling server UnknownSignalingError",
            [M.SIGNALLING_REJECTED],
        ),
        (" x SESSION Failed connecting to signaling server", [M.SIGNALLING_CONNECT_FAILED]),
        (" x SESSION User Busy, possibly multiple CCP windows open", [M.USER_BUSY]),
        (" x SESSION Local media initialization failed", [M.MICROPHONE_FAILURE]),
        (" x SESSION Lost ICE connection", [M.ICE_CONNECTION_LOST]),
        (" x SESSION ICE Connection State:  connected", []),
        (" x SESSION ICE restart failed", [M.ICE_RESTART_FAILED]),
        (" x SESSION The network recovered, IceRestart cancelled", [M.ICE_RECOVERED]),
        ("'acceptContact' API request failed", [M.API_FAILURE]),
        ("AWSClient: <-- Operation 'getAgentSnapshot' succeeded.", []),
        ("AWSClient: <-- Operation 'getAgentSnapshot' failed: {}", [M.API_FAILURE]),
        ("WebSocketManager Error, error_event:  [object Event]", [M.WEBSOCKET_ERROR]),
        ("WebSocket onclose code=1000, reason=", []),
        ("Heartbeat response not received", [M.HEARTBEAT_MISSED]),
        (" x SESSION Call not found. One of the participant probably hungup.", [M.CALL_NOT_FOUND]),
        ("ACK_TIMEOUT occurred, attempting to pop the login page if not already open.", [M.CCP_INIT_FAILURE]),
        ("TypeError: NetworkError when attempting to fetch resource.", [M.API_FAILURE]),
        ("Failed to fetch agent configuration data: [object Object]", [M.API_FAILURE]),
        ("Get new auth token failed", [M.API_FAILURE]),
    ],
)
def test_verbatim_strings(text: str, expected: list[M]) -> None:
    assert [f.marker for f in match_markers(text)] == expected


def test_streams_generic_handshake_error_is_weak() -> None:
    [found] = match_markers(
        "Softphone error occurred :  signalling_handshake_failure Handshaking with ... failed."
    )
    assert found.marker is M.SIGNALLING_HANDSHAKE_TIMEOUT and found.weak


def test_quiet_levels_use_the_short_gate_but_keep_api_failures() -> None:
    assert might_match("AWSClient: <-- Operation 'acceptContact' failed: {}", "TRACE")
    assert not might_match("[WebSocketManager] Sending heartbeat", "DEBUG")
    assert not might_match(
        "Publishing event: contact::refresh::2b89704c-8b69-405b-b39d-9f3c009f971e", "TRACE"
    )
