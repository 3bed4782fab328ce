"""From upload bytes to text: unpack archives, refuse binaries, decode each file.

Rules of this file:
- ``decode_text`` is the one way from bytes to text; the reader and the upload redaction both use it, so
  both see exactly the same text and line numbers.
- Binary files are refused here (by content); text that is blank is refused here; whether text is a log
  is decided later by the readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.diagnosis.limits import Limits
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.containers import unpack
from bot.diagnosis.reading.sniff import describe_binary
from bot.diagnosis.reading.text import decode

DEFAULT_LIMITS = Limits()  # frozen: safe to share as the default argument
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class DecodedPart:
    """One file's text: the upload itself, a gzip's content, or one zip member."""

    name: str | None  # the zip member name; None otherwise
    text: str  # "\n" line endings, no BOM
    encoding: str


@dataclass(frozen=True, slots=True)
class DecodedText:
    parts: tuple[DecodedPart, ...]  # zip members in name order; exactly one otherwise
    container: str | None = None  # "gzip" | "zip" | None
    skipped: tuple[str, ...] = ()  # zip members not read, each "name (why)"

    @property
    def text(self) -> str:
        """The text of every part, joined by a newline (a single part is returned as is)."""
        if len(self.parts) == 1:
            return self.parts[0].text
        return "\n".join(p.text for p in self.parts)

    @property
    def encoding(self) -> str:
        names = dict.fromkeys(p.encoding for p in self.parts)
        return ", ".join(names)

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts if p.name is not None)


def decode_text(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> DecodedText:
    """Unpack and decode an upload; raise ``UnreadableLog`` for empty, binary or oversized input."""
    if not data:
        raise messages.empty()
    unpacked = unpack(data, limits=limits)
    parts: list[DecodedPart] = []
    for member in unpacked.members:
        if member.name is None:
            what = describe_binary(member.data)
            if what is not None:
                raise messages.binary(what)
        text, encoding = decode(member.data)
        parts.append(DecodedPart(name=member.name, text=text, encoding=encoding))
    if not any(_NON_SPACE.search(p.text) for p in parts):
        raise messages.blank()
    return DecodedText(parts=tuple(parts), container=unpacked.container, skipped=unpacked.skipped)
