"""The reading stage: any upload a support channel receives → the entries of a softphone log.

Rules of this file:
- Two public functions: ``decode_text`` (bytes → text, shared with upload redaction) and ``read_log``
  (bytes → ``ReadLog``). Both raise only ``UnreadableLog``; an error that slips through the readers is a
  bug, reported as ``UnreadableKind.INTERNAL`` (asking for the file to be reported) rather than escaping.
- Zip members are read in name order and their entries concatenated; each entry's line number is within
  its own member, and a note per member says so.
"""

from __future__ import annotations

from bot.diagnosis.errors import UnreadableKind, UnreadableLog
from bot.diagnosis.limits import Limits
from bot.diagnosis.model import Entry, InputFormat, ReadLog
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.decoded import DEFAULT_LIMITS, DecodedPart, DecodedText, decode_text
from bot.diagnosis.reading.endpoints import endpoint_urls
from bot.diagnosis.reading.shapes import read_text

__all__ = ["DEFAULT_LIMITS", "DecodedPart", "DecodedText", "decode_text", "read_log"]


def read_log(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> ReadLog:
    """Read an upload (plain, gzip or zip; any supported text shape) into a ``ReadLog``."""
    try:
        return _read(data, limits=limits)
    except UnreadableLog:
        raise
    except Exception as exc:  # a reader bug must still not escape: say so, in one sentence
        raise messages.internal_reading() from exc


def _read(data: bytes, *, limits: Limits) -> ReadLog:
    decoded = decode_text(data, limits=limits)
    entries: list[Entry] = []
    notes: list[str] = []
    urls: list[str] = []
    count = 0
    truncated = False
    best: tuple[int, InputFormat] | None = None
    many = len(decoded.parts) > 1
    for part in decoded.parts:
        try:
            batch, shape = read_text(part.text, limits=limits)
        except UnreadableLog as exc:
            if many and exc.kind is UnreadableKind.NOT_A_LOG:  # e.g. a README next to the log
                notes.append(messages.note_skipped_member(f"{part.name} (not a softphone log)"))
                continue
            raise
        entries.extend(batch.entries)
        urls.extend(u for u in endpoint_urls(part.text) if u not in urls)
        count += batch.count
        truncated = truncated or batch.truncated
        notes.extend(batch.notes)
        if many and part.name is not None:
            notes.append(messages.note_member(part.name, entries=batch.count))
        if best is None or batch.count > best[0]:
            best = (batch.count, shape)
    if best is None:
        raise messages.no_log_in_archive(", ".join(decoded.members))
    notes.extend(messages.note_skipped_member(s) for s in decoded.skipped)
    return ReadLog(
        format=best[1],
        entries=tuple(entries),
        entry_count=count,
        truncated=truncated,
        container=decoded.container,
        encoding=decoded.encoding,
        notes=tuple(notes),
        endpoint_urls=tuple(urls),
    )
