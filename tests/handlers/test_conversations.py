"""Whole conversations through the real engine (real diagnosis core, catalog, redaction, memory store)."""

from __future__ import annotations

import asyncio
import gzip
import json
import re

from bot.catalog import Catalog
from bot.diagnosis.model import CauseId
from bot.state.memory import MemoryStore
from handlers import texts
from handlers.access import AccessPolicy
from tests.handlers.converse import (
    ALICE,
    BOB,
    MALLORY,
    OTHER_THREAD,
    Chat,
    Click,
    File,
    Text,
    all_text,
    labels,
)
from tests.support.engine import make_engine

CID = "6f1c9b1e-3a4d-4c2b-9f7e-2d8a1b0c5e44"
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def upload(chat: Chat, log: bytes) -> None:
    (reply,) = await chat.send(File("agent-log.txt", log))
    assert reply.kind == "diagnosis"


async def test_upload_gives_verdict_causes_evidence_contacts_and_buttons(
    engine, ice_log: bytes, catalog: Catalog
) -> None:
    chat = Chat(engine)
    (reply,) = await chat.send(File("agent-log.txt", ice_log))
    assert "ICE collection timed out" in reply.text
    # the catalog's title, although the engine's diagnoser was given no titles
    assert reply.sections[0].title.startswith(f"1. {catalog.cause(CauseId.MEDIA_UDP_BLOCKED).title} — ")
    assert "%)" in reply.sections[0].title
    assert any("ICE collection timed out" in e.text for e in reply.sections[0].evidence)
    assert 1 <= len(reply.sections[0].evidence) <= 3
    assert CID in all_text(reply) and "(UTC)" in all_text(reply)
    assert labels(reply) == [texts.WALK, texts.SHOW_EVIDENCE, texts.ESCALATE]
    assert reply.extras["verdict"] == "fault"


async def test_upload_walkthrough_fixed_records_the_step(
    engine, store: MemoryStore, catalog: Catalog, ice_log: bytes
) -> None:
    chat = Chat(engine)
    await upload(chat, ice_log)
    (first,) = await chat.send(Click(texts.WALK))
    assert first.kind == "question"
    while chat.last.kind == "question":
        await chat.send(Click(texts.STEP_SKIP))
    step = chat.last
    cause = CauseId(step.extras["cause"])
    assert step.text == texts.step_headline(
        number=1,
        total=len(catalog.cause(cause).steps),
        title=catalog.steps[catalog.cause(cause).steps[0]].title,
    )
    assert labels(step) == [
        texts.STEP_FIXED,
        texts.STEP_STILL,
        texts.STEP_SKIP,
        texts.STEP_NEEDS_IT,
        texts.STEP_ESCALATE,
    ]
    await chat.send(Click(texts.STEP_STILL))
    second_step = chat.last.extras["step_id"]
    replies = await chat.send(Click(texts.STEP_FIXED))
    assert replies[-1].kind == "fixed"
    assert catalog.steps[second_step].title in replies[-1].text
    session_id = step.buttons[0].action.session_id
    stored = await store.get_doc("walkthrough", session_id)
    assert stored is not None and stored["status"] == "fixed" and stored["fixed_by"] == second_step


async def test_needs_it_then_escalate_builds_a_complete_redacted_package(engine, ice_log: bytes) -> None:
    chat = Chat(engine)
    await upload(chat, ice_log)
    await chat.send(Click(texts.WALK))
    await chat.send(Click("Yes, VPN on"))
    while chat.last.kind == "question":
        await chat.send(Click(texts.STEP_SKIP))
    it_reply, again = await chat.send(Click(texts.STEP_NEEDS_IT))
    it_text = all_text(it_reply)
    assert it_reply.kind == "it_handoff" and "us-west-2" in it_reply.text
    assert "UDP 3478 → turnnlb-d76454ac48d20c1e.elb.us-west-2.amazonaws.com" in it_text
    assert "TCP 443 → rtc.connect-telecom.us-west-2.amazonaws.com" in it_text
    assert CID in it_text
    assert again.kind == "step" and texts.STEP_FIXED in labels(again)
    (done,) = await chat.send(Click(texts.STEP_ESCALATE))
    assert done.kind == "escalated" and done.escalation is not None
    package = json.loads(next(f for f in done.escalation.files if f.filename.endswith(".json")).data)
    assert (
        package["contact_ids"] == [CID] and package["region"] == "us-west-2" and package["time_zone"] == "UTC"
    )
    assert [t["outcome"] for t in package["steps_tried"]][:1] == ["answered"]
    assert "needs_it" in [t["outcome"] for t in package["steps_tried"]]
    assert package["network"]["VPN"] == "Yes, VPN on"
    log = gzip.decompress(next(f for f in done.escalation.files if f.filename.endswith(".gz")).data).decode()
    assert CID in log and "ICE collection timed out" in log
    original_ips = set(IPV4.findall(ice_log.decode()))
    assert original_ips and not original_ips & set(IPV4.findall(log))
    assert "Maria Gonzalez" not in log and "+15551234567" not in log
    checklist = all_text(done.escalation.reply)
    assert "Instance ARN" in checklist and "Time (UTC)" in checklist


