"""Redaction of realistic softphone-log content: each kind of personal or secret data goes, evidence stays."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.diagnosis.limits import Limits
from bot.redact import Pseudonyms, redact_json_value, redact_text, redact_upload

CONTACT = "3c1a9f2e-5b7d-4d2a-9c1e-2f7b6a8d9e0f"
TURN = "turnnlb-d76454ac48d20c1e.elb.us-east-1.amazonaws.com"
IPV4 = re.compile(r"(?<!\d)(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\d)")

ONICECANDIDATE = (
    f"2022-08-05T15:09:48.709Z softphone INFO  {CONTACT} SESSION onicecandidate "
    '{"candidate":"candidate:1617863567 1 udp 41885439 52.94.133.10 61374 typ relay raddr 203.0.113.7 '
    'rport 54544 generation 0 ufrag Zx1D network-id 1","sdpMid":"0","sdpMLineIndex":0}'
)
SDP = (
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\nc=IN IP4 192.168.1.20\r\n"
    "a=candidate:842163049 1 udp 1677729535 2001:db8:85a3::8a2e:370:7334 54321 typ srflx "
    "raddr fe80::1c2b:3cff:fe4d:5e6f rport 9 generation 0\r\n"
    "a=candidate:1 1 udp 41885439 52.94.133.10 61374 typ relay raddr 192.168.1.20 rport 54544\r\n"
    "a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD\r\n"
)
CALL_CONFIG = (
    '        "callConfigJson": "{\\"signalingEndpoint\\":\\"wss://rtc.connect-telecom.us-east-1.amazonaws.com'
    '/LilyRTC\\",\\"iceServers\\":[{\\"urls\\":[\\"turn:' + TURN + '.:3478?transport=udp\\"],'
    '\\"username\\":\\"1691234567:AIDAEXAMPLEUSER\\",\\"credential\\":\\"k9dF3+ab/cdEXAMPLE==\\"}],'
    '\\"protocol\\":\\"RTC\\"}"'
)
API_TRACE = (
    "2022-08-05T15:10:02.114Z ccp TRACE AWSClient: --> Calling operation 'createOutboundContact' "
    '{"endpoint":{"type":"phone_number","phoneNumber":"+15551234567","name":"Jane Customer"},'
    '"authentication":{"authToken":"AQIDAHhEXAMPLEtoken0123456789"},"queueARN":null}'
)
SNAPSHOT = """    {
        "component": "ccp",
        "level": "DEBUG",
        "text": "Agent snapshot",
        "time": "2022-08-05T15:09:40.001Z",
        "objects": [
            {
                "configuration": {
                    "name": "Priya Raman",
                    "username": "praman",
                    "firstName": "Priya",
                    "lastName": "Raman",
                    "email": "priya.raman@example.com"
                },
                "state": {"type": "routable", "name": "Available"},
                "contacts": [{"contactId": "CONTACT", "state": {"type": "connected"}}]
            }
        ]
    }""".replace("CONTACT", CONTACT)


def test_candidate_addresses_become_pseudonyms_and_the_rest_survives() -> None:
    out = redact_text(ONICECANDIDATE)
    assert "52.94.133.10" not in out and "203.0.113.7" not in out
    assert "udp 41885439 ip-1 61374 typ relay raddr ip-2 rport 54544" in out
    assert out.startswith(f"2022-08-05T15:09:48.709Z softphone INFO  {CONTACT} SESSION onicecandidate")


def test_sdp_ipv4_and_ipv6_are_pseudonymised_stably() -> None:
    out = redact_text(SDP)
    for address in (
        "192.168.1.20",
        "52.94.133.10",
        "2001:db8:85a3::8a2e:370:7334",
        "fe80::1c2b:3cff:fe4d:5e6f",
    ):
        assert address not in out
    assert "c=IN IP4 ip-2\r\n" in out  # 127.0.0.1 came first
    assert "raddr ip-2 rport 54544" in out  # the same host address, the same token
    assert "udp 1677729535 ip6-1 54321 typ srflx raddr ip6-2 rport 9" in out
    assert "AB:CD:EF:01:23:45:67:89:AB:CD" in out  # a DTLS fingerprint is not an address
    assert out.count("\n") == SDP.count("\n")


def test_turn_credentials_are_removed_from_call_config() -> None:
    out = redact_text(CALL_CONFIG)
    assert "AIDAEXAMPLEUSER" not in out and "k9dF3" not in out
    assert '\\"credential\\":\\"<redacted>\\"' in out
    assert f"turn:{TURN}.:3478?transport=udp" in out
    assert "wss://rtc.connect-telecom.us-east-1.amazonaws.com/LilyRTC" in out


def test_api_trace_phone_customer_name_and_token_are_removed() -> None:
    out = redact_text(API_TRACE)
    assert "+15551234567" not in out and "Jane Customer" not in out and "AQIDAH" not in out
    assert '"phoneNumber":"<phone>","name":"<name>"' in out
    assert '"authToken":"<redacted>"' in out
    assert "AWSClient: --> Calling operation 'createOutboundContact'" in out


def test_snapshot_agent_name_goes_but_state_name_stays() -> None:
    out = redact_text(SNAPSHOT)
    for personal in ("Priya", "Raman", "praman", "priya.raman@example.com"):
        assert personal not in out
    assert '"state": {"type": "routable", "name": "Available"}' in out
    assert CONTACT in out and '"time": "2022-08-05T15:09:40.001Z"' in out
    assert out.count("\n") == SNAPSHOT.count("\n")


def test_phone_numbers_in_every_common_shape() -> None:
    text = "from +1 (555) 123-4567, +44 20 7946 0958, (555) 123-4567, 555.123.4567, tel:+15551234567, sip:bob"
    out = redact_text(text)
    assert re.findall(r"\d{4}", out) == []
    assert out == "from <phone>, <phone>, <phone>, <phone>, tel:<phone>, sip:<phone>"


def test_tokens_in_urls_headers_and_jwt_shapes() -> None:
    text = (
        "GET https://x.s3.amazonaws.com/log?X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2F&X-Amz-Date=20220805T151000Z"
        "&X-Amz-Credential=ASIAEXAMPLEKEY123456%2F20220805&X-Amz-Signature=0a1b2c3d4e5f\n"
        "Authorization: Bearer abcDEF123456.ghi\n"
        "contextToken=ZXhhbXBsZS1jb250ZXh0 id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl\n"
        "key AKIAABCDEFGHIJKLMNOP"
    )
    out = redact_text(text)
    for secret in (
        "IQoJb3",
        "ASIAEXAMPLE",
        "0a1b2c3d4e5f",
        "abcDEF123456",
        "ZXhhbXBs",
        "eyJhbGci",
        "AKIAABCD",
    ):
        assert secret not in out
    assert "X-Amz-Date=20220805T151000Z" in out
    assert "Authorization: <redacted>\n" in out


def test_key_value_and_colon_forms_of_name_fields() -> None:
    out = redact_text("agentName: Jane Doe, state: ok\nlogin username=jdoe&displayName=Jane")
    assert out == "agentName: <name>, state: ok\nlogin username=<name>&displayName=<name>"


def test_evidence_survives_untouched() -> None:
    evidence = (
        f"2020-10-15T13:10:53.234Z softphone ERROR {CONTACT} SESSION Failed handshaking with signaling "
        "server Timeout\nPublishing event: contact::connected::" + CONTACT + "\n"
        "Softphone error occurred :  ice_collection_timeout Ice collection timedout. "
        f"turn:{TURN}.:3478?transport=udp\nConnectSignalingAndIceCollectionState => FailedState\n"
        'sendSoftphoneReport success{"iceCollectionTimeMillis":8004,"priority":2122260223}'
    )
    assert redact_text(evidence) == evidence


def test_pseudonyms_are_stable_across_calls_sharing_one_mapping() -> None:
    names = Pseudonyms()
    first = redact_text("raddr 10.1.2.3 and 10.1.2.4", pseudonyms=names)
    second = redact_text("again 10.1.2.4 then 10.1.2.3 and 2001:db8::1", pseudonyms=names)
    assert first == "raddr ip-1 and ip-2"
    assert second == "again ip-2 then ip-1 and ip6-1"
    assert redact_text("2001:0db8:0:0:0:0:0:1", pseudonyms=names) == "ip6-1"  # same address, other spelling
    assert len(names) == 3


def test_json_values_are_redacted_by_key_and_by_pattern() -> None:
    names = Pseudonyms()
    record: dict[str, Any] = {
        "agent": {"name": "Jane Doe", "username": "jdoe", "state": {"name": "Available"}},
        "iceServers": [{"urls": [f"turn:{TURN}:3478"], "username": "1691234567:x", "credential": "secret=="}],
        "candidate": "candidate:1 1 udp 41885439 52.94.133.10 61374 typ relay raddr 10.0.0.5 rport 1",
        "contactId": CONTACT,
        "attempts": 3,
        "ok": True,
        "token": {"nested": "value"},
    }
    out = redact_json_value(record, pseudonyms=names)
    assert out["agent"] == {"name": "<name>", "username": "<name>", "state": {"name": "Available"}}
    assert out["iceServers"][0] == {
        "urls": [f"turn:{TURN}:3478"],
        "username": "<name>",
        "credential": "<redacted>",
    }
    assert out["candidate"] == "candidate:1 1 udp 41885439 ip-1 61374 typ relay raddr ip-2 rport 1"
    assert (out["contactId"], out["attempts"], out["ok"], out["token"]) == (CONTACT, 3, True, "<redacted>")
    assert record["agent"]["name"] == "Jane Doe"  # the input is not modified


def test_upload_is_decoded_like_the_reader_and_returned_redacted() -> None:
    log = json.dumps([{"text": API_TRACE, "objects": [{"name": "Jane Doe", "ip": "198.51.100.4"}]}], indent=4)
    out = redact_upload(gzip.compress(("\ufeff" + log).encode("utf-8")), limits=Limits())
    text = out.decode("utf-8")
    assert "Jane Doe" not in text and "198.51.100.4" not in text and "+15551234567" not in text
    assert text.count("\n") == log.count("\n")
    entries = json.loads(text)
    assert entries[0]["objects"][0] == {"name": "<name>", "ip": "ip-1"}


ipv4 = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
filler = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(redact_text(text), str)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(filler, ipv4), min_size=1, max_size=6), filler)
def test_no_ipv4_from_the_input_survives(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(a + b for a, b in parts) + tail
    before = set(IPV4.findall(text))
    after = set(IPV4.findall(redact_text(text)))
    assert not before & after


def test_every_known_field_name_is_found_by_the_fast_anchor() -> None:
    from bot import redact_rules as rules

    names = rules.NAME_FIELDS | rules.EMAIL_FIELDS | rules.PHONE_FIELDS | rules.SECRET_FIELDS
    camel = {
        "firstname": "firstName",
        "username": "userName",
        "phonenumber": "phoneNumber",
        "callerid": "callerId",
    }
    for field in (*names, *camel.values(), *("auth" + s.capitalize() for s in rules.SECRET_SUFFIXES)):
        assert rules.FIELD_ANCHOR.search(field), field
        assert redact_text(f'{{"{field}": "Secret Value 1"}}') != f'{{"{field}": "Secret Value 1"}}', field
