"""The real conversation engine for tests: real catalog, thread diagnoser, the given store, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.catalog_load import load_catalog
from bot.state.protocol import SessionStore
from handlers.access import AccessPolicy
from handlers.diagnoser import ThreadDiagnoser
from handlers.engine import Engine

NOW = datetime(2024, 5, 14, 9, 30, 0, tzinfo=UTC)


def make_engine(
    store: SessionStore, *, policy: AccessPolicy | None = None, escalation: bool = True
) -> Engine:
    return Engine(
        store=store,
        catalog=load_catalog(),
        diagnoser=ThreadDiagnoser(max_concurrent=1),
        policy=policy or AccessPolicy(),
        escalation_configured=escalation,
        clock=lambda: NOW,
    )
