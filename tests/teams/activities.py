"""Teams-shaped inbound activities, following the payloads in Microsoft's Teams bot documentation
(personal file upload with ``file.download.info``, channel message with an @mention, ``conversationUpdate``
on install, and an ``Action.Submit`` message carrying ``value``)."""

from __future__ import annotations

import itertools
from typing import Any

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT_ID = "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c"
USER_AAD = "6c1f7f1e-6bd1-4f6e-9e1b-1d3a4e5f6a7b"
PERSONAL = "a:1VkWzQvrmq5Hpc7A3KzZg8gYwVRKqF0eI"
CHANNEL = "19:d5ad0a2b4c1e4c6b8f0e4b9e4c1d2e3f@thread.tacv2"
SUPPORT_CHANNEL = "19:support0000000000000000000000000@thread.tacv2"
_ids = itertools.count(1_700_000_000_000)


def _base(service_url: str, conversation: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": str(next(_ids)),
        "timestamp": "2024-05-02T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": "29:1abcUserTeamsId", "name": "Ana Agent", "aadObjectId": USER_AAD},
        "conversation": conversation,
        "recipient": {"id": BOT_ID, "name": "Icebreaker"},
        "channelData": {"tenant": {"id": TENANT}},
        "locale": "en-US",
        **extra,
    }


def personal(service_url: str, **extra: Any) -> dict[str, Any]:
    conversation = {"conversationType": "personal", "tenantId": TENANT, "id": PERSONAL}
    return _base(service_url, conversation, type="message", textFormat="plain", **extra)


def personal_upload(
    service_url: str, *, download_url: str, name: str = "agent-log.txt", size: int | None = None
) -> dict[str, Any]:
    content: dict[str, Any] = {
        "downloadUrl": download_url,
        "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
        "fileType": "txt",
        "etag": "123",
    }
    if size is not None:
        content["fileSize"] = size
    attachment = {
        "contentType": "application/vnd.microsoft.teams.file.download.info",
        "contentUrl": f"https://contoso-my.sharepoint.com/personal/ana/Documents/{name}",
        "name": name,
        "content": content,
    }
    return personal(service_url, text="", attachments=[attachment])


def channel_message(
    service_url: str,
    text: str,
    *,
    attachments: list[dict[str, Any]] | None = None,
    root: str = "1700000000001",
) -> dict[str, Any]:
    conversation = {
        "isGroup": True,
        "conversationType": "channel",
        "tenantId": TENANT,
        "id": f"{CHANNEL};messageid={root}",
    }
    mention = {
        "type": "mention",
        "text": "<at>Icebreaker</at>",
        "mentioned": {"id": BOT_ID, "name": "Icebreaker"},
    }
    activity = _base(
        service_url,
        conversation,
        type="message",
        textFormat="plain",
        text=f"<at>Icebreaker</at> {text}",
        entities=[mention],
        attachments=attachments or [{"contentType": "text/html", "content": f"<div>{text}</div>"}],
    )
    activity["channelData"] = {
        "teamsChannelId": CHANNEL,
        "teamsTeamId": "19:team@thread.tacv2",
        "channel": {"id": CHANNEL},
        "team": {"id": "19:team@thread.tacv2"},
        "tenant": {"id": TENANT},
    }
    return activity


def channel_file(service_url: str) -> dict[str, Any]:
    reference = {
        "contentType": "reference",
        "name": "agent-log.txt",
        "contentUrl": "https://contoso.sharepoint.com/sites/support/Shared Documents/agent-log.txt",
    }
    return channel_message(service_url, "here is the log", attachments=[reference])


def submit(service_url: str, *, encoded: str, reply_to_id: str) -> dict[str, Any]:
    return personal(service_url, replyToId=reply_to_id, value={"ib": encoded}, text="")


def install_personal(service_url: str) -> dict[str, Any]:
    conversation = {"conversationType": "personal", "tenantId": TENANT, "id": PERSONAL}
    return _base(service_url, conversation, type="conversationUpdate", membersAdded=[{"id": BOT_ID}])


def install_team(service_url: str, channel: str = SUPPORT_CHANNEL) -> dict[str, Any]:
    conversation = {"isGroup": True, "conversationType": "channel", "tenantId": TENANT, "id": channel}
    activity = _base(service_url, conversation, type="conversationUpdate", membersAdded=[{"id": BOT_ID}])
    activity["channelData"] = {
        "eventType": "teamMemberAdded",
        "team": {"id": channel},
        "tenant": {"id": TENANT},
    }
    return activity
