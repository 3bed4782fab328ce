"""JSON shapes: the CCP download (old and new layouts, cut off, other indents) and JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.diagnosis import Limits, UnreadableKind, UnreadableLog, read_log
from bot.diagnosis.model import InputFormat

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"


def fixture(name: str) -> bytes:
    return (SHAPES / name).read_bytes()


def test_new_layout_entries_keep_text_time_level_and_line_of_their_brace() -> None:
    data = fixture("agent-log-new.txt")
    log = read_log(data)
    lines = data.decode().split("\n")
    assert log.format is InputFormat.JSON_ARRAY
    assert log.entry_count == len(log.entries) == 9
    assert log.entries[0].line == 2
    for entry in log.entries:
        assert lines[entry.line - 1] == "    {"
        assert json.dumps(entry.text) in "\n".join(lines[entry.line : entry.line + 4])
    timeout = next(e for e in log.entries if "ICE collection timed out" in e.text)
    expected = ("WARN", "2024-05-01T10:00:10.081Z", "softphone")
    assert (timeout.level, timeout.time, timeout.component) == expected
    assert timeout.text.startswith(" 4a5c2f0e")  # leading space of softphone lines is kept
    assert not log.truncated and log.notes == ()


def test_objects_are_kept_only_for_entries_whose_text_asks_for_them() -> None:
    log = read_log(fixture("agent-log-new.txt"))
    by_text = {e.text.split(" ")[0]: e for e in log.entries}
    assert by_text["GET_AGENT_SNAPSHOT"].objects == ()
    detected = next(e for e in log.entries if e.text.startswith("Softphone call detected"))
    assert detected.objects[0]["contactId"] == "4a5c2f0e-7b1d-4c8e-9f3a-2d6b8e1c0a97"
    assert "callConfigJson" in detected.objects[0]["softphoneMediaInfo"]


def test_exception_becomes_type_and_message() -> None:
    log = read_log(fixture("agent-log-new.txt"))
    failed = next(e for e in log.entries if e.text.startswith("Softphone error occurred"))
    assert failed.exception == "Error: Ice collection timedout"
    assert all(e.exception is None for e in log.entries if e is not failed)


def test_old_layout_without_new_keys_is_read_and_component_is_not_trusted() -> None:
    log = read_log(fixture("agent-log-old.txt"))
    assert log.format is InputFormat.JSON_ARRAY
    assert log.entry_count == 6
    handshake = log.entries[4]
    assert handshake.component == "ccp"  # copied between frames: softphone text under "ccp"
    assert "Failed handshaking with signaling server Timeout" in handshake.text
    assert handshake.exception == "[object Error]: Timeout"


def test_numeric_time_from_entries_copied_between_frames_becomes_iso() -> None:
    entry = {"component": "ccp", "level": "info", "text": "x ICE", "time": 1714557600123}
    log = read_log(json.dumps([entry], indent=4).encode())
    assert log.entries[0].time == "2024-05-01T10:00:00.123Z"
    assert log.entries[0].level == "INFO"


@pytest.mark.parametrize("cut_at_line", [20, 40, 60, 100])
def test_array_cut_mid_entry_keeps_complete_entries_and_says_so(cut_at_line: int) -> None:
    lines = fixture("agent-log-new.txt").decode().split("\n")
    kept = lines[:cut_at_line]
    log = read_log("\n".join(kept).encode())
    assert log.truncated
    assert len(log.entries) == sum(1 for line in kept if line in ("    }", "    },"))
    partial_start = max(i for i, line in enumerate(kept) if line == "    {") + 1
    assert log.notes[-1].startswith(f"The log was cut off at line {partial_start} (an interrupted download?)")


def test_array_cut_inside_its_first_entry_is_refused_with_its_own_sentence() -> None:
    with pytest.raises(UnreadableLog) as caught:
        read_log(fixture("agent-log-new.txt")[:200])
    assert caught.value.kind is UnreadableKind.NOT_A_LOG
    assert caught.value.message.startswith("The log was cut off before its first complete entry")


def test_cut_note_names_the_line_where_the_partial_entry_starts() -> None:
    text = fixture("agent-log-new.txt").decode()
    lines = text.split("\n")
    log = read_log("\n".join(lines[:20]).encode())  # entry 2 starts at line 15 and is cut
    assert log.notes == (
        "The log was cut off at line 15 (an interrupted download?); I read the 1 complete entry before it.",
    )


def test_array_cut_between_entries_is_truncated_too() -> None:
    text = fixture("agent-log-new.txt").decode()
    end_of_second = text.index("\n    },", text.index("GET_AGENT_SNAPSHOT")) + len("\n    },")
    log = read_log(text[:end_of_second].encode())
    assert log.truncated and len(log.entries) == 2


@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_other_layouts_are_read_with_the_general_parser(indent: int | str | None) -> None:
    entries = json.loads(fixture("agent-log-new.txt"))
    text = json.dumps(entries, indent=indent)
    log = read_log(text.encode())
    assert [e.text for e in log.entries] == [e["text"] for e in entries]
    if indent is not None:
        opener = (" " * indent if isinstance(indent, int) else indent) + "{"
        starts = [i + 1 for i, line in enumerate(text.split("\n")) if line == opener]
        assert [e.line for e in log.entries] == starts


def test_an_odd_entry_mid_file_switches_to_the_general_parser_without_losing_entries() -> None:
    entries = json.loads(fixture("agent-log-new.txt"))
    text = json.dumps(entries, indent=4)
    marker = text.index("\n    {\n", text.index("GET_AGENT_SNAPSHOT")) + 1
    odd = text[:marker] + '    {"text": "compact ICE entry", "level": "INFO", "time": "t"},\n' + text[marker:]
    log = read_log(odd.encode())
    assert [e.text for e in log.entries][:3] == [entries[0]["text"], entries[1]["text"], "compact ICE entry"]
    assert len(log.entries) == len(entries) + 1


def test_a_last_entry_closed_off_the_indentation_is_read_not_called_cut() -> None:
    entries = json.loads(fixture("agent-log-new.txt"))
    text = json.dumps(entries, indent=4)
    head, _, _ = text.rpartition("\n    }")
    reclosed = head + "}\n]"  # the last entry ends "...}}" on one line: valid JSON, another layout
    log = read_log(reclosed.encode())
    assert not log.truncated
    assert len(log.entries) == len(entries)
    assert log.entries[-1].text == entries[-1]["text"]


def test_invalid_json_in_the_middle_keeps_what_came_before() -> None:
    text = json.dumps(json.loads(fixture("agent-log-new.txt")), indent=2)
    broken = text.replace('"level": "WARN"', '"level": WARN', 1)
    log = read_log(broken.encode())
    assert log.truncated
    assert len(log.entries) == 5
    assert log.notes[-1].startswith("The log stops being valid JSON at line ")


def test_json_lines_are_read_with_their_line_numbers() -> None:
    log = read_log(fixture("json-lines.jsonl"))
    assert log.format is InputFormat.JSON_LINES
    assert [e.line for e in log.entries] == [1, 2, 3, 4, 5]
    assert "ICE collection timed out" in log.entries[3].text


def test_json_lines_with_a_cut_last_line_are_truncated() -> None:
    data = fixture("json-lines.jsonl")
    log = read_log(data[: len(data) - 40])
    assert log.truncated and len(log.entries) == 4
    assert log.notes == (
        "The log was cut off at line 5 (an interrupted download?); I read the 4 complete entries before it.",
    )


def test_json_lines_skip_foreign_lines_and_say_how_many() -> None:
    data = fixture("json-lines.jsonl").replace(b"\n", b"\nnot json\n", 1)
    log = read_log(data)
    assert len(log.entries) == 5
    assert log.notes == ("1 line that was not a log entry was skipped.",)


def test_a_single_pretty_printed_entry_is_a_log_of_one() -> None:
    entry = {"component": "softphone", "level": "ERROR", "text": " SESSION No ICE candidate", "time": "t"}
    log = read_log(("\n" + json.dumps(entry, indent=4)).encode())
    assert len(log.entries) == 1 and log.entries[0].line == 2


def test_deeply_nested_pretty_json_is_refused_before_parsing() -> None:
    deep: object = "x"
    for _ in range(70):
        deep = [deep]
    entry = {"text": "callConfig", "level": "INFO", "time": "t", "objects": [deep]}
    with pytest.raises(UnreadableLog) as caught:
        read_log(json.dumps([entry], indent=4).encode())
    assert caught.value.kind is UnreadableKind.TOO_DEEP


@pytest.mark.parametrize("indent", [None, 4])
def test_depth_limit_is_configurable(indent: int | None) -> None:
    entry = {"text": "sendSoftphoneReport", "level": "INFO", "time": "t", "objects": [[[[["x"]]]]]}
    data = json.dumps([entry], indent=indent).encode()
    assert len(read_log(data).entries) == 1
    with pytest.raises(UnreadableLog) as caught:
        read_log(data, limits=Limits(max_json_depth=5))
    assert caught.value.kind is UnreadableKind.TOO_DEEP


def test_compact_deep_nesting_beyond_orjson_and_json_limits_is_too_deep_not_a_crash() -> None:
    data = b'[{"text": "ICE", "objects": ' + b"[" * 5000 + b"]" * 5000 + b"}]"
    with pytest.raises(UnreadableLog) as caught:
        read_log(data)
    assert caught.value.kind is UnreadableKind.TOO_DEEP
    lines = b'{"text": "ICE", "objects": ' + b"[" * 5000 + b"]" * 5000 + b"}\n"
    with pytest.raises(UnreadableLog) as caught:
        read_log(lines)
    assert caught.value.kind is UnreadableKind.TOO_DEEP
