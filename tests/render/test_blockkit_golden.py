"""Golden-file tests for the Block Kit renderer: each kind of reply the engine sends, pinned as JSON.

Regenerate after an intended change with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_blockkit_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.conversation import (
    Action,
    ActionKind,
    Button,
    ButtonStyle,
    EvidenceLine,
    Reply,
    Section,
)
from bot.render.blockkit import to_blocks, to_home_view

SESSION = "s_0f3a9c"


def diagnosis_reply() -> Reply:
    evidence = (
        EvidenceLine(line=412, time="2024-05-02T09:14:03.120Z", text="ICE collection timed out"),
        EvidenceLine(line=418, time="2024-05-02T09:14:03.122Z", text="No ICE candidate"),
        EvidenceLine(line=431, time=None, text="<!channel> `rm -rf` & <https://evil.example|click>"),
    )
    return Reply(
        text="No audio: the TURN relay over UDP 3478 could not be reached",
        sections=(
            Section(
                title="Why",
                text="ICE collection timed out after 8 s without a relay candidate.\nRegion: us-east-1.",
                evidence=evidence,
            ),
        ),
        buttons=(
            Button("Walk me through the fix", Action(ActionKind.WALK, SESSION, 0), ButtonStyle.PRIMARY),
            Button("Show all evidence", Action(ActionKind.SHOW_EVIDENCE, SESSION)),
            Button("Escalate to support", Action(ActionKind.ESCALATE, SESSION), ButtonStyle.DANGER),
        ),
        kind="diagnosis",
    )


def step_reply() -> Reply:
    return Reply(
        text="Allow outbound UDP 3478 to the TURN relay",
        sections=(
            Section(title=None, text="Ask IT to allow UDP 3478 to TurnNlb-*.elb.us-east-1.amazonaws.com."),
        ),
        buttons=(
            Button("Done — audio works now", Action(ActionKind.STEP_FIXED, SESSION, 1), ButtonStyle.PRIMARY),
            Button("Done — still no audio", Action(ActionKind.STEP_STILL_BROKEN, SESSION, 1)),
            Button("This needs IT", Action(ActionKind.STEP_NEEDS_IT, SESSION, 1)),
            Button("Skip", Action(ActionKind.STEP_SKIP, SESSION, 1)),
        ),
        replace_original=True,
        kind="step",
        extras={"progress": "2/4"},
    )


def long_evidence_reply() -> Reply:
    lines = tuple(
        EvidenceLine(line=100 + i, time=f"2024-05-02T09:14:{i:02d}.000Z", text="WebSocketManager Error " * 30)
        for i in range(40)
    )
    return Reply(
        text="Signalling could not connect",
        sections=(
            Section(
                title="Evidence", text="Repeated websocket failures.", evidence=lines, truncated_evidence=60
            ),
        ),
        buttons=(Button("Walk me through the fix", Action(ActionKind.WALK, SESSION, 0)),),
        kind="diagnosis",
    )


FIXTURES = {
    "slack_diagnosis": diagnosis_reply,
    "slack_step": step_reply,
    "slack_long_evidence": long_evidence_reply,
}

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_blocks_match_golden(name: str) -> None:
    rendered = to_blocks(FIXTURES[name]())
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(rendered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert rendered == json.loads(path.read_text(encoding="utf-8"))


def test_home_view_matches_golden() -> None:
    view = to_home_view(step_reply())
    path = GOLDEN / "slack_home.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(view, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert view == json.loads(path.read_text(encoding="utf-8"))
