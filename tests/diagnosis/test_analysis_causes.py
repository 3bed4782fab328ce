"""Every cause fixture (a realistic agent-log.txt) through the real reader and the analysis."""

from __future__ import annotations

import pytest

from bot.diagnosis.model import CauseId as C
from bot.diagnosis.model import Verdict
from tests.diagnosis.analysis_support import C1, diagnose_fixture, line_of


def band(confidence: float) -> str:
    return "high" if confidence >= 0.75 else "medium" if confidence >= 0.5 else "low"


# fixture → (causes in rank order, band of the top cause)
EXPECTED: dict[str, tuple[list[C], str]] = {
    "media_udp_blocked": ([C.MEDIA_UDP_BLOCKED, C.VPN_INTERFERENCE], "high"),
    "vpn_interference": ([C.VPN_INTERFERENCE, C.MEDIA_UDP_BLOCKED], "high"),
    "stun_unreachable": ([C.STUN_UNREACHABLE, C.MEDIA_UDP_BLOCKED, C.VPN_INTERFERENCE], "high"),
    "symmetric_nat": ([C.SYMMETRIC_NAT], "medium"),
    "signalling_blocked": ([C.SIGNALLING_BLOCKED], "medium"),
    "signalling_handshake_timeout": ([C.SIGNALLING_HANDSHAKE_TIMEOUT], "medium"),
    "signalling_rejected": ([C.SIGNALLING_REJECTED], "medium"),
    "multiple_softphones": ([C.MULTIPLE_SOFTPHONES], "high"),
    "microphone_unavailable": ([C.MICROPHONE_UNAVAILABLE], "high"),
    "media_lost_mid_call": ([C.MEDIA_LOST_MID_CALL], "medium"),
    "api_unreachable": ([C.API_UNREACHABLE, C.SIGNALLING_BLOCKED], "medium"),
    "webrtc_error": ([C.WEBRTC_ERROR], "medium"),
    "ccp_load_failure": ([C.CCP_LOAD_FAILURE], "medium"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_causes_rank_and_band(name: str) -> None:
    causes, top_band = EXPECTED[name]
    d = diagnose_fixture(name)
    assert d.verdict is Verdict.FAULT
    assert [c.id for c in d.causes] == causes
    assert band(d.causes[0].confidence) == top_band
    assert all(0.0 < c.confidence < 1.0 for c in d.causes)
    assert [c.confidence for c in d.causes] == sorted((c.confidence for c in d.causes), reverse=True)


def test_every_cause_id_has_a_fixture_where_it_ranks_first() -> None:
    assert {causes[0] for causes, _ in EXPECTED.values()} == set(C)


def test_ice_timeout_evidence_leads_with_the_telling_lines() -> None:
    d = diagnose_fixture("media_udp_blocked")
    top = d.causes[0]
    lines = [e.line for e in top.evidence]
    assert lines[:3] == [
        line_of("media_udp_blocked", "SESSION ICE collection timed out"),
        line_of("media_udp_blocked", "SESSION No ICE candidate"),
        line_of("media_udp_blocked", "ConnectSignalingAndIceCollectionState => FailedState"),
    ]
    assert line_of("media_udp_blocked", "sendSoftphoneReport success") in lines
    assert top.evidence[0].time == "2024-03-05T10:00:04.500Z"
    assert top.evidence[0].text == "2b89704c-8b69-405b-b39d-9f3c009f971e SESSION ICE collection timed out"
    assert all(len(e.text) <= 300 for e in top.evidence)


def test_ice_timeout_contact_details() -> None:
    [contact] = diagnose_fixture("media_udp_blocked").contacts
    assert contact.contact_id == C1
    assert contact.verdict is Verdict.FAULT and contact.ended_by == "failure"
    assert contact.session_states == (
        "GrabLocalMediaState",
        "CreateOfferState",
        "SetLocalSessionDescriptionState",
        "ConnectSignalingAndIceCollectionState",
        "FailedState",
    )
    assert contact.signalling_states == ("PendingConnectState", "PendingInviteState")
    assert contact.candidates == ()
    assert contact.ice_timeout_time == "2024-03-05T10:00:04.500Z"
    assert contact.report_failures == ("iceCollectionFailure",)
    assert ("iceCollectionTimeMillis", 8003.0) in contact.report_timings
    assert contact.call_config.region == "us-east-1"
    assert contact.call_config.turn_urls == (
        "turn:turnnlb-d76454ac48d20c1e.elb.us-east-1.amazonaws.com.:3478?transport=udp",
    )
    assert "8.0 s" in contact.reason and "relay" in contact.reason
    assert contact.timeline[0].text.startswith("Softphone call detected")


def test_vpn_address_puts_vpn_first_and_names_the_candidate_line() -> None:
    d = diagnose_fixture("vpn_interference")
    vpn = d.causes[0]
    assert vpn.id is C.VPN_INTERFERENCE
    assert vpn.evidence[0].line == line_of("vpn_interference", "100.96.12.5 50432 typ host")
    assert d.causes[1].confidence < vpn.confidence


def test_signalling_config_reads_region_and_ccp_v1() -> None:
    [contact] = diagnose_fixture("signalling_handshake_timeout").contacts
    assert contact.call_config.signalling_url == "wss://rtc.connect-telecom.us-east-1.amazonaws.com/LilyRTC"
    assert (contact.call_config.region, contact.call_config.ccp_version) == ("us-east-1", "v1")
    assert contact.signalling_states[-2:] == ("PendingAnswerState", "FailedState")
    assert "rtc.connect-telecom.us-east-1.amazonaws.com" in contact.reason


def test_rejected_handshake_is_not_a_timeout() -> None:
    d = diagnose_fixture("signalling_rejected")
    assert C.SIGNALLING_HANDSHAKE_TIMEOUT not in [c.id for c in d.causes]
    assert d.causes[0].evidence[0].line == line_of("signalling_rejected", "UnknownSignalingError")


def test_mid_call_loss_reads_metrics() -> None:
    [contact] = diagnose_fixture("media_lost_mid_call").contacts
    assert contact.media.samples == 4  # two metrics lines, one sample per direction each
    assert contact.media.packets_lost == 2 * (2 + 400)
    assert contact.media.max_rtt_ms == 900 and contact.media.max_jitter_ms == 180
    assert contact.causes[0].evidence[0].line == line_of("media_lost_mid_call", 'packetsLost\\":400')
    assert "TalkingState" in contact.session_states


def test_file_level_causes_have_no_contact() -> None:
    d = diagnose_fixture("api_unreachable")
    assert d.contacts == ()
    assert d.causes[0].evidence[0].line == line_of("api_unreachable", "'acceptContact' API request failed")
