"""Fixtures for the conversation engine tests: the real catalog, diagnoser and stores, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.catalog import Catalog
from bot.catalog_load import load_catalog
from bot.state.memory import MemoryStore
from bot.state.protocol import SessionStore
from handlers.access import AccessPolicy
from handlers.diagnoser import ThreadDiagnoser

if TYPE_CHECKING:
    from handlers.engine import Engine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOW = datetime(2024, 5, 14, 9, 30, 0, tzinfo=UTC)


def fixture_bytes(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


def make_engine(
    store: SessionStore, *, policy: AccessPolicy | None = None, escalation: bool = True
) -> Engine:
    from handlers.engine import Engine

    return Engine(
        store=store,
        catalog=load_catalog(),
        diagnoser=ThreadDiagnoser(max_concurrent=1),
        policy=policy or AccessPolicy(),
        escalation_configured=escalation,
        clock=lambda: NOW,
    )


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def engine(store: MemoryStore) -> Engine:
    return make_engine(store)


@pytest.fixture
def ice_log() -> bytes:
    return fixture_bytes("conversations/ice-timeout-agent-log.txt")
