"""Verdicts per contact and for the file: no-fault endings, several calls, a contact asked about, excerpts."""

from __future__ import annotations

from dataclasses import replace

from bot.diagnosis import diagnose
from bot.diagnosis.analysis import analyse
from bot.diagnosis.model import CauseId as C
from bot.diagnosis.model import Diagnosis, Verdict
from tests.diagnosis.analysis_support import (
    C1,
    C2,
    bare_log,
    diagnose_fixture,
    diagnose_text,
    fixture_log,
    line_of,
)


def test_agent_hangup_is_no_fault() -> None:
    d = diagnose_fixture("no_fault_agent_hangup")
    [contact] = d.contacts
    assert (d.verdict, contact.verdict, contact.ended_by) == (Verdict.NO_FAULT, Verdict.NO_FAULT, "agent")
    assert d.causes == () and "agent hung up" in d.reason
    assert contact.signalling_states[-3:] == ("TalkingState", "PendingRemoteHangupState", "DisconnectedState")


def test_customer_hanging_up_during_setup_is_no_fault() -> None:
    d = diagnose_fixture("no_fault_customer_setup_hangup")
    [contact] = d.contacts
    assert (contact.verdict, contact.ended_by, d.causes) == (Verdict.NO_FAULT, "customer", ())
    assert "customer hung up" in contact.reason
    assert contact.report_failures == ("handshakingFailure",)  # set by connect-rtc-js, yet no fault


def test_clean_call_with_metrics() -> None:
    d = diagnose_fixture("no_fault_clean_call")
    [contact] = d.contacts
    assert (d.verdict, contact.ended_by) == (Verdict.NO_FAULT, "customer")
    assert contact.media.samples == 4 and contact.media.loss_ratio is not None
    assert contact.media.loss_ratio < 0.01
    assert contact.candidates[0].type == "relay"


def test_no_softphone_activity_is_inconclusive() -> None:
    d = diagnose_fixture("no_softphone")
    assert (d.verdict, d.contacts, d.causes) == (Verdict.INCONCLUSIVE, (), ())
    assert "No softphone call" in d.reason


def test_multi_call_log_keeps_calls_apart() -> None:
    d = diagnose_fixture("multi_call")
    assert [(c.contact_id, c.verdict, c.ended_by) for c in d.contacts] == [
        (C2, Verdict.NO_FAULT, "agent"),
        (C1, Verdict.FAULT, "failure"),
    ]
    assert d.verdict is Verdict.FAULT and d.causes[0].id is C.MEDIA_UDP_BLOCKED
    assert d.contacts[0].causes == ()
    assert d.contacts[1].first_time is not None and d.contacts[0].last_time is not None
    assert d.contacts[0].last_time < d.contacts[1].first_time  # type: ignore[operator]
    assert d.region == "us-east-1"


def test_focus_on_the_good_call() -> None:
    d = diagnose_fixture("multi_call", contact_id=C2.upper())
    assert (d.focus_contact, d.verdict, d.causes) == (C2, Verdict.NO_FAULT, ())
    assert len(d.contacts) == 2


def test_focus_on_the_failing_call() -> None:
    d = diagnose_fixture("multi_call", contact_id=C1)
    assert (d.focus_contact, d.verdict) == (C1, Verdict.FAULT)
    assert d.causes[0].evidence[0].line == line_of("multi_call", "SESSION ICE collection timed out")


def test_contact_not_in_log_explains_rollover() -> None:
    missing = "11111111-2222-3333-4444-555555555555"
    d = diagnose_fixture("multi_call", contact_id=missing)
    assert (d.verdict, d.causes, d.focus_contact) == (Verdict.INCONCLUSIVE, (), missing)
    assert "not in this log" in d.reason and "30–60 minutes" in d.reason
    assert d.reason in d.notes


def test_truncated_log_before_call_ended() -> None:
    log = fixture_log("no_fault_agent_hangup")
    cut = next(i for i, e in enumerate(log.entries) if "AcceptState => TalkingState" in e.text)
    d = analyse(replace(log, entries=log.entries[: cut - 2], truncated=True))
    [contact] = d.contacts
    assert (contact.verdict, d.verdict, d.truncated) == (Verdict.INCONCLUSIVE, Verdict.INCONCLUSIVE, True)
    assert "cut off" in contact.reason and any("cut off" in n for n in d.notes)


def test_lone_pasted_error_line_is_modest() -> None:
    d = analyse(bare_log("Softphone error occurred :  ice_collection_timeout Ice collection timedout."))
    assert [c.id for c in d.causes] == [C.MEDIA_UDP_BLOCKED, C.VPN_INTERFERENCE]
    assert 0.5 <= d.causes[0].confidence < 0.6 and d.causes[1].confidence < 0.4
    assert d.contacts[0].contact_id is None and d.verdict is Verdict.FAULT


def test_operata_aliases() -> None:
    assert analyse(bare_log("ICE_TIMEOUT")).causes[0].id is C.MEDIA_UDP_BLOCKED
    handshake = analyse(bare_log("Timeout handshaking with signaling server"))
    assert handshake.causes[0].id is C.SIGNALLING_HANDSHAKE_TIMEOUT
    # a bare "session failed" says something failed, not what: low confidence
    assert analyse(bare_log("SESSION_FAILED")).causes[0].confidence < 0.5


def test_corroboration_beats_a_lone_line() -> None:
    lone = analyse(bare_log("Softphone error occurred :  ice_collection_timeout Ice collection timedout."))
    full = diagnose_fixture("media_udp_blocked")
    assert full.causes[0].confidence - lone.causes[0].confidence >= 0.2


