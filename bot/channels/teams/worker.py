"""The work one Teams turn starts, done after the HTTP request was answered.

Rules of this file:
- A log upload or a pasted log first gets a "Reading agent-log.txt…" card; the engine's first reply then
  replaces that card in place (``update_activity``). A button click's ``replace_original`` reply replaces
  the clicked card; every other reply is a new message in the same conversation or thread.
- All logic lives in the conversation engine: this file only moves bytes and cards.
- Any unexpected failure becomes an error card with a correlation id; it is logged with the same id.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from botbuilder.schema import ConversationReference

from bot.channels.teams import texts
from bot.channels.teams.config import TeamsConfig
from bot.channels.teams.download import DownloadRefused
from bot.channels.teams.escalation import REFERENCE_NAMESPACE, EscalationStatus, Escalator
from bot.channels.teams.inbound import FileRef, Inbound, InboundKind
from bot.channels.teams.outbound import Outbox, reference_to_doc
from bot.conversation import Attachment, Reply, Section, Turn
from bot.render.adaptive import to_card, with_link
from bot.state.protocol import SessionStore, StoreUnavailable, Ttls
from handlers.api import Conversation

FetchFile = Callable[[FileRef], Awaitable[bytes]]
LOG_LIKE_CHARS = 300  # pasted text this long (or multi-line) is treated as a log: show the reading card
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Targets:
    """Cards that the next replies may replace in place."""

    progress_id: str | None = None
    clicked_id: str | None = None


class TurnWorker:
    def __init__(
        self,
        *,
        engine: Conversation,
        store: SessionStore,
        outbox: Outbox,
        escalator: Escalator,
        fetch: FetchFile,
        config: TeamsConfig,
    ) -> None:
        self._engine, self._store, self._outbox = engine, store, outbox
        self._escalator, self._fetch, self._config = escalator, fetch, config

    async def run(self, inbound: Inbound, reference: ConversationReference) -> None:
        correlation = uuid.uuid4().hex[:12]
        try:
            await self._dispatch(inbound, reference, correlation)
        except Exception:
            log.exception("teams turn failed (correlation %s, kind %s)", correlation, inbound.kind.value)
            reply = texts.unexpected(correlation)
            try:
                await self._outbox.send(reference, to_card(reply), summary=reply.text)
            except Exception:
                log.exception("teams error card not delivered (correlation %s)", correlation)

    async def _dispatch(self, inbound: Inbound, reference: ConversationReference, correlation: str) -> None:
        if inbound.kind is InboundKind.INSTALL or not inbound.where.is_direct:
            await self._remember(inbound, reference)
        if inbound.kind is InboundKind.INSTALL:
            home = await self._engine.home(inbound.who)
            await self._outbox.send(reference, to_card(home), summary=home.text)
        elif inbound.kind is InboundKind.CHANNEL_FILE:
            await self._outbox.send(reference, self._channel_file_card(), summary=texts.CHANNEL_FILE.text)
        elif inbound.kind is InboundKind.MESSAGE:
            await self._message(inbound, reference, correlation)
        elif inbound.kind is InboundKind.SUBMIT:
            replies = await self._engine.handle(self._turn(inbound, correlation))
            await self._deliver(replies, reference, _Targets(clicked_id=inbound.reply_to_id))

    async def _message(self, inbound: Inbound, reference: ConversationReference, correlation: str) -> None:
        progress_id = None
        if inbound.files or len(inbound.text) >= LOG_LIKE_CHARS or "\n" in inbound.text:
            reading = Reply(kind="progress", text=texts.READING_FILE if inbound.files else texts.READING_TEXT)
            progress_id = await self._outbox.send(reference, to_card(reading), summary=reading.text)
        try:
            attachments = tuple([await self._download(f) for f in inbound.files])
        except DownloadRefused as refused:
            log.info("teams download refused: %s", refused)
            reply = texts.download_refused(refused.reason, limit_bytes=self._config.max_upload_bytes)
            await self._deliver([reply], reference, _Targets(progress_id=progress_id))
            return
        replies = await self._engine.handle(self._turn(inbound, correlation, attachments))
        await self._deliver(replies, reference, _Targets(progress_id=progress_id))

    async def _download(self, ref: FileRef) -> Attachment:
        data = await self._fetch(ref)
        return Attachment(filename=ref.name, data=data, declared_size=ref.declared_size)

    def _turn(self, inbound: Inbound, correlation: str, attachments: tuple[Attachment, ...] = ()) -> Turn:
        return Turn(
            who=inbound.who,
            where=inbound.where,
            text=inbound.text,
            attachments=attachments,
            action=inbound.action,
            event_id=inbound.event_id,
            received_at=datetime.now(UTC).isoformat(timespec="seconds"),
            correlation_id=correlation,
        )

    async def _deliver(
        self, replies: list[Reply], reference: ConversationReference, targets: _Targets
    ) -> None:
        for reply in replies:
            card = await self._card_with_escalation(reply)
            if targets.progress_id:
                target, targets = targets.progress_id, replace(targets, progress_id=None)
            elif reply.replace_original and targets.clicked_id:
                target, targets = targets.clicked_id, replace(targets, clicked_id=None)
            else:
                target = None
            if target:
                await self._outbox.update(reference, target, card, summary=reply.text)
            else:
                await self._outbox.send(reference, card, summary=reply.text)

    async def _card_with_escalation(self, reply: Reply) -> dict[str, object]:
        if reply.escalation is None:
            return to_card(reply)
        outcome = await self._escalator.post(reply.escalation)
        if outcome.status is EscalationStatus.POSTED and outcome.thread_url:
            return with_link(to_card(reply), title=texts.OPEN_THREAD, url=outcome.thread_url)
        note = (
            texts.ESCALATION_NOT_CONFIGURED
            if outcome.status is EscalationStatus.NOT_CONFIGURED
            else texts.ESCALATION_FAILED
        )
        return to_card(replace(reply, sections=(*reply.sections, Section(title=None, text=note))))

    def _channel_file_card(self) -> dict[str, object]:
        card = to_card(texts.CHANNEL_FILE)
        if not self._config.app_id:
            return card
        return with_link(
            card,
            title=texts.CHAT_ONE_TO_ONE,
            url=f"https://teams.microsoft.com/l/chat/0/0?users=28:{self._config.app_id}",
        )

    async def _remember(self, inbound: Inbound, reference: ConversationReference) -> None:
        try:
            await self._store.put_doc(
                REFERENCE_NAMESPACE,
                inbound.where.conversation_id,
                reference_to_doc(reference),
                ttl_seconds=Ttls().reference_seconds,
            )
        except StoreUnavailable:
            log.warning("teams conversation reference not stored (store unavailable)")
