"""The diagnosis core's public entry point: bytes of an upload in, a ``Diagnosis`` out.

Rules of this file:
- ``diagnose`` = ``read_log`` then ``analyse``; the only exception that leaves it is ``UnreadableLog``.
  An unexpected error inside the analysis is a bug: it is mapped to ``UnreadableKind.INTERNAL`` with one
  sentence asking for a report (the original exception is chained for logs), never passed on raw.
- Pure: no I/O, no clock, no network; callers decide where bytes come from and where results go.
- The analysis module is imported when first needed, so importing this package stays cheap and the
  reading stage never depends on the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.diagnosis.errors import UnreadableKind, UnreadableLog
from bot.diagnosis.limits import Limits
from bot.diagnosis.model import CauseId, Diagnosis
from bot.diagnosis.reading import DEFAULT_LIMITS, decode_text, read_log
from bot.diagnosis.reading import messages as _messages

__all__ = [
    "Diagnosis",
    "Limits",
    "UnreadableKind",
    "UnreadableLog",
    "decode_text",
    "diagnose",
    "read_log",
]


def diagnose(
    data: bytes,
    *,
    contact_id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    titles: Mapping[CauseId, str] | None = None,
) -> Diagnosis:
    """Read ``data`` as a softphone log and diagnose it (for ``contact_id`` when given)."""
    log = read_log(data, limits=limits)
    from bot.diagnosis.analysis import analyse  # lazy: see the module rules

    try:
        return analyse(log, contact_id=contact_id, titles=titles)
    except UnreadableLog:
        raise
    except Exception as exc:
        raise _messages.internal_analysis() from exc
