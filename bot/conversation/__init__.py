"""Neutral conversation types shared by the handlers and every chat surface."""

from bot.conversation.actions import Action, ActionKind, decode_action, encode_action
from bot.conversation.types import (
    Attachment,
    Button,
    ButtonStyle,
    Escalation,
    EvidenceLine,
    FileOut,
    Identity,
    Place,
    Reply,
    Section,
    Turn,
)

__all__ = [
    "Action",
    "ActionKind",
    "Attachment",
    "Button",
    "ButtonStyle",
    "Escalation",
    "EvidenceLine",
    "FileOut",
    "Identity",
    "Place",
    "Reply",
    "Section",
    "Turn",
    "decode_action",
    "encode_action",
]
