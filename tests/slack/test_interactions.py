"""Buttons, escalation, slash command, shortcut, App Home, signatures and rate limits, end to end."""

from __future__ import annotations

import json
import time
from typing import Any

from bot.conversation import Action, ActionKind, decode_action, encode_action
from tests.slack.conftest import ESCALATION_CHANNEL, Harness
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.payloads import CHANNEL, DM, USER, block_action, file_message, share_file

UPLOAD_TS = "1700000100.000100"


def _buttons(blocks: list[dict[str, Any]]) -> dict[ActionKind, str]:
    found = {}
    for block in blocks:
        for el in block.get("elements", []) if block["type"] == "actions" else []:
            action = decode_action(el["value"])
            assert action is not None
            found[action.kind] = el["value"]
    return found


async def _diagnosed(harness: Harness) -> tuple[str, dict[ActionKind, str]]:
    await harness.event(file_message(share_file(harness.slack)))
    await harness.settle()
    update = harness.slack.named("chat.update")[-1]
    return update.args["ts"], _buttons(update.args["blocks"])


async def _click(harness: Harness, value: str, *, message_ts: str, trigger: str) -> int:
    payload = block_action(value, channel=DM, message_ts=message_ts, thread_ts=UPLOAD_TS, trigger=trigger)
    status = await harness.interactive(payload)
    await harness.settle()
    return status


async def test_buttons_walk_the_steps_to_fixed_in_the_same_thread(harness: Harness) -> None:
    result_ts, buttons = await _diagnosed(harness)

    assert await _click(harness, buttons[ActionKind.WALK], message_ts=result_ts, trigger="t1") == 200
    step = harness.slack.named("chat.update")[-1]
    assert step.args["ts"] == result_ts and step.args["text"] == "Step 1: allow UDP 3478"

    await _click(
        harness, _buttons(step.args["blocks"])[ActionKind.STEP_FIXED], message_ts=result_ts, trigger="t2"
    )
    fixed = harness.slack.named("chat.update")[-1]
    assert fixed.args["text"] == "Great, audio works again"
    turns = harness.engine.turns  # type: ignore[attr-defined]
    assert {t.where.key for t in turns} == {f"slack:{DM}:{UPLOAD_TS}"}  # one conversation, one thread
    assert [t.action.kind for t in turns[1:]] == [ActionKind.WALK, ActionKind.STEP_FIXED]


async def test_escalate_posts_new_thread_uploads_the_log_and_links_back(harness: Harness) -> None:
    result_ts, buttons = await _diagnosed(harness)

    await _click(harness, buttons[ActionKind.ESCALATE], message_ts=result_ts, trigger="t3")

    slack: FakeSlack = harness.slack
    opened = [c for c in slack.named("chat.postMessage") if c.args["channel"] == ESCALATION_CHANNEL]
    assert len(opened) == 1 and "thread_ts" not in opened[0].args
    (complete,) = slack.named("files.completeUploadExternal")
    assert complete.args["channel_id"] == ESCALATION_CHANNEL
    assert complete.args["thread_ts"] == "1700000000.000002"  # the escalation message just posted
    assert list(slack.uploads.values()) == [b"redacted log"]
    (permalink,) = slack.named("chat.getPermalink")
    assert permalink.args["message_ts"] == "1700000000.000002"
    back = [c for c in slack.named("chat.postMessage") if c.args["channel"] == DM][-1]
    assert back.args["thread_ts"] == UPLOAD_TS
    contexts = [e["text"] for b in back.args["blocks"] if b["type"] == "context" for e in b["elements"]]
    assert (
        "<https://acme.slack.com/archives/CESCALATE/p1700000000000002|Open the escalation thread>" in contexts
    )


async def test_escalation_without_a_channel_attaches_the_package_in_the_users_thread(make_harness) -> None:  # type: ignore[no-untyped-def]
    harness: Harness = await make_harness(escalation_channel=None)
    result_ts, buttons = await _diagnosed(harness)

    await _click(harness, buttons[ActionKind.ESCALATE], message_ts=result_ts, trigger="t4")

    posts = harness.slack.named("chat.postMessage")
    assert all(c.args["channel"] == DM for c in posts)
    assert any("No escalation channel is configured" in c.args["text"] for c in posts)
    assert harness.slack.named("files.completeUploadExternal")[0].args["thread_ts"] == UPLOAD_TS
    assert harness.slack.named("chat.getPermalink") == []


async def test_tampered_button_value_does_nothing(harness: Harness) -> None:
    assert await _click(harness, "ib1|walk|../../etc|0|<x>", message_ts=UPLOAD_TS, trigger="t5") == 200
    assert harness.engine.turns == []  # type: ignore[attr-defined]


async def test_forged_signature_is_rejected_and_nothing_happens(harness: Harness) -> None:
    event = file_message(share_file(harness.slack))
    envelope = json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "EvX", "event": event})
    forged = await harness.post(envelope, content_type="application/json", secret="not-the-secret")
    stale = await harness.post(envelope, content_type="application/json", timestamp=int(time.time()) - 600)
    await harness.settle()

    assert (forged, stale) == (401, 401)
    assert harness.slack.downloads == []
    assert [c.method for c in harness.slack.calls if c.method != "auth.test"] == []


