"""The walkthrough as a pure state machine: (session, click) → (new session, replies).

Rules of this file:
- No I/O and no clock: the caller passes ``now`` and who clicked, and stores the result with compare-and-set.
- A cause's plan is: its questions not yet asked, then its steps not yet tried, then a CAUSE_END message that
  offers the next cause or escalation. Questions come first so an answer can re-rank before steps are spent.
- An answer applies its ``adjust`` deltas (clamped to 0..1) and re-ranks; if another untried cause is now on
  top, the walkthrough says so and switches to it.
- "This needs IT" keeps the same step open (with a new cursor) so the team can report back after IT acts.
- ``check`` refuses clicks from another place, on a closed session, or on an older message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.catalog import Catalog
from bot.conversation import Action, ActionKind, Place, Reply
from bot.diagnosis.model import CauseId
from handlers import texts
from handlers.session import (
    Attempt,
    Item,
    ItemKind,
    LogFacts,
    Outcome,
    SessionStatus,
    WalkthroughSession,
)
from handlers.walk_messages import message_for, outcome_ack

_END = Item(kind=ItemKind.CAUSE_END)


class Effect(StrEnum):
    NONE = "none"
    IT_HANDOFF = "it_handoff"  # the engine adds the IT message (it needs the stored evidence)


@dataclass(frozen=True, slots=True)
class Transition:
    session: WalkthroughSession
    replies: tuple[Reply, ...]
    effect: Effect = Effect.NONE


@dataclass(frozen=True, slots=True)
class Click:
    action: Action
    who: str  # Identity.key
    now: str  # ISO-8601 UTC


def start(
    *,
    session_id: str,
    diagnosis_id: str,
    place: str,
    who: str,
    now: str,
    ranking: tuple[tuple[CauseId, float], ...],
    facts: LogFacts,
    catalog: Catalog,
) -> Transition | None:
    """The first message of a walkthrough, or None when no cause is known to walk through."""
    usable = tuple((c, round(v, 4)) for c, v in ranking if c in catalog.causes)
    if not usable:
        return None
    top = usable[0][0]
    queue = _plan(top, asked=(), tried_steps=(), catalog=catalog)
    session = WalkthroughSession(
        id=session_id,
        diagnosis_id=diagnosis_id,
        place=place,
        started_by=who,
        created_at=now,
        ranking=usable,
        cause=top,
        current=queue[0],
        queue=queue[1:],
        facts=facts,
        asked=_asked_now((), queue[0]),
        version=1,
    )
    return Transition(session=session, replies=(message_for(session, catalog),))


def check(session: WalkthroughSession, action: Action, place: Place) -> str | None:
    """Why this click must not make a transition (a sentence for the user), or None when it may."""
    if session.place != place.key:
        return texts.NOT_YOUR_THREAD
    if not session.is_open:
        return texts.SESSION_CLOSED
    if action.step != session.cursor:
        return texts.ALREADY_DONE
    return None


def advance(session: WalkthroughSession, click: Click, catalog: Catalog) -> Transition | None:
    """Apply one (already checked) click; None when the button does not fit the current message."""
    kind = click.action.kind
    item = session.current.kind
    if item is ItemKind.STEP and kind is ActionKind.STEP_FIXED:
        return _fixed(session, click, catalog)
    if item is ItemKind.STEP and kind is ActionKind.STEP_NEEDS_IT:
        return _needs_it(session, click, catalog)
    if item in (ItemKind.STEP, ItemKind.QUESTION) and kind in (
        ActionKind.STEP_STILL_BROKEN,
        ActionKind.STEP_SKIP,
    ):
        outcome = Outcome.STILL_BROKEN if kind is ActionKind.STEP_STILL_BROKEN else Outcome.SKIPPED
        return _move_on(session, click, catalog, outcome=outcome)
    if item is ItemKind.QUESTION and kind is ActionKind.ANSWER:
        return _answered(session, click, catalog)
    if item is ItemKind.CAUSE_END and kind is ActionKind.NEXT_CAUSE:
        return _next_cause(session, click, catalog)
    return None


def mark_escalated(session: WalkthroughSession, *, who: str, now: str) -> WalkthroughSession:
    step = Attempt(cause=session.cause, item=session.current, outcome=Outcome.SKIPPED, by=who, at=now)
    keep = session.history if session.current.kind is ItemKind.CAUSE_END else (*session.history, step)
    return session.bump(status=SessionStatus.ESCALATED, history=keep, cursor=session.cursor + 1)


# --- transitions -------------------------------------------------------------------------------------
def _fixed(session: WalkthroughSession, click: Click, catalog: Catalog) -> Transition:
    attempt = _attempt(session, click, Outcome.FIXED)
    new = session.bump(
        status=SessionStatus.FIXED,
        fixed_by=session.current.ref,
        history=(*session.history, attempt),
        cursor=session.cursor + 1,
    )
    title = catalog.steps[session.current.ref].title
    return Transition(
        session=new,
        replies=(outcome_ack(session, Outcome.FIXED, catalog), Reply(text=texts.fixed(title), kind="fixed")),
    )


def _needs_it(session: WalkthroughSession, click: Click, catalog: Catalog) -> Transition:
    new = session.bump(
        history=(*session.history, _attempt(session, click, Outcome.NEEDS_IT)), cursor=session.cursor + 1
    )
    return Transition(
        session=new,
        replies=(message_for(new, catalog, note=texts.NEEDS_IT_FOLLOWUP),),
        effect=Effect.IT_HANDOFF,
    )


def _move_on(session: WalkthroughSession, click: Click, catalog: Catalog, *, outcome: Outcome) -> Transition:
    new = _step_forward(session, _attempt(session, click, outcome))
    return Transition(
        session=new, replies=(outcome_ack(session, outcome, catalog), message_for(new, catalog))
    )


def _answered(session: WalkthroughSession, click: Click, catalog: Catalog) -> Transition | None:
    question_id, _, answer_id = click.action.value.partition(":")
    question = catalog.questions.get(session.current.ref)
    answer = question.answer(answer_id) if question and question_id == question.id else None
    if answer is None:
        return None
    attempt = _attempt(session, click, Outcome.ANSWERED, answer=answer.id)
    ranking = _ranked(_adjusted(session.ranking, answer.adjust))
    moved = _step_forward(replace(session, ranking=ranking), attempt)
    top = next(c for c, _ in ranking if c not in session.tried_causes)
    ack = outcome_ack(session, Outcome.ANSWERED, catalog, answer_label=answer.label)
    if top is session.cause or top not in catalog.causes:
        return Transition(session=moved, replies=(ack, message_for(moved, catalog)))
    switched = _switch_to(moved, top, catalog, tried=moved.tried_causes)
    note = texts.switched_cause(old=catalog.cause(session.cause).title, new=catalog.cause(top).title)
    return Transition(session=switched, replies=(ack, message_for(switched, catalog, note=note)))


def _next_cause(session: WalkthroughSession, click: Click, catalog: Catalog) -> Transition | None:
    offered = session.next_cause()
    if offered is None or click.action.value != offered[0].value or offered[0] not in catalog.causes:
        return None
    moved = session.bump(cursor=session.cursor + 1)
    new = _switch_to(moved, offered[0], catalog, tried=(*session.tried_causes, session.cause))
    return Transition(session=new, replies=(message_for(new, catalog),))


# --- helpers -----------------------------------------------------------------------------------------
def _attempt(session: WalkthroughSession, click: Click, outcome: Outcome, answer: str = "") -> Attempt:
    return Attempt(
        cause=session.cause, item=session.current, outcome=outcome, by=click.who, at=click.now, answer=answer
    )


def _step_forward(session: WalkthroughSession, attempt: Attempt) -> WalkthroughSession:
    current, queue = (session.queue[0], session.queue[1:]) if session.queue else (_END, ())
    return session.bump(
        current=current,
        queue=queue,
        history=(*session.history, attempt),
        cursor=session.cursor + 1,
        asked=_asked_now(session.asked, current),
    )


def _switch_to(
    session: WalkthroughSession, cause: CauseId, catalog: Catalog, *, tried: tuple[CauseId, ...]
) -> WalkthroughSession:
    """Point an already bumped session at ``cause``'s plan (steps tried under other causes are skipped)."""
    tried_steps = tuple(a.item.ref for a in session.history if a.item.kind is ItemKind.STEP)
    queue = _plan(cause, asked=session.asked, tried_steps=tried_steps, catalog=catalog)
    return replace(
        session,
        cause=cause,
        current=queue[0],
        queue=queue[1:],
        tried_causes=tried,
        asked=_asked_now(session.asked, queue[0]),
    )


def _plan(
    cause: CauseId, *, asked: tuple[str, ...], tried_steps: tuple[str, ...], catalog: Catalog
) -> tuple[Item, ...]:
    info = catalog.cause(cause)
    questions = [Item(ItemKind.QUESTION, q) for q in info.questions if q not in asked]
    steps = [Item(ItemKind.STEP, s) for s in info.steps if s not in tried_steps]
    return (*questions, *steps, _END)


def _asked_now(asked: tuple[str, ...], current: Item) -> tuple[str, ...]:
    if current.kind is ItemKind.QUESTION and current.ref not in asked:
        return (*asked, current.ref)
    return asked


def _adjusted(
    ranking: tuple[tuple[CauseId, float], ...], adjust: tuple[tuple[CauseId, float], ...]
) -> tuple[tuple[CauseId, float], ...]:
    scores = dict(ranking)
    for cause, delta in adjust:
        if cause in scores or delta > 0:
            scores[cause] = round(min(1.0, max(0.0, scores.get(cause, 0.0) + delta)), 4)
    return tuple(scores.items())


def _ranked(ranking: tuple[tuple[CauseId, float], ...]) -> tuple[tuple[CauseId, float], ...]:
    return tuple(sorted(ranking, key=lambda cv: -cv[1]))
