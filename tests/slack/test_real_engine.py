"""The same end-to-end path with the REAL conversation engine, catalog and diagnoser behind the adapter."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation import ActionKind, decode_action
from bot.state.memory import MemoryStore
from tests.slack.conftest import ESCALATION_CHANNEL, Harness, HarnessFactory
from tests.slack.fake_slack import Call
from tests.slack.logs import PNG, ice_timeout_log, zip_bomb
from tests.slack.payloads import DM, block_action, file_message, share_file
from tests.support.engine import make_engine

UPLOAD_TS = "1700000100.000100"


@pytest.fixture
async def real(make_harness: HarnessFactory) -> Harness:
    store = MemoryStore()
    engine = make_engine(store)
    built: Harness = await make_harness(engine=engine, store=store)
    return built


def _sections(args: dict[str, Any]) -> str:
    return "\n".join(b["text"]["text"] for b in args["blocks"] if b["type"] == "section")


def _buttons(args: dict[str, Any]) -> dict[ActionKind, str]:
    out: dict[ActionKind, str] = {}
    for b in args["blocks"]:
        for el in b.get("elements", []) if b["type"] == "actions" else []:
            action = decode_action(el["value"])
            if action is not None:
                out.setdefault(action.kind, el["value"])
    return out


async def _upload(
    real: Harness,
    body: bytes,
    *,
    name: str = "agent-log.txt",
    mimetype: str = "text/plain",
    event_id: str = "Ev1",
) -> dict[str, Any]:
    file = share_file(real.slack, name=name, body=body, mimetype=mimetype, file_id=f"F{event_id}")
    await real.event(file_message(file), event_id=event_id)
    await real.settle()
    assert len(real.slack.named("chat.postMessage")) == 1, "exactly one message per upload"
    (update,) = real.slack.named("chat.update")
    return update.args


def _last_message(real: Harness) -> Call:
    return [c for c in real.slack.calls if c.method in ("chat.postMessage", "chat.update")][-1]


async def _click(real: Harness, value: str, *, message_ts: str, trigger: str) -> None:
    await real.interactive(
        block_action(value, channel=DM, message_ts=message_ts, thread_ts=UPLOAD_TS, trigger=trigger)
    )
    await real.settle()


async def test_ice_timeout_upload_is_diagnosed_and_escaped(real: Harness) -> None:
    result = await _upload(real, ice_timeout_log())

    shown = _sections(result)
    assert "ICE collection timed out &lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert ActionKind.WALK in _buttons(result)
    assert len(result["blocks"]) <= 50


async def test_walkthrough_reaches_fixed(real: Harness) -> None:
    result = await _upload(real, ice_timeout_log())
    await _click(real, _buttons(result)[ActionKind.WALK], message_ts=result["ts"], trigger="w1")

    for n in range(12):  # walk until the engine offers "audio works now"
        latest = (real.slack.named("chat.update") + real.slack.named("chat.postMessage"))[-1].args
        buttons = _buttons(latest)
        if ActionKind.STEP_FIXED in buttons:
            await _click(
                real, buttons[ActionKind.STEP_FIXED], message_ts=latest.get("ts", UPLOAD_TS), trigger=f"f{n}"
            )
            break
        kind = next(k for k in (ActionKind.STEP_SKIP, ActionKind.ANSWER) if k in buttons)
        await _click(real, buttons[kind], message_ts=latest.get("ts", UPLOAD_TS), trigger=f"s{n}")
    last = max(real.slack.calls, key=lambda c: c.at if c.method.startswith("chat.") else 0)
    assert last.args["text"].startswith("Great — audio works again"), last.args["text"]
    assert last.args["channel"] == DM and _buttons(last.args).keys() <= {ActionKind.ESCALATE, ActionKind.HELP}


async def test_escalate_opens_a_thread_in_the_escalation_channel_with_the_redacted_log(real: Harness) -> None:
    result = await _upload(real, ice_timeout_log())
    await _click(real, _buttons(result)[ActionKind.ESCALATE], message_ts=result["ts"], trigger="e1")

    opened = [c for c in real.slack.named("chat.postMessage") if c.args["channel"] == ESCALATION_CHANNEL]
    assert len(opened) == 1
    (complete,) = real.slack.named("files.completeUploadExternal")
    assert complete.args["channel_id"] == ESCALATION_CHANNEL
    uploaded = b"".join(real.slack.uploads.values())
    assert b"ICE collection timed out" in uploaded or uploaded[:2] == b"\x1f\x8b"
    assert len(real.slack.named("chat.getPermalink")) == 1


async def test_zip_bomb_gets_one_clear_message(real: Harness) -> None:
    result = await _upload(real, zip_bomb(), name="agent-log.zip", mimetype="application/zip")
    assert result["text"] and "<" not in _sections(result)
    assert ActionKind.WALK not in _buttons(result)


async def test_png_gets_one_clear_message(real: Harness) -> None:
    result = await _upload(real, PNG, name="screenshot.png", mimetype="image/png")
    assert ActionKind.WALK not in _buttons(result)
    assert result["text"]


async def test_app_home_with_the_real_engine(real: Harness) -> None:
    event = {"type": "app_home_opened", "user": "U0USER01", "channel": DM, "tab": "home"}
    await real.event(event, event_id="EvHome")
    await real.settle()
    (publish,) = real.slack.named("views.publish")
    assert publish.args["view"]["type"] == "home" and 1 <= len(publish.args["view"]["blocks"]) <= 100
