"""Structured JSON logs with a correlation id per turn, and nothing sensitive in them.

Rules of this file:
- One JSON object per line: ``ts``, ``level``, ``logger``, ``msg``, ``cid`` (the correlation id of the turn or
  request being handled, from a contextvar) and only the whitelisted ``extra`` keys below, scalars only.
- Log content, tokens and personal data never reach a log line: every message is scrubbed (tokens, JWTs,
  e-mail addresses, IP addresses, phone numbers) and exception *messages* are dropped (they may quote the
  upload); only the exception type and the code locations of its traceback are kept.
- Code logs events, not data: ``log.info("diagnosis done", extra={"event": ..., "verdict": ...})``.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

correlation_id: ContextVar[str | None] = ContextVar("icebreaker_correlation_id", default=None)

ALLOWED_EXTRA = frozenset(
    {
        "event", "surface", "surfaces", "verdict", "cause", "kind", "bytes", "seconds", "status", "route",
        "method", "count", "workers", "queue_limit", "port", "host", "store", "platform", "reply_kind",
        "replies", "signal", "in_flight", "pid",
    }
)  # fmt: skip

_SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+"), "[slack-token]"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "[jwt]"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 [token]"),
    (
        re.compile(r"(?i)\b(password|passwd|secret|token|credential)(\"?\s*[:=]\s*\"?)[^\s\",}]+"),
        r"\1\2[secret]",
    ),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[email]"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[ip]"),
    (re.compile(r"(?i)\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b"), "[ip]"),
    (re.compile(r"\+?\d[\d ()-]{7,}\d"), "[phone]"),
)

_SAFE_CID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_correlation_id(incoming: str | None = None) -> str:
    """Use a well-formed incoming id (e.g. ``X-Request-Id``) or mint one; set it for this context."""
    cid = incoming if incoming and _SAFE_CID.match(incoming) else secrets.token_hex(8)
    correlation_id.set(cid)
    return cid


def scrub(text: str) -> str:
    """Remove tokens and personal data from a log message."""
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """Render a record as one scrubbed JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(_message(record)),
        }
        cid = correlation_id.get()
        if cid:
            out["cid"] = cid
        for key in ALLOWED_EXTRA:
            value = record.__dict__.get(key)
            if isinstance(value, bool | int | float):
                out[key] = value
            elif isinstance(value, str):
                out[key] = scrub(value)[:200]
        if record.exc_info and record.exc_info[0] is not None:
            out["error"] = record.exc_info[0].__name__
            out["where"] = _locations(record.exc_info[2])
        return json.dumps(out, ensure_ascii=False)


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):
        return str(record.msg)


def _locations(tb: Any) -> list[str]:
    frames = traceback.extract_tb(tb, limit=8)
    return [f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno}:{frame.name}" for frame in frames]


def configure_logging(level: str, *, stream: TextIO | None = None) -> logging.Handler:
    """Send every logger through one JSON handler on ``stream`` (stderr by default)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("aiohttp.access", "botbuilder", "msrest", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return handler
