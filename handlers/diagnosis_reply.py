"""A diagnosis as a chat reply: the verdict line, the top causes with their proof, the calls, and buttons.

Rules of this file:
- Pure: a stored (redacted) diagnosis + the catalog → Reply. The same function serves the uploader and
  a contact-id lookup, so both see the same words and the same evidence.
- At most three causes, each with confidence as words and percent and its first three evidence lines;
  "Show all evidence" (``evidence_reply``) shows the rest and each call's timeline.
- Buttons carry the diagnosis id only; handlers re-read the record and re-check who clicked.
"""

from __future__ import annotations

from bot.catalog import Catalog
from bot.conversation import Action, ActionKind, Button, ButtonStyle, EvidenceLine, Reply, Section
from bot.diagnosis.model import Cause, ContactDiagnosis, Diagnosis, Evidence, Verdict
from handlers import texts
from handlers.endpoints import facts_from, fill
from handlers.records import StoredDiagnosis
from handlers.session import LogFacts

TOP_CAUSES = 3
EVIDENCE_PER_CAUSE = 3
MAX_CONTACT_LINES = 10
ALL_EVIDENCE_PER_CAUSE = 25
TIMELINE_LINES = 30


def verdict_line(diagnosis: Diagnosis) -> str:
    if diagnosis.verdict is Verdict.FAULT:
        top = diagnosis.top_cause
        return diagnosis.reason or (top.title if top else texts.INCONCLUSIVE)
    if diagnosis.verdict is Verdict.NO_FAULT:
        return f"{texts.NO_FAULT} {diagnosis.reason}".strip()
    return diagnosis.reason or texts.INCONCLUSIVE


def diagnosis_reply(
    stored: StoredDiagnosis, catalog: Catalog, *, with_buttons: bool = True, intro: str | None = None
) -> Reply:
    d = stored.diagnosis
    sections: list[Section] = []
    if intro:
        sections.append(Section(title=None, text=intro))
    facts = facts_from(d)
    sections.extend(_cause_section(i, c, catalog, facts) for i, c in enumerate(d.causes[:TOP_CAUSES], 1))
    sections.append(Section(title=texts.CONTACTS_TITLE, text=_contacts_text(d.contacts)))
    notes = list(d.notes)
    if not with_buttons:
        notes.append(texts.HISTORY_DOWN_NOTE)
    if notes:
        sections.append(Section(title=texts.NOTES_TITLE, text="\n".join(notes)))
    buttons = _buttons(stored) if with_buttons else ()
    return Reply(
        text=verdict_line(d),
        sections=tuple(sections),
        buttons=buttons,
        kind="diagnosis",
        extras={"diagnosis_id": stored.id, "verdict": d.verdict.value},
    )


def evidence_reply(stored: StoredDiagnosis) -> Reply:
    d = stored.diagnosis
    sections = [_all_evidence(c) for c in d.causes]
    sections.extend(_timeline(c) for c in d.contacts if c.timeline)
    return Reply(
        text=f"{texts.EVIDENCE_HEADLINE}: {verdict_line(d)}",
        sections=tuple(sections),
        kind="evidence",
        extras={"diagnosis_id": stored.id},
    )


def evidence_lines(evidence: tuple[Evidence, ...], limit: int) -> tuple[EvidenceLine, ...]:
    return tuple(EvidenceLine(line=e.line, time=e.time, text=e.text) for e in evidence[:limit])


def _cause_section(rank: int, cause: Cause, catalog: Catalog, facts: LogFacts) -> Section:
    info = catalog.causes.get(cause.id)
    summary = fill(info.agent_summary, facts) if info else ""
    title = f"{rank}. {cause.title} — {texts.confidence_words(cause.confidence)}"
    return Section(
        title=title,
        text=summary,
        evidence=evidence_lines(cause.evidence, EVIDENCE_PER_CAUSE),
        truncated_evidence=max(0, len(cause.evidence) - EVIDENCE_PER_CAUSE),
    )


def _contacts_text(contacts: tuple[ContactDiagnosis, ...]) -> str:
    known = [c for c in contacts if c.contact_id]
    if not known:
        return texts.NO_CONTACTS
    lines = [
        texts.contact_line(
            contact_id=c.contact_id or "", verdict=c.verdict.value, first=c.first_time, last=c.last_time
        )
        for c in known[:MAX_CONTACT_LINES]
    ]
    if len(known) > MAX_CONTACT_LINES:
        lines.append(f"… and {len(known) - MAX_CONTACT_LINES} more")
    return "\n".join(lines)


def _all_evidence(cause: Cause) -> Section:
    return Section(
        title=texts.evidence_title(cause.title),
        text=texts.confidence_words(cause.confidence),
        evidence=evidence_lines(cause.evidence, ALL_EVIDENCE_PER_CAUSE),
        truncated_evidence=max(0, len(cause.evidence) - ALL_EVIDENCE_PER_CAUSE),
    )


def _timeline(contact: ContactDiagnosis) -> Section:
    return Section(
        title=f"{texts.TIMELINE_TITLE} {contact.contact_id or '(no contact id)'}",
        text=contact.reason,
        evidence=evidence_lines(contact.timeline, TIMELINE_LINES),
        truncated_evidence=max(0, len(contact.timeline) - TIMELINE_LINES),
    )


def _buttons(stored: StoredDiagnosis) -> tuple[Button, ...]:
    d = stored.diagnosis

    def button(label: str, kind: ActionKind, style: ButtonStyle = ButtonStyle.DEFAULT) -> Button:
        action = Action(kind=kind, session_id=stored.id, value=(d.focus_contact or "").lower())
        return Button(label=label, action=action, style=style)

    buttons = []
    if d.causes:
        buttons.append(button(texts.WALK, ActionKind.WALK, ButtonStyle.PRIMARY))
    if any(c.evidence for c in d.causes) or any(c.timeline for c in d.contacts):
        buttons.append(button(texts.SHOW_EVIDENCE, ActionKind.SHOW_EVIDENCE))
    buttons.append(button(texts.ESCALATE, ActionKind.ESCALATE))
    return tuple(buttons)
