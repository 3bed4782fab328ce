"""Bolt listeners: verify-and-ack in bolt, translate the payload, hand the work to a background task.

Rules of this file:
- A listener does no I/O besides ``ack()``: it builds neutral values and spawns the flow, so every request
  is answered in milliseconds, far inside Slack's 3 seconds.
- Payload shapes are read only through ``events``; flows never see a raw payload.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.channels.slack import events as ev
from bot.channels.slack.config import SlackConfig
from bot.channels.slack.flows import Inbound, SlackFlows
from bot.channels.slack.tasks import BackgroundTasks
from bot.conversation import decode_action

ACTION_ID = re.compile(r"^ib_")  # every button the renderer makes (bot.render.blockkit)
Body = dict[str, Any]


def register(app: AsyncApp, *, flows: SlackFlows, tasks: BackgroundTasks, config: SlackConfig) -> None:
    async def on_message(body: Body, event: Body) -> None:
        if ev.wants_message(event):
            tasks.spawn(flows.answer_message(_inbound(body, event)), name=f"slack-message-{body['event_id']}")

    async def on_mention(body: Body, event: Body) -> None:
        if event.get("user") and not event.get("bot_id"):
            tasks.spawn(flows.answer_message(_inbound(body, event)), name=f"slack-mention-{body['event_id']}")

    async def on_file_shared(body: Body, event: Body) -> None:
        work = flows.file_shared(
            ev.identity(ev.team_of(body), str(event.get("user_id", ""))),
            channel=str(event.get("channel_id", "")),
            file_id=str(event.get("file_id", "")),
            event_id=str(body["event_id"]),
            grace_seconds=config.file_shared_grace_seconds,
        )
        tasks.spawn(work, name=f"slack-file-shared-{body['event_id']}")

    async def on_home(body: Body, event: Body) -> None:
        if event.get("tab", "home") == "home":
            who = ev.identity(ev.team_of(body), str(event["user"]))
            tasks.spawn(flows.home(who), name=f"slack-home-{body['event_id']}")

    async def on_command(ack: AsyncAck, body: Body) -> None:
        await ack()
        work = flows.command(
            ev.identity(ev.team_of(body), str(body["user_id"])),
            channel=str(body["channel_id"]),
            text=str(body.get("text") or "").strip(),
            event_id=str(body.get("trigger_id") or ""),
            is_direct=body.get("channel_name") == "directmessage",
            response_url=body.get("response_url"),
        )
        tasks.spawn(work, name="slack-command")

    async def on_shortcut(ack: AsyncAck, body: Body) -> None:
        await ack()
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id", ""))
        inbound = Inbound(
            who=ev.identity(ev.team_of(body), str(body["user"]["id"])),
            where=ev.place(channel, ts=message.get("ts"), thread_ts=message.get("thread_ts")),
            text=ev.strip_mentions(str(message.get("text") or "")),
            files=ev.files_of(message),
            event_id=str(body.get("trigger_id") or ""),
        )
        tasks.spawn(flows.shortcut(inbound, response_url=body.get("response_url")), name="slack-shortcut")

    async def on_action(ack: AsyncAck, body: Body) -> None:
        await ack()
        action = decode_action((body.get("actions") or [{}])[0].get("value"))
        if action is None:  # not ours or tampered with: ignore quietly
            return
        container = body.get("container") or {}
        message = body.get("message") or {}
        ts = message.get("ts") or container.get("message_ts")
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        work = flows.click(
            ev.identity(ev.team_of(body), str(body["user"]["id"])),
            ev.place(channel, ts=ts, thread_ts=message.get("thread_ts") or container.get("thread_ts")),
            action,
            event_id=str(body.get("trigger_id") or ""),
            clicked_ts=ts,
        )
        tasks.spawn(work, name="slack-action")

    app.event("message")(on_message)
    app.event("app_mention")(on_mention)
    app.event("file_shared")(on_file_shared)
    app.event("app_home_opened")(on_home)
    app.command(config.command)(on_command)
    app.shortcut(config.shortcut_callback_id)(on_shortcut)
    app.action(ACTION_ID)(on_action)


def _inbound(body: Body, event: Body) -> Inbound:
    channel = str(event["channel"])
    ts = str(event["ts"])
    return Inbound(
        who=ev.identity(ev.team_of(body), str(event["user"])),
        where=ev.place(
            channel, ts=ts, thread_ts=event.get("thread_ts"), channel_type=event.get("channel_type")
        ),
        text=ev.strip_mentions(str(event.get("text") or "")),
        files=ev.files_of(event),
        event_id=str(body["event_id"]),
        message_key=f"{channel}:{ts}",
    )
