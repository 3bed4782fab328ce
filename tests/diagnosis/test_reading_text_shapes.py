"""Line-oriented pastes (console copy, Log Parser text, bare lines) and text encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.diagnosis import UnreadableKind, UnreadableLog, decode_text, read_log
from bot.diagnosis.model import InputFormat

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"


def fixture(name: str) -> bytes:
    return (SHAPES / name).read_bytes()


def test_console_copy_with_chrome_prefix_resource_id_and_stack_trace() -> None:
    log = read_log(fixture("console-chrome.txt"))
    assert log.format is InputFormat.CONSOLE
    assert [e.line for e in log.entries] == [1, 2, 3, 4, 5, 8]
    first, timeout, error, last = log.entries[0], log.entries[2], log.entries[4], log.entries[5]
    assert first.time == "2022-08-05T15:09:48.709Z" and first.level == "INFO"
    assert first.text.startswith("Softphone call detected: contactId 9c2d4e6f")
    assert timeout.text == " 9c2d4e6f-1a3b-4c5d-8e7f-0a1b2c3d4e5f SESSION ICE collection timed out"
    assert timeout.level == "WARN"
    assert error.text.splitlines() == [
        "Softphone error occurred :  ice_collection_timeout Ice collection timedout.",
        "    at t.onIceCollectionTimeout (connect-rtc.js:1:2345)",
        "    at connect-rtc.js:1:9876",
    ]
    assert last.text == "AWSClient: --> Calling operation 'getAgentSnapshot'"  # "[null]" resource id


def test_console_with_chrome_timestamps_and_trailing_source_location() -> None:
    text = (
        "15:09:48.709 connect-streams.js:21262 [2022-08-05T15:09:48.709Z] [WARN] [abc]:  x SESSION "
        "ICE collection timed out\n"
        "[2022-08-05T15:09:49.000Z] [error]: No ICE candidate    connect-streams.js:21262\n"
        "[???] [INFO]: Heartbeat response received\n"
    )
    log = read_log(text.encode())
    assert [(e.time, e.level, e.text) for e in log.entries] == [
        ("2022-08-05T15:09:48.709Z", "WARN", " x SESSION ICE collection timed out"),
        ("2022-08-05T15:09:49.000Z", "ERROR", "No ICE candidate"),
        (None, "INFO", "Heartbeat response received"),
    ]


def test_log_parser_text_keeps_component_and_level() -> None:
    log = read_log(fixture("parser-text.txt"))
    assert log.format is InputFormat.PARSER_TEXT
    assert [(e.component, e.level) for e in log.entries] == [
        ("softphone", "INFO"),
        ("softphone", "WARN"),
        ("softphone", "ERROR"),
        ("ccp", "WARN"),
    ]
    assert log.entries[1].time == "2020-10-15T13:10:53.234Z"
    contact = "0f1e2d3c-4b5a-4987-8654-3210fedcba98"
    assert log.entries[1].text == f" {contact} SIGNALING PendingAnswerState => FailedState"


def test_bare_lines_are_entries_without_time_and_keep_their_line_numbers() -> None:
    log = read_log(fixture("bare-lines.txt"))
    assert log.format is InputFormat.BARE_LINES
    assert [(e.line, e.time, e.text) for e in log.entries] == [
        (1, None, "RtcPeerConnectionManager SESSION Failed"),
        (2, None, "ICE_TIMEOUT"),
        (4, None, "Timeout handshaking with signaling server"),
    ]


def test_a_single_pasted_error_line_is_a_log() -> None:
    log = read_log(b"Softphone error occurred :  ice_collection_timeout Ice collection timedout.")
    assert log.entry_count == 1


def test_text_without_log_vocabulary_is_refused() -> None:
    with pytest.raises(UnreadableLog) as caught:
        read_log(fixture("readme.md"))
    assert caught.value.kind is UnreadableKind.NOT_A_LOG
    assert caught.value.message == (
        "This text holds no softphone log lines. "
        "Please attach agent-log.txt from the CCP (Settings → Download logs)."
    )


def test_an_html_page_gets_its_own_sentence() -> None:
    with pytest.raises(UnreadableLog) as caught:
        read_log(fixture("login.html"))
    assert caught.value.kind is UnreadableKind.NOT_A_LOG
    assert caught.value.message.startswith("This is a web page (HTML), not a softphone log: perhaps a sign")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (b"", "utf-16-le", "utf-16-le"),  # Notepad "Unicode" without BOM still shows its zero bytes
    ],
)
def test_encodings_with_byte_order_marks(bom: bytes, codec: str, name: str) -> None:
    original = fixture("agent-log-new.txt").decode()
    log = read_log(bom + original.encode(codec))
    plain = read_log(original.encode())
    assert log.encoding == name
    assert log.entries == plain.entries


@pytest.mark.parametrize("fixture_name", ["agent-log-new.txt", "console-chrome.txt", "json-lines.jsonl"])
def test_crlf_line_endings_give_the_same_entries_and_line_numbers(fixture_name: str) -> None:
    data = fixture(fixture_name)
    assert read_log(data.replace(b"\n", b"\r\n")).entries == read_log(data).entries


def test_a_few_broken_utf8_bytes_are_replaced_not_fatal() -> None:
    data = fixture("console-chrome.txt").replace(b"Softphone call", b"Softphone \xff call", 1)
    log = read_log(data)
    assert "\ufffd" in log.entries[0].text


def test_mostly_invalid_utf8_is_undecodable() -> None:
    data = ("ICE collection timed out " * 4).encode() + bytes(range(0x80, 0xC0)) * 3
    with pytest.raises(UnreadableLog) as caught:
        read_log(data)
    assert caught.value.kind is UnreadableKind.UNDECODABLE


def test_decode_text_gives_the_text_the_reader_numbers_lines_in() -> None:
    decoded = decode_text(codecs.BOM_UTF16_LE + "a\r\nb\rc".encode("utf-16-le"))
    assert (decoded.text, decoded.encoding) == ("a\nb\nc", "utf-16-le")
    assert (decoded.container, decoded.members) == (None, ())
