"""Outbound Teams messages: send, update in place, open a new channel thread — each retried.

Rules of this file:
- Everything here works from a stored ``ConversationReference`` (proactive messaging), so the work can finish
  after the inbound request was answered (Teams allows 15 s; a big log can take longer).
- Every connector call goes through ``retry.with_retry``. Cards are plain dicts from ``bot.render.adaptive``.
- References are stored as JSON (``ConversationReference.serialize()``), never pickled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ConversationParameters, ConversationReference

from bot.channels.teams.retry import RetryPolicy, with_retry

TEAMS_CHANNEL = "msteams"


@dataclass(frozen=True, slots=True)
class NewThread:
    conversation_id: str  # "<channel id>;messageid=<root id>"
    activity_id: str | None


def reference_to_doc(reference: ConversationReference) -> dict[str, Any]:
    doc = reference.serialize()
    return doc if isinstance(doc, dict) else {}


def reference_from_doc(doc: dict[str, Any]) -> ConversationReference:
    return ConversationReference().deserialize(doc)


def card_activity(card: dict[str, Any], *, summary: str) -> Activity:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = summary[:200]
    return activity


class Outbox:
    def __init__(self, adapter: CloudAdapter, *, app_id: str | None, policy: RetryPolicy) -> None:
        self._adapter = adapter
        self._app_id = app_id or None
        self._policy = policy

    async def send(
        self, reference: ConversationReference, card: dict[str, Any], *, summary: str
    ) -> str | None:
        """Post a new message in the referenced conversation; returns the new activity id."""
        sent: list[str | None] = []

        async def logic(ctx: TurnContext) -> None:
            activity = card_activity(card, summary=summary)
            response = await with_retry(lambda: ctx.send_activity(activity), policy=self._policy, what="send")
            sent.append(response.id if response else None)

        await self._adapter.continue_conversation(reference, logic, bot_app_id=self._app_id)  # type: ignore[arg-type]
        return sent[0] if sent else None

    async def update(
        self, reference: ConversationReference, activity_id: str, card: dict[str, Any], *, summary: str
    ) -> None:
        """Replace the card of an earlier bot message."""

        async def logic(ctx: TurnContext) -> None:
            activity = card_activity(card, summary=summary)
            activity.id = activity_id
            await with_retry(lambda: ctx.update_activity(activity), policy=self._policy, what="update")

        await self._adapter.continue_conversation(reference, logic, bot_app_id=self._app_id)  # type: ignore[arg-type]

    async def new_channel_thread(
        self, *, service_url: str, channel_id: str, tenant_id: str | None, card: dict[str, Any], summary: str
    ) -> NewThread:
        """Start a new thread (a root post) in a Teams channel."""
        created: list[NewThread] = []

        async def logic(ctx: TurnContext) -> None:
            created.append(
                NewThread(conversation_id=ctx.activity.conversation.id, activity_id=ctx.activity.id)
            )

        params = ConversationParameters(
            is_group=True,
            channel_data={
                "channel": {"id": channel_id},
                **({"tenant": {"id": tenant_id}} if tenant_id else {}),
            },
            activity=card_activity(card, summary=summary),
            tenant_id=tenant_id,
        )

        async def create() -> None:
            await self._adapter.create_conversation(
                self._app_id,  # type: ignore[arg-type]
                logic,
                conversation_parameters=params,
                channel_id=TEAMS_CHANNEL,
                service_url=service_url,
            )

        await with_retry(create, policy=self._policy, what="create thread")
        return created[-1]
