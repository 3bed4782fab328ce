"""Slack payloads → neutral values: who, where, which files, what text.

Rules of this file:
- Pure functions over the verified payload dicts bolt hands us; no I/O, no Slack SDK.
- Identity comes only from the verified envelope (team + user ids), never from text or button values.
- Which messages the bot answers is decided here, in one place (``wants_message``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.conversation import Identity, Place

PLATFORM = "slack"
# message subtypes that carry something a user said or shared; edits, joins and bot posts are ignored
_USER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
_LOG_NAME = re.compile(r"\.(txt|log|json|jsonl|gz|zip)$", re.IGNORECASE)
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")

Payload = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file shared in Slack, as far as its metadata goes (the bytes are fetched by ``download``)."""

    id: str
    name: str
    size: int | None
    mimetype: str
    url: str | None  # url_private_download, else url_private

    @property
    def looks_like_log(self) -> bool:
        return bool(_LOG_NAME.search(self.name)) or self.mimetype in ("text/plain", "application/json")


def identity(team_id: str, user_id: str) -> Identity:
    return Identity(platform=PLATFORM, tenant=team_id, user_id=user_id)


def place(channel: str, *, ts: str | None, thread_ts: str | None, channel_type: str | None = None) -> Place:
    is_direct = channel_type == "im" if channel_type else channel.startswith("D")
    return Place(platform=PLATFORM, conversation_id=channel, thread_id=thread_ts or ts, is_direct=is_direct)


def team_of(body: Payload) -> str:
    """The workspace id of an events, command or interactivity envelope."""
    team = body.get("team")
    if isinstance(team, Mapping) and team.get("id"):
        return str(team["id"])
    user = body.get("user")
    if isinstance(user, Mapping) and user.get("team_id"):
        return str(user["team_id"])
    return str(body.get("team_id") or "")


def file_ref(raw: Payload) -> FileRef:
    size = raw.get("size")
    return FileRef(
        id=str(raw.get("id", "")),
        name=str(raw.get("name") or raw.get("title") or "file"),
        size=int(size) if isinstance(size, int) else None,
        mimetype=str(raw.get("mimetype") or ""),
        url=raw.get("url_private_download") or raw.get("url_private"),
    )


def files_of(message: Payload) -> tuple[FileRef, ...]:
    raw = message.get("files") or ()
    return tuple(file_ref(f) for f in raw if isinstance(f, Mapping) and f.get("mode") != "tombstone")


def strip_mentions(text: str) -> str:
    return _MENTION.sub("", text).strip()


def wants_message(event: Payload) -> bool:
    """A ``message`` event the bot answers: a person's message in a DM, or a log file shared in a channel.
    Plain channel chatter is answered only through ``app_mention``."""
    if event.get("subtype") not in _USER_SUBTYPES or event.get("bot_id") or not event.get("user"):
        return False
    if event.get("channel_type") == "im":
        return True
    return any(f.looks_like_log for f in files_of(event))


def share_of(file_info: Payload, channel: str) -> tuple[str | None, str | None]:
    """(ts, thread_ts) of the message that shared a file in ``channel``, from ``files.info``'s ``shares``."""
    shares = file_info.get("shares") or {}
    for visibility in ("public", "private"):
        entries = (shares.get(visibility) or {}).get(channel) or []
        if entries:
            first = entries[0]
            return first.get("ts"), first.get("thread_ts")
    return None, None


def human_size(size: int | None) -> str:
    if size is None:
        return "size unknown"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
