"""Slack payload shapes used by the tests, as Slack documents and sends them."""

from __future__ import annotations

from typing import Any

from tests.slack.fake_slack import BOT_USER, TEAM, FakeSlack, ServedFile

USER = "U0USER01"
DM = "D0DM0001"
CHANNEL = "C0CHAN01"
LOG_LINE = "[2024-05-02T09:14:03.120Z] [WARN] softphone: <!channel> ICE collection timed out"


def share_file(
    slack: FakeSlack,
    *,
    name: str = "agent-log.txt",
    body: bytes | None = None,
    size: int | None = None,
    content_type: str = "text/plain",
    mimetype: str = "text/plain",
    file_id: str = "F0001",
) -> dict[str, Any]:
    """Serve a file on the fake file host and return its ``files[]`` entry."""
    data = body if body is not None else (LOG_LINE + "\n").encode() * 3
    slack.files[f"{file_id}/{name}"] = ServedFile(body=data, content_type=content_type)
    url = slack.file_url(f"{file_id}/{name}")
    return {
        "id": file_id,
        "name": name,
        "title": name,
        "mimetype": mimetype,
        "filetype": "text",
        "size": len(data) if size is None else size,
        "url_private": url,
        "url_private_download": url,
        "mode": "hosted",
    }


def file_message(
    file: dict[str, Any],
    *,
    channel: str = DM,
    ts: str = "1700000100.000100",
    channel_type: str = "im",
    text: str = "",
) -> dict[str, Any]:
    return {
        "type": "message",
        "subtype": "file_share",
        "user": USER,
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": channel_type,
        "files": [file],
        "event_ts": ts,
    }


def block_action(
    value: str, *, channel: str, message_ts: str, thread_ts: str | None, trigger: str = "trig-1"
) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "user": BOT_USER, "text": "x"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": USER, "team_id": TEAM},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": trigger,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
            **({"thread_ts": thread_ts} if thread_ts else {}),
        },
        "channel": {"id": channel, "name": "directmessage"},
        "message": message,
        "response_url": "https://hooks.slack.com/actions/T/1/x",
        "actions": [
            {
                "type": "button",
                "action_id": "ib_walk_0",
                "block_id": "ib_actions_0",
                "value": value,
                "action_ts": "1700000200.000001",
            }
        ],
    }
