"""Contact-id lookup: what is known about one call, for people allowed to ask, with an audit trail.

Rules of this file:
- Every lookup is recorded (who, where, which contact, allowed, how many found) BEFORE anything is shown;
  if the audit cannot be written, nothing is shown (the store error reaches the engine).
- Access: ``AccessPolicy.may_lookup`` for the asker, ``may_view`` for each stored record (tenant boundary).
- Known: the newest visible diagnosis, focused on that contact. Unknown: how the agent downloads the log
  (30–60 minute window) and a button to ask the agent.
"""

from __future__ import annotations

from dataclasses import replace

from bot.conversation import Action, ActionKind, Button, ButtonStyle, Reply, Section, Turn
from handlers import texts
from handlers.deps import AUDIT_MAX_ITEMS, Deps
from handlers.diagnosis_reply import diagnosis_reply
from handlers.records import StoredDiagnosis

MAX_RECORDS = 10


async def lookup(deps: Deps, turn: Turn, contact_id: str) -> list[Reply]:
    contact_id = contact_id.lower()
    allowed = deps.policy.may_lookup(turn.who, turn.where)
    found = await _visible(deps, turn, contact_id) if allowed else []
    audit = {
        "at": deps.now(),
        "who": turn.who.key,
        "where": turn.where.key,
        "contact_id": contact_id,
        "allowed": allowed,
        "found": len(found),
    }
    await deps.store.push_list(
        "audit", "lookups", audit, max_items=AUDIT_MAX_ITEMS, ttl_seconds=deps.ttls.audit_seconds
    )
    if not allowed:
        return [Reply(text=texts.LOOKUP_DENIED, ephemeral=True, kind="denied")]
    if not found:
        return [unknown_reply(contact_id)]
    latest = found[0]
    intro = "\n".join(
        (
            texts.lookup_found(contact_id, len(found)),
            texts.uploaded_by(
                reporter=latest.reporter_label, created_at=latest.created_at, filename=latest.filename
            ),
        )
    )
    return [diagnosis_reply(focused(latest, contact_id), deps.catalog, intro=intro)]


def unknown_reply(contact_id: str) -> Reply:
    ask = Button(
        label=texts.ASK_AGENT,
        action=Action(kind=ActionKind.ASK_AGENT, value=contact_id),
        style=ButtonStyle.PRIMARY,
    )
    return Reply(
        text=texts.lookup_unknown(contact_id),
        sections=(Section(title=None, text=texts.DOWNLOAD_LOG),),
        buttons=(ask,),
        kind="not_found",
        extras={"contact_id": contact_id},
    )


def ask_agent_reply(contact_id: str) -> Reply:
    return Reply(text=texts.ask_agent(contact_id), kind="ask_agent", extras={"contact_id": contact_id})


def focused(stored: StoredDiagnosis, contact_id: str) -> StoredDiagnosis:
    """The record with the verdict and causes of one contact (the whole file's when the contact has none)."""
    d = stored.diagnosis
    contact = d.contact(contact_id)
    if contact is None:
        return stored
    causes = contact.causes or d.causes
    return replace(
        stored,
        diagnosis=replace(
            d,
            verdict=contact.verdict,
            reason=contact.reason or d.reason,
            causes=causes,
            focus_contact=contact.contact_id,
        ),
    )


async def _visible(deps: Deps, turn: Turn, contact_id: str) -> list[StoredDiagnosis]:
    ids = await deps.store.find_diagnoses(contact_id)
    found: list[StoredDiagnosis] = []
    for diagnosis_id in ids[:MAX_RECORDS]:
        stored = StoredDiagnosis.from_record(await deps.store.get_diagnosis(diagnosis_id))
        if stored is not None and deps.policy.may_view(turn.who, stored.reporter):
            found.append(stored)
    return found
