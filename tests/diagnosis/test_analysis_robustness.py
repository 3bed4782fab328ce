"""Any ReadLog gives a Diagnosis (hypothesis), and the pass stays cheap on a large, noisy log."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.diagnosis.analysis import analyse
from bot.diagnosis.model import Entry, InputFormat, ReadLog, Verdict
from tests.diagnosis.analysis_support import C1, fixture_log

FRAGMENTS = [
    f" {C1} SESSION ",
    f" {C1} SIGNALING ",
    " SESSION ",
    "null => ",
    "ConnectSignalingAndIceCollectionState => FailedState",
    "AcceptState => TalkingState",
    "TalkingState => PendingRemoteHangupState",
    "ICE collection timed out",
    "No ICE candidate",
    "onicecandidate ",
    '{"candidate":"candidate:1 1 udp 1 100.64.0.1 5 typ srflx raddr 10.0.0.1 rport 9"}',
    "candidate:2 1 tcp 5 ::1 9 typ host tcptype passive",
    "sendSoftphoneReport success",
    '{"iceCollectionFailure":true,"iceCollectionTimeMillis":"x"}',
    "sendSoftphoneMetrics success",
    '[{"packetsLost":-3,"packetsCount":1e9,"roundTripTimeMillis":true}]',
    f"Softphone call detected: contactId {C1}",
    "Softphone error occurred :  ",
    "Failed handshaking with signaling server Timeout",
    "User Busy",
    "Call not found. One of the participant probably hungup.",
    "' failed",
    "Heartbeat response not received",
    "turn:turnnlb-ab.elb.eu-west-2.amazonaws.com.:3478",
    "wss://x.transport.connect.eu-west-2.amazonaws.com/",
    "Lost ICE connection",
    "{",
    "]",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=5).map("".join)
objects = st.lists(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(["contactId", "callConfigJson", "iceCollectionFailure", "x"]),
                inner,
                max_size=3,
            ),
        ),
        max_leaves=8,
    ),
    max_size=2,
).map(tuple)
entries = st.lists(
    st.builds(
        Entry,
        line=st.integers(1, 10_000),
        time=st.one_of(st.none(), st.sampled_from(["2024-03-05T10:00:00.000Z", "garbage"])),
        level=st.sampled_from([None, "TRACE", "INFO", "ERROR"]),
        component=st.none(),
        text=texts,
        objects=objects,
        exception=st.one_of(st.none(), texts),
    ),
    max_size=25,
).map(tuple)


@settings(max_examples=200, deadline=None)
@given(entries=entries, truncated=st.booleans(), contact=st.sampled_from([None, C1, "nope"]))
def test_any_read_log_gives_a_diagnosis(
    entries: tuple[Entry, ...], truncated: bool, contact: str | None
) -> None:
    log = ReadLog(
        format=InputFormat.BARE_LINES, entries=entries, entry_count=len(entries), truncated=truncated
    )
    d = analyse(log, contact_id=contact)
    assert d.verdict in set(Verdict) and d.reason
    assert all(0.0 < c.confidence < 1.0 for c in d.causes)
    assert [c.confidence for c in d.causes] == sorted((c.confidence for c in d.causes), reverse=True)
    if contact is None:  # the file is at fault whenever one of its calls is
        assert (d.verdict is Verdict.FAULT) or all(c.verdict is not Verdict.FAULT for c in d.contacts)
    else:
        assert d.focus_contact == contact.lower()
    assert all(len(e.text) <= 300 for c in d.causes for e in c.evidence)


def test_large_noisy_log_is_cheap() -> None:
    noise = [
        ("TRACE", "AWSClient: --> Calling operation 'getAgentSnapshot'"),
        ("TRACE", "AWSClient: <-- Operation 'getAgentSnapshot' succeeded."),
        ("DEBUG", "[WebSocketManager] Sending heartbeat"),
        ("DEBUG", f"Publishing event: contact::refresh::{C1}"),
        ("INFO", "Publishing event: agent::refresh"),
    ]
    filler = tuple(
        Entry(
            line=i,
            time="2024-03-05T10:00:00.000Z",
            level=noise[i % 5][0],
            component="ccp",
            text=noise[i % 5][1],
        )
        for i in range(100_000)
    )
    core = fixture_log("media_udp_blocked").entries
    log = ReadLog(InputFormat.JSON_ARRAY, filler[:50_000] + core + filler[50_000:], entry_count=100_000)
    started = time.perf_counter()
    d = analyse(log)
    elapsed = time.perf_counter() - started
    assert d.causes[0].id.value == "media_udp_blocked" and d.causes[0].confidence >= 0.75
    assert elapsed < 1.5, f"analysis of 100k entries took {elapsed:.2f} s"  # measured ~0.05 s
