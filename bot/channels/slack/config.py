"""Slack adapter settings (built by the server from the environment; tests build them directly)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SlackConfig:
    bot_token: str
    signing_secret: str
    app_token: str | None = None  # xapp- token: Socket Mode instead of HTTP
    api_base_url: str = "https://slack.com/api/"  # test seam: a local fake Web API
    file_hosts: tuple[str, ...] = ("files.slack.com",)  # test seam: the only hosts that get the bot token
    escalation_channel: str | None = None  # channel id where escalations open a new thread
    command: str = "/icebreaker"
    max_upload_bytes: int = 50 * 1024 * 1024
    events_path: str = "/slack/events"
    shortcut_callback_id: str = "diagnose_log"  # message shortcut "Diagnose this log" (manifests/slack.yaml)
    file_shared_grace_seconds: float = (
        3.0  # file_shared waits this long so the message event handles it first
    )
    download_timeout_seconds: float = 30.0
    max_files_per_message: int = 3
