"""What the single pass over the entries collects for one contact (or for the file).

Rules of this file:
- ``ContactTrack`` is the only mutable object of the analysis; it lives during ``scan`` and is read by the
  cause rules and the verdict afterwards. Everything it stores is bounded (hits per marker, timeline,
  candidates) so a 100k-entry log costs the same memory as a small one.
- A hit is *strong* unless every line that produced it was weak (see ``states.py`` and ``report.py``).
"""

from __future__ import annotations

from bot.diagnosis.model import CallConfig, Entry, IceCandidate, MarkerId, MediaStats
from bot.diagnosis.report import SoftphoneReport

MAX_HITS_PER_MARKER = 20
MAX_TIMELINE = 80
MAX_CANDIDATES = 50
TERMINAL_SESSION_STATES = frozenset({"FailedState", "DisconnectedState", "CleanUpState"})


class ContactTrack:
    """Everything found for one contact id (``None``: lines no contact could be tied to)."""

    def __init__(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        self.first_time: str | None = None
        self.last_time: str | None = None
        self.first_line = 0
        self.last_line = 0
        self.session_path: list[str] = []
        self.signalling_path: list[str] = []
        self.candidates: list[tuple[IceCandidate, Entry]] = []
        self.hits: dict[MarkerId, list[Entry]] = {}
        self.hit_counts: dict[MarkerId, int] = {}
        self.strong: set[MarkerId] = set()
        self.first_strong: dict[MarkerId, Entry] = {}  # the line that states the marker outright
        self.config = CallConfig()
        self.report: SoftphoneReport | None = None
        self.media = MediaStats()
        self.worst_metrics: tuple[float, Entry] | None = None
        self.timeline: list[Entry] = []
        self.talking = False
        self.ended = False
        self.activity = False  # any softphone evidence at all (not just a mention)

    def note(self, entry: Entry) -> None:
        """Widen the contact's time and line span to include ``entry``."""
        if not self.first_line:
            self.first_line = entry.line
            self.first_time = entry.time
        self.last_line = max(self.last_line, entry.line)
        if entry.time is not None:
            self.first_time = self.first_time or entry.time
            self.last_time = entry.time

    def add_hit(self, marker: MarkerId, entry: Entry, *, weak: bool = False) -> None:
        self.activity = True
        lines = self.hits.setdefault(marker, [])
        count = self.hit_counts.get(marker, 0)
        if not lines or lines[-1] is not entry:
            self.hit_counts[marker] = count + 1
            if len(lines) < MAX_HITS_PER_MARKER:
                lines.append(entry)
        if not weak:
            self.strong.add(marker)
            self.first_strong.setdefault(marker, entry)
        self.moment(entry)

    def add_candidate(self, candidate: IceCandidate, entry: Entry) -> None:
        self.activity = True
        if len(self.candidates) < MAX_CANDIDATES:
            self.candidates.append((candidate, entry))
            self.moment(entry)

    def moment(self, entry: Entry) -> None:
        """Record a key moment for the timeline (once per entry, bounded)."""
        if len(self.timeline) < MAX_TIMELINE and (not self.timeline or self.timeline[-1] is not entry):
            self.timeline.append(entry)

    def first_hit(self, marker: MarkerId) -> Entry | None:
        lines = self.hits.get(marker)
        return lines[0] if lines else None
