"""Post an escalation as a new thread in the configured Teams support channel.

Rules of this file:
- The destination is ``TeamsConfig.escalation_channel_id``; its service URL and tenant come from the config
  or, when absent there, from the reference stored when the bot was added to that team or mentioned.
- A bot cannot put a file into a channel without Graph, so the redacted log is offered as a signed, expiring
  link to Icebreaker's own download endpoint (``links.LinkSigner``).
- The outcome is a value (``EscalationOutcome``); nothing here raises for a Teams or store failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

from bot.channels.teams import texts
from bot.channels.teams.config import TeamsConfig
from bot.channels.teams.links import LinkSigner
from bot.channels.teams.outbound import Outbox, reference_from_doc
from bot.conversation import Escalation
from bot.render.adaptive import to_card, with_link
from bot.state.protocol import SessionStore, StoreUnavailable

REFERENCE_NAMESPACE = "teams-ref"
log = logging.getLogger(__name__)


class EscalationStatus(StrEnum):
    POSTED = "posted"
    NOT_CONFIGURED = "not_configured"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class EscalationOutcome:
    status: EscalationStatus
    thread_url: str | None = None


@dataclass(frozen=True, slots=True)
class _Destination:
    channel_id: str
    service_url: str
    tenant_id: str | None


def thread_link(*, channel_id: str, message_id: str, tenant_id: str | None, group_id: str | None) -> str:
    """Teams deep link to a channel thread."""
    query = {"parentMessageId": message_id}
    if tenant_id:
        query["tenantId"] = tenant_id
    if group_id:
        query["groupId"] = group_id
    return (
        f"https://teams.microsoft.com/l/message/{quote(channel_id, safe='')}/{message_id}?{urlencode(query)}"
    )


class Escalator:
    def __init__(
        self, *, outbox: Outbox, store: SessionStore, signer: LinkSigner, config: TeamsConfig
    ) -> None:
        self._outbox, self._store, self._signer, self._config = outbox, store, signer, config

    async def post(self, escalation: Escalation) -> EscalationOutcome:
        destination = await self._destination()
        if destination is None:
            return EscalationOutcome(EscalationStatus.NOT_CONFIGURED)
        card = self._card(escalation)
        try:
            thread = await self._outbox.new_channel_thread(
                service_url=destination.service_url,
                channel_id=destination.channel_id,
                tenant_id=destination.tenant_id,
                card=card,
                summary=escalation.reply.text,
            )
        except Exception:
            log.exception("teams escalation to %s failed", destination.channel_id)
            return EscalationOutcome(EscalationStatus.FAILED)
        message_id = thread.activity_id or thread.conversation_id.partition(";messageid=")[2]
        url = thread_link(
            channel_id=destination.channel_id,
            message_id=message_id,
            tenant_id=destination.tenant_id,
            group_id=self._config.escalation_group_id,
        )
        return EscalationOutcome(EscalationStatus.POSTED, thread_url=url)

    def _card(self, escalation: Escalation) -> dict[str, Any]:
        card = to_card(escalation.reply)
        url = self._signer.url_for(escalation.diagnosis_id) if escalation.diagnosis_id else None
        return with_link(card, title=texts.DOWNLOAD_LOG, url=url) if url else card

    async def _destination(self) -> _Destination | None:
        channel_id = self._config.escalation_channel_id
        if not channel_id:
            return None
        service_url, tenant = self._config.escalation_service_url, self._config.escalation_tenant_id
        if not service_url or not tenant:
            try:
                doc = await self._store.get_doc(REFERENCE_NAMESPACE, channel_id)
            except StoreUnavailable:
                doc = None
            if doc:
                reference = reference_from_doc(doc)
                service_url = service_url or reference.service_url
                tenant = tenant or getattr(reference.conversation, "tenant_id", None)
        if not service_url:
            log.warning(
                "teams escalation channel %s has no service URL (configure it or add the bot)", channel_id
            )
            return None
        return _Destination(channel_id=channel_id, service_url=service_url, tenant_id=tenant)
