"""Which URLs may receive the bot token (pure checks, before any network traffic), and Socket Mode wiring."""

from __future__ import annotations

import pytest
from aiohttp import web
from yarl import URL

from bot.channels.slack import setup_slack
from bot.channels.slack.config import SlackConfig
from bot.channels.slack.download import DownloadPolicy, DownloadRefused, RefusalKind, host_allowed, precheck
from bot.channels.slack.events import FileRef
from bot.state.memory import MemoryStore
from tests.slack.fake_conversation import FakeConversation

PROD = ("files.slack.com",)


@pytest.mark.parametrize(
    ("url", "hosts", "allowed"),
    [
        ("https://files.slack.com/files-pri/T1-F1/agent-log.txt", PROD, True),
        ("http://files.slack.com/files-pri/T1-F1/agent-log.txt", PROD, False),  # token never over http
        ("https://files.slack.com.evil.example/x", PROD, False),  # exact host match only
        ("https://evil.example/files.slack.com", PROD, False),
        ("https://user:pw@files.slack.com/x", PROD, False),
        ("http://127.0.0.1:8123/files/x", ("127.0.0.1:8123",), True),  # the test seam: loopback + listed
        ("http://127.0.0.1:8123/files/x", PROD, False),  # loopback but not listed
        ("http://10.0.0.5:8123/files/x", ("10.0.0.5:8123",), False),  # listed but not loopback: no http
    ],
)
def test_token_only_goes_to_listed_hosts_over_https_or_loopback(
    url: str, hosts: tuple[str, ...], allowed: bool
) -> None:
    assert host_allowed(URL(url), hosts) is allowed


def test_precheck_refuses_declared_oversize_before_looking_at_the_url() -> None:
    policy = DownloadPolicy(token="xoxb", file_hosts=PROD, max_bytes=100)
    big = FileRef(id="F1", name="agent-log.txt", size=101, mimetype="text/plain", url="https://evil.example/")
    with pytest.raises(DownloadRefused) as raised:
        precheck(big, policy)
    assert raised.value.kind is RefusalKind.TOO_LARGE


def test_socket_mode_mounts_no_route_and_connects_on_startup() -> None:
    app = web.Application()
    config = SlackConfig(bot_token="xoxb-1", signing_secret="s", app_token="xapp-1")
    setup_slack(app, engine=FakeConversation(), store=MemoryStore(), config=config)
    assert [r for r in app.router.routes() if r.method == "POST"] == []
    assert "connect" in [getattr(hook, "__name__", "") for hook in app.on_startup]
    assert "disconnect" in [getattr(hook, "__name__", "") for hook in app.on_cleanup]
