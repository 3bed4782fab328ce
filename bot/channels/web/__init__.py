"""The web console: a browser surface for the same conversation (upload a log, walk the fix, download)."""

from bot.channels.web.config import WebConfig
from bot.channels.web.console import setup_web

__all__ = ["WebConfig", "setup_web"]