async def test_double_click_makes_one_transition(engine, ice_log: bytes) -> None:
    chat = Chat(engine)
    await upload(chat, ice_log)
    await chat.send(Click(texts.WALK))
    one = chat.turn(Click(texts.STEP_SKIP))
    two = chat.turn(Click(texts.STEP_SKIP), who=BOB)
    first, second = await asyncio.gather(engine.handle(one), engine.handle(two))
    moved = [r for r in (first, second) if any(x.kind in ("question", "step") for x in r)]
    refused = [r for r in (first, second) if r and all(x.ephemeral for x in r)]
    assert len(moved) == 1 and len(refused) == 1
    assert refused[0][0].text == texts.ALREADY_DONE


async def test_click_from_another_thread_is_refused(engine, ice_log: bytes) -> None:
    chat = Chat(engine)
    await upload(chat, ice_log)
    await chat.send(Click(texts.WALK))
    (refusal,) = await chat.send(Click(texts.STEP_SKIP), where=OTHER_THREAD)
    assert refusal.ephemeral and refusal.text == texts.NOT_YOUR_THREAD


async def test_contact_lookup_known_unknown_denied_and_audited(store: MemoryStore, ice_log: bytes) -> None:
    engine = make_engine(store)
    await upload(Chat(engine, who=ALICE), ice_log)
    (known,) = await Chat(engine, who=BOB, where=OTHER_THREAD).send(Text(f"what happened on {CID.upper()}?"))
    assert known.kind == "diagnosis" and texts.lookup_found(CID, 1) in all_text(known)
    assert "Alice" in all_text(known)
    (foreign,) = await Chat(engine, who=MALLORY).send(Text(f"status of {CID}"))
    assert foreign.kind == "not_found"
    unknown_id = "00000000-1111-4222-8333-444444444444"
    (unknown,) = await Chat(engine, who=BOB).send(Text(unknown_id))
    assert unknown.text == texts.lookup_unknown(unknown_id) and labels(unknown) == [texts.ASK_AGENT]
    assert "30–60 minutes" in all_text(unknown) and "Download logs" in all_text(unknown)
    restricted = make_engine(store, policy=AccessPolicy.from_lists(users=["slack:T1:U_ALICE"]))
    (denied,) = await Chat(restricted, who=BOB).send(Text(CID))
    assert denied.text == texts.LOOKUP_DENIED
    audit = await store.read_list("audit", "lookups", limit=10)
    assert [(a["who"], a["allowed"], a["found"]) for a in audit] == [
        ("slack:T1:U_BOB", False, 0),
        ("slack:T1:U_BOB", True, 0),
        ("slack:T2:U_MAL", True, 0),
        ("slack:T1:U_BOB", True, 1),
    ]


async def test_unreadable_png_gets_the_core_sentence(engine) -> None:
    (reply,) = await Chat(engine).send(File("screenshot.png", PNG))
    assert reply.kind == "unreadable" and "PNG" in reply.text and "agent-log.txt" in reply.text


async def test_small_talk_gets_the_hint_and_duplicates_get_nothing(engine) -> None:
    chat = Chat(engine)
    (hint,) = await chat.send(Text("thanks a lot, great work"), event_id="EvDup")
    assert hint.text == texts.HELP_HINT
    assert await chat.send(Text("thanks a lot, great work"), event_id="EvDup") == []
