"""Block Kit renderer: any reply stays inside Slack's limits, and untrusted text never becomes markup."""

from __future__ import annotations

import re
from typing import Any

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
from bot.render.blockkit import escape, fit, link_block, to_blocks, to_home_view

SAFE_ID = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-:.", max_size=128)
ANY_TEXT = st.text(max_size=5000)

actions = st.builds(
    Action, kind=st.sampled_from(ActionKind), session_id=SAFE_ID, step=st.integers(-1, 10_000), value=SAFE_ID
)
buttons = st.builds(Button, label=st.text(max_size=200), action=actions, style=st.sampled_from(ButtonStyle))
evidence = st.builds(
    EvidenceLine,
    line=st.integers(1, 10**7),
    time=st.none() | st.text(max_size=40),
    text=st.text(max_size=2000),
)
sections = st.builds(
    Section,
    title=st.none() | st.text(max_size=300),
    text=ANY_TEXT,
    evidence=st.lists(evidence, max_size=30).map(tuple),
    truncated_evidence=st.integers(0, 10_000),
)
replies = st.builds(
    Reply,
    text=st.text(max_size=4000),
    sections=st.lists(sections, max_size=40).map(tuple),
    buttons=st.lists(buttons, max_size=40).map(tuple),
    extras=st.dictionaries(st.just("progress"), st.text(max_size=20)),
)


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for b in blocks:
        if b["type"] == "section":
            out.append(b["text"]["text"])
        elif b["type"] == "context":
            out.extend(e["text"] for e in b["elements"])
    return out


def _assert_within_limits(blocks: list[dict[str, Any]], *, max_blocks: int) -> None:
    assert 1 <= len(blocks) <= max_blocks
    action_ids: set[str] = set()
    for b in blocks:
        assert len(b.get("block_id", "")) <= 255
        if b["type"] == "actions":
            assert 1 <= len(b["elements"]) <= 25
            for el in b["elements"]:
                assert 1 <= len(el["text"]["text"]) <= 75
                assert len(el["value"]) <= 2000
                assert decode_action(el["value"]) is not None
                assert len(el["action_id"]) <= 255 and el["action_id"] not in action_ids
                action_ids.add(el["action_id"])
    for text in _texts(blocks):
        assert 1 <= len(text) <= 3000
        # every "<" in the output is an escape: nothing from the reply can open a Slack control sequence
        assert "<" not in text and ">" not in text
        assert not re.search(r"&(?!amp;|lt;|gt;)", text)


@settings(max_examples=150, deadline=None)
@given(replies)
def test_any_reply_renders_within_message_limits(reply: Reply) -> None:
    _assert_within_limits(to_blocks(reply), max_blocks=50)


@settings(max_examples=60, deadline=None)
@given(replies)
def test_any_reply_renders_within_home_limits(reply: Reply) -> None:
    view = to_home_view(reply)
    assert view["type"] == "home"
    _assert_within_limits(view["blocks"], max_blocks=100)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(2, 400))
def test_fit_never_exceeds_limit_and_keeps_entities_whole(text: str, limit: int) -> None:
    out = fit(text, limit)
    assert len(out) <= limit
    assert not re.search(r"&(?!amp;|lt;|gt;)", out)
    if len(escape(text)) <= limit:
        assert out == escape(text)


def test_channel_ping_in_a_log_line_is_escaped_in_evidence_and_text() -> None:
    line = EvidenceLine(line=7, time=None, text="<!channel> <@U123> ```break``` <https://x.example|y>")
    reply = Reply(text="<!here> headline", sections=(Section("<!everyone>", "<!subteam^S1>", (line,)),))
    joined = "\n".join(_texts(to_blocks(reply)))
    for raw in ("<!channel>", "<@U123>", "<!here>", "<!everyone>", "<!subteam^S1>", "<https://"):
        assert raw not in joined
    assert "&lt;!channel&gt;" in joined and "&lt;!here&gt;" in joined
    evidence_block = next(t for t in _texts(to_blocks(reply)) if t.startswith("```"))
    assert evidence_block.count("```") == 2  # the log line's backticks cannot close the code block


def test_cut_evidence_adds_show_all_button_for_the_session() -> None:
    many = tuple(EvidenceLine(line=i, time=None, text="x" * 390) for i in range(1, 40))
    walk = Button("Walk me through the fix", Action(ActionKind.WALK, "sess1", 0))
    blocks = to_blocks(Reply(text="t", sections=(Section("E", "", many),), buttons=(walk,)))
    values = [el["value"] for b in blocks if b["type"] == "actions" for el in b["elements"]]
    shown = [decode_action(v) for v in values]
    assert Action(ActionKind.SHOW_EVIDENCE, "sess1") in shown
    assert any("more evidence line(s) not shown" in t for t in _texts(blocks))


def test_link_block_refuses_urls_that_could_inject_markup() -> None:
    good = link_block("https://acme.slack.com/archives/C1/p123", "Escalation thread")
    assert good["elements"][0]["text"] == "<https://acme.slack.com/archives/C1/p123|Escalation thread>"
    bad = link_block("https://x.example/|<!channel>", "Escalation thread")
    assert "<" not in bad["elements"][0]["text"]
