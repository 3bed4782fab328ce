"""A local fake of Slack's Web API (and its file host), recording every call the bot makes.

Rules of this file:
- Shapes follow Slack's documented responses for the methods the bot uses; anything else answers
  ``{"ok": false, "error": "unknown_method"}`` so an unexpected call shows up in a test.
- Calls are recorded in order as ``Call(method, args)``; file downloads and upload targets are recorded too.
- Behaviour switches a test can flip: a 429 (with Retry-After) for the next call of a method, the file host's
  answer per path (status, content type, body, extra headers), a files.info record, a failing channel.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

BOT_USER = "UBOT0001"
TEAM = "T0001"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float = field(default_factory=time.monotonic)  # when the fake received it (for the load bench)
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered

    @property
    def ts(self) -> str | None:
        """The message this call created or changed."""
        return self.result.get("ts") or self.args.get("ts")


@dataclass
class ServedFile:
    body: bytes
    content_type: str = "text/plain"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    def __init__(self, *, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.downloads: list[tuple[str, str | None]] = []  # (path, Authorization header)
        self.uploads: dict[str, bytes] = {}
        self.files: dict[str, ServedFile] = {}
        self.file_info: dict[str, dict[str, Any]] = {}
        self.rate_limit_next: dict[str, int] = {}  # method -> Retry-After seconds, for one call
        self.failing_channels: dict[str, str] = {}  # channel -> error for chat.postMessage
        self.fail_next: dict[str, str] = {}  # method -> error answered once, for the next call
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self.server = TestServer(self._app())

    async def start(self) -> None:
        await self.server.start_server()

    async def close(self) -> None:
        await self.server.close()

    @property
    def host(self) -> str:
        return f"{self.server.host}:{self.server.port}"

    @property
    def api_base_url(self) -> str:
        return str(self.server.make_url("/api/"))

    def file_url(self, path: str) -> str:
        return str(self.server.make_url(f"/files/{path}"))

    def response_url(self, name: str) -> str:
        return str(self.server.make_url(f"/response/{name}"))

    def named(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # --- server ----------------------------------------------------------------------------------------
    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack_sdk sends a few methods (getPermalink) as GET
        app.router.add_get("/files/{path:.*}", self._file)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{name}", self._response)
        return app

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _args(request)
        call = Call(method, args)
        self.calls.append(call)
        if method in self.rate_limit_next:
            retry_after = self.rate_limit_next.pop(method)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(retry_after)}
            )
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method in self.fail_next:
            call.result = {"ok": False, "error": self.fail_next.pop(method)}
            return web.json_response(call.result)
        call.result = self._answer(method, args)
        return web.json_response(call.result)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel") or args.get("channel_id")
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "B0001", "team_id": TEAM, "user": "icebreaker"}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            if channel in self.failing_channels:
                return {"ok": False, "error": self.failing_channels[channel]}
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": channel, "ts": ts, "message_ts": ts}
        if method in ("chat.update", "chat.delete"):
            return {"ok": True, "channel": channel, "ts": args.get("ts")}
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", "")).replace(".", "")
            return {
                "ok": True,
                "channel": channel,
                "permalink": f"https://acme.slack.com/archives/{channel}/p{ts}",
            }
        if method == "files.info":
            info = self.file_info.get(str(args.get("file")))
            return {"ok": True, "file": info} if info else {"ok": False, "error": "file_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{next(self._ids):04d}"
            url = str(self.server.make_url(f"/upload/{file_id}"))
            return {"ok": True, "upload_url": url, "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            listed = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in listed]}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0001"}}
        return {"ok": False, "error": "unknown_method"}

    async def _file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.downloads.append((path, request.headers.get("Authorization")))
        served = self.files.get(path)
        if served is None:
            return web.Response(status=404)
        return web.Response(
            status=served.status, body=served.body, content_type=served.content_type, headers=served.headers
        )

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK")

    async def _response(self, request: web.Request) -> web.Response:
        self.calls.append(Call(f"response_url:{request.match_info['name']}", await request.json()))
        return web.Response(text="ok")


async def _args(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    elif request.can_read_body:
        args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    for key in ("blocks", "view"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
