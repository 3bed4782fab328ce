"""Real log excerpts from public threads and AWS's own code, judged against tests/fixtures/real/EXPECTED.toml.

Rules of this file: one parametrised case per manifest entry; each excerpt must read, and its verdict, top
cause, confidence band and forbidden causes must match what a careful engineer concludes from it alone.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.diagnosis import diagnose

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
MANIFEST: dict[str, dict[str, Any]] = tomllib.loads((REAL / "EXPECTED.toml").read_text("utf-8"))


def test_every_fixture_is_in_the_manifest() -> None:
    assert sorted(p.stem for p in REAL.glob("*.txt")) == sorted(MANIFEST)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_real_excerpt(name: str) -> None:
    expected = MANIFEST[name]
    diagnosis = diagnose((REAL / f"{name}.txt").read_bytes())
    assert diagnosis.verdict.value == expected["verdict"], diagnosis.reason
    causes = [c.id.value for c in diagnosis.causes]
    if expected["top"]:
        assert causes and causes[0] in expected["top"], causes
    else:
        assert causes == []
    if "confidence" in expected:
        low, high = expected["confidence"]
        assert low <= diagnosis.causes[0].confidence <= high
    if "format" in expected:
        assert diagnosis.format.value == expected["format"]
    assert not set(expected.get("absent", ())) & set(causes)
    assert expected.get("reason_contains", "") in diagnosis.reason
