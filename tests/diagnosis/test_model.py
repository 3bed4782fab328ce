"""The diagnosis model: JSON round-trip of a real diagnosis, and re-titling from the catalog."""

from __future__ import annotations

import json
from pathlib import Path

from bot.diagnosis import diagnose
from bot.diagnosis.model import CauseId, Diagnosis

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "causes"


def test_a_real_diagnosis_round_trips_through_json() -> None:
    diagnosis = diagnose((FIXTURES / "multi_call.agent-log.txt").read_bytes())
    again = Diagnosis.from_dict(json.loads(json.dumps(diagnosis.to_dict())))
    assert again == diagnosis


def test_retitled_replaces_known_titles_everywhere_and_keeps_the_rest() -> None:
    diagnosis = diagnose((FIXTURES / "vpn_interference.agent-log.txt").read_bytes())
    ids = {c.id for c in diagnosis.causes}
    assert {CauseId.VPN_INTERFERENCE, CauseId.MEDIA_UDP_BLOCKED} <= ids
    renamed = diagnosis.retitled({CauseId.VPN_INTERFERENCE: "VPN in the way"})
    for causes in (renamed.causes, *(c.causes for c in renamed.contacts)):
        for cause in causes:
            if cause.id is CauseId.VPN_INTERFERENCE:
                assert cause.title == "VPN in the way"
            else:
                assert cause.title == next(c.title for c in diagnosis.causes if c.id is cause.id)
    assert [c.confidence for c in renamed.causes] == [c.confidence for c in diagnosis.causes]
