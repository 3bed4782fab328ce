"""Small CCP ``agent-log.txt`` files for the end-to-end tests, in the download's JSON-array layout.

The ICE-timeout call uses the vocabulary of connect-rtc-js and amazon-connect-streams (see
``/work/shared/reference/softphone-logs.md``); ``<!channel>`` rides on an evidence line, as a hostile or
unlucky log line could.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile

CONTACT = "6f1c9b1e-3a4d-4c2b-9f7e-2d8a1b0c5e44"
TURN = "turn:turnnlb-d76454ac48d20c1e.elb.eu-west-2.amazonaws.com.:3478?transport=udp"


def ice_timeout_log(*, hostile: str = "<!channel>") -> bytes:
    texts = [
        ("ccp", "INFO", "Initializing Websocket Manager"),
        (
            "softphone",
            "INFO",
            f"Softphone call detected: contactId {CONTACT} agent connectionId 8b2e4f1a-7c3d",
        ),
        ("softphone", "INFO", f" {CONTACT} SESSION GrabLocalMediaState => CreateOfferState"),
        ("softphone", "INFO", f" {CONTACT} SESSION CreateOfferState => SetLocalSessionDescriptionState"),
        (
            "softphone",
            "INFO",
            f" {CONTACT} SESSION SetLocalSessionDescriptionState => ConnectSignalingAndIceCollectionState",
        ),
        ("softphone", "INFO", f" {CONTACT} SIGNALING FailOnTimeoutState => PendingConnectState"),
        ("softphone", "WARN", f" {CONTACT} SESSION ICE collection timed out {hostile}"),
        ("softphone", "ERROR", f" {CONTACT} SESSION No ICE candidate"),
        (
            "softphone",
            "ERROR",
            f" {CONTACT} RtcPeerConnectionManager Peer connection manager detects RtcSession failure: "
            "Ice Collection Timeout",
        ),
        ("softphone", "INFO", f" {CONTACT} SESSION ConnectSignalingAndIceCollectionState => FailedState"),
        (
            "softphone",
            "ERROR",
            f"Softphone error occurred :  ice_collection_timeout {hostile} Ice collection timedout. {TURN}",
        ),
        ("ccp", "INFO", f"Publishing event: contact::ended::{CONTACT}"),
    ]
    entries: list[dict[str, object]] = [
        {
            "component": c,
            "level": lvl,
            "text": t,
            "time": f"2024-05-14T09:12:{10 + i:02d}.000Z",
            "exception": None,
            "objects": [],
            "line": i + 1,
        }
        for i, (c, lvl, t) in enumerate(texts)
    ]
    return json.dumps(entries, indent=4).encode()


def zip_bomb() -> bytes:
    """One member that expands about a thousandfold (zeros compress extremely well)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("agent-log.txt", b"0" * (20 * 1024 * 1024))
    return buf.getvalue()


def gzip_log() -> bytes:
    return gzip.compress(ice_timeout_log())


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
