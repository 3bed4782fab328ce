"""Read JSON lines: one log entry object per line (the same keys as the CCP download).

Rules of this file:
- Each non-blank line is parsed alone with orjson; its line number is its position in the text.
- A last line that does not parse is a cut-off file (``truncated`` and a note); other lines that do not
  parse, or parse to something that is not an entry, are skipped and counted in one note.
- Depth: orjson refuses nesting beyond 1024 by itself (reported as too deep); payloads that are kept are
  checked against ``max_json_depth`` by ``entries.to_entry``.
"""

from __future__ import annotations

import orjson

from bot.diagnosis.limits import Limits
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.entries import Batch, is_entry, to_entry


def read_json_lines(text: str, *, limits: Limits) -> Batch:
    batch = Batch()
    lines = text.split("\n")
    last = _last_content_line(lines)
    skipped = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if "depth" in str(exc):
                raise messages.too_deep(limits.max_json_depth) from exc
            if number == last:
                batch.truncated = True
                batch.notes.append(messages.note_cut_off(line=number, kept=len(batch.entries)))
            else:
                skipped += 1
            continue
        if is_entry(obj):
            batch.entries.append(to_entry(obj, line=number, max_depth=limits.max_json_depth))
            batch.count += 1
        else:
            skipped += 1
    if skipped and batch.entries:
        batch.notes.append(messages.note_skipped_lines(skipped))
    return batch


def _last_content_line(lines: list[str]) -> int:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index + 1
    return 0
