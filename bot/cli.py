"""The ``icebreaker`` console script: one argparse parser, one subcommand module per area.

Rules of this file:
- Composition only: each subcommand module exposes ``register(subparsers)`` and sets ``func`` (a function
  ``(argparse.Namespace) -> int``) on its parser; ``main`` parses and returns that exit code.
- Nothing here reads settings or files; the subcommands do, each in its own module.
"""

from __future__ import annotations

import argparse

from bot import cli_diagnose, cli_serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="icebreaker",
        description="Explain why an Amazon Connect softphone call had no audio, from the agent's log.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli_diagnose.register(subparsers)
    cli_serve.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
