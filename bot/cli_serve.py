"""The ``serve`` and ``config`` subcommands of ``icebreaker`` (registered by ``bot.cli``).

Rules of this file:
- Settings are read once, here, through ``bot.settings.load_settings``; a wrong value prints its one
  sentence on stderr and exits 2 before anything starts.
- ``config`` prints every variable with its effective value, secrets masked, one ``NAME=value`` per line.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.settings import Settings, SettingsError, load_settings

EXIT_CONFIG = 2


def register(subparsers: Any) -> None:
    """Add ``serve`` and ``config`` to the ``icebreaker`` argument parser's subparsers."""
    serve = subparsers.add_parser(
        "serve", help="run the web console, Slack and Teams endpoints, /healthz, /readyz and /metrics"
    )
    serve.set_defaults(func=run_serve)
    config = subparsers.add_parser("config", help="print the effective configuration, secrets masked")
    config.set_defaults(func=run_config)


def _settings() -> Settings | None:
    try:
        return load_settings()
    except SettingsError as error:
        print(f"icebreaker: {error}", file=sys.stderr)
        return None


def run_serve(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return EXIT_CONFIG
    from bot.server.lifecycle import serve
    from bot.server.logging import configure_logging

    configure_logging(settings.log_level)
    return asyncio.run(serve(settings))


def run_config(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return EXIT_CONFIG
    for name, value in settings.masked().items():
        print(f"{name}={value}")
    return 0
