"""Verdicts and the one-sentence reasons that explain them, per contact and for the file.

Rules of this file:
- A contact is ``fault`` when a cause fired; ``no_fault`` when it connected or ended normally (agent or
  customer hung up, including "Call not found" during set-up); otherwise ``inconclusive`` with the reason.
- Reasons are plain sentences for a contact-centre team; every user-facing sentence of the analysis is here.
- The file is ``fault`` when a call is, or when a file-level cause is at least ``FILE_FAULT_CONFIDENCE``
  (or there were no calls at all to weigh it against).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.diagnosis.model import Cause, CauseId, ContactDiagnosis, Verdict
from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.tracks import ContactTrack

FILE_FAULT_CONFIDENCE = 0.5

CAUSE_REASONS: dict[CauseId, str] = {
    CauseId.MEDIA_UDP_BLOCKED: "ICE collection timed out{after} without a relay candidate: the TURN relay on "
    "UDP 3478 could not be reached (firewall, VPN or proxy).",
    CauseId.VPN_INTERFERENCE: "ICE gathering failed{after} and a VPN is a likely culprit: it can drop or "
    "misroute the UDP media to the TURN relay.",
    CauseId.STUN_UNREACHABLE: "Only host candidates were gathered: STUN requests to the internet got no "
    "answer, so outbound UDP is blocked.",
    CauseId.SYMMETRIC_NAT: "Server-reflexive candidates from one local address were mapped to different "
    "ports: a symmetric NAT that needs a working TURN relay.",
    CauseId.SIGNALLING_BLOCKED: "The softphone could not open its signalling connection{to_host} (TCP 443 "
    "blocked or proxied).",
    CauseId.SIGNALLING_HANDSHAKE_TIMEOUT: "The signalling server did not answer the call set-up in "
    "time{to_host} (TCP 443 blocked, a slow proxy or TLS inspection).",
    CauseId.SIGNALLING_REJECTED: "The signalling server rejected the call set-up: this is not a network "
    "block.",
    CauseId.MULTIPLE_SOFTPHONES: "The softphone reported the agent as busy: the CCP is probably open in "
    "another window or browser.",
    CauseId.MICROPHONE_UNAVAILABLE: "The softphone could not get the microphone (browser permission, device "
    "or OS privacy settings).",
    CauseId.MEDIA_LOST_MID_CALL: "The call connected but its media path dropped during the call (lost ICE "
    "connection or heavy packet loss).",
    CauseId.API_UNREACHABLE: "The CCP could not reach the Amazon Connect API or its websocket (network "
    "failures, missed heartbeats): calls can be missed.",
    CauseId.WEBRTC_ERROR: "The browser's WebRTC stack failed while setting up the call.",
    CauseId.CCP_LOAD_FAILURE: "The CCP failed to start in this browser (unsupported browser or start-up "
    "timeout).",
}

NO_ACTIVITY = (
    "No softphone call was set up while this log was recorded, so it cannot explain a call without audio."
)
CUT_OFF = "The log was cut off before this call ended, so how it ended is unknown."
SETUP_UNFINISHED = "The call set-up started but the log shows neither a connection nor a failure."
RECOVERED_BLIP = (
    "The call connected; its audio path dropped for a moment and recovered by itself (ICE reconnected "
    "without a restart): at most a short gap in the audio, not a call without audio."
)
TRUNCATED_NOTE = "The log was cut off (an interrupted download): only what was there was diagnosed."


def contact_missing(contact_id: str) -> str:
    return (
        f"Contact {contact_id} is not in this log. The CCP log keeps only the last 30–60 minutes: "
        "download it right after the affected call."
    )


def contact_without_call(contact_id: str) -> str:
    return (
        f"Contact {contact_id} appears in this log, but no softphone call was set up for it on this computer."
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    reason: str
    ended_by: str | None


def contact_outcome(track: ContactTrack, causes: tuple[Cause, ...], *, cut_off: bool) -> Outcome:
    hits = track.hits
    if causes and _recovered_blip_only(causes, hits.keys()):
        ended_by = "agent" if M.AGENT_HANGUP in hits else "customer" if M.REMOTE_HANGUP in hits else None
        return Outcome(Verdict.NO_FAULT, RECOVERED_BLIP, ended_by)
    if causes:
        return Outcome(Verdict.FAULT, cause_reason(causes[0], track), "failure")
    if M.CALL_CONNECTED in hits:
        ended_by = "agent" if M.AGENT_HANGUP in hits else "customer" if M.REMOTE_HANGUP in hits else None
        return Outcome(Verdict.NO_FAULT, _connected_reason(ended_by, track, cut_off=cut_off), ended_by)
    if M.CALL_NOT_FOUND in hits:
        reason = "The customer hung up while the call was being set up (call not found): not a fault."
        return Outcome(Verdict.NO_FAULT, reason, "customer")
    if M.AGENT_HANGUP in hits:
        return Outcome(
            Verdict.NO_FAULT, "The agent ended the call before it connected: not a fault.", "agent"
        )
    if cut_off and not track.ended:
        return Outcome(Verdict.INCONCLUSIVE, CUT_OFF, None)
    return Outcome(Verdict.INCONCLUSIVE, SETUP_UNFINISHED, None)


def _recovered_blip_only(causes: tuple[Cause, ...], hits: Collection[M]) -> bool:
    """A connected call whose only finding is an ICE drop that recovered by itself (no failed restart, no
    heavy loss): at most a short gap in the audio, which does not explain a call with no audio."""
    return (
        all(c.id is CauseId.MEDIA_LOST_MID_CALL for c in causes)
        and M.CALL_CONNECTED in hits
        and M.ICE_RECOVERED in hits
        and M.ICE_RESTART_FAILED not in hits
        and M.HIGH_PACKET_LOSS not in hits
    )


def _connected_reason(ended_by: str | None, track: ContactTrack, *, cut_off: bool) -> str:
    if ended_by == "agent":
        return "The call connected and the agent hung up normally."
    if ended_by == "customer":
        return "The call connected and the customer hung up normally."
    if not track.ended:
        suffix = " when the log was cut off." if cut_off else " when the log ends."
        return "The call connected and was still in progress" + suffix
    return "The call connected and ended without any error."


def cause_reason(cause: Cause, track: ContactTrack | None) -> str:
    after = ""
    to_host = ""
    if track is not None:
        millis = dict(track.report.timings).get("iceCollectionTimeMillis") if track.report else None
        if millis:
            after = f" after {millis / 1000:.1f} s"
        host = _host(track.config.signalling_url)
        if host:
            to_host = f" to {host}"
    return CAUSE_REASONS[cause.id].format(after=after, to_host=to_host)


def _host(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    return url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0] or None


def file_outcome(
    contacts: tuple[ContactDiagnosis, ...], file_causes: tuple[Cause, ...], merged: tuple[Cause, ...]
) -> tuple[Verdict, str]:
    faulty = [c for c in contacts if c.verdict is Verdict.FAULT]
    if faulty:
        top = merged[0].id if merged else None
        chosen = next((c for c in faulty if c.causes and c.causes[0].id is top), faulty[0])
        return Verdict.FAULT, chosen.reason
    serious = [c for c in file_causes if c.confidence >= FILE_FAULT_CONFIDENCE or not contacts]
    if serious:
        return Verdict.FAULT, cause_reason(serious[0], None)
    fine = [c for c in contacts if c.verdict is Verdict.NO_FAULT]
    if fine:
        if len(fine) == 1:
            return Verdict.NO_FAULT, fine[0].reason
        return Verdict.NO_FAULT, f"All {len(fine)} calls in this log connected or ended normally."
    if contacts:
        return Verdict.INCONCLUSIVE, contacts[0].reason
    return Verdict.INCONCLUSIVE, NO_ACTIVITY
