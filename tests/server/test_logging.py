"""JSON log lines: correlation id, whitelisted fields, and nothing sensitive."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.server.logging import configure_logging, correlation_id, new_correlation_id, scrub


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = configure_logging("DEBUG", stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)


@pytest.mark.parametrize(
    ("raw", "kept", "gone"),
    [
        ("token xoxb-123-456-abcdef used", "[slack-token]", "xoxb-123"),
        ("app xapp-1-A02-33-ff", "[slack-token]", "xapp-1"),
        ("Authorization: Bearer abc.def.ghijklmnop", "Bearer [token]", "abc.def"),
        ("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "[jwt]", "eyJhbGci"),
        ('{"password": "hunter2hunter2"}', "[secret]", "hunter2"),
        ("agent jane.doe@example.com failed", "[email]", "jane.doe"),
        ("candidate 203.0.113.77 udp", "[ip]", "203.0.113.77"),
        ("v6 2001:db8:85a3::8a2e:370:7334 seen", "[ip]", "2001:db8"),
        ("caller +1 (555) 010-4477 rang", "[phone]", "010-4477"),
    ],
)
def test_scrub_removes_tokens_and_personal_data(raw: str, kept: str, gone: str) -> None:
    cleaned = scrub(raw)
    assert kept in cleaned
    assert gone not in cleaned


def test_lines_are_json_with_the_turn_correlation_id(captured: io.StringIO) -> None:
    new_correlation_id("req-42")
    logging.getLogger("icebreaker.test").info(
        "diagnosis done for %s",
        "ops@example.com",
        extra={"event": "diag.done", "verdict": "fault", "raw": "x"},
    )
    line = json.loads(captured.getvalue().splitlines()[-1])
    assert line["cid"] == "req-42"
    assert line["event"] == "diag.done" and line["verdict"] == "fault"
    assert line["msg"] == "diagnosis done for [email]"
    assert "raw" not in line  # only whitelisted extras


def test_malformed_incoming_correlation_ids_are_replaced() -> None:
    cid = new_correlation_id("bad id\nwith newline")
    assert cid != "bad id\nwith newline" and len(cid) == 16
    assert correlation_id.get() == cid


def test_exception_messages_are_dropped_but_locations_kept(captured: io.StringIO) -> None:
    try:
        raise ValueError("line 12: ICE candidate 198.51.100.4 from agent bob@example.com")
    except ValueError:
        logging.getLogger("icebreaker.test").exception("turn failed")
    line = json.loads(captured.getvalue().splitlines()[-1])
    assert line["error"] == "ValueError"
    assert any("test_exception_messages_are_dropped_but_locations_kept" in w for w in line["where"])
    assert "198.51.100.4" not in captured.getvalue() and "ICE candidate" not in captured.getvalue()
