"""Walkthroughs on a real Redis: a bot restart loses nothing; Redis down gives "retry" and then continues."""

from __future__ import annotations

from bot.state.redis_store import RedisStore
from handlers import texts
from tests.handlers.converse import Chat, Click, File
from tests.support.engine import make_engine
from tests.support.redis_server import RedisServer


async def test_new_engine_and_store_continue_the_walkthrough(
    redis_server: RedisServer, redis_prefix: str, ice_log: bytes
) -> None:
    first_store = RedisStore.from_url(redis_server.url, prefix=redis_prefix)
    chat = Chat(make_engine(first_store))
    await chat.send(File("agent-log.txt", ice_log))
    await chat.send(Click(texts.WALK))
    await chat.send(Click(texts.STEP_SKIP))
    before = chat.last
    await first_store.close()

    second_store = RedisStore.from_url(redis_server.url, prefix=redis_prefix)
    chat.engine = make_engine(second_store)  # a restarted replica: same Redis, nothing in memory
    replies = await chat.send(Click(texts.STEP_SKIP))
    assert replies[0].replace_original and replies[0].text.endswith("skipped")
    assert replies[-1].kind in ("question", "step")
    assert replies[-1].buttons[0].action.step == before.buttons[0].action.step + 1
    await second_store.close()


async def test_redis_down_says_retry_and_the_walkthrough_continues_after(
    private_redis_server: RedisServer, redis_prefix: str, ice_log: bytes
) -> None:
    store = RedisStore.from_url(private_redis_server.url, prefix=redis_prefix, op_timeout=0.3)
    chat = Chat(make_engine(store))
    await chat.send(File("agent-log.txt", ice_log))
    await chat.send(Click(texts.WALK))
    waiting = chat.last
    private_redis_server.stop()
    (down,) = await chat.send(Click(texts.STEP_SKIP))
    assert down.text == texts.HISTORY_UNAVAILABLE
    private_redis_server.start()
    chat.replies.append(waiting)  # the user clicks the same button again
    replies = await chat.send(Click(texts.STEP_SKIP))
    assert replies[0].replace_original and replies[-1].kind in ("question", "step")
    await store.close()


async def test_upload_while_redis_is_down_still_answers_without_buttons(
    private_redis_server: RedisServer, redis_prefix: str, ice_log: bytes
) -> None:
    store = RedisStore.from_url(private_redis_server.url, prefix=redis_prefix, op_timeout=0.3)
    private_redis_server.stop()
    (reply,) = await Chat(make_engine(store)).send(File("agent-log.txt", ice_log))
    assert reply.kind == "diagnosis" and "ICE collection timed out" in reply.text
    assert reply.buttons == () and texts.HISTORY_DOWN_NOTE in reply.sections[-1].text
    await store.close()
