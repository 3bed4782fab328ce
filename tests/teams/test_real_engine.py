"""The Teams path end to end with the REAL conversation engine, catalog, diagnoser and memory store."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.conversation import ActionKind, decode_action
from bot.state.memory import MemoryStore
from tests.render.adaptive_shape import problems
from tests.support.engine import make_engine
from tests.teams import activities as act
from tests.teams.conftest import Rig, RigFactory
from tests.teams.fake_connector import Call

LOG = (Path(__file__).resolve().parents[1] / "fixtures/causes/media_udp_blocked.agent-log.txt").read_bytes()


@pytest.fixture
async def rig(make_rig: RigFactory) -> Rig:
    store = MemoryStore()
    engine = make_engine(store)
    built: Rig = await make_rig(engine=engine, store=store)
    return built


def _buttons(card: dict[str, Any]) -> dict[ActionKind, str]:
    found: dict[ActionKind, str] = {}
    actions = list(card.get("actions", []))
    for element in card["body"]:
        actions += element.get("actions", []) if element["type"] == "ActionSet" else []
    for action in actions:
        decoded = (
            decode_action(action.get("data", {}).get("ib")) if action["type"] == "Action.Submit" else None
        )
        if decoded:
            found.setdefault(decoded.kind, action["data"]["ib"])
    return found


async def _upload(rig: Rig) -> Call:
    rig.connector.files["agent-log.txt"] = LOG
    url = f"{rig.service_url}/files/agent-log.txt"
    assert await rig.post(act.personal_upload(rig.service_url, download_url=url, size=len(LOG))) == 201
    await rig.settle()
    assert len(rig.connector.of("POST")) == 1, "one reading card"
    (update,) = rig.connector.of("PUT")
    assert update.path.endswith("/activities/act-1")
    assert problems(update.card) == []
    return update


async def _click(rig: Rig, encoded: str, card_id: str) -> list[Call]:
    before = len(rig.connector.calls)
    assert await rig.post(act.submit(rig.service_url, encoded=encoded, reply_to_id=card_id)) == 201
    await rig.settle()
    new = [c for c in rig.connector.calls[before:] if c.method in ("POST", "PUT")]
    assert new, "a click is answered"
    assert all(problems(c.card) == [] for c in new)
    return new


def _latest_with_buttons(calls: list[Call]) -> Call:
    return [c for c in calls if _buttons(c.card)][-1]


async def test_upload_walk_to_fixed_with_the_real_engine(rig: Rig) -> None:
    diagnosis = await _upload(rig)
    buttons = _buttons(diagnosis.card)
    assert ActionKind.WALK in buttons and ActionKind.ESCALATE in buttons
    current = _latest_with_buttons(await _click(rig, buttons[ActionKind.WALK], "act-1"))
    for _ in range(12):  # answer questions / skip steps until a step offers "fixed"
        offered = _buttons(current.card)
        if ActionKind.STEP_FIXED in offered:
            break
        choice = offered.get(ActionKind.ANSWER) or offered[ActionKind.STEP_SKIP]
        current = _latest_with_buttons(await _click(rig, choice, str(current.card_id)))
    else:
        raise AssertionError("the walkthrough never offered 'fixed'")
    done = await _click(rig, _buttons(current.card)[ActionKind.STEP_FIXED], str(current.card_id))
    assert done[0].method == "PUT" and done[0].card_id == current.card_id  # the clicked card, in place


async def test_escalate_with_the_real_engine_posts_a_thread_with_a_working_link(rig: Rig) -> None:
    diagnosis = await _upload(rig)
    await _click(rig, _buttons(diagnosis.card)[ActionKind.ESCALATE], "act-1")
    (create,) = rig.connector.of("CREATE")
    card = create.body["activity"]["attachments"][0]["content"]
    assert problems(card) == []
    (link,) = [a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    parts = urlsplit(link)
    response = await rig.client.get(f"{parts.path}?{parts.query}")
    assert response.status == 200
    served = await response.read()
    diagnosis_id = parts.path.rsplit("/", 1)[1]
    stored = await rig.store.get_log(diagnosis_id)
    assert stored is not None and served == gzip.decompress(stored)  # exactly the stored redacted log
