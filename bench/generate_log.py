"""Generate a realistic CCP ``agent-log.txt`` of a chosen size, for the speed bench.

Rules of this file:
- The output is what ``connect.getLog().download()`` writes: ``JSON.stringify(logs, undefined, 4)`` of
  entries in the newer layout (component, level, text, time, tabId, exception, objects, line,
  agentResourceId, loggerId, contextLayer). Python's ``json.dumps(indent=4, ensure_ascii=False)`` prints
  the same text.
- The traffic is a busy agent's: agent snapshots (nested objects) from the long poll, AWSClient API traces,
  websocket heartbeats, several softphone calls with ``sendSoftphoneMetrics`` every 30 s and a
  ``sendSoftphoneReport`` at the end, and exactly ONE call that fails with an ICE collection timeout,
  placed in the middle of the file.
- Deterministic for a seed; no clock and no network.

Usage: ``python -m bench.generate_log [OUT] [--mb 50]``
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

START = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
REGION = "eu-west-2"
TURN = f"turn:turnnlb-d76454ac48d20c1e.elb.{REGION}.amazonaws.com.:3478?transport=udp"
SIGNALLING = f"wss://rtc.connect-telecom.{REGION}.amazonaws.com/LilyRTC"
AGENT_ARN = "arn:aws:connect:eu-west-2:123456789012:instance/6b1c7a52-8f0e-4c1e-9a6e-1d2f3a4b5c6d/agent/"


@dataclass
class Writer:
    """Accumulates entries with the CCP's per-logger line counter and a moving client clock."""

    rng: random.Random
    now: datetime = START
    entries: list[dict[str, Any]] = field(default_factory=list)
    size: int = 0
    tab: str = "a1b2c3d4-0000-4000-8000-00000000cafe"
    resource: str = "7e2c61c2-3c4f-4f5a-b36e-9a1c2f6d8e01"
    logger: str = "1714555800000-0.k3j5h6g7f8"

    def tick(self, millis: int) -> None:
        self.now += timedelta(milliseconds=millis)

    def add(self, component: str, level: str, text: str, objects: list[Any] | None = None) -> None:
        entry = {
            "component": component,
            "level": level,
            "text": text,
            "time": self.now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.now.microsecond // 1000:03d}Z",
            "tabId": self.tab,
            "exception": None,
            "objects": objects or [],
            "line": len(self.entries),
            "agentResourceId": self.resource,
            "loggerId": self.logger,
            "contextLayer": "SharedWorker" if component == "ccp" else "CCP",
        }
        self.entries.append(entry)
        printed = json.dumps(entry, indent=4, ensure_ascii=False)
        self.size += len(printed.encode("utf-8")) + 4 * (printed.count("\n") + 1) + 2  # indent, ",\n"


def snapshot(w: Writer, state: str, contacts: list[dict[str, Any]]) -> dict[str, Any]:
    ts = w.now.isoformat().replace("+00:00", "Z")
    return {
        "snapshot": {
            "state": {
                "agentStateARN": AGENT_ARN + "state/1",
                "type": "ROUTABLE",
                "name": state,
                "startTimestamp": ts,
            },
            "nextState": None,
            "agentAvailabilityState": {"state": state, "timeStamp": ts},
            "contacts": contacts,
            "snapshotTimestamp": ts,
            "localTimestamp": int(w.now.timestamp() * 1000),
            "skew": w.rng.randint(-400, 400),
        },
        "nextToken": uuid.UUID(int=w.rng.getrandbits(128)).hex * 4,
    }


def poll(w: Writer, state: str = "Available", contacts: list[dict[str, Any]] | None = None) -> None:
    w.add("ccp", "INFO", "AWSClient: --> Calling operation 'getAgentSnapshot'")
    w.tick(w.rng.randint(20, 90))
    w.add("ccp", "INFO", "AWSClient: <-- Operation 'getAgentSnapshot' succeeded.", [{"statusCode": 200}])
    w.add("ccp", "TRACE", "GET_AGENT_SNAPSHOT succeeded.", [snapshot(w, state, contacts or [])])


def heartbeat(w: Writer) -> None:
    w.add("ccp", "INFO", "[WebSocketManager] Sending heartbeat")
    w.tick(w.rng.randint(30, 120))
    w.add("ccp", "INFO", "[WebSocketManager] Heartbeat response received")


def idle(w: Writer, seconds: int, contacts: list[dict[str, Any]] | None = None) -> None:
    for second in range(seconds):
        w.tick(1000)
        if second % 2 == 0:
            poll(w, "Busy" if contacts else "Available", contacts)
        if second % 10 == 0:
            heartbeat(w)


