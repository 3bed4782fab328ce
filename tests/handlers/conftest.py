"""Fixtures for the conversation engine tests: the real catalog, diagnoser and stores, a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.catalog_load import load_catalog
from bot.state.memory import MemoryStore
from handlers.engine import Engine
from tests.support.engine import make_engine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_bytes(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


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
