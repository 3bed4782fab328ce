"""Endpoint URLs recovered from payloads the readers drop (agent snapshots' callConfigJson)."""

from __future__ import annotations

import json

from bot.diagnosis import diagnose
from bot.diagnosis.reading.endpoints import MAX_URLS, endpoint_urls

CID = "0d5e6f7a-1b2c-4d3e-8f9a-0b1c2d3e4f5a"
TURN = "turn:turnnlb-93f2a1c4e5b6d7f8.elb.eu-west-2.amazonaws.com.:3478?transport=udp"
SIGNALLING = "wss://rtc.connect-telecom.eu-west-2.amazonaws.com/LilyRTC"


def _entry(
    text: str, *, time: str, level: str = "INFO", objects: list[object] | None = None
) -> dict[str, object]:
    return {
        "component": "softphone",
        "level": level,
        "text": text,
        "time": time,
        "exception": None,
        "objects": objects or [],
        "line": 1,
        "agentResourceId": "a1b2c3d4-0000-4000-8000-000000000001",
    }


def _log_with_config_only_in_a_snapshot() -> bytes:
    call_config = json.dumps(
        {
            "signalingEndpoint": SIGNALLING,
            "iceServers": [{"urls": [TURN], "username": "u", "credential": "c"}],
        }
    )
    snapshot = {
        "snapshot": {
            "contacts": [
                {
                    "contactId": CID,
                    "connections": [
                        {"softphoneMediaInfo": {"callType": "audio_only", "callConfigJson": call_config}}
                    ],
                }
            ]
        }
    }
    entries = [
        _entry("GET_AGENT_SNAPSHOT succeeded.", time="2025-06-02T09:14:01.000Z", objects=[snapshot]),
        _entry(f" {CID} SESSION GrabLocalMediaState => CreateOfferState", time="2025-06-02T09:14:02.000Z"),
        _entry(
            f" {CID} SESSION ConnectSignalingAndIceCollectionState => FailedState",
            time="2025-06-02T09:14:10.100Z",
        ),
        _entry(f" {CID} SESSION ICE collection timed out", time="2025-06-02T09:14:10.000Z", level="WARN"),
        _entry(
            "Softphone error occurred :  ice_collection_timeout Ice collection timedout. ",
            time="2025-06-02T09:14:10.200Z",
            level="ERROR",
        ),
    ]
    return json.dumps(entries, indent=4).encode()


def test_urls_are_found_in_escaped_json_strings_and_stop_at_the_escape() -> None:
    raw = json.dumps({"callConfigJson": json.dumps({"iceServers": [{"urls": [TURN]}], "sig": SIGNALLING})})
    assert endpoint_urls(raw) == (TURN, SIGNALLING)


def test_only_amazonaws_urls_count_and_each_once() -> None:
    text = f"wss://example.com/socket {TURN} {TURN} turn:relay.example.net:3478 {SIGNALLING}"
    assert endpoint_urls(text) == (TURN, SIGNALLING)


def test_at_most_max_urls_per_prefix() -> None:
    hosts = [f"turn:turnnlb-{i:04x}.elb.us-east-1.amazonaws.com.:3478" for i in range(MAX_URLS + 3)]
    assert endpoint_urls(" ".join(hosts)) == tuple(hosts[:MAX_URLS])


def test_a_call_whose_lines_name_no_endpoint_gets_the_region_from_the_snapshot() -> None:
    diagnosis = diagnose(_log_with_config_only_in_a_snapshot())
    assert diagnosis.region == "eu-west-2"
    (contact,) = diagnosis.contacts
    assert contact.contact_id == CID
    assert contact.call_config.region == "eu-west-2"
    assert contact.call_config.ccp_version == "v1"
    assert any(
        "turnnlb-93f2a1c4e5b6d7f8.elb.eu-west-2.amazonaws.com" in u for u in contact.call_config.turn_urls
    )
