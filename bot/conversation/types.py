"""Neutral turn and reply: what an adapter hands the handlers, and what it gets back to render.

Rules of this file:
- No platform payloads here: adapters translate to and from these types, nothing else crosses.
- ``Identity`` is built by the adapter from the *verified* request (Slack team+user, Teams tenant+AAD id,
  the web console's session); handlers trust it and nothing else for authorisation.
- Text in replies is plain text with no platform markup; renderers escape and format it per surface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from bot.conversation.actions import Action


@dataclass(frozen=True, slots=True)
class Identity:
    platform: str  # "slack" | "teams" | "web"
    tenant: str  # Slack team id, Teams tenant id, "local" for the web console
    user_id: str
    display_name: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.tenant}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class Place:
    platform: str
    conversation_id: str  # Slack channel id, Teams conversation id, web console browser session
    thread_id: str | None = None  # Slack thread_ts, Teams reply-chain id
    is_direct: bool = False  # 1:1 chat with the bot

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.conversation_id}:{self.thread_id or '-'}"


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    data: bytes
    declared_size: int | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    who: Identity
    where: Place
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    action: Action | None = None
    event_id: str | None = None  # platform event/activity id, for dedupe
    received_at: str | None = None  # ISO-8601 UTC, stamped by the adapter
    correlation_id: str | None = None


class ButtonStyle(str, Enum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: Action
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    line: int
    time: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    title: str | None
    text: str
    evidence: tuple[EvidenceLine, ...] = ()
    truncated_evidence: int = 0  # how many more lines exist than are shown


@dataclass(frozen=True, slots=True)
class FileOut:
    filename: str
    data: bytes
    mimetype: str = "text/plain"


@dataclass(frozen=True, slots=True)
class Escalation:
    """A support package to post as a new thread in the configured escalation destination."""

    reply: Reply
    files: tuple[FileOut, ...]
    diagnosis_id: str | None = None
    session_id: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    text: str  # headline / notification fallback, plain text
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    files: tuple[FileOut, ...] = ()
    replace_original: bool = False  # update the message the clicked button was on
    escalation: Escalation | None = None  # adapter posts this, then links it in the user's thread
    ephemeral: bool = False  # only for the user who asked (Slack ephemeral; elsewhere a normal reply)
    # "diagnosis" | "step" | "question" | "it_handoff" | "escalated" | "fixed" | "error" | ...
    kind: str = "message"
    extras: dict[str, str] = field(default_factory=dict)  # small renderer hints (e.g. "progress": "1/4")
