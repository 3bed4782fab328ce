"""Property: no input, however malformed, makes read_log or diagnose raise anything but UnreadableLog."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.diagnosis import UnreadableLog, diagnose, read_log
from bot.diagnosis.model import ReadLog

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"
REAL = [(SHAPES / n).read_bytes() for n in ("agent-log-new.txt", "agent-log-old.txt", "console-chrome.txt")]
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes) -> ReadLog | None:
    try:
        log = read_log(data)
    except UnreadableLog as refusal:
        assert refusal.message and "\n" not in refusal.message
        return None
    assert log.entry_count >= len(log.entries) > 0
    assert all(e.line >= 1 for e in log.entries)
    return log


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@st.composite
def mutated_logs(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(REAL)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            data[position] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 200))]
        else:
            data[position:position] = draw(
                st.sampled_from([b"[", b"{", b"]", b'"', b"\n    {", b"\x00", b"\r"])
            )
    return bytes(data)


deep_json = st.integers(1, 3000).flatmap(
    lambda n: st.sampled_from([b"[" * n + b"]" * n, b'[{"text": "ICE", "objects": ' + b"[" * n, b"{" * n])
)
archives = st.lists(
    st.tuples(
        st.sampled_from(["agent-log.txt", "a/b.txt", "__MACOSX/._x", "x.zip"]), st.binary(max_size=300)
    ),
    max_size=4,
    unique_by=lambda member: member[0],
).map(zip_of)
inputs = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(str.encode),
    mutated_logs(),
    deep_json,
    archives,
    archives.map(lambda z: zip_of([("inner.zip", z), ("agent-log.txt", REAL[0])])),
    mutated_logs().map(gzip.compress),
    st.sampled_from(REAL).map(lambda d: d.decode().encode("utf-16")),
)


@FAST
@given(inputs)
def test_read_log_raises_nothing_but_unreadable_log(data: bytes) -> None:
    read_or_refuse(data)


@pytest.mark.parametrize("index", range(len(REAL)))
def test_every_truncation_of_a_real_log_is_read_or_refused(index: int) -> None:
    data = REAL[index]
    for end in range(0, len(data), 7):
        log = read_or_refuse(data[:end])
        if log is not None and index == 0:
            assert log.truncated or data[:end].rstrip().endswith(b"]")


@FAST
@given(inputs)
def test_diagnose_raises_nothing_but_unreadable_log(data: bytes) -> None:
    try:
        result = diagnose(data)
    except UnreadableLog:
        return
    assert result.entries > 0
