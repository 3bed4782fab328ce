"""Read line-oriented pastes: browser console copies, the CCP Log Parser's text, and bare lines.

Rules of this file:
- Console: ``[time] [LEVEL] [agentResourceId]:  text`` (Streams' ``LogEntry.toString``), or the older
  ``[time] [LEVEL]: text``; the time may be missing (issue threads paste ``[ERROR] [resourceId]:  text``);
  Chrome may put ``HH:MM:SS.mmm`` and/or the script location
  (``connect-streams.js:21262``) before the bracket, or the location after the text.
- Parser text: ``2020-10-15T13:10:53.234Z softphone WARN text`` (the component is optional), or without
  the time when quoted in an article or ticket (``softphone ERROR text``; then the component is required).
- The text is kept exactly as written after the separator (softphone lines keep their leading space).
- A line that matches neither, after a timed entry, continues that entry (a stack trace, a wrapped
  object); before any timed entry, each non-blank line is a bare entry with no time.
- Bare-only text counts as a log only if some line uses the softphone/CCP vocabulary; otherwise it is
  refused (a README, a chat message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.diagnosis.model import Entry, InputFormat
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.entries import Batch

_LEVELS = r"(?P<level>TEST|TRACE|DEBUG|INFO|LOG|WARN|WARNING|ERROR|CRITICAL)"
_ISO_TIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
_CHROME_PREFIX = r"(?:\d{1,2}:\d{2}:\d{2}\.\d{3}\s+)?(?:(?:[\w.\-]+\.js|VM\d+):\d+\s+)?"
_CONSOLE = re.compile(
    _CHROME_PREFIX
    + rf"(?:\[(?P<time>{_ISO_TIME}|\?\?\?)\]\s)?\[{_LEVELS}\](?:\s\[(?P<rid>[^\]]*)\])?: ?(?P<text>.*)",
    re.IGNORECASE,
)
_PARSER = re.compile(
    rf"(?P<time>{_ISO_TIME})\s+(?:(?P<component>[a-z][\w-]*)\s+)?{_LEVELS}\b:? ?(?P<text>.*)"
)
# AWS articles and tickets quote the parser text without its time: "softphone ERROR <contactId> SESSION ..."
_PARSER_UNTIMED = re.compile(rf"(?P<component>ccp|softphone|chat|task)\s+{_LEVELS}\s+(?P<text>\S.*)")
_TRAILING_LOCATION = re.compile(r"\s{2,}(?:[\w.\-]+\.js|VM\d+):\d+$")
_LOG_VOCABULARY = re.compile(
    r"\bICE\b|ICE_|SESSION|SIGNALING|[Ss]ignall?ing|[Ss]oftphone|RtcPeerConnection|RtcSession|WebSocket|"
    r"AWSClient|contactId|\w+State\b|onicecandidate|candidate:|Heartbeat|NetworkingError|getUserMedia|"
    r"User Busy|Call not found|\bCCP\b|API request failed|LilyRTC|"
    r"\b(?:ice_collection_timeout|signalling_\w+_failure|user_busy_error|webrtc_error|microphone_not_shared)\b"
)


@dataclass(slots=True)
class _Open:
    """The entry being built; continuation lines are appended to ``text``."""

    line: int
    time: str | None
    level: str | None
    component: str | None
    text: list[str]

    def close(self) -> Entry:
        return Entry(
            line=self.line,
            time=self.time,
            level=self.level,
            component=self.component,
            text="\n".join(self.text),
        )


def read_lines(text: str) -> tuple[Batch, InputFormat]:
    batch = Batch()
    consoles = parsers = 0
    current: _Open | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        kind, started = _start_entry(line, number)
        if started is None:
            if current is not None and current.time is not None:
                current.text.append(line)
                continue
            started = _Open(line=number, time=None, level=None, component=None, text=[line.strip()])
        consoles += kind is InputFormat.CONSOLE
        parsers += kind is InputFormat.PARSER_TEXT
        if current is not None:
            batch.entries.append(current.close())
        current = started
    if current is not None:
        batch.entries.append(current.close())
    batch.count = len(batch.entries)
    shape = _shape(consoles=consoles, parsers=parsers)
    if shape is InputFormat.BARE_LINES and not any(_LOG_VOCABULARY.search(e.text) for e in batch.entries):
        raise messages.text_without_entries()
    return batch, shape


def _start_entry(line: str, number: int) -> tuple[InputFormat | None, _Open | None]:
    """The shape and the new timed entry this line starts, or (None, None) for any other line."""
    match = _CONSOLE.match(line)
    if match is not None:
        time = None if match["time"] in (None, "???") else match["time"]
        text = _TRAILING_LOCATION.sub("", match["text"])
        return InputFormat.CONSOLE, _Open(number, time, match["level"].upper(), None, [text])
    match = _PARSER.match(line) or _PARSER_UNTIMED.match(line)
    if match is not None:
        time = match.groupdict().get("time")
        entry = _Open(number, time, match["level"].upper(), match["component"], [match["text"]])
        return InputFormat.PARSER_TEXT, entry
    return None, None


def _shape(*, consoles: int, parsers: int) -> InputFormat:
    if consoles and consoles >= parsers:
        return InputFormat.CONSOLE
    if parsers:
        return InputFormat.PARSER_TEXT
    return InputFormat.BARE_LINES