async def test_429_is_retried_after_retry_after(harness: Harness) -> None:
    harness.slack.rate_limit_next["chat.postMessage"] = 0
    await harness.event(file_message(share_file(harness.slack)))
    await harness.settle()

    posts = harness.slack.named("chat.postMessage")
    assert len(posts) == 2 and posts[0].args == posts[1].args  # the same call, sent again
    assert len(harness.slack.named("chat.update")) == 1


async def test_slash_command_with_contact_id_opens_a_thread_with_the_answer(harness: Harness) -> None:
    contact = "0b5c3a8e-1f2d-4c6b-9a7e-2d4f6a8b0c1d"
    fields = {
        "command": "/icebreaker",
        "text": f" {contact} ",
        "team_id": TEAM,
        "user_id": USER,
        "channel_id": CHANNEL,
        "channel_name": "support",
        "trigger_id": "trig-cmd",
        "response_url": harness.slack.response_url("cmd"),
    }
    assert await harness.command(fields) == 200
    await harness.settle()

    (post,) = harness.slack.named("chat.postMessage")
    assert post.args["text"] == f"Looking up contact {contact}…" and "thread_ts" not in post.args
    (update,) = harness.slack.named("chat.update")
    assert update.args["ts"] == "1700000000.000001" and contact in update.args["text"]
    (turn,) = harness.engine.turns  # type: ignore[attr-defined]
    assert turn.text == contact and turn.where.thread_id == "1700000000.000001"


async def test_slash_command_help_answers_privately(harness: Harness) -> None:
    fields = {
        "command": "/icebreaker",
        "text": "help",
        "team_id": TEAM,
        "user_id": USER,
        "channel_id": CHANNEL,
        "trigger_id": "trig-help",
        "response_url": harness.slack.response_url("h"),
    }
    await harness.command(fields)
    await harness.settle()

    (answer,) = harness.slack.named("response_url:h")
    assert answer.args["response_type"] == "ephemeral" and answer.args["text"] == "Send me agent-log.txt"
    assert harness.slack.named("chat.postMessage") == []


async def test_slash_command_in_a_channel_without_the_bot_explains_privately(harness: Harness) -> None:
    harness.slack.failing_channels[CHANNEL] = "not_in_channel"
    fields = {
        "command": "/icebreaker",
        "text": "abc-123",
        "team_id": TEAM,
        "user_id": USER,
        "channel_id": CHANNEL,
        "trigger_id": "trig-x",
        "response_url": harness.slack.response_url("n"),
    }
    await harness.command(fields)
    await harness.settle()

    (answer,) = harness.slack.named("response_url:n")
    assert "Invite me" in answer.args["text"]


async def test_message_shortcut_diagnoses_the_message_file_in_its_thread(harness: Harness) -> None:
    file = share_file(harness.slack)
    payload = {
        "type": "message_action",
        "callback_id": "diagnose_log",
        "trigger_id": "trig-sc",
        "team": {"id": TEAM},
        "user": {"id": USER, "team_id": TEAM},
        "channel": {"id": CHANNEL},
        "message": {"type": "message", "ts": "1700000300.000001", "user": "U0OTHER", "files": [file]},
        "response_url": harness.slack.response_url("sc"),
        "token": "x",
    }
    assert await harness.interactive(payload) == 200
    await harness.settle()

    (post,) = harness.slack.named("chat.postMessage")
    assert post.args["thread_ts"] == "1700000300.000001" and post.args["text"].startswith("Reading")
    assert len(harness.slack.named("chat.update")) == 1


async def test_file_shared_fallback_uses_files_info_and_answers_in_the_sharing_thread(
    harness: Harness,
) -> None:
    file = share_file(harness.slack, file_id="F0FALL")
    harness.slack.file_info["F0FALL"] = {**file, "shares": {"private": {DM: [{"ts": "1700000400.000001"}]}}}
    event = {
        "type": "file_shared",
        "file_id": "F0FALL",
        "user_id": USER,
        "file": {"id": "F0FALL"},
        "channel_id": DM,
        "event_ts": "1700000400.000002",
    }
    await harness.event(event, event_id="EvShared")
    await harness.settle()

    assert len(harness.slack.named("files.info")) == 1
    (post,) = harness.slack.named("chat.postMessage")
    assert post.args["thread_ts"] == "1700000400.000001"


async def test_file_shared_after_the_message_event_does_nothing(harness: Harness) -> None:
    file = share_file(harness.slack)
    await harness.event(file_message(file), event_id="EvMsg")
    event = {
        "type": "file_shared",
        "file_id": "F0001",
        "user_id": USER,
        "file": {"id": "F0001"},
        "channel_id": DM,
        "event_ts": "1700000100.000200",
    }
    await harness.event(event, event_id="EvShared2")
    await harness.settle()

    assert harness.slack.named("files.info") == []
    assert len(harness.slack.named("chat.postMessage")) == 1


async def test_app_home_publishes_the_engine_home_view(harness: Harness) -> None:
    event = {"type": "app_home_opened", "user": USER, "channel": DM, "tab": "home", "event_ts": "1.2"}
    await harness.event(event, event_id="EvHome")
    await harness.settle()

    (publish,) = harness.slack.named("views.publish")
    assert publish.args["user_id"] == USER
    assert publish.args["view"]["type"] == "home"
    assert publish.args["view"]["blocks"][0]["text"]["text"] == f"*Icebreaker for {USER}*"


def test_action_values_round_trip_through_the_renderer() -> None:
    action = Action(ActionKind.ANSWER, "s1", 2, "q_vpn:yes")
    assert decode_action(encode_action(action)) == action
