"""Decide, from the text alone, which reader reads it, and refuse known non-log documents.

Rules of this file:
- The decision is by the first non-blank characters: ``[`` then ``{``/``]`` is a JSON array, ``{`` is JSON
  (lines, or one document), ``<`` with HTML markers is a web page; everything else is line-oriented.
- Known JSON documents that are not softphone logs (a HAR capture, a webrtc-internals dump) get their
  own sentence; JSON without any entry gets another.
"""

from __future__ import annotations

import re

import orjson

from bot.diagnosis.limits import Limits
from bot.diagnosis.model import InputFormat
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.console import read_lines
from bot.diagnosis.reading.entries import Batch, is_entry, to_entry
from bot.diagnosis.reading.json_array import read_json_array
from bot.diagnosis.reading.json_lines import read_json_lines

_NON_SPACE = re.compile(r"\S")
_ARRAY_START = re.compile(r"\[\s*[{\]]")
_HTML = re.compile(r"<!doctype html|<html|<head|<body|<meta|<title|<script", re.IGNORECASE)


def read_text(text: str, *, limits: Limits) -> tuple[Batch, InputFormat]:
    """Read one file's text with the reader its shape calls for."""
    first = _NON_SPACE.search(text)
    start = first.start() if first else 0
    if _ARRAY_START.match(text, start):
        batch = read_json_array(text, limits=limits)
        return _require_entries(batch), InputFormat.JSON_ARRAY
    if text.startswith("{", start):
        return _require_entries(_read_json_objects(text, start, limits=limits)), InputFormat.JSON_LINES
    if text.startswith("<", start) and _HTML.search(text, start, start + 2048):
        raise messages.html_page()
    return read_lines(text)


def _read_json_objects(text: str, start: int, *, limits: Limits) -> Batch:
    newline = text.find("\n", start)
    first_line = text[start : newline if newline >= 0 else len(text)]
    try:
        if is_entry(orjson.loads(first_line)):
            return read_json_lines(text, limits=limits)
    except orjson.JSONDecodeError:
        pass
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):
            raise messages.too_deep(limits.max_json_depth) from exc
        return read_json_lines(text, limits=limits)
    return _read_document(document, line=1 + text.count("\n", 0, start), limits=limits)


def _read_document(document: object, *, line: int, limits: Limits) -> Batch:
    """One JSON value spanning the whole text: a single entry, or a known non-log document."""
    if isinstance(document, dict):
        log = document.get("log")
        if isinstance(log, dict) and "entries" in log:
            raise messages.har_capture()
        if "PeerConnections" in document or "getUserMedia" in document:
            raise messages.webrtc_internals()
        if is_entry(document):
            entry = to_entry(document, line=line, max_depth=limits.max_json_depth)
            return Batch(entries=[entry], count=1)
    raise messages.json_without_entries()


def _require_entries(batch: Batch) -> Batch:
    if batch.entries:
        return batch
    if batch.truncated:
        raise messages.cut_before_first_entry()
    raise messages.json_without_entries()
