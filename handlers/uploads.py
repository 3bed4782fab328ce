"""A received log (attachment or pasted text) → diagnosis, stored redacted, → diagnosis reply.

Rules of this file:
- Diagnosis and redaction never run on the event loop: the ``Diagnoser`` does both in a worker.
- Unreadable attachments get the core's sentence and what to attach instead; pasted chat text that is
  "not a log" gets the help hint instead of an error.
- The reply is built from the redacted record (the same words a later lookup shows). When the store is
  down the reply still goes out, without buttons and with a note; nothing half-written (``put_diagnosis``
  is all-or-nothing).
"""

from __future__ import annotations

import contextlib

from bot.conversation import Reply, Turn
from bot.diagnosis.errors import UnreadableKind, UnreadableLog
from bot.diagnosis.model import Diagnosis
from bot.state.protocol import StoreUnavailable
from handlers import texts
from handlers.api import DiagnoserBusy
from handlers.deps import RECENT_MAX_ITEMS, Deps
from handlers.diagnosis_reply import diagnosis_reply, verdict_line
from handlers.help import hint_reply
from handlers.records import StoredDiagnosis, new_diagnosis_id

PASTED_NAME = "pasted text"


async def diagnose_upload(
    deps: Deps, turn: Turn, *, data: bytes, filename: str, contact_id: str | None, pasted: bool
) -> Reply:
    try:
        diagnosed = await deps.diagnoser(data, contact_id=contact_id)
    except DiagnoserBusy:
        return Reply(text=texts.BUSY, kind="busy")
    except UnreadableLog as err:
        if pasted and err.kind in (UnreadableKind.NOT_A_LOG, UnreadableKind.EMPTY):
            return hint_reply()
        return Reply(text=texts.unreadable(err.message), kind="unreadable", extras={"reason": err.kind.value})
    titles = {cause_id: info.title for cause_id, info in deps.catalog.causes.items()}
    diagnosis = diagnosed.diagnosis.retitled(titles)  # the catalog's words, whatever the diagnoser was given
    stored = _stored(diagnosis, deps=deps, turn=turn, filename=filename, size=len(data))
    saved = await _save(deps, turn, stored, diagnosed.redacted_log_gz)
    return diagnosis_reply(stored, deps.catalog, with_buttons=saved)


def _stored(diagnosis: Diagnosis, *, deps: Deps, turn: Turn, filename: str, size: int) -> StoredDiagnosis:
    return StoredDiagnosis(
        id=new_diagnosis_id(),
        diagnosis=diagnosis,
        reporter=turn.who.key,
        reporter_name=turn.who.display_name,
        place=turn.where.key,
        filename=filename,
        size=size,
        created_at=deps.now(),
    )


async def _save(deps: Deps, turn: Turn, stored: StoredDiagnosis, log_gz: bytes | None) -> bool:
    """Store record + redacted log + contact index; False (and nothing written) when the store is down."""
    ttl = deps.ttls.diagnosis_seconds
    recent = {
        "id": stored.id,
        "created_at": stored.created_at,
        "filename": stored.filename,
        "summary": verdict_line(stored.diagnosis),
        "contact_ids": list(stored.diagnosis.contact_ids),
    }
    try:
        await deps.store.put_diagnosis(
            stored.id,
            stored.to_record(),
            redacted_log=log_gz,
            contact_ids=stored.diagnosis.contact_ids,
            ttl_seconds=ttl,
        )
    except StoreUnavailable:
        return False
    # the "recent" list only feeds the home view: losing one entry must not disable the buttons
    with contextlib.suppress(StoreUnavailable):
        await deps.store.push_list(
            "recent", turn.who.key, recent, max_items=RECENT_MAX_ITEMS, ttl_seconds=ttl
        )
    return True
