"""Teams activity → what the bot was asked, in neutral terms.

Rules of this file:
- Identity comes only from the verified activity: tenant = ``conversation.tenantId`` or
  ``channelData.tenant.id``; user = ``from.aadObjectId`` or ``from.id``. Never from text or button data.
- Files are read only from 1:1 chat (``file.download.info``); any file in a channel or group chat becomes
  ``InboundKind.CHANNEL_FILE`` because the bot cannot read it without Microsoft Graph.
- The bot's own @mention is removed from the text; other people's mentions stay.
- A button click is an ``Action.Submit`` message whose ``value`` holds ``{"ib": <encoded action>}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from botbuilder.schema import Activity, ActivityTypes

from bot.conversation import Action, Identity, Place, decode_action

FILE_INFO = "application/vnd.microsoft.teams.file.download.info"
NOT_FILES = frozenset({"text/html", "text/plain", "application/vnd.microsoft.card.adaptive"})
_AT_TAG = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)


class InboundKind(StrEnum):
    INSTALL = "install"  # the bot was added to a personal scope, team or group chat
    MESSAGE = "message"  # text and/or 1:1 files
    SUBMIT = "submit"  # an Action.Submit click
    CHANNEL_FILE = "channel_file"  # a file the bot cannot read outside 1:1 chat
    IGNORE = "ignore"


@dataclass(frozen=True, slots=True)
class FileRef:
    name: str
    url: str
    declared_size: int | None


@dataclass(frozen=True, slots=True)
class Inbound:
    kind: InboundKind
    who: Identity
    where: Place
    text: str = ""
    files: tuple[FileRef, ...] = ()
    action: Action | None = None
    reply_to_id: str | None = None  # the card a clicked button was on
    event_id: str | None = None


def identity_of(activity: Activity) -> Identity:
    sender = activity.from_property
    tenant = getattr(activity.conversation, "tenant_id", None) or _dig(activity.channel_data, "tenant", "id")
    user = (getattr(sender, "aad_object_id", None) or getattr(sender, "id", None)) or "unknown"
    return Identity(
        platform="teams", tenant=tenant or "unknown", user_id=user, display_name=getattr(sender, "name", None)
    )


def place_of(activity: Activity) -> Place:
    conversation = activity.conversation
    raw_id = conversation.id or ""
    base, _, message_id = raw_id.partition(";messageid=")
    return Place(
        platform="teams",
        conversation_id=base,
        thread_id=message_id or None,
        is_direct=(conversation.conversation_type or "personal") == "personal",
    )


def from_activity(activity: Activity) -> Inbound:
    who, where = identity_of(activity), place_of(activity)
    base = {"who": who, "where": where, "event_id": activity.id}
    if activity.type == ActivityTypes.conversation_update:
        added = {m.id for m in activity.members_added or ()}
        bot_id = getattr(activity.recipient, "id", None)
        kind = InboundKind.INSTALL if bot_id and bot_id in added else InboundKind.IGNORE
        return Inbound(kind=kind, **base)
    if activity.type != ActivityTypes.message:
        return Inbound(kind=InboundKind.IGNORE, **base)
    if isinstance(activity.value, dict) and "ib" in activity.value:
        action = decode_action(str(activity.value.get("ib")))
        kind = InboundKind.SUBMIT if action else InboundKind.IGNORE
        return Inbound(kind=kind, action=action, reply_to_id=activity.reply_to_id, **base)
    text = strip_bot_mention(activity)
    attachments = [a for a in activity.attachments or () if (a.content_type or "") not in NOT_FILES]
    if attachments and not where.is_direct:
        return Inbound(kind=InboundKind.CHANNEL_FILE, text=text, **base)
    refs = (_file_ref(a) for a in attachments if a.content_type == FILE_INFO)
    files = tuple(f for f in refs if f is not None)
    if not text and not files:
        return Inbound(kind=InboundKind.IGNORE, **base)
    return Inbound(kind=InboundKind.MESSAGE, text=text, files=files, **base)


def strip_bot_mention(activity: Activity) -> str:
    text = activity.text or ""
    bot_id = getattr(activity.recipient, "id", None)
    for entity in activity.entities or ():
        props = _props(entity)
        if (props.get("type") or getattr(entity, "type", "")) != "mention":
            continue
        if _dig(props, "mentioned", "id") == bot_id and props.get("text"):
            text = text.replace(str(props["text"]), " ")
    if not activity.conversation or activity.conversation.conversation_type in (None, "personal"):
        text = _AT_TAG.sub(" ", text)  # in 1:1 chat any leftover <at> tag can only be the bot
    return text.strip()


def _file_ref(attachment: Any) -> FileRef | None:
    content = attachment.content if isinstance(attachment.content, dict) else {}
    url = content.get("downloadUrl")
    if not isinstance(url, str) or not url:
        return None
    size = content.get("fileSize", content.get("size"))
    return FileRef(
        name=str(attachment.name or "agent-log.txt"),
        url=url,
        declared_size=size if isinstance(size, int) and size >= 0 else None,
    )


def _props(entity: Any) -> dict[str, Any]:
    props = getattr(entity, "additional_properties", None) or {}
    return {**props, "type": getattr(entity, "type", None)}


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
