"""The Slack app manifest declares what the adapter relies on (scopes, events, command, shortcut, URLs)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.channels.slack.config import SlackConfig

MANIFEST = (Path(__file__).resolve().parents[2] / "manifests" / "slack.yaml").read_text(encoding="utf-8")
DEFAULTS = SlackConfig(bot_token="x", signing_secret="y")


def _list_under(key: str) -> set[str]:
    block = re.search(rf"^\s*{key}:\n((?:\s+- .*\n)+)", MANIFEST, re.MULTILINE)
    assert block, key
    return {line.split("- ", 1)[1].split("#")[0].strip() for line in block.group(1).splitlines()}


def test_scopes_cover_every_api_the_adapter_calls() -> None:
    needed = {
        "app_mentions:read",
        "chat:write",
        "files:read",
        "files:write",
        "im:history",
        "channels:history",
        "groups:history",
        "commands",
    }
    assert needed <= _list_under("bot")


def test_events_match_the_listeners() -> None:
    assert {"app_mention", "message.im", "message.channels", "file_shared", "app_home_opened"} <= _list_under(
        "bot_events"
    )


def test_command_shortcut_and_urls_match_the_config_defaults() -> None:
    assert f"command: {DEFAULTS.command}" in MANIFEST
    assert f"callback_id: {DEFAULTS.shortcut_callback_id}" in MANIFEST
    urls = re.findall(r"(?:url|request_url): (\S+)", MANIFEST)
    assert len(urls) == 3 and set(urls) == {f"https://YOUR-HOST{DEFAULTS.events_path}"}
    assert "socket_mode_enabled: false" in MANIFEST
