"""Golden Adaptive Cards for each kind of reply, their 1.5 shape, size budget and markdown escaping.

Regenerate after an intended change with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_adaptive_cards.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation import (
    Action,
    ActionKind,
    Button,
    ButtonStyle,
    EvidenceLine,
    Reply,
    Section,
    decode_action,
)
from bot.render.adaptive import (
    CARD_BUDGET_BYTES,
    SHOW_ALL_LABEL,
    card_size,
    escape_markdown,
    to_card,
    with_link,
)
from tests.render.adaptive_shape import problems

GOLDEN = Path(__file__).parent / "golden"
SESSION = "s_0f3a9c"


def _walk_buttons() -> tuple[Button, ...]:
    return (
        Button("Walk me through the fix", Action(ActionKind.WALK, SESSION), ButtonStyle.PRIMARY),
        Button("Show all evidence", Action(ActionKind.SHOW_EVIDENCE, SESSION)),
        Button("Escalate to support", Action(ActionKind.ESCALATE, SESSION), ButtonStyle.DANGER),
    )


def diagnosis() -> Reply:
    evidence = (
        EvidenceLine(412, "2024-05-02T09:14:03.120Z", "ICE collection timed out"),
        EvidenceLine(418, "2024-05-02T09:14:03.122Z", "No ICE candidate"),
        EvidenceLine(
            431,
            None,
            "**bold** [click](https://evil.example) <at>everyone</at> _x_ {{DATE(2017-02-14T06:00:00Z)}}",
        ),
    )
    return Reply(
        kind="diagnosis",
        text="No audio: the TURN relay over UDP 3478 could not be reached",
        sections=(
            Section(
                "Why", "ICE collection timed out after 8 s without a relay candidate.\nRegion: us-east-1."
            ),
            Section("Evidence", "", evidence=evidence, truncated_evidence=4),
        ),
        buttons=_walk_buttons(),
    )


def step() -> Reply:
    return Reply(
        kind="step",
        text="Allow UDP 3478 to the Amazon Connect TURN servers",
        sections=(
            Section(None, "1. Ask IT to allow outbound UDP 3478 to TurnNlb-*.elb.us-east-1.amazonaws.com"),
        ),
        buttons=(
            Button("Done — audio works now", Action(ActionKind.STEP_FIXED, SESSION, 0), ButtonStyle.PRIMARY),
            Button("Done — still no audio", Action(ActionKind.STEP_STILL_BROKEN, SESSION, 0)),
            Button("This needs IT", Action(ActionKind.STEP_NEEDS_IT, SESSION, 0)),
            Button("Skip", Action(ActionKind.STEP_SKIP, SESSION, 0)),
        ),
        replace_original=True,
        extras={"progress": "1/3"},
    )


def question() -> Reply:
    answers = [Button(f"Answer {i}", Action(ActionKind.ANSWER, SESSION, 1, f"q1:a{i}")) for i in range(8)]
    return Reply(kind="question", text="Were you on a VPN during the call?", buttons=tuple(answers))


def fixed() -> Reply:
    return Reply(
        kind="fixed", text="Great — audio works again. I've noted what fixed it.", replace_original=True
    )


def long_evidence() -> Reply:
    lines = tuple(EvidenceLine(i, "2024-05-02T09:14:03.120Z", "x" * 290 + f" {i}") for i in range(200))
    sections = tuple(Section(f"Contact {c}", "y" * 2000, evidence=lines) for c in range(6))
    return Reply(
        kind="diagnosis",
        text="Many failed contacts",
        sections=sections,
        buttons=(Button("Walk me through the fix", Action(ActionKind.WALK, SESSION)),),
    )


CASES = {
    "diagnosis": diagnosis,
    "step": step,
    "question": question,
    "fixed": fixed,
    "long_evidence": long_evidence,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    card = to_card(CASES[name]())
    path = GOLDEN / f"teams_{name}.json"
    text = json.dumps(card, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("teams_*.json")), ids=lambda p: p.name)
def test_golden_files_have_the_1_5_shape_teams_accepts(path: Path) -> None:
    assert problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_validator_catches_broken_cards() -> None:
    card = to_card(diagnosis())
    broken = {
        **card,
        "version": "1.6",
        "body": [*card["body"], {"type": "TextBlock"}, {"type": "Marquee"}],
        "actions": [{"type": "Action.Submit", "title": "x", "data": "ib1|walk"}],
    }
    found = problems(broken)
    assert "version must be 1.5" in found
    assert any("missing text" in p for p in found) and any("unknown element Marquee" in p for p in found)
    assert any("data must be an object" in p for p in found)


def test_log_text_is_escaped_so_markdown_renders_literally() -> None:
    card = json.dumps(to_card(diagnosis()))
    assert "**bold**" not in card and "[click](" not in card and "<at>" not in card and "{{DATE" not in card
    assert escape_markdown("**a** [b](c) <at>d</at> _e_") == r"\*\*a\*\* \[b\]\(c\) \<at\>d\</at\> \_e\_"
    assert escape_markdown("- x\n1. y") == "\\- x\n1\\. y"


def test_buttons_carry_the_encoded_action_only() -> None:
    card = to_card(step())
    decoded = [decode_action(a["data"]["ib"]) for a in card["actions"]]
    assert [d.kind for d in decoded if d] == [b.action.kind for b in step().buttons]
    assert all(set(a["data"]) == {"ib"} for a in card["actions"])


def test_more_than_six_buttons_move_into_action_sets() -> None:
    card = to_card(question())
    assert "actions" not in card
    sets = [e for e in card["body"] if e["type"] == "ActionSet"]
    assert [len(s["actions"]) for s in sets] == [6, 2]


def test_oversized_reply_is_trimmed_under_budget_with_a_show_all_button() -> None:
    card = to_card(long_evidence())
    assert card_size(card) <= CARD_BUDGET_BYTES
    titles = [a["title"] for a in card.get("actions", [])]
    assert SHOW_ALL_LABEL in titles
    assert "more log lines not shown" in json.dumps(card)


def test_with_link_appends_an_open_url_action() -> None:
    card = with_link(to_card(fixed()), title="Open", url="https://teams.microsoft.com/l/message/x/y")
    assert card["actions"][-1] == {
        "type": "Action.OpenUrl",
        "title": "Open",
        "url": "https://teams.microsoft.com/l/message/x/y",
    }
    assert problems(card) == []


_text = st.text(max_size=400)


@settings(max_examples=150, deadline=None)
@given(
    headline=_text,
    body=_text,
    lines=st.lists(_text, max_size=60),
    titles=st.lists(st.text(min_size=1, max_size=90), max_size=9),
)
def test_any_reply_renders_a_valid_card_within_budget(
    headline: str, body: str, lines: list[str], titles: list[str]
) -> None:
    evidence = tuple(EvidenceLine(i + 1, None, t) for i, t in enumerate(lines))
    buttons = tuple(Button(t, Action(ActionKind.ANSWER, SESSION, 0, f"q:a{i}")) for i, t in enumerate(titles))
    reply = Reply(
        text=headline or "x", sections=(Section("Evidence", body, evidence=evidence),), buttons=buttons
    )
    card = to_card(reply)
    assert card_size(card) <= CARD_BUDGET_BYTES
    assert problems(card) == []
