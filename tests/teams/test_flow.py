"""End-to-end through the real aiohttp endpoint and botbuilder, against the fake connector."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.conversation import ActionKind, decode_action
from tests.teams import activities as act
from tests.teams.conftest import REDACTED, Rig, RigFactory
from tests.teams.fake_engine import FakeConversation

LOG = b'[{"component":"softphone","level":"WARN","text":"ICE collection timed out"}]'


def _texts(card: dict[str, Any]) -> list[str]:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", []))
    return out


def _submit_data(card: dict[str, Any], kind: ActionKind) -> str:
    for action in card.get("actions", []):
        decoded = (
            decode_action(action.get("data", {}).get("ib")) if action["type"] == "Action.Submit" else None
        )
        if decoded and decoded.kind is kind:
            return str(action["data"]["ib"])
    raise AssertionError(f"no {kind} button in card")


async def _upload(rig: Rig) -> None:
    rig.connector.files["agent-log.txt"] = LOG
    url = f"{rig.service_url}/files/agent-log.txt"
    assert await rig.post(act.personal_upload(rig.service_url, download_url=url, size=len(LOG))) == 201
    await rig.settle()


async def test_personal_upload_sends_reading_card_then_updates_it_with_diagnosis(
    make_rig: RigFactory,
) -> None:
    rig: Rig = await make_rig()
    await _upload(rig)
    posts, puts = rig.connector.of("POST"), rig.connector.of("PUT")
    assert len(posts) == 1 and len(puts) == 1
    assert _texts(posts[0].card)[0] == "Reading agent-log.txt…"
    reading_id = "act-1"
    assert puts[0].path.endswith(f"/activities/{reading_id}")
    assert _texts(puts[0].card)[0] == f"Media UDP blocked \\({len(LOG)} bytes read\\)"
    # the engine got the exact bytes, the verified identity and the activity id for dedupe
    (turn,) = rig.engine.turns
    assert turn.attachments[0].data == LOG and turn.attachments[0].filename == "agent-log.txt"
    assert (turn.who.platform, turn.who.tenant, turn.who.user_id) == ("teams", act.TENANT, act.USER_AAD)
    assert turn.where.is_direct and turn.event_id
    # the download carried no token
    assert all("Authorization" not in h for h in rig.connector.file_requests)


async def test_redelivered_activity_is_processed_once(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    rig.connector.files["agent-log.txt"] = LOG
    activity = act.personal_upload(rig.service_url, download_url=f"{rig.service_url}/files/agent-log.txt")
    assert await rig.post(activity) == 201
    assert await rig.post(activity) == 201
    await rig.settle()
    assert len(rig.engine.turns) == 1
    assert len(rig.connector.of("POST")) == 1


async def _walk_to(rig: Rig, kind: ActionKind) -> Any:
    await _upload(rig)
    diagnosis_card = rig.connector.of("PUT")[-1].card
    card_id = rig.connector.of("PUT")[-1].path.rsplit("/", 1)[1]
    encoded = _submit_data(diagnosis_card, kind)
    assert await rig.post(act.submit(rig.service_url, encoded=encoded, reply_to_id=card_id)) == 201
    await rig.settle()
    return card_id


async def test_submit_walk_then_fixed_updates_the_clicked_card_in_place(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    card_id = await _walk_to(rig, ActionKind.WALK)
    step = rig.connector.of("PUT")[-1]
    assert step.path.endswith(f"/activities/{card_id}")
    assert "Step 1/2" in _texts(step.card)
    encoded = _submit_data(step.card, ActionKind.STEP_FIXED)
    assert await rig.post(act.submit(rig.service_url, encoded=encoded, reply_to_id=card_id)) == 201
    await rig.settle()
    fixed = rig.connector.of("PUT")[-1]
    assert fixed.path.endswith(f"/activities/{card_id}")
    assert _texts(fixed.card)[0].startswith("Great")
    assert [t.action.kind for t in rig.engine.turns if t.action] == [ActionKind.WALK, ActionKind.STEP_FIXED]
    assert len(rig.connector.of("POST")) == 1  # only the reading card was a new message


async def test_escalate_posts_a_new_thread_with_a_working_signed_link(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    card_id = await _walk_to(rig, ActionKind.ESCALATE)
    (create,) = rig.connector.of("CREATE")
    assert create.body["isGroup"] is True
    assert create.body["channelData"] == {
        "channel": {"id": act.SUPPORT_CHANNEL},
        "tenant": {"id": act.TENANT},
    }
    assert create.body["tenantID"] == act.TENANT
    card = create.body["activity"]["attachments"][0]["content"]
    assert _texts(card)[0].startswith("Escalation: ICE collection timed out")
    (link,) = [a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    parts = urlsplit(link)
    assert parts.netloc == "icebreaker.test"
    response = await rig.client.get(f"{parts.path}?{parts.query}")
    assert response.status == 200
    assert await response.read() == REDACTED
    assert "agent-log.redacted.txt" in response.headers["Content-Disposition"]
    # the user's card is updated and links back to the thread
    update = rig.connector.of("PUT")[-1]
    assert update.path.endswith(f"/activities/{card_id}")
    (back,) = [a["url"] for a in update.card["actions"] if a["type"] == "Action.OpenUrl"]
    assert back.startswith("https://teams.microsoft.com/l/message/") and "parentMessageId=root-" in back
    audit = await rig.store.read_list("audit", "teams-log-downloads", limit=5)
    assert [e["outcome"] for e in audit] == ["served"]


async def test_escalation_without_channel_says_so_in_the_users_card(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig(escalation_channel_id=None)
    await _walk_to(rig, ActionKind.ESCALATE)
    assert rig.connector.of("CREATE") == []
    assert any("no Teams escalation channel" in t for t in _texts(rig.connector.of("PUT")[-1].card))


async def test_channel_file_gets_the_graph_explanation_and_no_engine_turn(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    assert await rig.post(act.channel_file(rig.service_url)) == 201
    await rig.settle()
    (post,) = rig.connector.of("POST")
    assert "Microsoft Graph" in " ".join(_texts(post.card))
    assert rig.engine.turns == []
    assert post.path.endswith("/activities/1700000000001") or "messageid" in post.path


async def test_channel_mention_strips_the_mention_and_stores_the_reference(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    contact = "0b4b9d2e-8a56-4c3f-a1c9-2f1e3d4c5b6a"
    assert await rig.post(act.channel_message(rig.service_url, contact)) == 201
    await rig.settle()
    (turn,) = rig.engine.turns
    assert turn.text == contact
    assert turn.where.conversation_id == act.CHANNEL and turn.where.thread_id == "1700000000001"
    assert not turn.where.is_direct
    ref = await rig.store.get_doc("teams-ref", act.CHANNEL)
    assert ref is not None and ref["serviceUrl"] == rig.service_url


async def test_install_welcomes_with_home_and_stores_team_reference(make_rig: RigFactory) -> None:
    engine = FakeConversation()
    rig: Rig = await make_rig(engine=engine)
    assert await rig.post(act.install_personal(rig.service_url)) == 201
    assert await rig.post(act.install_team(rig.service_url)) == 201
    await rig.settle()
    assert len(engine.homes) == 2 and engine.homes[0].user_id == act.USER_AAD
    assert all("Icebreaker explains" in _texts(c.card)[0] for c in rig.connector.of("POST"))
    assert await rig.store.get_doc("teams-ref", act.SUPPORT_CHANNEL) is not None


async def test_escalation_uses_the_stored_reference_when_service_url_not_configured(
    make_rig: RigFactory,
) -> None:
    rig: Rig = await make_rig(escalation_service_url=None)
    assert await rig.post(act.install_team(rig.service_url)) == 201
    await rig.settle()
    await _walk_to(rig, ActionKind.ESCALATE)
    assert len(rig.connector.of("CREATE")) == 1


async def test_throttled_connector_is_retried_until_it_succeeds(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    rig.connector.failures.extend([429, 502])
    await _upload(rig)
    posts = rig.connector.of("POST")
    assert len(posts) == 3  # 429, 502, then 201
    assert len(rig.connector.of("PUT")) == 1
    assert rig.connector.of("PUT")[0].path.endswith("/activities/act-1")
