"""Uploads end to end: real aiohttp server + bolt + signed requests, against the fake Slack Web API."""

from __future__ import annotations

from tests.slack.conftest import TOKEN, Harness
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import CHANNEL, DM, file_message, share_file


def _texts(call_args: dict) -> str:
    return "\n".join(b["text"]["text"] for b in call_args["blocks"] if b["type"] == "section")


async def test_upload_posts_one_progress_message_then_updates_it_with_the_diagnosis(harness: Harness) -> None:
    slack: FakeSlack = harness.slack
    file = share_file(slack, size=2_411_724)

    assert await harness.event(file_message(file)) == 200
    await harness.settle()

    posts, updates = slack.named("chat.postMessage"), slack.named("chat.update")
    assert len(posts) == 1 and len(updates) == 1
    assert posts[0].args["text"] == "Reading agent-log.txt (2.3 MB)…"
    assert posts[0].args["channel"] == DM and posts[0].args["thread_ts"] == "1700000100.000100"
    assert updates[0].args["ts"] == "1700000000.000001"
    assert "TURN relay" in updates[0].args["text"]
    assert any(b["type"] == "actions" for b in updates[0].args["blocks"])
    # the token went to the allowed host only, as a bearer header
    assert slack.downloads == [("F0001/agent-log.txt", f"Bearer {TOKEN}")]


async def test_a_failed_update_turns_the_progress_message_into_the_error_not_a_new_message(
    harness: Harness,
) -> None:
    slack: FakeSlack = harness.slack
    slack.fail_next["chat.update"] = "invalid_blocks"

    assert await harness.event(file_message(share_file(slack))) == 200
    await harness.settle()

    posts, updates = slack.named("chat.postMessage"), slack.named("chat.update")
    assert len(posts) == 1  # only the progress message
    assert [u.args["ts"] for u in updates] == ["1700000000.000001"] * 2
    assert updates[0].result == {"ok": False, "error": "invalid_blocks"}
    assert "went wrong" in updates[1].args["text"] and updates[1].result["ok"]


async def test_turn_carries_identity_place_and_platform_event_id(harness: Harness) -> None:
    await harness.event(file_message(share_file(harness.slack)), event_id="Ev42")
    await harness.settle()

    (turn,) = harness.engine.turns  # type: ignore[attr-defined]
    assert (turn.who.platform, turn.who.tenant, turn.who.user_id) == ("slack", "T0001", "U0USER01")
    assert turn.where.conversation_id == DM and turn.where.is_direct
    assert turn.where.thread_id == "1700000100.000100"
    assert turn.event_id == "Ev42"
    assert turn.attachments[0].data.startswith(b"[2024-05-02")


