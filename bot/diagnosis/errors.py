"""The one error type the diagnosis core lets escape.

Rules of this file:
- Every failure to read input becomes ``UnreadableLog`` with a stable ``kind`` and one clear sentence in
  ``message`` that a chat user can act on. Nothing else may escape ``bot.diagnosis.diagnose``.
- Messages are written for an agent, not a developer: say what was wrong and what to attach instead.
"""

from __future__ import annotations

from enum import Enum


class UnreadableKind(str, Enum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"  # decompressed size over the limit
    ZIP_BOMB = "zip_bomb"  # compression ratio over the limit
    TOO_MANY_MEMBERS = "too_many_members"
    NESTED_ARCHIVE = "nested_archive"
    ENCRYPTED = "encrypted"
    CORRUPT_ARCHIVE = "corrupt_archive"
    TOO_DEEP = "too_deep"  # JSON nesting over the limit
    BINARY = "binary"  # an image, PDF, executable, ... not a log
    NOT_A_LOG = "not_a_log"  # text, but nothing that looks like a softphone log
    UNDECODABLE = "undecodable"  # bytes that are no known text encoding
    INTERNAL = "internal"  # a bug in the core met this input; the message asks to report it


class UnreadableLog(Exception):
    """The input could not be read as a softphone log."""

    def __init__(self, kind: UnreadableKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message
