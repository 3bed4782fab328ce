"""Helpers for the analysis tests: run fixtures through the real ``read_log`` and build tiny logs."""

from __future__ import annotations

from pathlib import Path

from bot.diagnosis.analysis import analyse
from bot.diagnosis.model import Diagnosis, Entry, InputFormat, ReadLog
from bot.diagnosis.reading import read_log

FIXTURES = Path(__file__).parent.parent / "fixtures" / "causes"
C1 = "2b89704c-8b69-405b-b39d-9f3c009f971e"
C2 = "86fed616-d4cc-4f27-84be-039a412806ec"


def fixture_log(name: str) -> ReadLog:
    return read_log((FIXTURES / f"{name}.agent-log.txt").read_bytes())


def diagnose_fixture(name: str, *, contact_id: str | None = None) -> Diagnosis:
    return analyse(fixture_log(name), contact_id=contact_id)


def diagnose_text(text: str) -> Diagnosis:
    return analyse(read_log(text.encode("utf-8")))


def bare_log(*texts: str, truncated: bool = False) -> ReadLog:
    entries = tuple(
        Entry(line=i + 1, time=None, level=None, component=None, text=t) for i, t in enumerate(texts)
    )
    return ReadLog(
        format=InputFormat.BARE_LINES, entries=entries, entry_count=len(entries), truncated=truncated
    )


def line_of(name: str, needle: str) -> int:
    """The 1-based line in the fixture file where the entry whose text contains ``needle`` starts."""
    lines = (FIXTURES / f"{name}.agent-log.txt").read_text(encoding="utf-8").splitlines()
    text_line = next(i for i, line in enumerate(lines) if '"text":' in line and needle in line)
    return next(i for i in range(text_line, -1, -1) if lines[i].strip() == "{") + 1
