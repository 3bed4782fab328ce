"""Reduce one parsed JSON log entry (a dict from the CCP download or JSON lines) to an ``Entry``.

Rules of this file:
- An object is a log entry when it has a ``text`` key, or both ``level`` and ``time``. Both layouts are
  accepted (old: component, level, text, time, exception, objects, line, loggerId; new adds tabId,
  agentResourceId, contextLayer); unknown keys are ignored; ``component`` is kept but never trusted.
- ``time`` is kept as written; a number (Streams stores ``Date.parse`` results for entries copied between
  frames) becomes the ISO-8601 string the CCP would have written.
- ``objects`` are kept only when the text contains one of ``PAYLOAD_TEXT_HINTS``, and only if their
  nesting is within ``max_json_depth``; every other payload is dropped at once to bound memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeGuard

from bot.diagnosis.model import PAYLOAD_TEXT_HINTS, Entry
from bot.diagnosis.reading import messages

_MAX_EXCEPTION_CHARS = 500
_HINTS = re.compile("|".join(re.escape(hint) for hint in PAYLOAD_TEXT_HINTS))


def is_entry(obj: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(obj, dict) and ("text" in obj or ("level" in obj and "time" in obj))


def wants_payload(text: str) -> bool:
    """True when the analysis needs this entry's ``objects`` (see ``PAYLOAD_TEXT_HINTS``)."""
    return _HINTS.search(text) is not None


def to_entry(obj: dict[str, Any], *, line: int, max_depth: int) -> Entry:
    text = _text(obj.get("text"))
    objects: tuple[Any, ...] = ()
    raw_objects = obj.get("objects")
    if raw_objects and isinstance(raw_objects, list) and wants_payload(text):
        if nesting_depth(raw_objects) + 2 > max_depth:  # +2: the entry and the file's array
            raise messages.too_deep(max_depth)
        objects = tuple(raw_objects)
    level = obj.get("level")
    component = obj.get("component")
    return Entry(
        line=line,
        time=format_time(obj.get("time")),
        level=level.upper() if isinstance(level, str) else None,
        component=component if isinstance(component, str) else None,
        text=text,
        objects=objects,
        exception=format_exception(obj.get("exception")),
    )


def format_time(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            moment = datetime.fromtimestamp(value / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return None


def format_exception(value: object) -> str | None:
    """A short "type: message" for an exception object; None when there is none."""
    if value is None or value == {} or value == "":
        return None
    if isinstance(value, dict):
        parts = [_scalar(value.get("type")), _scalar(value.get("message"))]
        short = ": ".join(p for p in parts if p)
    else:
        short = _scalar(value)
    return short[:_MAX_EXCEPTION_CHARS] if short else None


def nesting_depth(value: object) -> int:
    """Depth of nested lists/dicts (a scalar is 0), computed without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _text(value: object) -> str:
    return value if isinstance(value, str) else _scalar(value)


def _scalar(value: object) -> str:
    """Strings and numbers as text; containers (possibly deep: never repr'd) and null as ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


@dataclass(slots=True)
class Batch:
    """What one reader produced from one text (mutable while the reader fills it)."""

    entries: list[Entry] = field(default_factory=list)
    count: int = 0  # entries seen
    truncated: bool = False
    notes: list[str] = field(default_factory=list)
