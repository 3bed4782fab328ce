"""What every handler needs from the world: store, knowledge, diagnoser, policy, limits and a clock.

Rules of this file:
- One frozen bundle built by the ``Engine`` constructor and passed to handlers; no globals.
- Time comes only from the injected clock, always rendered as ISO-8601 UTC with a ``Z``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.catalog import Catalog
from bot.diagnosis.limits import Limits
from bot.state.protocol import SessionStore, Ttls
from handlers.access import AccessPolicy
from handlers.api import Diagnoser

AUDIT_MAX_ITEMS = 10_000
RECENT_MAX_ITEMS = 20


@dataclass(frozen=True, slots=True)
class Deps:
    store: SessionStore
    catalog: Catalog
    diagnoser: Diagnoser
    policy: AccessPolicy
    ttls: Ttls
    escalation_configured: bool
    clock: Callable[[], datetime]
    limits: Limits

    def now(self) -> str:
        return to_iso(self.clock())


def to_iso(moment: datetime) -> str:
    """ISO-8601 in UTC with millisecond precision and a ``Z`` (naive datetimes are taken as UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
