"""The analysis half of the diagnosis core: ``ReadLog`` → per-contact findings → ranked causes → verdict.

Rules of this file:
- Pure: no I/O, no clock, no network; everything comes from the entries. Standard library only.
- ``analyse`` never raises on any ``ReadLog``: whatever the entries say, it returns a ``Diagnosis``.
- Composition only: the pass is in ``scan.py``, the rules in ``markers.py``/``causes.py``, the words in
  ``verdict.py``. This file turns tracks into the model's values and picks the top-level answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.diagnosis import config as call_config
from bot.diagnosis.causes import Found, merge_causes, rank_causes, to_evidence
from bot.diagnosis.derived import add_derived_markers
from bot.diagnosis.model import CallConfig, CauseId, ContactDiagnosis, Diagnosis, ReadLog, Verdict
from bot.diagnosis.model import MarkerId as M
from bot.diagnosis.scan import Scan, scan
from bot.diagnosis.tracks import ContactTrack
from bot.diagnosis.verdict import (
    TRUNCATED_NOTE,
    contact_missing,
    contact_outcome,
    contact_without_call,
    file_outcome,
)


def analyse(
    log: ReadLog, *, contact_id: str | None = None, titles: Mapping[CauseId, str] | None = None
) -> Diagnosis:
    """Diagnose every call in the log; with ``contact_id``, answer for that contact first."""
    result = scan(log.entries)
    seen = call_config.merge(CallConfig(), log.endpoint_urls)
    tracks = _tracks_to_report(result, seen=seen)
    last_line = max((t.last_line for t in tracks), default=0)
    contacts = tuple(
        _diagnose_contact(t, result, titles=titles, cut_off=log.truncated and t.last_line == last_line)
        for t in tracks
    )
    file_causes = rank_causes(_found(result.file), titles=titles)
    merged = merge_causes([c.causes for c in contacts] + [file_causes])
    verdict, reason = file_outcome(contacts, file_causes, merged)
    notes = [TRUNCATED_NOTE] if log.truncated else []
    notes.extend(log.notes)
    base = Diagnosis(
        verdict=verdict,
        reason=reason,
        causes=merged,
        contacts=contacts,
        format=log.format,
        entries=log.entry_count,
        truncated=log.truncated,
        container=log.container,
        region=next((c.call_config.region for c in contacts if c.call_config.region), None)
        or result.file.config.region
        or seen.region,
        first_time=next((e.time for e in log.entries if e.time), None),
        last_time=next((e.time for e in reversed(log.entries) if e.time), None),
        notes=tuple(notes),
    )
    return _focus(base, contact_id, result) if contact_id else base


def _tracks_to_report(result: Scan, *, seen: CallConfig) -> list[ContactTrack]:
    """The tracks worth a ContactDiagnosis. A call whose own lines name no endpoint borrows those ``seen``
    elsewhere in the file (snapshots): every TURN relay of one instance is in the same region."""
    tracks = [t for t in result.tracks.values() if t.activity]
    if result.unassigned.activity:
        tracks.append(result.unassigned)
    for track in tracks:
        if track.contact_id is not None and track.contact_id in result.configs:
            track.config = call_config.combine(track.config, result.configs[track.contact_id])
        if track.config.region is None and seen.region is not None:
            track.config = call_config.combine(track.config, seen)
        add_derived_markers(track)
    return sorted(tracks, key=lambda t: t.first_line)


def _found(track: ContactTrack, *, span: tuple[int, int] | None = None) -> Found:
    if span is None:
        hits = {m: tuple(lines) for m, lines in track.hits.items()}
    else:
        low, high = span
        inside = {m: tuple(e for e in lines if low <= e.line <= high) for m, lines in track.hits.items()}
        hits = {m: lines for m, lines in inside.items() if lines}
    telling = {m: e for m, e in track.first_strong.items() if m in hits and e in hits[m]}
    return Found(hits=hits, strong=frozenset(track.strong & hits.keys()), telling=telling)


def _diagnose_contact(
    track: ContactTrack, result: Scan, *, titles: Mapping[CauseId, str] | None, cut_off: bool
) -> ContactDiagnosis:
    context = _found(result.file, span=(track.first_line, track.last_line))
    causes = rank_causes(_found(track), context=context, titles=titles)
    outcome = contact_outcome(track, causes, cut_off=cut_off)
    timeout = track.first_hit(M.ICE_COLLECTION_TIMEOUT)
    return ContactDiagnosis(
        contact_id=track.contact_id,
        verdict=outcome.verdict,
        reason=outcome.reason,
        causes=causes,
        first_time=track.first_time,
        last_time=track.last_time,
        session_states=tuple(track.session_path),
        signalling_states=tuple(track.signalling_path),
        candidates=tuple(c for c, _ in track.candidates),
        ice_timeout_time=timeout.time if timeout is not None else None,
        call_config=track.config,
        report_failures=track.report.failures if track.report else (),
        report_timings=track.report.timings if track.report else (),
        media=track.media,
        ended_by=outcome.ended_by,
        timeline=tuple(to_evidence(e) for e in sorted(track.timeline, key=lambda e: e.line)),
    )


def _focus(base: Diagnosis, contact_id: str, result: Scan) -> Diagnosis:
    wanted = contact_id.strip().lower()
    found = base.contact(wanted)
    if found is not None:
        return replace(
            base, verdict=found.verdict, reason=found.reason, causes=found.causes, focus_contact=wanted
        )
    reason = contact_without_call(wanted) if wanted in result.seen else contact_missing(wanted)
    return replace(
        base,
        verdict=Verdict.INCONCLUSIVE,
        reason=reason,
        causes=(),
        focus_contact=wanted,
        notes=(*base.notes, reason),
    )
