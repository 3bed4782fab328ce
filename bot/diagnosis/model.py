"""Domain values of the diagnosis core: what a read log is, and what a diagnosis says.

Rules of this file:
- Frozen dataclasses and enums only; no I/O, no clock, no parsing of log text.
- The string values of ``Verdict``, ``CauseId`` and ``MarkerId`` are part of the product's interface
  (JSON output, knowledge files, chat buttons, stored records): never rename one.
- ``Diagnosis.to_dict()`` is the JSON shape of ``icebreaker diagnose --json`` (plus extra detail keys);
  ``Diagnosis.from_dict()`` reads back exactly what ``to_dict()`` wrote (stored records round-trip).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class Verdict(str, Enum):
    FAULT = "fault"
    NO_FAULT = "no_fault"
    INCONCLUSIVE = "inconclusive"


class CauseId(str, Enum):
    MEDIA_UDP_BLOCKED = "media_udp_blocked"
    STUN_UNREACHABLE = "stun_unreachable"
    VPN_INTERFERENCE = "vpn_interference"
    SYMMETRIC_NAT = "symmetric_nat"
    SIGNALLING_BLOCKED = "signalling_blocked"
    SIGNALLING_HANDSHAKE_TIMEOUT = "signalling_handshake_timeout"
    SIGNALLING_REJECTED = "signalling_rejected"
    MULTIPLE_SOFTPHONES = "multiple_softphones"
    MICROPHONE_UNAVAILABLE = "microphone_unavailable"
    MEDIA_LOST_MID_CALL = "media_lost_mid_call"
    API_UNREACHABLE = "api_unreachable"
    WEBRTC_ERROR = "webrtc_error"
    CCP_LOAD_FAILURE = "ccp_load_failure"


class MarkerId(str, Enum):
    """Facts the core detects in a log. Knowledge files reference these ids."""

    # ICE gathering
    ICE_COLLECTION_TIMEOUT = "ice_collection_timeout"  # "ICE collection timed out", ICE_TIMEOUT, report flag
    NO_ICE_CANDIDATE = "no_ice_candidate"  # "No ICE candidate"
    NO_RELAY_CANDIDATE = "no_relay_candidate"  # gathering ended/timed out without a relay candidate
    HOST_CANDIDATES_ONLY = "host_candidates_only"  # only host candidates (non-Connect clients)
    SRFLX_WITHOUT_RELAY = "srflx_without_relay"  # srflx gathered but no relay
    SRFLX_PORT_VARIES = "srflx_port_varies"  # same base, different mapped ports per server
    VPN_ADDRESS = "vpn_address"  # candidate address in CGNAT / VPN tunnel ranges
    RTC_SESSION_FAILED = "rtc_session_failed"  # "RtcSession failure", SESSION_FAILED alias
    # signalling
    SIGNALLING_CONNECT_FAILED = "signalling_connect_failed"
    SIGNALLING_HANDSHAKE_TIMEOUT = "signalling_handshake_timeout"
    SIGNALLING_REJECTED = "signalling_rejected"
    WEBSOCKET_ERROR = "websocket_error"
    # agent side
    USER_BUSY = "user_busy"
    MICROPHONE_FAILURE = "microphone_failure"
    WEBRTC_FAILURE = "webrtc_failure"  # create offer / set description / invalid SDP / webrtc_error
    UNSUPPORTED_BROWSER = "unsupported_browser"
    # mid-call
    ICE_CONNECTION_LOST = "ice_connection_lost"
    ICE_RESTART_FAILED = "ice_restart_failed"
    ICE_RECOVERED = "ice_recovered"  # "The network recovered, IceRestart cancelled": a blip, not a drop
    HIGH_PACKET_LOSS = "high_packet_loss"
    # CCP / API
    API_FAILURE = "api_failure"
    HEARTBEAT_MISSED = "heartbeat_missed"
    CCP_INIT_FAILURE = "ccp_init_failure"
    # normal endings / context
    CALL_CONNECTED = "call_connected"  # TalkingState reached
    CALL_NOT_FOUND = "call_not_found"  # customer hung up during setup
    AGENT_HANGUP = "agent_hangup"
    REMOTE_HANGUP = "remote_hangup"


class InputFormat(str, Enum):
    JSON_ARRAY = "json_array"  # the CCP download agent-log.txt
    JSON_LINES = "json_lines"
    CONSOLE = "console"  # [time] [LEVEL] [resourceId]:  text
    PARSER_TEXT = "parser_text"  # time component LEVEL text
    BARE_LINES = "bare_lines"  # pasted lines with no time


@dataclass(frozen=True, slots=True)
class Entry:
    """One log entry, reduced to what the analysis needs.

    ``line`` is the 1-based line number in the decoded original text where the entry starts.
    ``objects`` holds only the payloads the analysis asks for (reports, metrics, call config); readers may
    leave it empty for entries whose text needs no payload.
    """

    line: int
    time: str | None
    level: str | None
    component: str | None
    text: str
    objects: tuple[Any, ...] = ()
    exception: str | None = None


@dataclass(frozen=True, slots=True)
class ReadLog:
    """What the reading stage produced: the entries and how the input was shaped."""

    format: InputFormat
    entries: tuple[Entry, ...]
    entry_count: int  # every entry seen, including ones dropped as irrelevant
    truncated: bool = False  # JSON array cut off mid-entry
    container: str | None = None  # "gzip", "zip" or None
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    # TURN/signalling URLs seen anywhere in the raw text (e.g. in agent snapshots' callConfigJson, whose
    # payloads the readers drop): the region when no softphone line names one.
    endpoint_urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    line: int
    time: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "time": self.time, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(line=int(d["line"]), time=d.get("time"), text=str(d["text"]))


@dataclass(frozen=True, slots=True)
class Cause:
    id: CauseId
    title: str
    confidence: float  # 0..1
    evidence: tuple[Evidence, ...]
    markers: tuple[MarkerId, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id.value,
            "title": self.title,
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_dict() for e in self.evidence],
            "markers": [m.value for m in self.markers],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cause:
        return cls(
            id=CauseId(d["id"]),
            title=str(d["title"]),
            confidence=float(d["confidence"]),
            evidence=tuple(Evidence.from_dict(e) for e in d.get("evidence", ())),
            markers=tuple(MarkerId(m) for m in d.get("markers", ())),
        )


@dataclass(frozen=True, slots=True)
class IceCandidate:
    """An ICE candidate parsed from its SDP attribute (RFC 8839 section 5.1)."""

    foundation: str
    component: int
    protocol: str  # "udp" | "tcp"
    priority: int
    address: str
    port: int
    type: str  # "host" | "srflx" | "prflx" | "relay"
    related_address: str | None = None
    related_port: int | None = None
    line: int = 0
    tcptype: str | None = None  # RFC 6544 "active" | "passive" | "so" for TCP candidates
    extensions: tuple[tuple[str, str], ...] = ()  # other name/value pairs, in order (generation, ufrag, ...)

    def to_dict(self) -> dict[str, Any]:
        return {
            "foundation": self.foundation,
            "component": self.component,
            "protocol": self.protocol,
            "priority": self.priority,
            "address": self.address,
            "port": self.port,
            "type": self.type,
            "related_address": self.related_address,
            "related_port": self.related_port,
            "line": self.line,
            "tcptype": self.tcptype,
            "extensions": [list(pair) for pair in self.extensions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IceCandidate:
        return cls(
            foundation=str(d["foundation"]),
            component=int(d["component"]),
            protocol=str(d["protocol"]),
            priority=int(d["priority"]),
            address=str(d["address"]),
            port=int(d["port"]),
            type=str(d["type"]),
            related_address=d.get("related_address"),
            related_port=d.get("related_port"),
            line=int(d.get("line", 0)),
            tcptype=d.get("tcptype"),
            extensions=tuple((str(k), str(v)) for k, v in d.get("extensions", ())),
        )


@dataclass(frozen=True, slots=True)
class CallConfig:
    region: str | None = None
    turn_urls: tuple[str, ...] = ()
    signalling_url: str | None = None
    ccp_version: str | None = None  # "v1" (connect-telecom LilyRTC) | "v2" (transport.connect)

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "turn_urls": list(self.turn_urls),
            "signalling_url": self.signalling_url,
            "ccp_version": self.ccp_version,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CallConfig:
        return cls(
            region=d.get("region"),
            turn_urls=tuple(d.get("turn_urls", ())),
            signalling_url=d.get("signalling_url"),
            ccp_version=d.get("ccp_version"),
        )


@dataclass(frozen=True, slots=True)
class MediaStats:
    """Summary of sendSoftphoneMetrics / report stream stats for one contact."""

    samples: int = 0
    packets_lost: int = 0
    packets_count: int = 0
    max_rtt_ms: float | None = None
    max_jitter_ms: float | None = None

    @property
    def loss_ratio(self) -> float | None:
        if self.packets_count <= 0:
            return None
        return self.packets_lost / self.packets_count

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "packets_lost": self.packets_lost,
            "packets_count": self.packets_count,
            "loss_ratio": self.loss_ratio,
            "max_rtt_ms": self.max_rtt_ms,
            "max_jitter_ms": self.max_jitter_ms,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MediaStats:
        return cls(
            samples=int(d.get("samples", 0)),
            packets_lost=int(d.get("packets_lost", 0)),
            packets_count=int(d.get("packets_count", 0)),
            max_rtt_ms=d.get("max_rtt_ms"),
            max_jitter_ms=d.get("max_jitter_ms"),
        )


@dataclass(frozen=True, slots=True)
class ContactDiagnosis:
    contact_id: str | None  # None: softphone lines that could not be tied to a contact
    verdict: Verdict
    reason: str  # one sentence, e.g. "ICE collection timed out after 8 s: no relay candidate."
    causes: tuple[Cause, ...]
    first_time: str | None = None
    last_time: str | None = None
    session_states: tuple[str, ...] = ()  # e.g. ("GrabLocalMediaState", "CreateOfferState", ...)
    signalling_states: tuple[str, ...] = ()
    candidates: tuple[IceCandidate, ...] = ()
    ice_timeout_time: str | None = None
    call_config: CallConfig = field(default_factory=CallConfig)
    report_failures: tuple[str, ...] = ()  # sendSoftphoneReport flags that were true
    report_timings: tuple[tuple[str, float], ...] = ()  # (name, millis)
    media: MediaStats = field(default_factory=MediaStats)
    ended_by: str | None = None  # "agent" | "customer" | "failure" | None
    timeline: tuple[Evidence, ...] = ()  # the key moments, in order

    def to_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "causes": [c.to_dict() for c in self.causes],
            "first_time": self.first_time,
            "last_time": self.last_time,
            "session_states": list(self.session_states),
            "signalling_states": list(self.signalling_states),
            "candidates": [c.to_dict() for c in self.candidates],
            "ice_timeout_time": self.ice_timeout_time,
            "call_config": self.call_config.to_dict(),
            "report_failures": list(self.report_failures),
            "report_timings": {k: v for k, v in self.report_timings},
            "media": self.media.to_dict(),
            "ended_by": self.ended_by,
            "timeline": [e.to_dict() for e in self.timeline],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ContactDiagnosis:
        return cls(
            contact_id=d.get("contact_id"),
            verdict=Verdict(d["verdict"]),
            reason=str(d.get("reason", "")),
            causes=tuple(Cause.from_dict(c) for c in d.get("causes", ())),
            first_time=d.get("first_time"),
            last_time=d.get("last_time"),
            session_states=tuple(d.get("session_states", ())),
            signalling_states=tuple(d.get("signalling_states", ())),
            candidates=tuple(IceCandidate.from_dict(c) for c in d.get("candidates", ())),
            ice_timeout_time=d.get("ice_timeout_time"),
            call_config=CallConfig.from_dict(d.get("call_config") or {}),
            report_failures=tuple(d.get("report_failures", ())),
            report_timings=tuple((str(k), float(v)) for k, v in (d.get("report_timings") or {}).items()),
            media=MediaStats.from_dict(d.get("media") or {}),
            ended_by=d.get("ended_by"),
            timeline=tuple(Evidence.from_dict(e) for e in d.get("timeline", ())),
        )


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The whole file's diagnosis. With ``focus_contact`` set, verdict/causes are that contact's."""

    verdict: Verdict
    reason: str
    causes: tuple[Cause, ...]
    contacts: tuple[ContactDiagnosis, ...]
    format: InputFormat
    entries: int
    truncated: bool = False
    container: str | None = None
    region: str | None = None
    first_time: str | None = None
    last_time: str | None = None
    focus_contact: str | None = None
    notes: tuple[str, ...] = ()  # honest caveats: "the log was cut off", "contact X is not in this log", ...

    @property
    def top_cause(self) -> Cause | None:
        return self.causes[0] if self.causes else None

    def retitled(self, titles: Mapping[CauseId, str]) -> Diagnosis:
        """The same diagnosis with cause titles taken from ``titles`` (the knowledge catalog) where known."""

        def fix(causes: tuple[Cause, ...]) -> tuple[Cause, ...]:
            return tuple(replace(c, title=titles.get(c.id, c.title)) for c in causes)

        contacts = tuple(replace(c, causes=fix(c.causes)) for c in self.contacts)
        return replace(self, causes=fix(self.causes), contacts=contacts)

    def contact(self, contact_id: str) -> ContactDiagnosis | None:
        wanted = contact_id.lower()
        for c in self.contacts:
            if c.contact_id is not None and c.contact_id.lower() == wanted:
                return c
        return None

    @property
    def contact_ids(self) -> tuple[str, ...]:
        return tuple(c.contact_id for c in self.contacts if c.contact_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "reason": self.reason,
            "causes": [c.to_dict() for c in self.causes],
            "contacts": [c.to_dict() for c in self.contacts],
            "format": self.format.value,
            "entries": self.entries,
            "truncated": self.truncated,
            "container": self.container,
            "region": self.region,
            "first_time": self.first_time,
            "last_time": self.last_time,
            "focus_contact": self.focus_contact,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Diagnosis:
        return cls(
            verdict=Verdict(d["verdict"]),
            reason=str(d.get("reason", "")),
            causes=tuple(Cause.from_dict(c) for c in d.get("causes", ())),
            contacts=tuple(ContactDiagnosis.from_dict(c) for c in d.get("contacts", ())),
            format=InputFormat(d["format"]),
            entries=int(d["entries"]),
            truncated=bool(d.get("truncated", False)),
            container=d.get("container"),
            region=d.get("region"),
            first_time=d.get("first_time"),
            last_time=d.get("last_time"),
            focus_contact=d.get("focus_contact"),
            notes=tuple(d.get("notes", ())),
        )


# Readers keep an entry's ``objects`` only when its text contains one of these substrings (case-sensitive);
# everything else is reduced to its text to keep memory bounded on tens-of-MB logs. The analysis may add
# hints here when it needs another payload.
PAYLOAD_TEXT_HINTS: tuple[str, ...] = (
    "sendSoftphoneReport",
    "sendSoftphoneMetrics",
    "callConfig",
    "Softphone call detected",
    "softphoneMediaInfo",
    "Contact detected",
)
