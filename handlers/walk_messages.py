"""The messages of a walkthrough: one step, one question, or the end of a cause, with their buttons.

Rules of this file:
- Pure: session + catalog → Reply. Wording comes from ``texts`` and the knowledge files.
- Every button carries the session id and the session's current ``cursor``; nothing else that matters.
- An acknowledgement replaces the clicked message (``replace_original``) so old buttons disappear.
"""

from __future__ import annotations

from bot.catalog import Catalog
from bot.conversation import Action, ActionKind, Button, ButtonStyle, Reply, Section
from handlers import texts
from handlers.endpoints import render_step
from handlers.session import ItemKind, Outcome, WalkthroughSession

_OUTCOME_WORDS = {
    Outcome.FIXED: "done — audio works now",
    Outcome.STILL_BROKEN: "done — still no audio",
    Outcome.SKIPPED: "skipped",
    Outcome.NEEDS_IT: "sent to IT",
    Outcome.ANSWERED: "answered",
}


def message_for(session: WalkthroughSession, catalog: Catalog, *, note: str | None = None) -> Reply:
    """The message for the session's current item (``note`` goes first, e.g. "switched cause")."""
    kind = session.current.kind
    if kind is ItemKind.STEP:
        reply = _step(session, catalog)
    elif kind is ItemKind.QUESTION:
        reply = _question(session, catalog)
    else:
        reply = _cause_end(session, catalog)
    if note:
        return Reply(
            text=reply.text,
            sections=(Section(title=None, text=note), *reply.sections),
            buttons=reply.buttons,
            kind=reply.kind,
            extras=reply.extras,
        )
    return reply


def outcome_ack(
    session: WalkthroughSession, outcome: Outcome, catalog: Catalog, *, answer_label: str | None = None
) -> Reply:
    """Replaces the clicked message: what it asked, and what was chosen (no buttons)."""
    item = session.current
    if item.kind is ItemKind.QUESTION:
        headline = texts.question_headline(catalog.questions[item.ref].text)
    else:
        headline = catalog.steps[item.ref].title if item.kind is ItemKind.STEP else ""
    chosen = answer_label if answer_label is not None else _OUTCOME_WORDS[outcome]
    return Reply(text=f"{headline} — {chosen}", replace_original=True, kind="step_done")


def _step(session: WalkthroughSession, catalog: Catalog) -> Reply:
    step = catalog.steps[session.current.ref]
    number, total = _progress(session)
    sections = [
        Section(title=None, text=render_step(step, session.facts)),
        Section(title=None, text=texts.PERFORMER_NOTE[step.performer.value]),
    ]
    if step.sources:
        sections.append(Section(title="Source", text="\n".join(f"{s.title}: {s.url}" for s in step.sources)))
    buttons = (
        _button(session, texts.STEP_FIXED, ActionKind.STEP_FIXED, style=ButtonStyle.PRIMARY),
        _button(session, texts.STEP_STILL, ActionKind.STEP_STILL_BROKEN),
        _button(session, texts.STEP_SKIP, ActionKind.STEP_SKIP),
        _button(session, texts.STEP_NEEDS_IT, ActionKind.STEP_NEEDS_IT),
        _button(session, texts.STEP_ESCALATE, ActionKind.ESCALATE, style=ButtonStyle.DANGER),
    )
    return Reply(
        text=texts.step_headline(number=number, total=total, title=step.title),
        sections=tuple(sections),
        buttons=buttons,
        kind="step",
        extras={"progress": f"{number}/{total}", "cause": session.cause.value, "step_id": step.id},
    )


def _question(session: WalkthroughSession, catalog: Catalog) -> Reply:
    question = catalog.questions[session.current.ref]
    answers = tuple(
        _button(session, a.label, ActionKind.ANSWER, value=f"{question.id}:{a.id}") for a in question.answers
    )
    cause = catalog.cause(session.cause)
    why = Section(title=None, text=f"The log cannot tell this, and it matters for: {cause.title}.")
    return Reply(
        text=texts.question_headline(question.text),
        sections=(why,),
        buttons=(*answers, _button(session, texts.STEP_SKIP, ActionKind.STEP_SKIP)),
        kind="question",
        extras={"cause": session.cause.value, "question_id": question.id},
    )


def _cause_end(session: WalkthroughSession, catalog: Catalog) -> Reply:
    title = catalog.cause(session.cause).title
    offered = session.next_cause()
    escalate = _button(session, texts.ESCALATE, ActionKind.ESCALATE, style=ButtonStyle.DANGER)
    if offered is None or offered[0] not in catalog.causes:
        return Reply(
            text=texts.cause_end(title),
            sections=(Section(title=None, text=texts.NOTHING_LEFT),),
            buttons=(escalate,),
            kind="cause_end",
        )
    cause, confidence = offered
    next_title = catalog.cause(cause).title
    offer = Section(title=None, text=texts.offer_next(next_title, texts.confidence_words(confidence)))
    try_next = _button(
        session,
        texts.next_cause_label(next_title),
        ActionKind.NEXT_CAUSE,
        value=cause.value,
        style=ButtonStyle.PRIMARY,
    )
    return Reply(
        text=texts.cause_end(title),
        sections=(offer,),
        buttons=(try_next, escalate),
        kind="cause_end",
        extras={"next_cause": cause.value},
    )


def _progress(session: WalkthroughSession) -> tuple[int, int]:
    done = {
        a.item.ref
        for a in session.history
        if a.cause is session.cause and a.item.kind is ItemKind.STEP and a.outcome is not Outcome.NEEDS_IT
    }
    remaining = sum(1 for i in session.queue if i.kind is ItemKind.STEP)
    number = len(done) + 1
    return number, number + remaining


def _button(
    session: WalkthroughSession,
    label: str,
    kind: ActionKind,
    *,
    value: str = "",
    style: ButtonStyle = ButtonStyle.DEFAULT,
) -> Button:
    action = Action(kind=kind, session_id=session.id, step=session.cursor, value=value)
    return Button(label=label, action=action, style=style)
