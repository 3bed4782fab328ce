"""A local fake of the Bot Framework connector (Teams' serviceUrl) plus a fake Teams file host.

It records every POST/PUT the bot makes, answers with the ids Teams would, and can be told to fail the next
calls with given statuses (429, 502, ...) to exercise the retry policy.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    response_id: str | None = None  # the activity id the fake answered with

    @property
    def card_id(self) -> str | None:
        """The id of the message this call created or replaced."""
        return self.path.rsplit("/", 1)[1] if self.method == "PUT" else self.response_id

    @property
    def card(self) -> dict[str, Any]:
        """The Adaptive Card carried by this activity (first attachment)."""
        (attachment,) = self.body["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        return attachment["content"]


@dataclass
class FakeConnector:
    calls: list[Call] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # statuses to answer the next calls with
    files: dict[str, bytes] = field(default_factory=dict)
    file_requests: list[dict[str, str]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._put)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_get("/redirect/{target:.*}", self._redirect)
        return app

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def _record(self, request: web.Request, method: str) -> web.Response | None:
        body = json.loads(await request.read() or b"{}")
        self.calls.append(Call(method, request.path, body, dict(request.headers)))
        if self.failures:
            status = self.failures.pop(0)
            return web.json_response(
                {"error": {"code": "Throttled"}}, status=status, headers={"Retry-After": "0"}
            )
        return None

    async def _create(self, request: web.Request) -> web.Response:
        failed = await self._record(request, "CREATE")
        if failed:
            return failed
        body = self.calls[-1].body
        channel = body["channelData"]["channel"]["id"]
        root = f"root-{next(self._ids)}"
        return web.json_response({"id": f"{channel};messageid={root}", "activityId": root}, status=201)

    async def _post(self, request: web.Request) -> web.Response:
        failed = await self._record(request, "POST")
        if failed:
            return failed
        self.calls[-1].response_id = f"act-{next(self._ids)}"
        return web.json_response({"id": self.calls[-1].response_id}, status=201)

    async def _put(self, request: web.Request) -> web.Response:
        failed = await self._record(request, "PUT")
        return failed or web.json_response({"id": request.match_info["activity"]})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        self.file_requests.append(dict(request.headers))
        data = self.files.get(request.match_info["name"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="application/octet-stream")

    async def _redirect(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(location=request.match_info["target"])