def test_console_paste() -> None:
    text = (
        "[2024-03-05T10:00:04.500Z] [WARN] [5f7a7a2e-8c1e-4a8e-9f22-3c51c2a0a111]:  "
        f"{C1} SESSION ICE collection timed out\n"
        "connect-streams.js:21262 [2024-03-05T10:00:04.503Z] [ERROR] "
        "[5f7a7a2e-8c1e-4a8e-9f22-3c51c2a0a111]:  "
        "Softphone error occurred :  ice_collection_timeout Ice collection timedout.\n"
    )
    d = diagnose_text(text)
    assert [(c.contact_id, c.verdict) for c in d.contacts] == [(C1, Verdict.FAULT)]
    assert [e.line for e in d.causes[0].evidence] == [1, 2]
    assert d.contacts[0].ice_timeout_time == "2024-03-05T10:00:04.500Z"


def test_aws_article_excerpt_names_region() -> None:
    text = (
        "2020-10-15T12:58:34.596Z softphone INFO 86fed616-d4cc-4f27-84be-039a412806ec SIGNALING "
        "PendingAnswerState => FailedState\n"
        "2020-10-15T12:58:34.597Z softphone ERROR 86fed616-d4cc-4f27-84be-039a412806ec SESSION "
        "Failed handshaking with signaling server Timeout\n"
        "2020-10-15T12:58:34.597Z softphone ERROR Softphone error occurred :  signalling_handshake_failure "
        "Handshaking with Signalling Server "
        "wss://rtc.connect-telecom.ap-northeast-1.amazonaws.com/LilyRTC failed.\n"
    )
    d: Diagnosis = diagnose_text(text)
    assert d.causes[0].id is C.SIGNALLING_HANDSHAKE_TIMEOUT
    assert d.causes[0].evidence[0].line == 2  # the line that says "Timeout", before the bare transition
    assert (d.region, d.contacts[0].call_config.ccp_version) == ("ap-northeast-1", "v1")


def test_titles_are_used_when_given() -> None:
    d = analyse(
        fixture_log("media_udp_blocked"), titles={C.MEDIA_UDP_BLOCKED: "UDP to the TURN relay blocked"}
    )
    assert d.causes[0].title == "UDP to the TURN relay blocked"
    assert d.causes[1].title == "Vpn interference"


def test_diagnosis_round_trips_through_dict() -> None:
    d = diagnose_fixture("multi_call")
    assert Diagnosis.from_dict(d.to_dict()) == d


_BLIP = (
    "2024-09-12T10:00:00.100Z softphone INFO  {cid} SESSION AcceptState => TalkingState\n"
    "2024-09-12T10:02:10.201Z softphone INFO  {cid} SESSION "
    "Detected Lost ICE connection, pending IceRestart\n"
    "{after}"
)
_CID = "6f1e2d3c-4b5a-4987-8a6b-5c4d3e2f1a0b"


def test_an_ice_drop_that_recovered_is_shown_but_is_not_a_fault() -> None:
    after = f"2024-09-12T10:02:13.202Z softphone INFO  {_CID} SESSION "
    after += "The network recovered, IceRestart cancelled\n"
    diagnosis = diagnose(_BLIP.format(cid=_CID, after=after).encode())
    assert diagnosis.verdict is Verdict.NO_FAULT
    assert "recovered by itself" in diagnosis.reason
    assert [c.id for c in diagnosis.causes] == [C.MEDIA_LOST_MID_CALL]
    assert diagnosis.causes[0].confidence < 0.35


def test_an_ice_drop_whose_restart_failed_is_a_fault() -> None:
    after = f"2024-09-12T10:02:13.202Z softphone INFO  {_CID} SESSION Trying to restart ICE connection\n"
    after += f"2024-09-12T10:02:21.300Z softphone ERROR  {_CID} SESSION ICE restart failed\n"
    diagnosis = diagnose(_BLIP.format(cid=_CID, after=after).encode())
    assert diagnosis.verdict is Verdict.FAULT
    assert diagnosis.causes[0].id is C.MEDIA_LOST_MID_CALL
    assert diagnosis.causes[0].confidence >= 0.6


def test_a_signalling_failure_during_an_in_call_ice_restart_is_the_restart_failing() -> None:
    after = f"2024-09-12T10:02:13.202Z softphone INFO  {_CID} SESSION Trying to restart ICE connection\n"
    after += (
        f"2024-09-12T10:02:18.300Z softphone ERROR  {_CID} SESSION "
        "Failed handshaking with signaling server Timeout\n"
    )
    diagnosis = diagnose(_BLIP.format(cid=_CID, after=after).encode())
    assert diagnosis.verdict is Verdict.FAULT
    assert [c.id for c in diagnosis.causes] == [C.MEDIA_LOST_MID_CALL]


def test_a_signalling_failure_in_a_call_without_an_ice_loss_stays_a_signalling_cause() -> None:
    log = (
        f"2024-09-12T10:00:00.100Z softphone INFO  {_CID} SESSION AcceptState => TalkingState\n"
        f"2024-09-12T10:02:18.300Z softphone ERROR  {_CID} SESSION "
        "Failed handshaking with signaling server Timeout\n"
    )
    diagnosis = diagnose(log.encode())
    assert diagnosis.causes and diagnosis.causes[0].id is C.SIGNALLING_HANDSHAKE_TIMEOUT
