"""Which contact an entry belongs to.

Rules of this file:
- Ids come from the text first: connect-rtc-js prefixes its lines with `` <contactId> SESSION|SIGNALING|
  RtcPeerConnectionManager``; Streams writes ``Softphone call detected: contactId <uuid>``, ``Contact
  detected: contactId <uuid>`` and ``Publishing event: contact::<event>::<uuid>``. Then from ``contactId``
  keys in an entry's kept payloads (bounded walk).
- ``Softphone call detected`` starts a call; the session's own lines carry its id. Lines without an id
  that fall between a call's start and its end (``sendSoftphoneReport``) belong to that call.
- Pure functions plus ``CallCursor``, a tiny state machine over the file order; no other state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

# AWS articles and support tickets show ids partly masked ("f23586c4-****-****-bf88-5e3ccd504e34"):
# still one call.
_MASKABLE_UUID = r"[0-9a-fA-F*]{8}-[0-9a-fA-F*]{4}-[0-9a-fA-F*]{4}-[0-9a-fA-F*]{4}-[0-9a-fA-F*]{12}"
_RTC_PREFIX = re.compile(
    rf"(?:({_MASKABLE_UUID})|null|undefined)?\s*\b(SESSION|SIGNALING|RtcPeerConnectionManager)\s"
)
_CALL_DETECTED = re.compile(rf"Softphone call detected:?\s+contactId\s*({UUID})")
_CONTACT_DETECTED = re.compile(rf"(?:Contact detected:?\s+contactId|for contactId)\s*({UUID})")
_PUBLISHED = re.compile(rf"Publishing event: contact::(\w+)::({UUID})")

_MAX_WALK_NODES = 2000


class Mention(Enum):
    """How a line names its contact."""

    RTC = "rtc"  # connect-rtc-js session/signalling line
    CALL_START = "call_start"  # Softphone call detected
    SEEN = "seen"  # Contact detected / snapshot / published contact event
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ContactRef:
    contact_id: str | None
    mention: Mention
    event: str | None = None  # contact event name for "Publishing event: contact::<event>::<id>"


NO_REF = ContactRef(None, Mention.NONE)


def contact_in_text(text: str) -> ContactRef:
    """The contact a line names, and how."""
    if "Softphone call detected" in text:
        found = _CALL_DETECTED.search(text)
        if found:
            return ContactRef(found.group(1).lower(), Mention.CALL_START)
    if "SESSION" in text or "SIGNALING" in text or "RtcPeerConnectionManager" in text:
        rtc = _RTC_PREFIX.search(text)
        if rtc and rtc.group(1):
            return ContactRef(rtc.group(1).lower(), Mention.RTC)
    if "contactId" in text:
        seen = _CONTACT_DETECTED.search(text)
        if seen:
            return ContactRef(seen.group(1).lower(), Mention.SEEN)
    if "Publishing event: contact::" in text:
        published = _PUBLISHED.search(text)
        if published:
            return ContactRef(published.group(2).lower(), Mention.SEEN, published.group(1))
    return NO_REF


def contact_in_objects(objects: tuple[Any, ...]) -> str | None:
    """The first ``contactId`` value found in an entry's kept payloads (breadth-first, bounded)."""
    queue: list[Any] = list(objects)
    visited = 0
    while queue and visited < _MAX_WALK_NODES:
        node = queue.pop(0)
        visited += 1
        if isinstance(node, dict):
            value = node.get("contactId")
            if isinstance(value, str) and re.fullmatch(UUID, value):
                return value.lower()
            queue.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            queue.extend(v for v in node if isinstance(v, dict | list))
    return None


class CallCursor:
    """Follows the file order to know which call id-less softphone lines belong to."""

    def __init__(self) -> None:
        self.current: str | None = None
        self._open = False

    def start(self, contact_id: str) -> None:
        self.current = contact_id
        self._open = True

    def touch(self, contact_id: str) -> None:
        """A session line with an id: that call is the current one."""
        if contact_id != self.current:
            self.start(contact_id)

    def end(self) -> None:
        """The call's final report was sent: later id-less lines are not this call's."""
        self._open = False

    def owner(self) -> str | None:
        return self.current if self._open else None
