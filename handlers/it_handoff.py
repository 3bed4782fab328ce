""" "This needs IT": a message a network/IT person can act on without reading the thread.

Rules of this file:
- Pure: session + stored diagnosis + catalog → Reply. Everything IT needs is in the message itself:
  exact hosts from the log's call config (else the documented wildcard for the region), ports, protocols,
  region, CCP generation, the affected contact ids with times (UTC), the requested change and the evidence.
- Only redacted data is used (the stored record), because the message is meant to be forwarded.
"""

from __future__ import annotations

from bot.catalog import Catalog
from bot.conversation import Reply, Section
from bot.diagnosis.model import CauseId
from handlers import texts
from handlers.diagnosis_reply import evidence_lines
from handlers.endpoints import Endpoint, fill, media_endpoints, render_step, signalling_endpoints
from handlers.records import StoredDiagnosis
from handlers.session import ItemKind, LogFacts, WalkthroughSession

_SIGNALLING_FIRST = {
    CauseId.SIGNALLING_BLOCKED,
    CauseId.SIGNALLING_HANDSHAKE_TIMEOUT,
    CauseId.SIGNALLING_REJECTED,
    CauseId.API_UNREACHABLE,
    CauseId.CCP_LOAD_FAILURE,
}
IT_EVIDENCE_LINES = 5


def it_handoff_reply(session: WalkthroughSession, stored: StoredDiagnosis | None, catalog: Catalog) -> Reply:
    info = catalog.cause(session.cause)
    facts = session.facts
    sections = [
        Section(title=texts.IT_WHAT_TITLE, text=fill(info.it_summary, facts)),
        Section(title=texts.IT_ALLOW_TITLE, text=_allow_text(session.cause, facts)),
    ]
    if session.current.kind is ItemKind.STEP:
        step = catalog.steps[session.current.ref]
        sections.append(Section(title=f"{texts.IT_STEP_TITLE}: {step.title}", text=render_step(step, facts)))
    sections.append(Section(title=texts.IT_WHERE_TITLE, text=_where_text(session, stored)))
    if stored is not None:
        cause = next((c for c in stored.diagnosis.causes if c.id is session.cause), None)
        if cause is not None and cause.evidence:
            sections.append(
                Section(
                    title=texts.IT_EVIDENCE_TITLE,
                    text=cause.title,
                    evidence=evidence_lines(cause.evidence, IT_EVIDENCE_LINES),
                    truncated_evidence=max(0, len(cause.evidence) - IT_EVIDENCE_LINES),
                )
            )
    return Reply(
        text=texts.it_headline(cause_title=info.title, region=facts.region),
        sections=tuple(sections),
        kind="it_handoff",
        extras={"cause": session.cause.value, "region": facts.region or ""},
    )


def _allow_text(cause: CauseId, facts: LogFacts) -> str:
    media, signalling = media_endpoints(facts), signalling_endpoints(facts)
    ordered: tuple[Endpoint, ...] = (
        (*signalling, *media) if cause in _SIGNALLING_FIRST else (*media, *signalling)
    )
    lines = [f"• {e.describe()}" for e in ordered]
    if facts.region is None:
        lines.append(texts.IT_REGION_UNKNOWN)
    return "\n".join(lines)


def _where_text(session: WalkthroughSession, stored: StoredDiagnosis | None) -> str:
    facts = session.facts
    lines = [f"Region: {facts.region or 'unknown'}; CCP version: {facts.ccp_version or 'unknown'}"]
    contacts = stored.diagnosis.contacts if stored else ()
    for c in contacts:
        if c.contact_id:
            lines.append(f"Contact {c.contact_id}: {c.first_time or '?'} to {c.last_time or '?'} (UTC)")
    if len(lines) == 1:
        lines.append(f"Contacts: {', '.join(facts.contact_ids) or 'none in the log'}")
    return "\n".join(lines)
