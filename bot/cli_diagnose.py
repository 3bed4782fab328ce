"""The ``diagnose`` subcommand: ``icebreaker diagnose PATH|- [--contact ID] [--json]``.

Rules of this file:
- Exit 0 whenever the input was read as a log, whatever it found; exit 2 with exactly one line on stderr
  (the ``UnreadableLog`` sentence, or why the file could not be opened) when it could not be.
- ``--json`` prints exactly one JSON object, ``Diagnosis.to_dict()``, on one line. The default output is
  for people: verdict and reason, ranked causes with evidence lines, contacts, and the top cause's steps.
- Cause titles and steps come from the knowledge catalog; if it cannot be loaded the diagnosis is still
  printed (with the core's own titles) and one warning line goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from bot.catalog import Catalog, CatalogError
from bot.catalog_load import load_catalog
from bot.cli_text import render_diagnosis
from bot.diagnosis import UnreadableLog, diagnose

EXIT_UNREADABLE = 2


def register(subparsers: Any) -> None:
    """Add ``diagnose`` to the ``icebreaker`` argument parser's subparsers."""
    parser = subparsers.add_parser("diagnose", help="diagnose an agent-log.txt (or a paste, gzip or zip)")
    parser.add_argument("path", metavar="PATH|-", help="the log file, or - to read standard input")
    parser.add_argument("--contact", metavar="ID", help="answer for this contact id")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(func=run_diagnose)


def run_diagnose(args: argparse.Namespace) -> int:
    data = _read_input(args.path)
    if data is None:
        return EXIT_UNREADABLE
    catalog = _catalog()
    titles = {c.id: c.title for c in catalog.causes.values()} if catalog else None
    try:
        result = diagnose(data, contact_id=args.contact, titles=titles)
    except UnreadableLog as refusal:
        print(refusal.message, file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        sys.stdout.write(orjson.dumps(result.to_dict()).decode() + "\n")
    else:
        sys.stdout.write(render_diagnosis(result, catalog))
    return 0


def _read_input(path: str) -> bytes | None:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        print(f"Cannot open {path}: {error.strerror or error}.", file=sys.stderr)
        return None


def _catalog() -> Catalog | None:
    try:
        return load_catalog()
    except CatalogError as error:
        print(f"warning: knowledge files not loaded, steps omitted: {error}", file=sys.stderr)
        return None
