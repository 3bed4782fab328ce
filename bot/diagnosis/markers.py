"""THE marker table: which literal strings in an entry's text mean which ``MarkerId``.

Rules of this file:
- A table, not an if-chain. Each ``TextRule`` maps one literal (case-sensitive, as written by
  amazon-connect-streams / connect-rtc-js / Operata) to a marker, optionally refined by ``qualifiers``:
  ordered (substring, marker-or-None) pairs looked up in the rest of the text, first match wins,
  ``default`` otherwise. ``None`` means "this literal here is not evidence".
- Speed: ``might_match`` is a handful of ``in`` checks on ``GATE_TOKENS``; every needle contains one of
  them (a test enforces it), so entries failing the gate are skipped without a regex or an allocation.
  TRACE/DEBUG entries (the bulk) are checked against the shorter ``QUIET_GATE_TOKENS``.
  Only gated entries run the one combined regex of all needles.
- ``Scope.FILE`` markers describe the CCP as a whole (API, CCP websocket, heartbeats, CCP start-up):
  lines without a contact id carrying them are file-level evidence, not the current call's.
- Structured detectors (report flags, metrics, candidates, state paths) live in ``report.py``,
  ``states.py`` and ``derived.py``; they emit the same marker ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.diagnosis.model import MarkerId as M


class Scope(Enum):
    CONTACT = "contact"
    FILE = "file"


Qualifiers = tuple[tuple[str, M | None], ...]


@dataclass(frozen=True, slots=True)
class TextRule:
    needle: str
    default: M | None
    qualifiers: Qualifiers = ()
    weak: bool = False  # the literal names a failure without saying why (see causes.py)


@dataclass(frozen=True, slots=True)
class Found:
    marker: M
    weak: bool


# How a signalling failure line ends tells a timeout from a rejection (connect-rtc-js exception names).
_HANDSHAKE_EXCEPTIONS: Qualifiers = (
    ("RequestTimeoutException", M.SIGNALLING_HANDSHAKE_TIMEOUT),
    ("UnknownSignalingError", M.SIGNALLING_REJECTED),
    ("AccessDeniedException", M.SIGNALLING_REJECTED),
    ("InternalServerException", M.SIGNALLING_REJECTED),
    ("BadRequestException", M.SIGNALLING_REJECTED),
    ("IdempotencyException", M.SIGNALLING_REJECTED),
    ("BusyException", M.USER_BUSY),
    ("CallNotFoundException", M.CALL_NOT_FOUND),
    ("SignalingChannelDownError", M.SIGNALLING_CONNECT_FAILED),
    ("Timeout", M.SIGNALLING_HANDSHAKE_TIMEOUT),
)

# connect-rtc-js RTC_ERRORS values, as written after "Peer connection manager detects RtcSession failure: ".
_NAMED_REASONS: Qualifiers = tuple(
    (f": {reason}", None)
    for reason in (
        "Ice Collection Timeout",
        "User Busy",
        "Signalling Connection Failure",
        "Signalling Handshake Failure",
        "Set Remote Description Failure",
        "Create Offer Failure",
        "Set Local Description Failure",
        "Invalid Remote SDP",
        "No Remote ICE Candidate",
        "GUM Timeout Failure",
        "GUM Other Failure",
        "Call Not Found",
        "Access Denied",
    )
)

RULES: tuple[TextRule, ...] = (
    # ICE gathering (connect-rtc-js ConnectSignalingAndIceCollectionState; streams; Operata aliases)
    TextRule("ICE collection timed out", M.ICE_COLLECTION_TIMEOUT),
    TextRule("ice_collection_timeout", M.ICE_COLLECTION_TIMEOUT),
    TextRule("Ice collection timedout", M.ICE_COLLECTION_TIMEOUT),
    TextRule("Ice Collection Timeout", M.ICE_COLLECTION_TIMEOUT),
    TextRule("ICE_TIMEOUT", M.ICE_COLLECTION_TIMEOUT),
    TextRule("ICE_COLLECTION_TIMEOUT", M.ICE_COLLECTION_TIMEOUT),  # Streams' RTCErrors constant name
    TextRule("No ICE candidate", M.NO_ICE_CANDIDATE),
    # "RtcSession failure: <reason>": a named reason is matched by its own rule below and says more.
    TextRule("RtcSession failure", M.RTC_SESSION_FAILED, _NAMED_REASONS),
    TextRule("SESSION_FAILED", M.RTC_SESSION_FAILED),
    TextRule("RtcPeerConnectionManager SESSION Failed", M.RTC_SESSION_FAILED),
    # signalling
    TextRule("Failed connecting to signaling server", M.SIGNALLING_CONNECT_FAILED),
    TextRule("signalling_connection_failure", M.SIGNALLING_CONNECT_FAILED),
    TextRule("Signalling Connection Failure", M.SIGNALLING_CONNECT_FAILED),
    TextRule(
        "Failed handshaking with signaling server", M.SIGNALLING_HANDSHAKE_TIMEOUT, _HANDSHAKE_EXCEPTIONS
    ),
    TextRule("Timeout handshaking with signaling server", M.SIGNALLING_HANDSHAKE_TIMEOUT),
    TextRule(
        "signalling_handshake_failure", M.SIGNALLING_HANDSHAKE_TIMEOUT, _HANDSHAKE_EXCEPTIONS, weak=True
    ),
    TextRule("Signalling Handshake Failure", M.SIGNALLING_HANDSHAKE_TIMEOUT, weak=True),
    TextRule("UnknownSignalingError", M.SIGNALLING_REJECTED),
    TextRule("AccessDeniedException", M.SIGNALLING_REJECTED),
    TextRule("Access Denied by server", M.SIGNALLING_REJECTED),
    TextRule("RtcSession failure: Access Denied", M.SIGNALLING_REJECTED),
    TextRule("InternalServerException", M.SIGNALLING_REJECTED),
    # agent side
    TextRule("User Busy", M.USER_BUSY),
    TextRule("user_busy_error", M.USER_BUSY),
    TextRule("BusyException", M.USER_BUSY),
    TextRule("multiple_softphone_active_sessions", M.USER_BUSY),
    TextRule("duplicate session detected", M.USER_BUSY),
    # connect-rtc-js RtcPeerConnectionManager on the server's quotaBreached message
    TextRule("Number of active sessions are more then allowed limit", M.USER_BUSY),
    TextRule("Local media initialization failed", M.MICROPHONE_FAILURE),
    TextRule("microphone_not_shared", M.MICROPHONE_FAILURE),
    TextRule("Your microphone is not enabled", M.MICROPHONE_FAILURE),
    TextRule("GUM Timeout Failure", M.MICROPHONE_FAILURE),
    TextRule("GUM Other Failure", M.MICROPHONE_FAILURE),
    TextRule("CreateOffer failed", M.WEBRTC_FAILURE),
    TextRule("SetLocalDescription failed", M.WEBRTC_FAILURE),
    TextRule("SetRemoteDescription failed", M.WEBRTC_FAILURE),
    TextRule("Invalid remote SDP", M.WEBRTC_FAILURE),
    TextRule("No remote ICE candidate", M.WEBRTC_FAILURE),
    TextRule("Create Offer Failure", M.WEBRTC_FAILURE),
    TextRule("Set Local Description Failure", M.WEBRTC_FAILURE),
    TextRule("Set Remote Description Failure", M.WEBRTC_FAILURE),
    TextRule("Invalid Remote SDP", M.WEBRTC_FAILURE),
    TextRule("No Remote ICE Candidate", M.WEBRTC_FAILURE),
    TextRule("webrtc_error", M.WEBRTC_FAILURE, weak=True),  # Streams' catch-all for any other reason
    TextRule("realtime_communication_error", M.WEBRTC_FAILURE),
    TextRule("vdi_strategy_not_supported", M.WEBRTC_FAILURE),
    TextRule("vdi_redir_not_supported", M.WEBRTC_FAILURE),
    TextRule("unsupported_browser", M.UNSUPPORTED_BROWSER),
    TextRule("Connect does not support this browser", M.UNSUPPORTED_BROWSER),
    # mid-call
    TextRule("Lost ICE connection", M.ICE_CONNECTION_LOST),
    TextRule("Trying to restart ICE connection", M.ICE_CONNECTION_LOST),
    TextRule("ICE Connection State:", None, (("failed", M.ICE_CONNECTION_LOST),)),
    # connect-rtc-js persistent peer connection: the server or the call-end health check saw a dead media path
    TextRule("Server detect peer connection being unhealthy", M.ICE_CONNECTION_LOST),
    TextRule("detected unhealthy connection at call ends", M.ICE_CONNECTION_LOST),
    TextRule("ICE restart failed", M.ICE_RESTART_FAILED),
    TextRule("The network recovered, IceRestart cancelled", M.ICE_RECOVERED),
    TextRule("Max invite attempts reached", M.ICE_RESTART_FAILED),
    # CCP / API
    TextRule("API request failed", M.API_FAILURE),
    TextRule("NetworkingError", M.API_FAILURE),
    TextRule("Network Failure", M.API_FAILURE),
    TextRule("Failed to get agent data", M.API_FAILURE),
    # from the AWS CCP Log Parser's list of known messages
    TextRule("NetworkError when attempting to fetch resource", M.API_FAILURE),
    TextRule("Failed to fetch agent configuration data", M.API_FAILURE),
    TextRule("Get new auth token failed", M.API_FAILURE),
    TextRule("' failed", M.API_FAILURE, (("Unauthorized", None),)),  # AWSClient: <-- Operation '<op>' failed
    TextRule("Heartbeat response not received", M.HEARTBEAT_MISSED),
    TextRule("WebSocketManager Error", M.WEBSOCKET_ERROR),
    TextRule("[webSocketOnError]", M.WEBSOCKET_ERROR),
    TextRule("WebSocket onclose", M.WEBSOCKET_ERROR, (("code=1000", None),)),
    TextRule("ACK_TIMEOUT occurred", M.CCP_INIT_FAILURE),
    TextRule("Failed to initialize the API shared worker", M.CCP_INIT_FAILURE),
    # normal endings / context
    TextRule("Call not found. One of the participant probably hung", M.CALL_NOT_FOUND),
    TextRule("CallNotFoundException", M.CALL_NOT_FOUND),
    TextRule("Call Not Found", M.CALL_NOT_FOUND),
    TextRule("Agent disconnected successfully", M.AGENT_HANGUP),
    TextRule("Agent clicks hangs up", M.AGENT_HANGUP),
    TextRule("Hangs up in PendingAnswerState", M.AGENT_HANGUP),
)

FILE_SCOPE: frozenset[M] = frozenset(
    {M.API_FAILURE, M.HEARTBEAT_MISSED, M.WEBSOCKET_ERROR, M.CCP_INIT_FAILURE, M.UNSUPPORTED_BROWSER}
)

# Every needle above (and every text the structured detectors read) contains one of these.
GATE_TOKENS: tuple[str, ...] = (
    "SESSION",
    "SIGNALING",
    "ICE",
    "oftphone",
    "ailed",
    "ailure",
    "rror",
    "imeout",
    "TIMEOUT",
    "detected",
    "contactId",
    "candidate",
    "Busy",
    "browser",
    "icrophone",
    "not received",
    "onclose",
    "turn:",
    "wss:",
    "disconnected",
    "invite",
    "SDP",
    "vdi_",
    "ot found",
    "otFound",
    "ot Found",
    "ollection",
    "Access",
    "xception",
    "angs up",
    "active sessions",
    "unhealthy",
    "recovered",
)

_BY_NEEDLE: dict[str, TextRule] = {r.needle: r for r in RULES}
# Longest first so that a needle that contains another wins the alternation at the same position.
_NEEDLES = re.compile("|".join(re.escape(n) for n in sorted(_BY_NEEDLE, key=len, reverse=True)))


# TRACE and DEBUG carry the bulk of a CCP log (API traces, snapshot polls, heartbeats, event publishing).
# connect-rtc-js never logs below LOG, so at these levels only failures and session lines can matter.
QUIET_LEVELS = frozenset({"TRACE", "DEBUG"})
QUIET_GATE_TOKENS: tuple[str, ...] = ("ailed", "rror", "ailure", "imeout", "TIMEOUT", "SESSION", "SIGNALING")


def might_match(text: str, level: str | None = None) -> bool:
    """Cheap gate: False means no marker and no structured detector can apply to this text."""
    tokens = QUIET_GATE_TOKENS if level in QUIET_LEVELS else GATE_TOKENS
    for token in tokens:  # noqa: SIM110 - a plain loop is ~2x faster than any() on the hot path
        if token in text:
            return True
    return False


def match_markers(text: str) -> tuple[Found, ...]:
    """Every marker the table finds in ``text``, in order of first appearance; strong wins over weak."""
    found: dict[M, bool] = {}
    for hit in _NEEDLES.finditer(text):
        rule = _BY_NEEDLE[hit.group()]
        marker = _resolve(rule, text[hit.end() :])
        if marker is not None:
            found[marker] = found.get(marker, True) and rule.weak
    return tuple(Found(marker, weak) for marker, weak in found.items())


def _resolve(rule: TextRule, rest: str) -> M | None:
    for needle, marker in rule.qualifiers:
        if needle in rest:
            return marker
    return rule.default


def scope_of(marker: M) -> Scope:
    return Scope.FILE if marker in FILE_SCOPE else Scope.CONTACT
