"""What a turn asks for: a button, a file, a contact id, help, or text that may be a pasted log.

Rules of this file:
- Pure and platform-free: only ``Turn`` fields are read; identity plays no part here.
- Order matters and is the table below: button > attachment > help words > contact id in short text >
  anything else is offered to the diagnosis core as a pasted log (it decides; "not a log" becomes a hint).
- Text that itself looks like a log (timestamps, levels, known softphone markers) is never a lookup, even
  though logs contain contact ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.conversation import Action, Turn

CONTACT_ID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_LOG_SIGNS = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\[(?:TRACE|DEBUG|INFO|LOG|WARN|ERROR|CRITICAL)\]|\"component\"\s*:"
    r"|softphone|ICE[ _]|signal+ing|RtcSession|=>|onicecandidate",
    re.I,
)
_HELP = re.compile(r"^\W*(help|\?|how does this work|what can you do|usage|hi|hello|hey|start)\W*$", re.I)
MAX_LOOKUP_TEXT = 300


class IntentKind(StrEnum):
    ACTION = "action"
    UPLOAD = "upload"
    HELP = "help"
    LOOKUP = "lookup"
    PASTED = "pasted"  # maybe a pasted log: let the diagnosis core decide
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    action: Action | None = None
    contact_id: str | None = None  # the contact asked about (lookup), or the focus of an upload


def classify(turn: Turn) -> Intent:
    text = turn.text.strip()
    if turn.action is not None:
        return Intent(IntentKind.ACTION, action=turn.action)
    if turn.attachments:
        return Intent(IntentKind.UPLOAD, contact_id=first_contact_id(text))
    if not text:
        return Intent(IntentKind.EMPTY)
    if _HELP.match(text):
        return Intent(IntentKind.HELP)
    contact = first_contact_id(text)
    if contact and len(text) <= MAX_LOOKUP_TEXT and not looks_like_log(text):
        return Intent(IntentKind.LOOKUP, contact_id=contact)
    return Intent(IntentKind.PASTED)


def first_contact_id(text: str) -> str | None:
    match = CONTACT_ID.search(text)
    return match.group(0).lower() if match else None


def looks_like_log(text: str) -> bool:
    return "\n" in text.strip() or bool(_LOG_SIGNS.search(text))
