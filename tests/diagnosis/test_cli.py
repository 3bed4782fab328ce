"""``icebreaker diagnose``: exit codes, the one-line refusal, the JSON shape and the text for people."""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from pathlib import Path

import pytest

from bot.cli import main

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"
ICE_LOG = SHAPES / "agent-log-new.txt"
ICE_CONTACT = "4a5c2f0e-7b1d-4c8e-9f3a-2d6b8e1c0a97"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_json_output_is_one_object_with_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diagnose", str(ICE_LOG), "--json")
    assert code == 0 and err == ""
    assert out.count("\n") == 1
    result = json.loads(out)
    assert {"verdict", "causes", "contacts", "format", "entries"} <= result.keys()
    assert (result["format"], result["entries"], result["verdict"]) == ("json_array", 9, "fault")
    top = result["causes"][0]
    assert top["id"] == "media_udp_blocked"
    assert set(top) >= {"id", "title", "confidence", "evidence"} and 0 < top["confidence"] <= 1
    assert [c["confidence"] for c in result["causes"]] == sorted(
        (c["confidence"] for c in result["causes"]), reverse=True
    )
    assert [c["contact_id"] for c in result["contacts"]] == [ICE_CONTACT]


def test_json_evidence_points_at_the_lines_of_the_original_file(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diagnose", str(ICE_LOG), "--json")
    lines = ICE_LOG.read_text().split("\n")
    evidence = json.loads(out)["causes"][0]["evidence"]
    assert evidence
    for item in evidence:
        assert lines[item["line"] - 1] == "    {"
        assert json.dumps(item["text"])[1:-1] in lines[item["line"] + 2]  # "text": third key of an entry


def test_titles_come_from_the_knowledge_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.catalog_load import load_catalog
    from bot.diagnosis.model import CauseId

    _, out, _ = run(capsys, "diagnose", str(ICE_LOG), "--json")
    top = json.loads(out)["causes"][0]
    assert top["title"] == load_catalog().cause(CauseId(top["id"])).title


def test_text_output_has_verdict_evidence_lines_contacts_and_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "diagnose", str(ICE_LOG))
    assert code == 0 and err == ""
    assert out.startswith("Verdict: fault - ")
    assert re.search(r"^ {7}L\d+ 2024-05-01T10:00:10\.081Z \S+ SESSION ICE collection timed out$", out, re.M)
    assert f"  {ICE_CONTACT}: fault - " in out
    steps = out.split("What to do (", 1)[1]
    assert re.search(r"^  1\. \[(Agent|IT / network|Support)\] ", steps, re.M)
    assert "eu-west-2" in steps  # the region read from the TURN URL fills the step text
    assert "{region}" not in steps


def test_contact_option_answers_for_that_contact(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diagnose", str(ICE_LOG), "--json", "--contact", ICE_CONTACT.upper())
    result = json.loads(out)
    assert result["verdict"] == "fault" and result["causes"][0]["id"] == "media_udp_blocked"


def test_unknown_contact_is_inconclusive_but_still_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "diagnose", str(ICE_LOG), "--json", "--contact", "00000000-0000-4000-8000-000000000000"
    )
    assert code == 0
    assert json.loads(out)["verdict"] == "inconclusive"


def test_stdin_with_a_gzip_paste(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, gzip.compress((SHAPES / "console-chrome.txt").read_bytes()))
    code, out, _ = run(capsys, "diagnose", "-", "--json")
    result = json.loads(out)
    assert code == 0 and result["format"] == "console" and result["container"] == "gzip"


@pytest.mark.parametrize("as_json", [False, True])
def test_unreadable_input_exits_2_with_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    feed_stdin(monkeypatch, b"\x89PNG\r\n\x1a\n" + bytes(100))
    code, out, err = run(capsys, "diagnose", "-", *(["--json"] if as_json else []))
    assert code == 2 and out == ""
    assert err == (
        "This looks like a PNG image (a screenshot?), not a softphone log. "
        "Please attach agent-log.txt from the CCP (Settings → Download logs).\n"
    )


def test_missing_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "diagnose", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert err == f"Cannot open {tmp_path / 'nope.txt'}: No such file or directory.\n"


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "diagnose" in capsys.readouterr().err
