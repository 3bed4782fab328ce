"""The web console: a browser surface for the same conversation (upload a log, walk the fix, download)."""

from bot.channels.web.config import WebConfig
from bot.channels.web.console import CORRELATION_KEY, setup_web

__all__ = ["CORRELATION_KEY", "WebConfig", "setup_web"]
