"""``sendSoftphoneReport`` (end-of-call flags and timings) and ``sendSoftphoneMetrics`` (media samples).

Rules of this file:
- Streams logs ``"sendSoftphoneReport success" + JSON.stringify(callReport)`` and
  ``"sendSoftphoneMetrics success" + JSON.stringify(streamStats)``: the JSON follows the word
  ``success`` in the text. Some builds attach the report as a payload object instead; both are read.
- ``FLAG_MARKERS`` is the table from a report flag that is ``true`` to the marker it means.
  ``handshakingFailure`` is weak: connect-rtc-js also sets it for a busy user and for a call not found.
- Never raises on malformed input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.model import MediaStats


@dataclass(frozen=True, slots=True)
class FlagMarker:
    marker: M
    weak: bool = False


FLAG_MARKERS: dict[str, FlagMarker] = {
    "iceCollectionFailure": FlagMarker(M.ICE_COLLECTION_TIMEOUT),
    "signallingConnectionFailure": FlagMarker(M.SIGNALLING_CONNECT_FAILED),
    "handshakingFailure": FlagMarker(M.SIGNALLING_HANDSHAKE_TIMEOUT, weak=True),
    "gumOtherFailure": FlagMarker(M.MICROPHONE_FAILURE),
    "gumTimeoutFailure": FlagMarker(M.MICROPHONE_FAILURE),
    "createOfferFailure": FlagMarker(M.WEBRTC_FAILURE),
    "setLocalDescriptionFailure": FlagMarker(M.WEBRTC_FAILURE),
    "userBusyFailure": FlagMarker(M.USER_BUSY),
    "invalidRemoteSDPFailure": FlagMarker(M.WEBRTC_FAILURE),
    "noRemoteIceCandidateFailure": FlagMarker(M.WEBRTC_FAILURE),
    "setRemoteDescriptionFailure": FlagMarker(M.WEBRTC_FAILURE),
}

REPORT_TEXT = "sendSoftphoneReport success"
METRICS_TEXT = "sendSoftphoneMetrics success"


@dataclass(frozen=True, slots=True)
class SoftphoneReport:
    failures: tuple[str, ...]  # flags that were true, in FLAG_MARKERS order
    timings: tuple[tuple[str, float], ...]  # (name, millis) for every numeric *Millis field


def _json_after(text: str, marker: str) -> Any:
    at = text.find(marker)
    if at < 0:
        return None
    try:
        return json.loads(text[at + len(marker) :].strip())
    except ValueError:
        return None


def parse_report(text: str, objects: tuple[Any, ...] = ()) -> SoftphoneReport | None:
    data = _json_after(text, REPORT_TEXT) if REPORT_TEXT in text else None
    if not isinstance(data, dict):
        data = next((o for o in objects if isinstance(o, dict) and "iceCollectionFailure" in o), None)
    if not isinstance(data, dict):
        return None
    failures = tuple(flag for flag in FLAG_MARKERS if data.get(flag) is True)
    timings = tuple(
        (key, float(value))
        for key, value in data.items()
        if key.endswith("Millis") and isinstance(value, int | float) and not isinstance(value, bool)
    )
    return SoftphoneReport(failures=failures, timings=timings)


def parse_metrics(text: str) -> list[dict[str, Any]]:
    """The samples of one ``sendSoftphoneMetrics success[...]`` line (empty when unreadable)."""
    data = _json_after(text, METRICS_TEXT)
    if not isinstance(data, list):
        return []
    return [s for s in data if isinstance(s, dict)]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def add_samples(stats: MediaStats, samples: list[dict[str, Any]]) -> MediaStats:
    """Fold metric samples into the running summary (sums for packets, maxima for RTT and jitter)."""
    lost, count = stats.packets_lost, stats.packets_count
    rtt, jitter = stats.max_rtt_ms, stats.max_jitter_ms
    for sample in samples:
        lost += max(0, int(_number(sample.get("packetsLost")) or 0))
        count += max(0, int(_number(sample.get("packetsCount")) or 0))
        rtt = _max(rtt, _number(sample.get("roundTripTimeMillis")))
        jitter = _max(jitter, _number(sample.get("jitterBufferMillis")))
    return MediaStats(
        samples=stats.samples + len(samples),
        packets_lost=lost,
        packets_count=count,
        max_rtt_ms=rtt,
        max_jitter_ms=jitter,
    )


def sample_loss_ratio(samples: list[dict[str, Any]]) -> float:
    lost = sum(max(0.0, _number(s.get("packetsLost")) or 0.0) for s in samples)
    count = sum(max(0.0, _number(s.get("packetsCount")) or 0.0) for s in samples)
    return lost / count if count > 0 else 0.0


def _max(current: float | None, value: float | None) -> float | None:
    if value is None or value < 0:
        return current
    return value if current is None else max(current, value)
