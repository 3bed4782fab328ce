"""Console routes: translate browser posts into neutral turns and replies into HTML.

Rules of this file:
- Two translation steps only: a request becomes a ``Turn`` (identity from the signed cookie, the upload as an
  ``Attachment``, a button as its decoded ``Action``) and the engine's replies become HTML via
  ``bot.render.html``. The conversation logic lives in the engine, as for Slack and Teams.
- A post from ``console.js`` (header ``X-Icebreaker-Fetch``) gets the reply fragment; a plain form post gets
  the whole page, so the console also works without JavaScript.
- Upload caps are enforced before the body is read (see ``uploads``); files in replies become downloads
  kept in the session store, so any replica can serve them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from bot.channels.web import downloads, identity, texts
from bot.channels.web.config import WebConfig
from bot.channels.web.page import STATIC, render_page
from bot.channels.web.uploads import ConsoleForm, UploadTooLarge, read_console_form
from bot.conversation import Action, Attachment, Reply, Turn, decode_action
from bot.render.html import files_of, render_replies, render_reply
from bot.state import SessionStore, StoreUnavailable
from handlers.api import Conversation

log = logging.getLogger(__name__)

FETCH_HEADER = "X-Icebreaker-Fetch"
CORRELATION_KEY = web.RequestKey("icebreaker.correlation_id", str)  # set by the server's middleware
PASTE_NAME = "pasted-log.txt"

ErrorSink = Callable[[str], None]


class Console:
    """The console's request handlers, bound to one conversation engine and store."""

    def __init__(
        self, *, conversation: Conversation, store: SessionStore, config: WebConfig, on_error: ErrorSink
    ) -> None:
        self._conversation = conversation
        self._store = store
        self._config = config
        self._on_error = on_error

    async def page(self, request: web.Request) -> web.Response:
        user_id, new = identity.identify(request, self._config.cookie_secret)
        home = await self._conversation.home(identity.identity_of(user_id))
        return self._html(render_page(home=render_reply(home)), user_id=user_id, new=new)

    async def turn(self, request: web.Request) -> web.Response:
        user_id, new = identity.identify(request, self._config.cookie_secret)
        try:
            form = await read_console_form(
                request,
                max_bytes=self._config.max_upload_bytes,
                max_message_chars=self._config.max_message_chars,
            )
        except UploadTooLarge:
            self._on_error("upload_too_large")
            notice = Reply(text=texts.too_large(self._config.max_upload_bytes), kind="error")
            return await self._answer(request, [notice], user_id=user_id, new=new, status=413)
        if not (form.log_data or form.paste.strip() or form.message):
            return await self._answer(
                request, [Reply(text=texts.EMPTY_FORM, kind="error")], user_id=user_id, new=new, status=400
            )
        turn = self._turn_from_form(form, user_id, correlation_id=_cid(request))
        replies = await self._conversation.handle(turn)
        return await self._answer(request, replies, user_id=user_id, new=new)

    async def action(self, request: web.Request) -> web.Response:
        user_id, new = identity.identify(request, self._config.cookie_secret)
        form = await request.post()
        raw = form.get("action")
        action = decode_action(raw if isinstance(raw, str) else None)
        if action is None:
            return await self._answer(
                request, [Reply(text=texts.BAD_ACTION, kind="error")], user_id=user_id, new=new, status=400
            )
        turn = self._turn(user_id, action=action, correlation_id=_cid(request))
        replies = await self._conversation.handle(turn)
        return await self._answer(request, replies, user_id=user_id, new=new)

    async def download(self, request: web.Request) -> web.Response:
        user_id, _ = identity.identify(request, self._config.cookie_secret)
        try:
            return await downloads.serve(self._store, request.match_info["file_id"], owner=user_id)
        except StoreUnavailable:
            self._on_error("store_unavailable")
            raise web.HTTPServiceUnavailable(text=texts.STORE_DOWN) from None

    # --- translation ------------------------------------------------------------------------------
    def _turn_from_form(self, form: ConsoleForm, user_id: str, *, correlation_id: str | None) -> Turn:
        attachments: list[Attachment] = []
        if form.log_data:
            name = form.log_name or "agent-log.txt"
            attachments.append(
                Attachment(filename=name, data=form.log_data, declared_size=len(form.log_data))
            )
        elif form.paste.strip():
            attachments.append(
                Attachment(filename=PASTE_NAME, data=form.paste, declared_size=len(form.paste))
            )
        return self._turn(
            user_id, text=form.message, attachments=tuple(attachments), correlation_id=correlation_id
        )

    def _turn(
        self,
        user_id: str,
        *,
        text: str = "",
        attachments: tuple[Attachment, ...] = (),
        action: Action | None = None,
        correlation_id: str | None = None,
    ) -> Turn:
        return Turn(
            who=identity.identity_of(user_id),
            where=identity.place_of(user_id),
            text=text,
            attachments=attachments,
            action=action,
            received_at=datetime.now(UTC).isoformat(timespec="seconds"),
            correlation_id=correlation_id,
        )

    async def _answer(
        self, request: web.Request, replies: list[Reply], *, user_id: str, new: bool, status: int = 200
    ) -> web.Response:
        try:
            urls = [
                await downloads.keep(
                    self._store, files_of(r), owner=user_id, ttl_seconds=self._config.file_ttl_seconds
                )
                for r in replies
            ]
        except StoreUnavailable:
            self._on_error("store_unavailable")
            urls = []
        fragment = render_replies(replies, file_urls=urls)
        if request.headers.get(FETCH_HEADER):
            return self._html(fragment, user_id=user_id, new=new, status=status)
        home = await self._conversation.home(identity.identity_of(user_id))
        page = render_page(home=render_reply(home), transcript=fragment)
        return self._html(page, user_id=user_id, new=new, status=status)

    def _html(self, body: str, *, user_id: str, new: bool, status: int = 200) -> web.Response:
        response = web.Response(text=body, content_type="text/html", status=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        )
        if new:
            identity.remember(
                response,
                secret=self._config.cookie_secret,
                user_id=user_id,
                secure=self._config.cookie_secure,
            )
        return response


def setup_web(
    app: web.Application,
    *,
    conversation: Conversation,
    store: SessionStore,
    config: WebConfig,
    on_error: ErrorSink | None = None,
) -> None:
    """Mount the console at ``/`` (page), ``/console/*`` (posts, downloads) and its static files."""
    console = Console(conversation=conversation, store=store, config=config, on_error=on_error or _ignore)
    app.router.add_get("/", console.page)
    app.router.add_post("/console/turn", console.turn)
    app.router.add_post("/console/action", console.action)
    app.router.add_get("/console/files/{file_id}", console.download)
    app.router.add_static(STATIC, Path(__file__).parent / "static", append_version=False)


def _cid(request: web.Request) -> str | None:
    """The correlation id the server's middleware put on the request, if any."""
    return request.get(CORRELATION_KEY)


def _ignore(kind: str) -> None:
    return None
