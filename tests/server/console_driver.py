"""Drive the web console over HTTP like console.js does: upload, read replies, click buttons by label."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

FETCH = {"X-Icebreaker-Fetch": "1"}
SAMPLE_LOG = Path(__file__).parent / "data" / "ice-timeout-agent-log.txt"
_BUTTON = re.compile(r'<button type="submit" name="action" value="([^"]*)" class="[^"]*">([^<]*)</button>')
_KIND = re.compile(r'<article class="reply [^"]*" data-kind="([^"]+)">')


@dataclass
class Console:
    """One browser: a cookie jar and the base URL of whichever replica it talks to."""

    session: aiohttp.ClientSession
    base_url: str
    fragments: list[str] = field(default_factory=list)

    @property
    def last(self) -> str:
        return self.fragments[-1]

    def kinds(self, fragment: str | None = None) -> list[str]:
        return _KIND.findall(self.last if fragment is None else fragment)

    def buttons(self) -> list[tuple[str, str]]:
        """(label, encoded action) of the buttons in the last fragment."""
        return [(html.unescape(label), html.unescape(value)) for value, label in _BUTTON.findall(self.last)]

    async def upload(self, data: bytes, *, filename: str = "agent-log.txt", message: str = "") -> int:
        form = aiohttp.FormData()
        form.add_field("log", data, filename=filename, content_type="text/plain")
        form.add_field("message", message)
        async with self.session.post(f"{self.base_url}/console/turn", data=form, headers=FETCH) as response:
            self.fragments.append(await response.text())
            return response.status

    async def click(self, label: str) -> int:
        action = dict(self.buttons())[label]
        async with self.session.post(
            f"{self.base_url}/console/action", data={"action": action}, headers=FETCH
        ) as response:
            self.fragments.append(await response.text())
            return response.status

    async def walk_to_fixed(self) -> list[str]:
        """Click "Walk me through the fix", answer or follow each message, then "Done — audio works now"."""
        await self.click("Walk me through the fix")
        for _ in range(12):
            labels = [label for label, _ in self.buttons()]
            if "Done — audio works now" in labels:
                await self.click("Done — audio works now")
                return self.kinds()
            await self.click(labels[0])
        raise AssertionError(f"no 'audio works now' button reached; last reply: {self.last[:500]}")
