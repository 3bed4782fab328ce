"""Markers that no single line states: read from the candidates gathered and the media samples.

Rules of this file:
- Candidate markers speak only when gathering failed (an ICE timeout or "No ICE candidate" before the
  call connected), or, for the NAT mapping and VPN markers, when the session failed before connecting:
  a candidate list on a call that connected is no fault. See reference section 3:
  Amazon Connect gathers relay candidates only (``iceTransportPolicy: 'relay'``), so host/srflx rules
  apply only where such candidates exist (custom softphones, VDI SDKs, webrtc-internals dumps).
- Symmetric NAT (RFC 4787 "address and port-dependent mapping"): srflx candidates sharing one base
  (``raddr``/``rport``) but mapped to different ports by different STUN servers.
- High packet loss: more than ``LOSS_RATIO`` of at least ``MIN_PACKETS`` packets, after TalkingState.
"""

from __future__ import annotations

from bot.diagnosis.candidates import is_vpn_address
from bot.diagnosis.model import Entry
from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.tracks import ContactTrack

LOSS_RATIO = 0.05
MIN_PACKETS = 250
_UNSPECIFIED = {None, "0.0.0.0", "::", "[::]"}
_GATHERING_FAILED = (M.ICE_COLLECTION_TIMEOUT, M.NO_ICE_CANDIDATE)
_GATHER_STATE = "ConnectSignalingAndIceCollectionState"


def add_derived_markers(track: ContactTrack) -> None:
    """Add the candidate and media markers a finished track supports (idempotent)."""
    failure = next((track.hits[m][0] for m in _GATHERING_FAILED if m in track.hits), None)
    if failure is not None and _gathering_seen(track) and M.NO_RELAY_CANDIDATE not in track.hits:
        _candidate_markers(track, failure)
    elif M.RTC_SESSION_FAILED in track.hits and not track.talking and M.SRFLX_PORT_VARIES not in track.hits:
        _mapping_markers(track)  # gathered fine, failed to connect: how the NAT maps ports matters
    if M.HIGH_PACKET_LOSS not in track.hits:
        _loss_marker(track)


def _gathering_seen(track: ContactTrack) -> bool:
    """The log shows the gathering itself, so a missing relay candidate is a finding, not a gap."""
    return bool(track.candidates) or M.NO_ICE_CANDIDATE in track.hits or _GATHER_STATE in track.session_path


def _candidate_markers(track: ContactTrack, failure: Entry) -> None:
    types = {c.type for c, _ in track.candidates}
    by_type = {t: [e for c, e in track.candidates if c.type == t] for t in types}
    if "relay" not in types:
        track.add_hit(M.NO_RELAY_CANDIDATE, failure)
        if "srflx" in types:
            for entry in by_type["srflx"]:
                track.add_hit(M.SRFLX_WITHOUT_RELAY, entry)
        elif types == {"host"}:
            for entry in by_type["host"]:
                track.add_hit(M.HOST_CANDIDATES_ONLY, entry)
    _mapping_markers(track)


def _mapping_markers(track: ContactTrack) -> None:
    for entry in _port_varying_srflx(track):
        track.add_hit(M.SRFLX_PORT_VARIES, entry)
    for candidate, entry in track.candidates:
        if is_vpn_address(candidate.address) or is_vpn_address(candidate.related_address):
            track.add_hit(M.VPN_ADDRESS, entry)


def _port_varying_srflx(track: ContactTrack) -> list[Entry]:
    groups: dict[tuple[str, int | None, str], dict[int, Entry]] = {}
    for candidate, entry in track.candidates:
        if candidate.type != "srflx" or candidate.related_address in _UNSPECIFIED:
            continue
        key = (str(candidate.related_address), candidate.related_port, candidate.protocol)
        groups.setdefault(key, {}).setdefault(candidate.port, entry)
    return [entry for ports in groups.values() if len(ports) > 1 for entry in ports.values()]


def _loss_marker(track: ContactTrack) -> None:
    media = track.media
    ratio = media.loss_ratio
    if not track.talking or ratio is None or media.packets_count < MIN_PACKETS or ratio <= LOSS_RATIO:
        return
    if track.worst_metrics is not None:
        track.add_hit(M.HIGH_PACKET_LOSS, track.worst_metrics[1])
