"""``converse()``: drive whole conversations through the engine, the way an adapter would.

Rules of this file:
- Only neutral types cross: the helper builds ``Turn``s (file, text, button click) and collects ``Reply``s.
- A click finds the button BY ITS LABEL on the most recent reply that shows it (exact label, or a prefix
  ending in "…"), and sends back exactly that button's encoded action, as the given identity and place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from bot.conversation import Attachment, Button, Identity, Place, Reply, Turn, decode_action, encode_action
from handlers.api import Conversation

ALICE = Identity(platform="slack", tenant="T1", user_id="U_ALICE", display_name="Alice")
BOB = Identity(platform="slack", tenant="T1", user_id="U_BOB", display_name="Bob")
MALLORY = Identity(platform="slack", tenant="T2", user_id="U_MAL", display_name="Mallory")
THREAD = Place(platform="slack", conversation_id="C_SUPPORT", thread_id="1715677200.000100")
OTHER_THREAD = Place(platform="slack", conversation_id="C_SUPPORT", thread_id="1715677999.000200")

_events = count(1)


@dataclass(frozen=True, slots=True)
class File:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Click:
    label: str


@dataclass
class Chat:
    """One conversation: what was said so far, and who says the next thing where."""

    engine: Conversation
    who: Identity = ALICE
    where: Place = THREAD
    replies: list[Reply] = field(default_factory=list)

    async def send(
        self,
        step: File | Text | Click,
        *,
        who: Identity | None = None,
        where: Place | None = None,
        event_id: str | None = None,
    ) -> list[Reply]:
        turn = self.turn(step, who=who, where=where, event_id=event_id)
        got = await self.engine.handle(turn)
        self.replies.extend(got)
        return got

    def turn(
        self,
        step: File | Text | Click,
        *,
        who: Identity | None = None,
        where: Place | None = None,
        event_id: str | None = None,
    ) -> Turn:
        base = Turn(who=who or self.who, where=where or self.where, event_id=event_id or f"Ev{next(_events)}")
        if isinstance(step, File):
            return Turn(
                who=base.who,
                where=base.where,
                event_id=base.event_id,
                attachments=(Attachment(filename=step.name, data=step.data),),
            )
        if isinstance(step, Text):
            return Turn(who=base.who, where=base.where, event_id=base.event_id, text=step.text)
        # what an adapter does: the platform hands back the button's encoded value, the adapter decodes it
        action = decode_action(encode_action(self.button(step.label).action))
        return Turn(who=base.who, where=base.where, event_id=base.event_id, action=action)

    def button(self, label: str) -> Button:
        for reply in reversed(self.replies):
            for button in reply.buttons:
                if button.label == label or (label.endswith("…") and button.label.startswith(label[:-1])):
                    return button
        shown = [b.label for r in self.replies for b in r.buttons]
        raise AssertionError(f"no button {label!r} in the conversation; buttons shown: {shown}")

    @property
    def last(self) -> Reply:
        return self.replies[-1]


async def converse(
    engine: Conversation, *steps: File | Text | Click, who: Identity = ALICE, where: Place = THREAD
) -> list[list[Reply]]:
    """Run a script of turns as one identity in one place; the replies of each turn, in order."""
    chat = Chat(engine=engine, who=who, where=where)
    return [await chat.send(step) for step in steps]


def all_text(reply: Reply) -> str:
    """Everything a person reads in a reply: headline, section titles and texts, evidence lines."""
    parts = [reply.text]
    for s in reply.sections:
        parts.extend([s.title or "", s.text, *(f"{e.line} {e.time} {e.text}" for e in s.evidence)])
    return "\n".join(parts)


def labels(reply: Reply) -> list[str]:
    return [b.label for b in reply.buttons]
