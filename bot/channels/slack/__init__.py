"""Slack surface on slack-bolt: ``setup_slack`` mounts it on the server's aiohttp app."""

from bot.channels.slack.app import SLACK_STATE_KEY, setup_slack

__all__ = ["SLACK_STATE_KEY", "setup_slack"]
