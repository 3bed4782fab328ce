"""The seams between the conversation engine and the world around it.

Rules of this file:
- Adapters (Slack, Teams, web console) depend on ``Conversation`` only; they never reach into handlers.
- The engine depends on a ``Diagnoser`` (the server runs diagnosis in a process pool; tests run it inline),
  a ``SessionStore`` and the knowledge ``Catalog``; nothing here imports a chat SDK or Redis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.conversation import Identity, Reply, Turn
from bot.diagnosis.model import Diagnosis


class DiagnoserBusy(Exception):
    """The diagnosis queue is full; the user should retry in a moment."""


@dataclass(frozen=True, slots=True)
class Diagnosed:
    """An upload's diagnosis, ready to show and store: personal data already replaced (the diagnosis and the
    log share one set of pseudonyms), and the redacted log gzip-compressed (None when it was not text)."""

    diagnosis: Diagnosis
    redacted_log_gz: bytes | None


class Diagnoser(Protocol):
    async def __call__(self, data: bytes, *, contact_id: str | None = None) -> Diagnosed:
        """Diagnose and redact raw upload bytes off the event loop (both are CPU work: a thread would hold
        the GIL and stall acks). Raises ``bot.diagnosis.errors.UnreadableLog`` or ``DiagnoserBusy``."""
        ...


class Conversation(Protocol):
    async def handle(self, turn: Turn) -> list[Reply]:
        """Answer one turn. Never raises for user input or store trouble: those become replies.
        Returns [] when the turn is a duplicate delivery (same ``event_id``) or needs no answer."""
        ...

    async def home(self, who: Identity) -> Reply:
        """What the bot does, how to get agent-log.txt, and this user's recent diagnoses (Slack App Home,
        the web console's landing panel, Teams welcome). Store trouble yields the static part only."""
        ...
