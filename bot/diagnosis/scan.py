"""The single pass over the entries: route each relevant line to its contact's track or to the file.

Rules of this file:
- One loop, entries in file order. ``might_match`` rejects most entries (snapshots, API traces,
  heartbeats) with a few substring checks and no allocation; entries with kept payloads are also looked at.
- Routing: a line naming a contact (connect-rtc-js prefix, ``Softphone call detected``) goes to that
  contact; an id-less softphone line goes to the current call (``CallCursor``) or, outside any call, to
  the unassigned track; file-scope markers (API, CCP websocket, heartbeats, start-up) without an id go to
  the file track.
- ICE gathering markers seen after TalkingState are an ICE restart failing mid-call, not set-up failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.diagnosis import config as call_config
from bot.diagnosis.candidates import candidates_in_text, parse_onicecandidate
from bot.diagnosis.contacts import CallCursor, ContactRef, Mention, contact_in_objects, contact_in_text
from bot.diagnosis.markers import Scope, match_markers, might_match, scope_of
from bot.diagnosis.model import CallConfig, Entry
from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.report import (
    FLAG_MARKERS,
    METRICS_TEXT,
    REPORT_TEXT,
    add_samples,
    parse_metrics,
    parse_report,
    sample_loss_ratio,
)
from bot.diagnosis.states import (
    Channel,
    Transition,
    extend_path,
    implied_marker,
    parse_transition,
    shows_connected,
)
from bot.diagnosis.tracks import TERMINAL_SESSION_STATES, ContactTrack

_IN_CALL_REMAP = {M.ICE_COLLECTION_TIMEOUT: M.ICE_RESTART_FAILED, M.NO_ICE_CANDIDATE: M.ICE_RESTART_FAILED}
# After the media path was lost in a call, the ICE restart re-invites over signalling: a signalling failure
# then is the restart failing (the media path stays down), not a set-up that could not reach the server.
_RESTART_SIGNALLING = frozenset({M.SIGNALLING_HANDSHAKE_TIMEOUT, M.SIGNALLING_CONNECT_FAILED})
_REMOTE_SIDE = ("remote candidate", "Received SDP", "Adding remote")


@dataclass
class Scan:
    tracks: dict[str, ContactTrack] = field(default_factory=dict)
    unassigned: ContactTrack = field(default_factory=lambda: ContactTrack(None))
    file: ContactTrack = field(default_factory=lambda: ContactTrack(None))
    seen: set[str] = field(default_factory=set)
    configs: dict[str, CallConfig] = field(default_factory=dict)  # from payloads, by contact id
    cursor: CallCursor = field(default_factory=CallCursor)

    def track(self, contact_id: str) -> ContactTrack:
        found = self.tracks.get(contact_id)
        if found is None:
            found = self.tracks[contact_id] = ContactTrack(contact_id)
        return found


def scan(entries: tuple[Entry, ...]) -> Scan:
    result = Scan()
    for entry in entries:
        if might_match(entry.text, entry.level):
            _read_line(result, entry)
        elif entry.objects:
            _read_payloads(result, entry, result.cursor.owner())
    return result


def _read_line(result: Scan, entry: Entry) -> None:
    text = entry.text
    ref = contact_in_text(text)
    named = _named_track(result, ref, entry)
    owner_id = named.contact_id if named is not None else result.cursor.owner()
    owner = result.track(owner_id) if owner_id else result.unassigned
    if named is not None:
        named.note(entry)
    elif owner_id is not None:
        owner.note(entry)
    _read_markers(result, entry, named, owner)
    if "=>" in text:
        transition = parse_transition(text)
        if transition is not None:
            _apply_transition(named or owner, transition, entry)
    if "candidate" in text:
        _read_candidates(named or owner, entry)
    if "sendSoftphone" in text:
        _read_report(result, named or owner, entry)
    urls = call_config.urls_in_text(text)
    if urls:
        target = named or owner
        target.config = call_config.merge(target.config, urls)
    if entry.objects:
        _read_payloads(result, entry, owner_id)


def _named_track(result: Scan, ref: ContactRef, entry: Entry) -> ContactTrack | None:
    if ref.contact_id is None:
        return None
    result.seen.add(ref.contact_id)
    if ref.mention is Mention.CALL_START:
        result.cursor.start(ref.contact_id)
    elif ref.mention is Mention.RTC:
        result.cursor.touch(ref.contact_id)
    else:
        existing = result.tracks.get(ref.contact_id)
        return existing
    track = result.track(ref.contact_id)
    track.activity = True
    if ref.mention is Mention.CALL_START:
        track.moment(entry)
    return track


def _read_markers(result: Scan, entry: Entry, named: ContactTrack | None, owner: ContactTrack) -> None:
    found = match_markers(entry.text)
    if entry.exception:
        found += match_markers(entry.exception)
    for item in found:
        target = named
        if target is None:
            target = result.file if scope_of(item.marker) is Scope.FILE else owner
        marker = _IN_CALL_REMAP.get(item.marker, item.marker) if target.talking else item.marker
        if marker in _RESTART_SIGNALLING and target.talking and M.ICE_CONNECTION_LOST in target.hits:
            marker = M.ICE_RESTART_FAILED
        if marker is M.ICE_CONNECTION_LOST and target.session_path and not target.talking:
            marker = M.RTC_SESSION_FAILED  # connectivity failed during set-up: not a mid-call drop
        target.add_hit(marker, entry, weak=item.weak)


def _apply_transition(track: ContactTrack, transition: Transition, entry: Entry) -> None:
    track.activity = True
    path = track.session_path if transition.channel is Channel.SESSION else track.signalling_path
    extend_path(path, transition)
    track.moment(entry)
    implied = implied_marker(transition)
    if implied is not None:
        track.add_hit(implied.marker, entry, weak=implied.weak)
        if implied.marker is M.CALL_CONNECTED:
            track.talking = True
    if shows_connected(transition) and not track.talking:
        track.add_hit(M.CALL_CONNECTED, entry, weak=False)
        track.talking = True
    if transition.channel is Channel.SESSION and transition.target in TERMINAL_SESSION_STATES:
        track.ended = True


def _read_candidates(track: ContactTrack, entry: Entry) -> None:
    text = entry.text
    if "onicecandidate" in text:
        parsed = parse_onicecandidate(text, line=entry.line)
        if parsed is not None:
            track.add_candidate(parsed, entry)
        return
    if "candidate:" in text and not any(side in text for side in _REMOTE_SIDE):
        for candidate in candidates_in_text(text, line=entry.line):
            track.add_candidate(candidate, entry)


def _read_report(result: Scan, track: ContactTrack, entry: Entry) -> None:
    text = entry.text
    if REPORT_TEXT in text or ("sendSoftphoneReport" in text and entry.objects):
        report = parse_report(text, entry.objects)
        if report is not None:
            track.report = report
            track.moment(entry)
            for flag in report.failures:
                rule = FLAG_MARKERS[flag]
                marker = _IN_CALL_REMAP.get(rule.marker, rule.marker) if track.talking else rule.marker
                track.add_hit(marker, entry, weak=rule.weak)
            result.cursor.end()
    elif METRICS_TEXT in text:
        samples = parse_metrics(text)
        if samples:
            track.activity = True
            if track.media.samples == 0:
                track.moment(entry)
            track.media = add_samples(track.media, samples)
            ratio = sample_loss_ratio(samples)
            if track.worst_metrics is None or ratio > track.worst_metrics[0]:
                track.worst_metrics = (ratio, entry)


def _read_payloads(result: Scan, entry: Entry, owner_id: str | None) -> None:
    for contact_id, found in call_config.configs_in_objects(entry.objects):
        target_id = contact_id or owner_id
        if target_id is None:
            continue
        result.seen.add(target_id)
        known = result.configs.get(target_id)
        result.configs[target_id] = found if known is None else call_config.combine(known, found)
    if "Softphone call detected" in entry.text:
        contact_id = contact_in_objects(entry.objects)
        if contact_id is not None:
            result.seen.add(contact_id)
            result.cursor.start(contact_id)
            result.track(contact_id).activity = True
