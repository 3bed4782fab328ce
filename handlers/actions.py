"""Button clicks: start a walkthrough, advance it, show evidence, escalate, ask the agent.

Rules of this file:
- A button names only a diagnosis or session and a cursor; the record and session are re-read from the
  store, and who may act is decided from ``Turn.who``/``Turn.where`` alone.
- Sessions change only by ``compare_and_set``: a click that loses the race, or whose cursor is stale, gets a
  short ephemeral "already done" and makes no second transition.
- Store errors are not caught here; the engine turns them into "history unavailable, please retry".
"""

from __future__ import annotations

from dataclasses import replace

from bot.conversation import Action, ActionKind, Reply, Turn
from handlers import texts, walkthrough
from handlers.deps import Deps
from handlers.diagnosis_reply import evidence_reply
from handlers.endpoints import facts_from
from handlers.escalation import build_escalation
from handlers.help import help_reply
from handlers.intents import first_contact_id
from handlers.it_handoff import it_handoff_reply
from handlers.lookup import ask_agent_reply, focused
from handlers.records import StoredDiagnosis
from handlers.session import NAMESPACE, WalkthroughSession, session_id_for


def note(text: str) -> list[Reply]:
    return [Reply(text=text, ephemeral=True, kind="notice")]


async def handle_action(deps: Deps, turn: Turn, action: Action) -> list[Reply]:
    kind = action.kind
    if kind is ActionKind.WALK:
        return await start_walk(deps, turn, action)
    if kind is ActionKind.SHOW_EVIDENCE:
        stored = await load_record(deps, action.session_id, focus=action.value)
        return [evidence_reply(stored)] if stored else note(texts.DIAGNOSIS_GONE)
    if kind is ActionKind.ESCALATE:
        return await escalate(deps, turn, action)
    if kind is ActionKind.ASK_AGENT:
        contact = first_contact_id(action.value)
        return [ask_agent_reply(contact)] if contact else []
    if kind is ActionKind.HELP:
        return [help_reply(deps.catalog)]
    return await click(deps, turn, action)


async def load_record(deps: Deps, diagnosis_id: str, *, focus: str = "") -> StoredDiagnosis | None:
    stored = StoredDiagnosis.from_record(await deps.store.get_diagnosis(diagnosis_id))
    contact = first_contact_id(focus)
    return focused(stored, contact) if stored and contact else stored


async def load_session(deps: Deps, session_id: str) -> WalkthroughSession | None:
    doc = await deps.store.get_doc(NAMESPACE, session_id)
    return WalkthroughSession.from_dict(doc) if doc else None


async def save_session(deps: Deps, session: WalkthroughSession, *, expected: int | None) -> bool:
    return await deps.store.compare_and_set(
        NAMESPACE,
        session.id,
        session.to_dict(),
        expected_version=expected,
        ttl_seconds=deps.ttls.session_seconds,
    )


async def start_walk(deps: Deps, turn: Turn, action: Action) -> list[Reply]:
    stored = await load_record(deps, action.session_id, focus=action.value)
    if stored is None:
        return note(texts.DIAGNOSIS_GONE)
    session_id = session_id_for(stored.id, turn.where.key)
    existing = await load_session(deps, session_id)
    if existing is not None and existing.is_open:
        return note(texts.ALREADY_DONE)
    d = stored.diagnosis
    started = walkthrough.start(
        session_id=session_id,
        diagnosis_id=stored.id,
        place=turn.where.key,
        who=turn.who.key,
        now=deps.now(),
        ranking=tuple((c.id, c.confidence) for c in d.causes),
        facts=facts_from(d),
        catalog=deps.catalog,
    )
    if started is None:
        return note(texts.NO_CAUSE_TO_WALK)
    expected = existing.version if existing else None
    session = replace(started.session, version=(expected or 0) + 1)
    if not await save_session(deps, session, expected=expected):
        return note(texts.ALREADY_DONE)
    return list(started.replies)


async def click(deps: Deps, turn: Turn, action: Action) -> list[Reply]:
    session = await load_session(deps, action.session_id)
    if session is None:
        return note(texts.SESSION_GONE)
    refusal = walkthrough.check(session, action, turn.where)
    if refusal is not None:
        return note(refusal)
    step = walkthrough.advance(
        session, walkthrough.Click(action=action, who=turn.who.key, now=deps.now()), deps.catalog
    )
    if step is None:
        return note(texts.ALREADY_DONE)
    if not await save_session(deps, step.session, expected=session.version):
        return note(texts.ALREADY_DONE)
    replies = list(step.replies)
    if step.effect is walkthrough.Effect.IT_HANDOFF:
        stored = await load_record(deps, session.diagnosis_id)
        replies.insert(0, it_handoff_reply(session, stored, deps.catalog))
    return replies


async def escalate(deps: Deps, turn: Turn, action: Action) -> list[Reply]:
    if not deps.policy.may_escalate(turn.who, turn.where):
        return note(texts.ESCALATE_DENIED)
    in_walk = action.step >= 0
    session = await load_session(
        deps, action.session_id if in_walk else session_id_for(action.session_id, turn.where.key)
    )
    if in_walk and session is None:
        return note(texts.SESSION_GONE)
    if in_walk and session is not None:
        refusal = walkthrough.check(session, action, turn.where)
        if refusal is not None:
            return note(refusal)
    stored = await load_record(deps, session.diagnosis_id if in_walk and session else action.session_id)
    if stored is None:
        return note(texts.DIAGNOSIS_GONE)
    log_gz = await deps.store.get_log(stored.id)
    if in_walk and session is not None:
        closed = walkthrough.mark_escalated(session, who=turn.who.key, now=deps.now())
        if not await save_session(deps, closed, expected=session.version):
            return note(texts.ALREADY_DONE)
        session = closed
    elif not await deps.store.first_sighting(
        "escalated", f"{stored.id}:{turn.where.key}", ttl_seconds=deps.ttls.session_seconds
    ):
        return note(texts.ALREADY_ESCALATED)
    package = build_escalation(
        stored=stored, session=session, log_gz=log_gz, catalog=deps.catalog, reporter=turn.who, now=deps.now()
    )
    if deps.escalation_configured:
        return [Reply(text=texts.escalated(True), kind="escalated", escalation=package)]
    return [
        Reply(
            text=texts.escalated(False),
            sections=package.reply.sections,
            files=package.files,
            kind="escalated",
        )
    ]