async def test_three_deliveries_of_one_event_with_retry_headers_give_one_reply(harness: Harness) -> None:
    event = file_message(share_file(harness.slack))
    statuses = [await harness.event(event, event_id="EvSame")]
    for n in (1, 2):
        retry = {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"}
        statuses.append(await harness.event(event, event_id="EvSame", headers=retry))
    await harness.settle()

    assert statuses == [200, 200, 200]
    assert len(harness.slack.named("chat.postMessage")) == 1
    assert len(harness.slack.named("chat.update")) == 1
    assert len(harness.slack.downloads) == 1


async def test_mention_and_message_events_for_one_message_give_one_reply(harness: Harness) -> None:
    file = share_file(harness.slack)
    message = file_message(file, channel=CHANNEL, channel_type="channel", text="<@UBOT0001> why no audio?")
    mention = {**message, "type": "app_mention"}
    mention.pop("subtype")
    await harness.event(mention, event_id="EvMention")
    await harness.event(message, event_id="EvMessage")
    await harness.settle()

    assert len(harness.slack.named("chat.postMessage")) == 1
    assert harness.engine.turns[0].text == "why no audio?"  # type: ignore[attr-defined]


async def test_log_line_with_channel_ping_renders_escaped(harness: Harness) -> None:
    await harness.event(file_message(share_file(harness.slack)))
    await harness.settle()

    shown = _texts(harness.slack.named("chat.update")[0].args)
    assert "<!channel>" not in shown
    assert "&lt;!channel&gt; ICE collection timed out" in shown


async def test_oversized_declared_file_gets_one_message_and_no_download(harness: Harness) -> None:
    file = share_file(harness.slack, size=50 * 1024 * 1024)

    await harness.event(file_message(file))
    await harness.settle()

    (post,) = harness.slack.named("chat.postMessage")
    assert "too large" in post.args["text"]
    assert harness.slack.named("chat.update") == []
    assert harness.slack.downloads == []
    assert harness.engine.turns == []  # type: ignore[attr-defined]


async def test_stream_larger_than_declared_is_cut_off(make_harness) -> None:  # type: ignore[no-untyped-def]
    harness: Harness = await make_harness(max_upload_bytes=1024 * 1024)
    file = share_file(harness.slack, body=b"x" * (2 * 1024 * 1024), size=1000)

    await harness.event(file_message(file))
    await harness.settle()

    assert "too large" in harness.slack.named("chat.update")[0].args["text"]
    assert harness.engine.turns == []  # type: ignore[attr-defined]


async def test_html_login_page_is_answered_with_the_files_read_explanation(harness: Harness) -> None:
    page = b"<!DOCTYPE html><html><title>Slack</title><body>Sign in to Acme</body></html>"
    file = share_file(harness.slack, body=page, content_type="text/html")

    await harness.event(file_message(file))
    await harness.settle()

    (update,) = harness.slack.named("chat.update")
    assert "sign-in page" in update.args["text"]
    assert "files:read" in _texts(update.args)
    assert harness.engine.turns == []  # type: ignore[attr-defined]


async def test_html_body_served_as_text_plain_is_still_detected(harness: Harness) -> None:
    page = b"\n  <!doctype html><html><body>Sign in</body></html>"
    await harness.event(file_message(share_file(harness.slack, body=page)))
    await harness.settle()

    assert "files:read" in _texts(harness.slack.named("chat.update")[0].args)


async def test_token_is_never_sent_to_a_host_outside_the_allowlist(make_harness) -> None:  # type: ignore[no-untyped-def]
    harness: Harness = await make_harness(file_hosts=("files.slack.com",))
    await harness.event(file_message(share_file(harness.slack)))
    await harness.settle()

    assert harness.slack.downloads == []
    (post,) = harness.slack.named("chat.postMessage")
    assert "stored by Slack" in post.args["text"]


async def test_redirect_from_the_file_host_is_not_followed(harness: Harness) -> None:
    from tests.slack.fake_slack import ServedFile

    file = share_file(harness.slack)
    harness.slack.files["F0001/agent-log.txt"] = ServedFile(
        body=b"", status=302, headers={"Location": "https://evil.example/steal"}
    )
    await harness.event(file_message(file))
    await harness.settle()

    assert len(harness.slack.downloads) == 1
    assert "redirected" in harness.slack.named("chat.update")[0].args["text"]


async def test_channel_files_that_are_not_logs_are_ignored_but_dm_files_are_answered(
    harness: Harness,
) -> None:
    png = share_file(harness.slack, name="screenshot.png", mimetype="image/png", body=b"\x89PNG\r\n")
    await harness.event(file_message(png, channel=CHANNEL, channel_type="channel"), event_id="EvC")
    await harness.settle()
    assert harness.slack.calls == [] or all(c.method == "auth.test" for c in harness.slack.calls)

    await harness.event(file_message(png), event_id="EvD")
    await harness.settle()
    assert len(harness.slack.named("chat.postMessage")) == 1


async def test_bot_and_edited_messages_are_ignored(harness: Harness) -> None:
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": DM,
        "channel_type": "im",
        "ts": "1.1",
        "message": {"text": "x"},
    }
    await harness.event(edited, event_id="EvEdit")
    await harness.settle()
    assert harness.slack.named("chat.postMessage") == []