def contact_obj(cid: str, state: str) -> dict[str, Any]:
    return {
        "contactId": cid,
        "type": "voice",
        "state": {"type": state, "timestamp": "2024-05-01T10:00:00Z"},
        "connections": [
            {
                "connectionId": str(uuid.uuid5(uuid.NAMESPACE_URL, cid)),
                "type": "agent",
                "state": {"type": state},
                "softphoneMediaInfo": {
                    "callType": "audio_only",
                    "autoAccept": False,
                    "mediaLegContextToken": "[redacted]",
                    "callConfigJson": json.dumps(
                        {
                            "iceServers": [
                                {"urls": [TURN], "username": "[redacted]", "credential": "[redacted]"}
                            ],
                            "signalingEndpoint": SIGNALLING,
                            "protocol": "TCP",
                        }
                    ),
                },
            },
            {
                "connectionId": str(uuid.uuid5(uuid.NAMESPACE_DNS, cid)),
                "type": "inbound",
                "state": {"type": state},
                "endpoint": {"type": "TELEPHONE_NUMBER", "phoneNumber": "[redacted]"},
            },
        ],
        "attributes": "[redacted]",
        "queue": {"name": "BasicQueue"},
    }


def call(w: Writer, *, fail: bool) -> None:
    cid = str(uuid.UUID(int=w.rng.getrandbits(128)))
    conn = str(uuid.uuid5(uuid.NAMESPACE_URL, cid))
    w.add(
        "softphone",
        "INFO",
        f"Softphone call detected: contactId {cid} agent connectionId {conn}",
        [contact_obj(cid, "connecting")],
    )
    for before, after in (
        ("GrabLocalMediaState", "CreateOfferState"),
        ("CreateOfferState", "SetLocalSessionDescriptionState"),
        ("SetLocalSessionDescriptionState", "ConnectSignalingAndIceCollectionState"),
    ):
        w.tick(w.rng.randint(5, 40))
        w.add("softphone", "INFO", f" {cid} SESSION {before} => {after}")
    if fail:
        w.tick(8000)
        w.add("softphone", "WARN", f" {cid} SESSION ICE collection timed out")
        w.add("softphone", "ERROR", f" {cid} SESSION No ICE candidate")
        w.add("softphone", "INFO", f" {cid} SESSION ConnectSignalingAndIceCollectionState => FailedState")
        w.add(
            "softphone",
            "ERROR",
            f"Softphone error occurred :  ice_collection_timeout Ice collection "
            f"timedout. Please check TURN servers: {TURN}",
        )
        poll(w, "Available")
        return
    w.tick(120)
    w.add(
        "softphone",
        "INFO",
        f" {cid} SESSION onicecandidate "
        + json.dumps(
            {
                "candidate": "candidate:1 1 udp 41885439 18.130.10.2 52344 typ relay "
                "raddr 203.0.113.7 rport 61022 generation 0",
                "sdpMid": "0",
                "sdpMLineIndex": 0,
            }
        ),
    )
    for state in ("InviteAnswerState", "AcceptState", "ConnectContactState", "TalkingState"):
        w.tick(w.rng.randint(50, 400))
        w.add("softphone", "INFO", f" {cid} SESSION => {state}")
    for _ in range(w.rng.randint(4, 10)):
        idle(w, 30, [contact_obj(cid, "connected")])
        stats = [
            {
                "softphoneStreamType": t,
                "timestamp": w.now.isoformat(),
                "packetsLost": w.rng.randint(0, 3),
                "packetsCount": 1500,
                "audioLevel": w.rng.randint(100, 3000),
                "jitterBufferMillis": 20,
                "roundTripTimeMillis": w.rng.randint(20, 60),
            }
            for t in ("audio_input", "audio_output")
        ]
        w.add("softphone", "INFO", "sendSoftphoneMetrics success" + json.dumps(stats, separators=(",", ":")))
    w.add("softphone", "INFO", f" {cid} SESSION TalkingState => CleanUpState")
    w.add(
        "softphone",
        "INFO",
        "sendSoftphoneReport success"
        + json.dumps(
            {
                "callStartTime": "x",
                "iceCollectionTimeMillis": 160,
                "signallingConnectTimeMillis": 210,
                "iceCollectionFailure": False,
                "signallingConnectionFailure": False,
            },
            separators=(",", ":"),
        ),
    )


def generate(target_bytes: int, *, seed: int = 7) -> bytes:
    w = Writer(rng=random.Random(seed))
    failed = False
    while w.size < target_bytes:
        idle(w, w.rng.randint(60, 240))
        fail = not failed and w.size > target_bytes // 2
        call(w, fail=fail)
        failed = failed or fail
    return json.dumps(w.entries, indent=4, ensure_ascii=False).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="agent-log.txt")
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args()
    data = generate(int(args.mb * 1024 * 1024))
    Path(args.out).write_bytes(data)
    print(f"wrote {len(data) / 1024 / 1024:.1f} MB to {args.out}")


if __name__ == "__main__":
    main()
