"""What happens after the ack: dedupe, progress message, download, the engine, delivery.

Rules of this file:
- Every flow starts with dedupe in the store (``first_sighting``) BEFORE anything is posted, so Slack's
  retries (and app_mention + message for the same message) never produce a second reply.
- The Turn carries the platform's own event id, so the engine's dedupe agrees with ours.
- Errors end here: a refusal becomes one clear message; anything unexpected is logged with a correlation id
  and the user gets one sentence quoting it. Nothing is posted twice.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.channels.slack import texts
from bot.channels.slack.download import DownloadPolicy, DownloadRefused, download, precheck
from bot.channels.slack.events import FileRef, file_ref, human_size, place, share_of
from bot.channels.slack.outbox import SlackOutbox, slack_error
from bot.conversation import Action, Attachment, Identity, Place, Reply, Turn
from bot.state.protocol import SessionStore, StoreUnavailable
from handlers.api import Conversation

log = logging.getLogger(__name__)
DEDUPE_TTL_SECONDS = 3600
_NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


@dataclass(frozen=True, slots=True)
class Inbound:
    """A message-like request to answer (message, mention, shared file, shortcut)."""

    who: Identity
    where: Place
    text: str
    files: tuple[FileRef, ...]
    event_id: str
    message_key: str | None = None  # "channel:ts": one answer per message across event types


class SlackFlows:
    def __init__(
        self,
        *,
        engine: Conversation,
        store: SessionStore,
        outbox: SlackOutbox,
        policy: DownloadPolicy,
        max_files: int,
    ) -> None:
        self._engine = engine
        self._store = store
        self._outbox = outbox
        self._policy = policy
        self._max_files = max_files
        self._http: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    # --- dedupe ---------------------------------------------------------------------------------------
    async def claim(self, namespace: str, key: str) -> bool:
        try:
            return await self._store.first_sighting(namespace, key, ttl_seconds=DEDUPE_TTL_SECONDS)
        except StoreUnavailable:
            log.warning("store unavailable: answering %s %s without dedupe", namespace, key)
            return True

    async def claim_message(self, inbound: Inbound) -> tuple[FileRef, ...] | None:
        """Record the event (and message, and files); None when someone already answered it."""
        if not await self.claim("slack-event", inbound.event_id):
            return None
        if inbound.message_key and not await self.claim("slack-message", inbound.message_key):
            return None
        fresh = tuple([f for f in inbound.files if await self.claim("slack-file", f.id)])
        return None if inbound.files and not fresh else fresh

    # --- flows ----------------------------------------------------------------------------------------
    async def answer_message(self, inbound: Inbound) -> None:
        files = await self.claim_message(inbound)
        if files is not None:
            await self._guarded(inbound.where, self.answer(inbound, files=files))

    async def answer(
        self, inbound: Inbound, *, files: tuple[FileRef, ...], progress_ts: str | None = None
    ) -> None:
        """Answer a claimed message: with files, one progress message updated in place with the result."""
        turn = self._turn(inbound.who, inbound.where, text=inbound.text, event_id=inbound.event_id)
        files = files[: self._max_files]
        if not files:
            replies = await self._engine.handle(turn)
            await self._deliver(turn, replies, progress_ts=progress_ts)
            return
        refusal = self._precheck(files)
        if refusal is not None:
            await self._say(inbound.where, refusal, progress_ts)
            return
        first = files[0]
        progress_ts = progress_ts or await self._outbox.post(
            inbound.where, texts.progress(first.name, human_size(first.size))
        )
        try:
            attachments = tuple([await self._fetch(f) for f in files])
            replies = await self._engine.handle(replace(turn, attachments=attachments))
            await self._deliver(turn, replies, progress_ts=progress_ts)
        except _Refusal as r:
            await self._say(inbound.where, r.reply, progress_ts)
        except Exception as exc:  # the "Reading…" note must not stay behind: it becomes the error
            await self._report(inbound.where, exc, progress_ts=progress_ts)

    async def click(
        self, who: Identity, where: Place, action: Action, *, event_id: str, clicked_ts: str | None
    ) -> None:
        turn = self._turn(who, where, text="", event_id=event_id, action=action)

        async def work() -> None:
            replies = await self._engine.handle(turn)
            await self._outbox.deliver(where, replies, user_id=who.user_id, clicked_ts=clicked_ts)

        await self._guarded(where, work())

    async def command(
        self,
        who: Identity,
        *,
        channel: str,
        text: str,
        event_id: str,
        is_direct: bool,
        response_url: str | None,
    ) -> None:
        """``/icebreaker help`` answers privately; ``/icebreaker <contact-id>`` posts a top-level message
        that becomes the conversation's thread."""
        root = Place(platform="slack", conversation_id=channel, is_direct=is_direct)
        if not text or text.lower() == "help":
            turn = self._turn(who, root, text="help", event_id=event_id)
            await self._guarded(root, self._respond_all(response_url, turn), response_url=response_url)
            return
        await self._guarded(root, self._lookup(who, root, text, event_id), response_url=response_url)

    async def file_shared(
        self, who: Identity, *, channel: str, file_id: str, event_id: str, grace_seconds: float
    ) -> None:
        """Fallback for shares whose message event never came: after a grace period, fetch the file's
        metadata and answer in the thread that shared it, unless the message flow already did."""
        await asyncio.sleep(grace_seconds)
        if not await self.claim("slack-event", event_id) or not await self.claim("slack-file", file_id):
            return
        info = await self._outbox.file_info(file_id)
        ref = file_ref(info)
        if not channel.startswith("D") and not ref.looks_like_log:
            return
        ts, thread_ts = share_of(info, channel)
        where = place(channel, ts=ts, thread_ts=thread_ts)
        inbound = Inbound(who=who, where=where, text="", files=(ref,), event_id=event_id)
        await self._guarded(where, self.answer(inbound, files=(ref,)))

    async def shortcut(self, inbound: Inbound, *, response_url: str | None) -> None:
        """ "Diagnose this log" on a message: always answered (the user asked explicitly), in its thread."""
        if await self.claim("slack-event", inbound.event_id):
            work = self.answer(inbound, files=inbound.files)
            await self._guarded(inbound.where, work, response_url=response_url)

    async def _lookup(self, who: Identity, root: Place, text: str, event_id: str) -> None:
        ts = await self._outbox.post(root, texts.looking_up(text))
        where = replace(root, thread_id=ts)
        inbound = Inbound(who=who, where=where, text=text, files=(), event_id=event_id)
        await self.answer(inbound, files=(), progress_ts=ts)

    async def _respond_all(self, response_url: str | None, turn: Turn) -> None:
        replies = await self._engine.handle(turn)
        for reply in replies:
            if response_url:
                await self._outbox.respond(response_url, reply)
            else:
                await self._outbox.post(turn.where, reply, user_id=turn.who.user_id)

    async def home(self, who: Identity) -> None:
        reply = await self._engine.home(who)
        await self._outbox.publish_home(who.user_id, reply)

    # --- helpers --------------------------------------------------------------------------------------
    def _turn(
        self, who: Identity, where: Place, *, text: str, event_id: str, action: Action | None = None
    ) -> Turn:
        return Turn(
            who=who,
            where=where,
            text=text,
            action=action,
            event_id=event_id,
            received_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            correlation_id=uuid.uuid4().hex[:12],
        )

    async def _deliver(self, turn: Turn, replies: list[Reply], *, progress_ts: str | None) -> None:
        if not replies and progress_ts:  # the engine saw this turn already: remove our progress note
            await self._outbox.delete(turn.where, progress_ts)
            return
        await self._outbox.deliver(turn.where, replies, user_id=turn.who.user_id, progress_ts=progress_ts)

    def _precheck(self, files: tuple[FileRef, ...]) -> Reply | None:
        for f in files:
            try:
                precheck(f, self._policy)
            except DownloadRefused as exc:
                return texts.refused(exc.kind, filename=f.name, limit=human_size(self._policy.max_bytes))
        return None

    async def _fetch(self, ref: FileRef) -> Attachment:
        if self._http is None:
            self._http = aiohttp.ClientSession()
        try:
            data = await download(self._http, ref, self._policy)
        except DownloadRefused as exc:
            log.info("download refused: %s (%s)", exc, ref.id)
            raise _Refusal(
                texts.refused(exc.kind, filename=ref.name, limit=human_size(self._policy.max_bytes))
            ) from exc
        return Attachment(filename=ref.name, data=data, declared_size=ref.size)

    async def _say(self, where: Place, reply: Reply, progress_ts: str | None) -> None:
        if progress_ts:
            await self._outbox.update(where, progress_ts, reply)
        else:
            await self._outbox.post(where, reply)

    async def _guarded(self, where: Place, work: Awaitable[None], *, response_url: str | None = None) -> None:
        """Run a flow; turn any failure into one message (privately via ``response_url`` when the bot
        cannot post in the channel)."""
        try:
            await work
        except SlackApiError as exc:
            error = slack_error(exc)
            if response_url and error in _NOT_A_MEMBER:
                await self._outbox.respond(response_url, Reply(text=texts.not_in_channel(), kind="error"))
                return
            await self._report(where, exc)
        except Exception as exc:
            await self._report(where, exc)

    async def _report(self, where: Place, exc: Exception, *, progress_ts: str | None = None) -> None:
        cid = uuid.uuid4().hex[:12]
        log.error("slack flow failed [%s]", cid, exc_info=exc)
        if progress_ts:
            try:
                await self._outbox.update(where, progress_ts, texts.unexpected(cid))
                return
            except Exception:
                log.warning("could not update the progress message [%s]; posting instead", cid)
        try:
            await self._outbox.post(where, texts.unexpected(cid))
        except Exception:
            log.exception("could not report failure [%s]", cid)


class _Refusal(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.text)
        self.reply = reply
