"""Unit checks for the shapes and strings real excerpts taught us (see tests/fixtures/real/EXPECTED.toml).

Rules of this file: one test per fix, on the smallest input that shows it; strings are verbatim from
issue threads, AWS articles or connect-rtc-js.
"""

from __future__ import annotations

import pytest

from bot.diagnosis import read_log
from bot.diagnosis.contacts import Mention, contact_in_text
from bot.diagnosis.markers import match_markers, might_match
from bot.diagnosis.model import InputFormat
from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.states import parse_transition, shows_connected


def test_console_line_without_time_keeps_its_level_and_text() -> None:
    log = read_log(b"[ERROR] [cde5d2be-2d25-49b3-b4bb-f802c61f10b4]:  a2186aa5 SESSION No ICE candidate\n")
    assert log.format is InputFormat.CONSOLE
    (entry,) = log.entries
    assert (entry.time, entry.level, entry.text) == (None, "ERROR", " a2186aa5 SESSION No ICE candidate")


def test_parser_text_quoted_without_time_keeps_component_and_level() -> None:
    line = (
        b"softphone ERROR 0a3c849f SESSION Failed handshaking with signaling server UnknownSignalingError\n"
    )
    log = read_log(line)
    assert log.format is InputFormat.PARSER_TEXT
    (entry,) = log.entries
    assert (entry.component, entry.level) == ("softphone", "ERROR")
    assert entry.text.startswith("0a3c849f SESSION")


def test_prose_starting_with_a_component_word_is_not_parser_text() -> None:
    log = read_log(b"softphone error occurred after the ICE restart\n")
    assert log.format is InputFormat.BARE_LINES


def test_a_single_pasted_api_failure_line_is_a_log() -> None:
    log = read_log(b"'createOutboundContact' API request failed\n")
    assert [e.text for e in log.entries] == ["'createOutboundContact' API request failed"]


def test_masked_contact_id_still_names_the_call() -> None:
    ref = contact_in_text(" f23586c4-****-****-bf88-5e3ccd504e34 SIGNALING TalkingState => DisconnectedState")
    assert (ref.contact_id, ref.mention) == ("f23586c4-****-****-bf88-5e3ccd504e34", Mention.RTC)


@pytest.mark.parametrize(
    ("text", "connected"),
    [
        (" f2 SIGNALING TalkingState => PendingRemoteHangupState", True),
        (" f2 SIGNALING PendingAcceptAckState => TalkingState", True),
        (" f2 SIGNALING PendingAnswerState => FailedState", False),
        (" f2 SESSION AcceptState => TalkingState", False),  # the session line has its own table entry
    ],
)
def test_signalling_talking_state_shows_the_call_connected(text: str, connected: bool) -> None:
    transition = parse_transition(text)
    assert transition is not None
    assert shows_connected(transition) is connected


def _markers(text: str) -> set[M]:
    assert might_match(text)
    return {f.marker for f in match_markers(text)}


def test_streams_error_constant_name_is_an_ice_collection_timeout() -> None:
    assert _markers("ICE_COLLECTION_TIMEOUT") == {M.ICE_COLLECTION_TIMEOUT}


@pytest.mark.parametrize(
    ("reason", "marker"),
    [
        ("Ice Collection Timeout", M.ICE_COLLECTION_TIMEOUT),
        ("Signalling Handshake Failure", M.SIGNALLING_HANDSHAKE_TIMEOUT),
        ("User Busy", M.USER_BUSY),
        ("GUM Other Failure", M.MICROPHONE_FAILURE),
    ],
)
def test_named_failure_reason_replaces_the_generic_session_failure(reason: str, marker: M) -> None:
    text = f" 6f1e RtcPeerConnectionManager Peer connection manager detects RtcSession failure: {reason}"
    assert _markers(text) == {marker}


def test_unnamed_failure_reason_stays_a_generic_session_failure() -> None:
    assert _markers("Peer connection manager detects RtcSession failure: undefined") == {M.RTC_SESSION_FAILED}


def test_quota_breached_means_another_softphone_session() -> None:
    text = (
        " RtcPeerConnectionManager Number of active sessions are more then allowed limit for the client 9a8b"
    )
    assert _markers(text) == {M.USER_BUSY}


@pytest.mark.parametrize(
    "text",
    [
        " 6f1e SESSION Server detect peer connection being unhealthy, performing IceRestart",
        " 6f1e RtcPeerConnectionManager Peer connection manager detected unhealthy connection at call ends, "
        "tearing down the connection",
        " 6f1e SESSION Detected Lost ICE connection, pending IceRestart",
    ],
)
def test_unhealthy_peer_connection_is_a_lost_media_path(text: str) -> None:
    assert _markers(text) == {M.ICE_CONNECTION_LOST}
