"""The conversation engine: one entry point that routes a turn to its handler and never raises.

Rules of this file:
- Implements ``handlers.api.Conversation``: ``handle(turn) -> list[Reply]`` and ``home(who) -> Reply``.
- Duplicate deliveries (same ``turn.event_id``) get []. If the store cannot say, the turn is answered:
  a possible duplicate reply beats a lost one.
- ``StoreUnavailable`` becomes "history unavailable, please retry"; any other exception becomes a reply
  with a correlation id, and the traceback is logged with the same id. Nothing else leaves ``handle``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime

from bot.catalog import Catalog
from bot.conversation import Identity, Reply, Turn
from bot.diagnosis.limits import Limits
from bot.state.protocol import SessionStore, StoreUnavailable, Ttls
from handlers import texts
from handlers.access import AccessPolicy
from handlers.actions import handle_action
from handlers.api import Diagnoser
from handlers.deps import Deps
from handlers.help import help_reply, hint_reply
from handlers.home import home_reply
from handlers.intents import IntentKind, classify
from handlers.lookup import lookup
from handlers.uploads import PASTED_NAME, diagnose_upload

log = logging.getLogger(__name__)
MAX_ATTACHMENTS = 3
DEFAULT_TTLS = Ttls()
DEFAULT_LIMITS = Limits()


class Engine:
    def __init__(
        self,
        *,
        store: SessionStore,
        catalog: Catalog,
        diagnoser: Diagnoser,
        policy: AccessPolicy,
        ttls: Ttls = DEFAULT_TTLS,
        escalation_configured: bool,
        clock: Callable[[], datetime],
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self._deps = Deps(
            store=store,
            catalog=catalog,
            diagnoser=diagnoser,
            policy=policy,
            ttls=ttls,
            escalation_configured=escalation_configured,
            clock=clock,
            limits=limits,
        )

    async def handle(self, turn: Turn) -> list[Reply]:
        correlation_id = turn.correlation_id or secrets.token_hex(6)
        try:
            if not await self._first_sighting(turn):
                return []
            return await self._route(turn)
        except StoreUnavailable:
            log.warning("store unavailable", extra={"correlation_id": correlation_id})
            return [
                Reply(text=texts.HISTORY_UNAVAILABLE, kind="error", extras={"reason": "store_unavailable"})
            ]
        except Exception:
            log.exception("turn failed", extra={"correlation_id": correlation_id})
            return [
                Reply(
                    text=texts.unexpected(correlation_id),
                    kind="error",
                    extras={"correlation_id": correlation_id},
                )
            ]

    async def home(self, who: Identity) -> Reply:
        return await home_reply(self._deps, who)

    async def _first_sighting(self, turn: Turn) -> bool:
        if not turn.event_id:
            return True
        key = f"{turn.who.platform}:{turn.who.tenant}:{turn.event_id}"
        try:
            return await self._deps.store.first_sighting(
                "event", key, ttl_seconds=self._deps.ttls.dedupe_seconds
            )
        except StoreUnavailable:
            return True

    async def _route(self, turn: Turn) -> list[Reply]:
        deps = self._deps
        intent = classify(turn)
        if intent.kind is IntentKind.ACTION and intent.action is not None:
            return await handle_action(deps, turn, intent.action)
        if intent.kind is IntentKind.UPLOAD:
            return [
                await diagnose_upload(
                    deps, turn, data=a.data, filename=a.filename, contact_id=intent.contact_id, pasted=False
                )
                for a in turn.attachments[:MAX_ATTACHMENTS]
            ]
        if intent.kind is IntentKind.LOOKUP and intent.contact_id:
            return await lookup(deps, turn, intent.contact_id)
        if intent.kind is IntentKind.HELP:
            return [help_reply(deps.catalog)]
        if intent.kind is IntentKind.PASTED:
            return [
                await diagnose_upload(
                    deps,
                    turn,
                    data=turn.text.encode("utf-8"),
                    filename=PASTED_NAME,
                    contact_id=None,
                    pasted=True,
                )
            ]
        return [hint_reply()]
