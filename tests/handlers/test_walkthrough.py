"""The walkthrough state machine with the real knowledge catalog: order, re-ranking, running out, guards."""

from __future__ import annotations

from bot.catalog import Catalog
from bot.conversation import Action, ActionKind, Place
from bot.diagnosis.model import CauseId
from handlers import texts
from handlers.session import ItemKind, LogFacts, SessionStatus, WalkthroughSession
from handlers.walkthrough import Click, Effect, advance, check, start

PLACE = Place(platform="slack", conversation_id="C1", thread_id="1.2")
FACTS = LogFacts(
    region="us-west-2",
    contact_ids=("6f1c9b1e-3a4d-4c2b-9f7e-2d8a1b0c5e44",),
    turn_urls=("turn:turnnlb-d76454ac48d20c1e.elb.us-west-2.amazonaws.com.:3478?transport=udp",),
    signalling_url="wss://rtc.connect-telecom.us-west-2.amazonaws.com/LilyRTC",
)


def begin(catalog: Catalog, ranking: tuple[tuple[CauseId, float], ...]) -> WalkthroughSession:
    started = start(
        session_id="d1.abc",
        diagnosis_id="d1",
        place=PLACE.key,
        who="slack:T1:U1",
        now="2024-05-14T09:30:00.000Z",
        ranking=ranking,
        facts=FACTS,
        catalog=catalog,
    )
    assert started is not None
    return started.session


def press(session: WalkthroughSession, kind: ActionKind, catalog: Catalog, value: str = ""):
    action = Action(kind=kind, session_id=session.id, step=session.cursor, value=value)
    assert check(session, action, PLACE) is None
    moved = advance(session, Click(action=action, who="slack:T1:U1", now="2024-05-14T09:31:00.000Z"), catalog)
    assert moved is not None
    assert moved.session.version == session.version + 1 and moved.session.cursor == session.cursor + 1
    return moved


def test_questions_come_first_then_steps_in_knowledge_order(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MEDIA_UDP_BLOCKED, 0.8),))
    info = catalog.cause(CauseId.MEDIA_UDP_BLOCKED)
    seen = []
    while session.current.kind is not ItemKind.CAUSE_END:
        seen.append(session.current.ref)
        session = press(session, ActionKind.STEP_SKIP, catalog).session
    assert seen == [*info.questions, *info.steps]


def test_an_answer_that_re_ranks_switches_cause_and_says_so(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MEDIA_UDP_BLOCKED, 0.5), (CauseId.VPN_INTERFERENCE, 0.4)))
    assert session.current.ref == "vpn_on"
    moved = press(session, ActionKind.ANSWER, catalog, value="vpn_on:yes")
    assert moved.session.cause is CauseId.VPN_INTERFERENCE
    assert moved.session.confidence(CauseId.VPN_INTERFERENCE) == 0.65
    assert moved.session.confidence(CauseId.MEDIA_UDP_BLOCKED) == 0.45
    expected = texts.switched_cause(
        old=catalog.cause(CauseId.MEDIA_UDP_BLOCKED).title, new=catalog.cause(CauseId.VPN_INTERFERENCE).title
    )
    assert moved.replies[0].replace_original and moved.replies[0].text.endswith("Yes, VPN on")
    assert moved.replies[1].sections[0].text == expected
    assert "vpn_on" not in [i.ref for i in moved.session.queue]  # never asked twice


def test_an_answer_that_keeps_the_top_cause_does_not_switch(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MEDIA_UDP_BLOCKED, 0.8), (CauseId.VPN_INTERFERENCE, 0.1)))
    moved = press(session, ActionKind.ANSWER, catalog, value="vpn_on:no")
    assert moved.session.cause is CauseId.MEDIA_UDP_BLOCKED
    assert moved.session.confidence(CauseId.MEDIA_UDP_BLOCKED) == 0.85
    assert moved.session.current.ref == catalog.cause(CauseId.MEDIA_UDP_BLOCKED).questions[1]


def test_when_steps_run_out_the_next_cause_is_offered_and_taken(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MULTIPLE_SOFTPHONES, 0.7), (CauseId.MICROPHONE_UNAVAILABLE, 0.2)))
    while session.current.kind is not ItemKind.CAUSE_END:
        last = press(session, ActionKind.STEP_STILL_BROKEN, catalog)
        session = last.session
    end = last.replies[-1]
    assert end.kind == "cause_end"
    next_title = catalog.cause(CauseId.MICROPHONE_UNAVAILABLE).title
    assert [b.label for b in end.buttons] == [texts.next_cause_label(next_title), texts.ESCALATE]
    taken = press(session, ActionKind.NEXT_CAUSE, catalog, value=CauseId.MICROPHONE_UNAVAILABLE.value)
    assert taken.session.cause is CauseId.MICROPHONE_UNAVAILABLE
    assert taken.session.tried_causes == (CauseId.MULTIPLE_SOFTPHONES,)
    tried_steps = {a.item.ref for a in session.history}
    assert not tried_steps & {i.ref for i in (taken.session.current, *taken.session.queue)}


def test_fixed_closes_and_records_the_step(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MICROPHONE_UNAVAILABLE, 0.9),))
    while session.current.kind is not ItemKind.STEP:
        session = press(session, ActionKind.STEP_SKIP, catalog).session
    step_id = session.current.ref
    done = press(session, ActionKind.STEP_FIXED, catalog)
    assert done.session.status is SessionStatus.FIXED and done.session.fixed_by == step_id
    assert done.replies[-1].text == texts.fixed(catalog.steps[step_id].title)


def test_needs_it_keeps_the_step_open_with_a_new_cursor(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MICROPHONE_UNAVAILABLE, 0.9),))
    while session.current.kind is not ItemKind.STEP:
        session = press(session, ActionKind.STEP_SKIP, catalog).session
    moved = press(session, ActionKind.STEP_NEEDS_IT, catalog)
    assert moved.effect is Effect.IT_HANDOFF and moved.session.current == session.current
    assert texts.NEEDS_IT_FOLLOWUP in [s.text for s in moved.replies[0].sections]


def test_guards_refuse_stale_cursor_other_place_and_closed(catalog: Catalog) -> None:
    session = begin(catalog, ((CauseId.MEDIA_UDP_BLOCKED, 0.8),))
    stale = Action(kind=ActionKind.STEP_SKIP, session_id=session.id, step=session.cursor - 1)
    fresh = Action(kind=ActionKind.STEP_SKIP, session_id=session.id, step=session.cursor)
    elsewhere = Place(platform="slack", conversation_id="C1", thread_id="9.9")
    assert check(session, stale, PLACE) == texts.ALREADY_DONE
    assert check(session, fresh, elsewhere) == texts.NOT_YOUR_THREAD
    assert check(session.bump(status=SessionStatus.FIXED), fresh, PLACE) == texts.SESSION_CLOSED


def test_session_round_trips_and_unknown_schema_reads_as_none(catalog: Catalog) -> None:
    session = press(
        begin(catalog, ((CauseId.MEDIA_UDP_BLOCKED, 0.5), (CauseId.VPN_INTERFERENCE, 0.4))),
        ActionKind.ANSWER,
        catalog,
        value="vpn_on:yes",
    ).session
    assert WalkthroughSession.from_dict(session.to_dict()) == session
    assert WalkthroughSession.from_dict({**session.to_dict(), "schema": 99}) is None
