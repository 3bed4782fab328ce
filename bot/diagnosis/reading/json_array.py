"""Read a JSON array of log entries: the CCP's ``agent-log.txt`` and any other array layout.

Rules of this file:
- Fast path for ``JSON.stringify(logs, undefined, 4)``: a top-level entry starts on a line that is exactly
  ``    {`` and ends on a line ``    }`` / ``    },`` (deeper lines are indented more, and JSON strings hold
  no raw newlines). Each entry's slice is parsed alone with orjson, reduced to an ``Entry`` and dropped,
  so memory stays near the size of the text. Line numbers come from counting newlines between entries.
  Keys after ``"objects"`` are not parsed at all unless the entry's text wants its payload (see
  ``entries.wants_payload``): the bulk of a log is snapshot payloads nobody reads.
- Anything the fast path does not recognise (other indents, compact arrays, an odd entry) continues from
  that point with ``json.JSONDecoder.raw_decode`` element by element, after a depth check of the rest.
- A file that ends inside an entry keeps every complete entry, sets ``truncated`` and adds a note; text
  that stops being JSON mid-file is treated the same way, with its own note.
- Depth: pretty text is checked by indentation (one C-speed search); the general path by ``depth``;
  orjson refuses nesting beyond 1024 on its own, reported as too deep as well.
"""

from __future__ import annotations

import json

import orjson

from bot.diagnosis.limits import Limits
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.depth import exceeds_depth, indentation_exceeds
from bot.diagnosis.reading.entries import Batch, is_entry, to_entry, wants_payload

_OPEN = "\n    {"
_CLOSE = "\n    }"
_OBJECTS_KEY = '\n        "objects": '
_DECODER = json.JSONDecoder()


def read_json_array(text: str, *, limits: Limits) -> Batch:
    """Read the array that starts at the first "[" of ``text``."""
    if indentation_exceeds(text, limits.max_json_depth):
        raise messages.too_deep(limits.max_json_depth)
    batch = Batch()
    start = text.index("[") + 1
    resume = _read_pretty(text, start, batch=batch, limits=limits)
    if resume is not None:
        _read_general(text, resume, batch=batch, limits=limits)
    return batch


def _read_pretty(text: str, cursor: int, *, batch: Batch, limits: Limits) -> int | None:
    """Read 4-space-indented entries from ``cursor``; return where the general reader must go on."""
    line, counted_to = 1 + text.count("\n", 0, cursor), cursor
    max_depth = limits.max_json_depth
    while True:
        begin = text.find(_OPEN, cursor)
        if begin < 0 or (begin - cursor > 1 and text[cursor:begin].strip(" \n,")):
            return _finish_pretty(text, cursor, batch=batch)
        end = text.find(_CLOSE, begin)
        if end < 0:  # cut off inside this entry, or an entry closed another way: the general reader decides
            return cursor
        end += len(_CLOSE)
        try:
            obj = _parse_pretty_entry(text, begin, end)
        except orjson.JSONDecodeError:
            return cursor
        line += text.count("\n", counted_to, begin + 1)
        counted_to = begin + 1
        if is_entry(obj):
            batch.entries.append(to_entry(obj, line=line, max_depth=max_depth))
        batch.count += 1
        cursor = end


def _parse_pretty_entry(text: str, begin: int, end: int) -> object:
    """Parse only the keys before ``"objects"`` unless the payload is wanted (or the layout differs).

    Snapshots and API traces carry most of a log's bytes in ``objects``; skipping them for entries whose
    text asks for no payload is what keeps reading well under the cost of parsing the whole file.
    """
    key = text.find(_OBJECTS_KEY, begin, end)
    if key > begin and text[key - 1] == ",":
        head = orjson.loads(text[begin + 1 : key - 1] + "\n}")
        if isinstance(head, dict) and isinstance(head.get("text"), str) and not wants_payload(head["text"]):
            return head
    return orjson.loads(text[begin + 1 : end])


def _finish_pretty(text: str, cursor: int, *, batch: Batch) -> int | None:
    """After the last pretty entry: the closing bracket, the end of a cut file, or another layout."""
    rest = text[cursor:].strip(" \n,")
    if rest.startswith("]"):
        return None
    if not rest:
        _mark_cut(batch, line=1 + text.count("\n", 0, cursor))
        return None
    return cursor


def _read_general(text: str, cursor: int, *, batch: Batch, limits: Limits) -> None:
    if exceeds_depth(text[cursor:], limits.max_json_depth - 1):
        raise messages.too_deep(limits.max_json_depth)
    line, counted_to = 1 + text.count("\n", 0, cursor), cursor
    size = len(text)
    while True:
        cursor = _skip_separators(text, cursor)
        line += text.count("\n", counted_to, cursor)
        counted_to = cursor
        if cursor >= size:
            _mark_cut(batch, line=line)
            return
        if text[cursor] == "]":
            return
        try:
            obj, end = _DECODER.raw_decode(text, cursor)
        except (ValueError, RecursionError):
            _mark_broken(batch, line=line, ends_like_array=text.rstrip().endswith("]"))
            return
        if is_entry(obj):
            batch.entries.append(to_entry(obj, line=line, max_depth=limits.max_json_depth))
        batch.count += 1
        cursor = end


def _skip_separators(text: str, cursor: int) -> int:
    size = len(text)
    while cursor < size and text[cursor] in " \t\n,":
        cursor += 1
    return cursor


def _mark_broken(batch: Batch, *, line: int, ends_like_array: bool) -> None:
    """Text that stops parsing: invalid in the middle of a whole file, or cut off at its end."""
    if not ends_like_array:
        _mark_cut(batch, line=line)
        return
    batch.truncated = True
    batch.notes.append(messages.note_invalid_from(line=line, kept=len(batch.entries)))


def _mark_cut(batch: Batch, *, line: int) -> None:
    batch.truncated = True
    batch.notes.append(messages.note_cut_off(line=line, kept=len(batch.entries)))
