"""The SessionStore contract, run unchanged against the memory store and a real Redis.

Rules of this file:
- Tests speak only the protocol (plus the case's clock); implementation-specific checks live at the end,
  marked by the store kind they need.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest

from bot.state.memory import MemoryStore
from bot.state.protocol import SessionStore
from tests.state.conftest import FakeClock, StoreCase

NS = "session"
TTL = 3600
CONTACT = "6a1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b"


def session(version: int, step: str = "check-udp") -> dict[str, Any]:
    return {"version": version, "step": step, "answers": {"vpn": "yes"}, "tried": [1, 2.5, None, True]}


# --- documents -------------------------------------------------------------------------------------------


async def test_missing_document_reads_as_none(case: StoreCase) -> None:
    assert await case.store.get_doc(NS, "nobody") is None


async def test_document_round_trips_as_a_copy(case: StoreCase) -> None:
    doc = session(1)
    await case.store.put_doc(NS, "t1", doc, ttl_seconds=TTL)
    doc["answers"]["vpn"] = "changed after put"

    first = await case.store.get_doc(NS, "t1")
    assert first == session(1)
    assert first is not None
    first["tried"].append("changed after get")
    assert await case.store.get_doc(NS, "t1") == session(1)


async def test_put_overwrites_and_delete_removes(case: StoreCase) -> None:
    await case.store.put_doc(NS, "t1", session(1), ttl_seconds=TTL)
    await case.store.put_doc(NS, "t1", session(2, "ask-vpn"), ttl_seconds=TTL)
    assert await case.store.get_doc(NS, "t1") == session(2, "ask-vpn")

    await case.store.delete_doc(NS, "t1")
    await case.store.delete_doc(NS, "t1")  # deleting an absent document is fine
    assert await case.store.get_doc(NS, "t1") is None


async def test_namespaces_and_keys_do_not_collide(case: StoreCase) -> None:
    await case.store.put_doc("a", "b:c", {"n": 1}, ttl_seconds=TTL)
    await case.store.put_doc("b", "c", {"n": 2}, ttl_seconds=TTL)
    assert await case.store.get_doc("a", "b:c") == {"n": 1}
    assert await case.store.get_doc("b", "c") == {"n": 2}
    assert await case.store.get_doc("a", "b") is None


@pytest.mark.parametrize("namespace", ["", "a:b"])
async def test_ambiguous_namespace_is_rejected(case: StoreCase, namespace: str) -> None:
    with pytest.raises(ValueError, match="namespace"):
        await case.store.put_doc(namespace, "k", {"n": 1}, ttl_seconds=TTL)


@pytest.mark.parametrize("ttl", [0, -5, 1.5])
async def test_every_write_needs_a_positive_whole_ttl(case: StoreCase, ttl: Any) -> None:
    with pytest.raises(ValueError, match="ttl_seconds"):
        await case.store.put_doc(NS, "k", {"n": 1}, ttl_seconds=ttl)
    with pytest.raises(ValueError, match="ttl_seconds"):
        await case.store.first_sighting(NS, "evt", ttl_seconds=ttl)
    assert await case.store.get_doc(NS, "k") is None
    assert await case.store.first_sighting(NS, "evt", ttl_seconds=TTL) is True


async def test_everything_expires_after_its_ttl(case: StoreCase) -> None:
    store = case.store
    await store.put_doc(NS, "short", {"n": 1}, ttl_seconds=1)
    await store.compare_and_set(NS, "cas", session(1), expected_version=None, ttl_seconds=1)
    await store.put_diagnosis("d-short", {"n": 1}, redacted_log=b"z", contact_ids=(CONTACT,), ttl_seconds=1)
    await store.put_diagnosis("d-long", {"n": 2}, redacted_log=b"z", contact_ids=(CONTACT,), ttl_seconds=TTL)
    await store.push_list(NS, "audit", {"n": 1}, max_items=5, ttl_seconds=1)
    assert await store.first_sighting(NS, "evt", ttl_seconds=1) is True
    await store.put_doc(NS, "long", {"n": 3}, ttl_seconds=TTL)

    await case.pass_time(0.5)
    assert await store.get_doc(NS, "short") == {"n": 1}
    assert await store.find_diagnoses(CONTACT) == ["d-long", "d-short"]

    await case.pass_time(0.8)
    assert await store.get_doc(NS, "short") is None
    assert await store.get_doc(NS, "cas") is None
    assert await store.get_diagnosis("d-short") is None
    assert await store.get_log("d-short") is None
    assert await store.find_diagnoses(CONTACT) == ["d-long"]
    assert await store.read_list(NS, "audit", limit=5) == []
    assert await store.first_sighting(NS, "evt", ttl_seconds=1) is True
    assert await store.get_doc(NS, "long") == {"n": 3}
    assert await store.get_diagnosis("d-long") == {"n": 2}


# --- compare and set -------------------------------------------------------------------------------------


async def test_compare_and_set_creates_only_when_absent(case: StoreCase) -> None:
    assert await case.store.compare_and_set(NS, "t", session(1), expected_version=None, ttl_seconds=TTL)
    assert not await case.store.compare_and_set(
        NS, "t", session(1, "other"), expected_version=None, ttl_seconds=TTL
    )
    assert await case.store.get_doc(NS, "t") == session(1)


async def test_compare_and_set_advances_only_from_the_expected_version(case: StoreCase) -> None:
    store = case.store
    assert await store.compare_and_set(NS, "t", session(1), expected_version=None, ttl_seconds=TTL)
    assert await store.compare_and_set(NS, "t", session(2, "b"), expected_version=1, ttl_seconds=TTL)
    assert not await store.compare_and_set(NS, "t", session(2, "stale"), expected_version=1, ttl_seconds=TTL)
    assert not await store.compare_and_set(NS, "none", session(4), expected_version=3, ttl_seconds=TTL)
    assert await store.get_doc(NS, "t") == session(2, "b")
    assert await store.get_doc(NS, "none") is None


@pytest.mark.parametrize(("expected", "version"), [(None, 2), (None, 0), (1, 1), (1, 3), (1, "2"), (1, None)])
async def test_compare_and_set_rejects_a_version_that_does_not_follow(
    case: StoreCase, expected: int | None, version: Any
) -> None:
    await case.store.put_doc(NS, "t", session(1), ttl_seconds=TTL)
    with pytest.raises(ValueError, match="version"):
        await case.store.compare_and_set(
            NS, "t", {"version": version, "step": "x"}, expected_version=expected, ttl_seconds=TTL
        )
    assert await case.store.get_doc(NS, "t") == session(1)


async def test_concurrent_clicks_on_one_button_make_one_transition(case: StoreCase) -> None:
    await case.store.put_doc(NS, "t", session(1), ttl_seconds=TTL)
    clicks = [
        case.store.compare_and_set(NS, "t", session(2, f"click-{n}"), expected_version=1, ttl_seconds=TTL)
        for n in range(8)
    ]
    results = await asyncio.gather(*clicks)

    assert results.count(True) == 1
    winner = results.index(True)
    assert await case.store.get_doc(NS, "t") == session(2, f"click-{winner}")


# --- diagnoses and the contact index ---------------------------------------------------------------------


async def test_diagnosis_record_log_and_contact_lookup(case: StoreCase) -> None:
    store = case.store
    log = bytes(range(256))  # compressed logs are arbitrary bytes
    await store.put_diagnosis(
        "d1", {"verdict": "ice timeout"}, redacted_log=log, contact_ids=(CONTACT.upper(),), ttl_seconds=TTL
    )
    assert await store.get_diagnosis("d1") == {"verdict": "ice timeout"}
    assert await store.get_log("d1") == log
    assert await store.find_diagnoses(CONTACT) == ["d1"]
    assert await store.find_diagnoses(CONTACT.upper()) == ["d1"]
    assert await store.find_diagnoses(str(uuid.uuid4())) == []
    assert await store.get_diagnosis("unknown") is None
    assert await store.get_log("unknown") is None


async def test_contact_lookup_is_newest_first_and_reindexing_keeps_order(case: StoreCase) -> None:
    store = case.store
    other = "0f0e0d0c-0b0a-4909-8807-060504030201"
    for name in ("d1", "d2", "d3"):
        await store.put_diagnosis(
            name, {"id": name}, redacted_log=None, contact_ids=(CONTACT,), ttl_seconds=TTL
        )
    await store.put_diagnosis(
        "d2", {"id": "d2"}, redacted_log=None, contact_ids=(CONTACT, other, other.upper()), ttl_seconds=TTL
    )
    assert await store.find_diagnoses(CONTACT) == ["d3", "d2", "d1"]
    assert await store.find_diagnoses(other) == ["d2"]
    assert await store.get_log("d1") is None


async def test_diagnosis_is_all_or_nothing_when_the_record_is_not_json(case: StoreCase) -> None:
    with pytest.raises(TypeError):
        await case.store.put_diagnosis(
            "bad",
            {"when": dt.datetime(2024, 5, 1)},
            redacted_log=b"x",
            contact_ids=(CONTACT,),
            ttl_seconds=TTL,
        )
    assert await case.store.get_diagnosis("bad") is None
    assert await case.store.get_log("bad") is None
    assert await case.store.find_diagnoses(CONTACT) == []


# --- dedupe ----------------------------------------------------------------------------------------------


async def test_first_sighting_is_true_once(case: StoreCase) -> None:
    results = await asyncio.gather(
        *(case.store.first_sighting(NS, "Ev1", ttl_seconds=TTL) for _ in range(10))
    )
    assert results.count(True) == 1
    assert await case.store.first_sighting(NS, "Ev1", ttl_seconds=TTL) is False
    assert await case.store.first_sighting(NS, "Ev2", ttl_seconds=TTL) is True
    assert await case.store.first_sighting("teams", "Ev1", ttl_seconds=TTL) is True


# --- lists -----------------------------------------------------------------------------------------------


async def test_list_is_newest_first_trimmed_and_limited(case: StoreCase) -> None:
    for n in range(5):
        await case.store.push_list(NS, "audit", {"n": n}, max_items=3, ttl_seconds=TTL)
    assert await case.store.read_list(NS, "audit", limit=10) == [{"n": 4}, {"n": 3}, {"n": 2}]
    assert await case.store.read_list(NS, "audit", limit=2) == [{"n": 4}, {"n": 3}]
    assert await case.store.read_list(NS, "audit", limit=0) == []
    assert await case.store.read_list(NS, "nothing", limit=5) == []
    with pytest.raises(ValueError, match="max_items"):
        await case.store.push_list(NS, "audit", {"n": 9}, max_items=0, ttl_seconds=TTL)
    assert await case.store.read_list(NS, "audit", limit=1) == [{"n": 4}]


# --- isolation -------------------------------------------------------------------------------------------


async def test_two_prefixes_do_not_see_each_other(case: StoreCase) -> None:
    other = case.open_peer(f"{case.prefix}other-deployment:")
    await case.store.put_doc(NS, "t", session(1), ttl_seconds=TTL)
    await case.store.put_diagnosis("d1", {"n": 1}, redacted_log=b"x", contact_ids=(CONTACT,), ttl_seconds=TTL)
    await case.store.push_list(NS, "audit", {"n": 1}, max_items=3, ttl_seconds=TTL)
    assert await case.store.first_sighting(NS, "e", ttl_seconds=TTL)

    assert await other.get_doc(NS, "t") is None
    assert await other.get_diagnosis("d1") is None
    assert await other.get_log("d1") is None
    assert await other.find_diagnoses(CONTACT) == []
    assert await other.read_list(NS, "audit", limit=3) == []
    assert await other.first_sighting(NS, "e", ttl_seconds=TTL)
    assert await other.compare_and_set(NS, "t", session(1, "own"), expected_version=None, ttl_seconds=TTL)
    assert await case.store.get_doc(NS, "t") == session(1)


# --- JSON only -------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Point:
    x: int


NOT_JSON = [object(), dt.datetime(2024, 5, 1, 12, 0), {1, 2}, _Point(1), {1: "int key"}, 2**70, b"bytes"]


@pytest.mark.parametrize("value", NOT_JSON, ids=lambda v: type(v).__name__)
async def test_non_json_values_fail_before_anything_is_written(case: StoreCase, value: Any) -> None:
    store = case.store
    with pytest.raises(TypeError):
        await store.put_doc(NS, "t", {"v": value}, ttl_seconds=TTL)
    with pytest.raises(TypeError):
        await store.compare_and_set(
            NS, "c", {"version": 1, "v": value}, expected_version=None, ttl_seconds=TTL
        )
    with pytest.raises(TypeError):
        await store.push_list(NS, "l", {"v": [value]}, max_items=3, ttl_seconds=TTL)
    assert await store.get_doc(NS, "t") is None
    assert await store.get_doc(NS, "c") is None
    assert await store.read_list(NS, "l", limit=3) == []


async def test_documents_must_be_objects(case: StoreCase) -> None:
    with pytest.raises(TypeError, match="dict"):
        await case.store.put_doc(NS, "t", ["not", "a", "dict"], ttl_seconds=TTL)  # type: ignore[arg-type]
    assert await case.store.get_doc(NS, "t") is None


async def test_ping_and_close(case: StoreCase) -> None:
    assert await case.store.ping() is True
    assert isinstance(case.store, SessionStore)


# --- memory only -----------------------------------------------------------------------------------------


async def test_memory_store_sweeps_expired_entries() -> None:
    clock = FakeClock()
    store = MemoryStore(clock=clock)
    for n in range(20):
        await store.put_doc(NS, f"k{n}", {"n": n}, ttl_seconds=5)
    await store.put_diagnosis("d", {"n": 1}, redacted_log=b"x", contact_ids=("C",), ttl_seconds=5)
    assert store.entry_count() == 23

    clock.advance(61)
    await store.put_doc(NS, "fresh", {"n": 0}, ttl_seconds=5)
    assert store.entry_count() == 1
