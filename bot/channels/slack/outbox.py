"""Replies out to Slack: post, update in place, ephemeral, files, escalation threads, App Home.

Rules of this file:
- The only module that calls Slack's Web API (plus one read: ``files.info`` for the file_shared fallback);
  it renders through ``bot.render.blockkit``.
- Escalation: the package opens a NEW thread in the escalation channel, its files are uploaded into that
  thread (``files_upload_v2``), and the permalink is appended to the user's reply. With no escalation channel
  (or when posting there fails) the package is attached in the user's thread with a sentence saying so.
- Rate limits are handled by the client's retry handler (429 + Retry-After), not here.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.channels.slack import texts
from bot.conversation import FileOut, Place, Reply
from bot.render.blockkit import MAX_MESSAGE_BLOCKS, link_block, to_blocks, to_fallback_text, to_home_view

log = logging.getLogger(__name__)


class SlackOutbox:
    def __init__(self, client: AsyncWebClient, *, escalation_channel: str | None) -> None:
        self._client = client
        self._escalation_channel = escalation_channel

    async def post(self, where: Place, reply: Reply, *, user_id: str | None = None) -> str | None:
        """Post ``reply`` in the place's thread; returns the new message's ts (None for ephemeral)."""
        link = await self._escalate(where, reply) if reply.escalation else None
        payload = _message(reply, link)
        if reply.ephemeral and user_id:
            await self._client.chat_postEphemeral(
                channel=where.conversation_id, user=user_id, thread_ts=where.thread_id, **payload
            )
            return None
        resp = await self._client.chat_postMessage(
            channel=where.conversation_id, thread_ts=where.thread_id, **payload
        )
        await self.upload(where.conversation_id, where.thread_id, reply.files)
        return str(resp["ts"])

    async def update(self, where: Place, ts: str, reply: Reply) -> None:
        """Replace the message ``ts`` with ``reply`` (the progress message, or the clicked one)."""
        link = await self._escalate(where, reply) if reply.escalation else None
        await self._client.chat_update(channel=where.conversation_id, ts=ts, **_message(reply, link))
        await self.upload(where.conversation_id, where.thread_id, reply.files)

    async def delete(self, where: Place, ts: str) -> None:
        await self._client.chat_delete(channel=where.conversation_id, ts=ts)

    async def deliver(
        self,
        where: Place,
        replies: list[Reply],
        *,
        user_id: str,
        progress_ts: str | None = None,
        clicked_ts: str | None = None,
    ) -> None:
        """Send the engine's replies: the first one replaces the progress message (always) or the clicked
        message (when it asks to); the rest are posted in the thread."""
        for index, reply in enumerate(replies):
            target = progress_ts or (clicked_ts if reply.replace_original else None)
            if index == 0 and target:
                await self.update(where, target, reply)
            else:
                await self.post(where, reply, user_id=user_id)

    async def upload(self, channel: str, thread_ts: str | None, files: tuple[FileOut, ...]) -> None:
        if not files:
            return
        uploads = [{"file": f.data, "filename": f.filename, "title": f.filename} for f in files]
        await self._client.files_upload_v2(file_uploads=uploads, channel=channel, thread_ts=thread_ts)

    async def respond(self, response_url: str, reply: Reply) -> None:
        """Answer through a slash command's or shortcut's ``response_url`` (private to the user)."""
        webhook = AsyncWebhookClient(response_url, retry_handlers=[AsyncRateLimitErrorRetryHandler()])
        payload = _message(reply, None)
        await webhook.send(text=payload["text"], blocks=payload["blocks"], response_type="ephemeral")

    async def file_info(self, file_id: str) -> dict[str, Any]:
        resp = await self._client.files_info(file=file_id)
        file = resp.get("file")
        return dict(file) if isinstance(file, dict) else {}

    async def publish_home(self, user_id: str, reply: Reply) -> None:
        await self._client.views_publish(user_id=user_id, view=to_home_view(reply))

    async def _escalate(self, where: Place, reply: Reply) -> str | None:
        """Open the escalation thread; return its permalink, or attach the package here and return None."""
        package = reply.escalation
        assert package is not None
        if self._escalation_channel:
            try:
                return await self._open_escalation_thread(
                    self._escalation_channel, package.reply, package.files
                )
            except SlackApiError as exc:
                log.warning("escalation channel post failed: %s", slack_error(exc))
                notice = texts.escalation_failed()
        else:
            notice = texts.no_escalation_channel()
        await self._client.chat_postMessage(
            channel=where.conversation_id, thread_ts=where.thread_id, **_message(notice, None)
        )
        await self.upload(where.conversation_id, where.thread_id, package.files)
        return None

    async def _open_escalation_thread(self, channel: str, reply: Reply, files: tuple[FileOut, ...]) -> str:
        resp = await self._client.chat_postMessage(channel=channel, **_message(reply, None))
        ts = str(resp["ts"])
        await self.upload(channel, ts, files)
        link = await self._client.chat_getPermalink(channel=channel, message_ts=ts)
        return str(link["permalink"])


def slack_error(exc: SlackApiError) -> str:
    """Slack's error code (``not_in_channel``, ...) or the HTTP status when the body was not JSON."""
    data = exc.response.data
    return str(data.get("error")) if isinstance(data, dict) else f"http_{exc.response.status_code}"


def _message(reply: Reply, link: str | None) -> dict[str, Any]:
    blocks = to_blocks(reply)
    if link:  # the link goes above the buttons; a body block makes room if the message is full
        actions = [b for b in blocks if b["type"] == "actions"]
        body = [b for b in blocks if b["type"] != "actions"][: MAX_MESSAGE_BLOCKS - len(actions) - 1]
        blocks = [*body, link_block(link, texts.escalation_link_label()), *actions]
    return {"text": to_fallback_text(reply), "blocks": blocks}
