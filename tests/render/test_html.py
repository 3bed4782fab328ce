"""The console's HTML renderer: golden files, escaping, and buttons that post the encoded action."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation import (
    Action,
    ActionKind,
    Button,
    ButtonStyle,
    Escalation,
    EvidenceLine,
    FileOut,
    Reply,
    Section,
    encode_action,
)
from bot.render.html import files_of, render_reply

GOLDEN = Path(__file__).parent / "golden"
SESSION = "d-7f3a9c"

DIAGNOSIS = Reply(
    text="ICE collection timed out: the softphone could not reach the media relay over UDP 3478.",
    kind="diagnosis",
    sections=(
        Section(
            title="Most likely: UDP to the media relay is blocked (90%)",
            text="The softphone gathered no relay candidate within 8 s.\nAsk IT to allow UDP 3478.",
            evidence=(
                EvidenceLine(
                    line=8, time="2025-03-11T14:02:10.211Z", text="SESSION ICE collection timed out"
                ),
                EvidenceLine(line=9, time=None, text="<script>alert('x')</script> & \"quoted\""),
            ),
            truncated_evidence=3,
        ),
    ),
    buttons=(
        Button("Walk me through the fix", Action(ActionKind.WALK, SESSION), ButtonStyle.PRIMARY),
        Button("Show all evidence", Action(ActionKind.SHOW_EVIDENCE, SESSION)),
        Button("Escalate to support", Action(ActionKind.ESCALATE, SESSION), ButtonStyle.DANGER),
    ),
    extras={"contacts": "6c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"},
)

STEP = Reply(
    text="Step 2 of 4: allow outbound UDP 3478",
    kind="step",
    sections=(Section(title=None, text="Allow UDP 3478 to TurnNlb-*.elb.us-east-1.amazonaws.com."),),
    buttons=(Button("Done — audio works now", Action(ActionKind.STEP_FIXED, SESSION, step=1)),),
    extras={"progress": "2/4"},
)

ESCALATED = Reply(
    text="Support package ready.",
    kind="escalated",
    escalation=Escalation(
        reply=Reply(
            text="Escalation: ICE collection timeout for 1 contact",
            sections=(Section("Steps tried", "1. x"),),
        ),
        files=(FileOut("icebreaker-d-7f3a9c-redacted-log.txt", b"[]"), FileOut("summary <1>.json", b"{}")),
    ),
    files=(FileOut("notes.txt", b"hello"),),
)


@pytest.mark.parametrize(
    ("name", "reply", "urls"),
    [
        ("html_diagnosis.html", DIAGNOSIS, ()),
        ("html_step.html", STEP, ()),
        ("html_escalated.html", ESCALATED, ("/console/files/aaa", "/console/files/bbb")),
    ],
)
def test_render_matches_golden(name: str, reply: Reply, urls: tuple[str, ...]) -> None:
    assert render_reply(reply, file_urls=urls) == (GOLDEN / name).read_text(encoding="utf-8")


def test_log_text_never_becomes_markup() -> None:
    html = render_reply(DIAGNOSIS)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in html


def test_buttons_post_the_same_encoded_action_as_chat() -> None:
    html = render_reply(DIAGNOSIS)
    assert f'value="{encode_action(Action(ActionKind.WALK, SESSION))}"' in html
    assert html.count('<button type="submit" name="action"') == 3
    assert '<form class="buttons" method="post" action="/console/action">' in html


def test_files_get_links_only_when_given_urls() -> None:
    assert [f.filename for f in files_of(ESCALATED)] == [
        "notes.txt",
        "icebreaker-d-7f3a9c-redacted-log.txt",
        "summary <1>.json",
    ]
    without = render_reply(ESCALATED)
    assert "<a " not in without and without.count('class="file unavailable"') == 3
    partial = render_reply(ESCALATED, file_urls=("/console/files/n",))
    assert partial.count("<a ") == 1 and 'href="/console/files/n" download="notes.txt"' in partial
