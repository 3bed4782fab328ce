"""The botbuilder ``Bot``: decide quickly, answer the HTTP request, and hand the work to the background.

Rules of this file:
- ``on_turn`` runs inside the inbound request, after botbuilder verified the JWT. It only classifies the
  activity, dedupes it on its id (``store.first_sighting``) and schedules ``TurnWorker.run``; Teams gets its
  HTTP answer in milliseconds, well inside its 15 s budget, whatever the log size.
- A store outage never loses a turn: dedupe then fails open (a rare double answer beats silence).
"""

from __future__ import annotations

import logging

from botbuilder.core import Bot, TurnContext

from bot.channels.teams.inbound import InboundKind, from_activity
from bot.channels.teams.tasks import BackgroundTasks
from bot.channels.teams.worker import TurnWorker
from bot.state.protocol import SessionStore, StoreUnavailable, Ttls

DEDUPE_NAMESPACE = "teams-activity"
log = logging.getLogger(__name__)


class TeamsBot(Bot):
    def __init__(self, *, worker: TurnWorker, store: SessionStore, tasks: BackgroundTasks) -> None:
        self._worker, self._store, self._tasks = worker, store, tasks

    async def on_turn(self, context: TurnContext) -> None:
        inbound = from_activity(context.activity)
        if inbound.kind is InboundKind.IGNORE:
            return
        if inbound.event_id and not await self._first_sighting(inbound.event_id):
            log.info("teams duplicate activity %s ignored", inbound.event_id)
            return
        reference = TurnContext.get_conversation_reference(context.activity)
        self._tasks.spawn(self._worker.run(inbound, reference), name=f"teams-{inbound.kind.value}")

    async def _first_sighting(self, event_id: str) -> bool:
        try:
            return await self._store.first_sighting(
                DEDUPE_NAMESPACE, event_id, ttl_seconds=Ttls().dedupe_seconds
            )
        except StoreUnavailable:
            log.warning("teams dedupe skipped for %s (store unavailable)", event_id)
            return True
