"""Signed, expiring download links for redacted logs, and the endpoint that serves them.

Rules of this file:
- A link is ``{base}/teams/logs/{diagnosis_id}?exp={unix seconds}&sig={hex}``; ``sig`` is HMAC-SHA256 over
  ``"{diagnosis_id}\\n{exp}"`` with ``TeamsConfig.link_secret``. Comparison is constant-time.
- No secret configured → no links are issued and every download is refused (403), never served unsigned.
- Forged, malformed or expired → 403; a valid link to a log that is gone → 404; store down → 503.
- Every request is logged and audited (who asked, when, outcome) — never the content.
- The clock is injected (``now``) so expiry is testable without sleeping.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import io
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from aiohttp import web

from bot.state.protocol import SessionStore, StoreUnavailable, Ttls

LOG_ROUTE = "/teams/logs/{token}"
DOWNLOAD_NAME = "agent-log.redacted.txt"
MAX_SERVED_BYTES = 256 * 1024 * 1024
AUDIT_NAMESPACE = "audit"
AUDIT_KEY = "teams-log-downloads"
_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,128}$")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LinkSigner:
    secret: bytes
    base_url: str
    ttl_seconds: int = 24 * 3600
    now: Callable[[], float] = time.time

    def _sig(self, diagnosis_id: str, exp: int) -> str:
        message = f"{diagnosis_id}\n{exp}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def url_for(self, diagnosis_id: str) -> str | None:
        """A signed URL valid for ``ttl_seconds``; None when links are disabled or the id is unsafe."""
        if not self.secret or not _ID.match(diagnosis_id):
            return None
        exp = int(self.now()) + self.ttl_seconds
        query = urlencode({"exp": exp, "sig": self._sig(diagnosis_id, exp)})
        return f"{self.base_url.rstrip('/')}/teams/logs/{quote(diagnosis_id, safe='')}?{query}"

    def verify(self, diagnosis_id: str, exp_raw: str | None, sig: str | None) -> bool:
        if not self.secret or not _ID.match(diagnosis_id) or not exp_raw or not sig:
            return False
        if not exp_raw.isdigit() or len(exp_raw) > 12:
            return False
        exp = int(exp_raw)
        if not hmac.compare_digest(self._sig(diagnosis_id, exp), sig):
            return False
        return exp > self.now()


def _plain(stored: bytes) -> bytes:
    """Stored logs are gzip; decompress with a cap. Bytes that are not gzip are served as they are."""
    if not stored.startswith(b"\x1f\x8b"):
        return stored
    with gzip.GzipFile(fileobj=io.BytesIO(stored)) as gz:
        data = gz.read(MAX_SERVED_BYTES + 1)
    if len(data) > MAX_SERVED_BYTES:
        raise ValueError("redacted log larger than the serving cap")
    return data


def log_download_handler(
    *, signer: LinkSigner, store: SessionStore
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        diagnosis_id = request.match_info["token"]
        who = {"ip": request.remote or "-", "agent": request.headers.get("User-Agent", "-")[:200]}
        ok = signer.verify(diagnosis_id, request.query.get("exp"), request.query.get("sig"))
        outcome = "served" if ok else "refused"
        stored = None
        if ok:
            try:
                stored = await store.get_log(diagnosis_id)
            except StoreUnavailable:
                outcome = "store_unavailable"
            else:
                outcome = "served" if stored is not None else "missing"
        await _audit(store, diagnosis_id=diagnosis_id, outcome=outcome, who=who, at=signer.now())
        if outcome == "refused":
            raise web.HTTPForbidden(text="This link is invalid or has expired.")
        if outcome == "store_unavailable":
            raise web.HTTPServiceUnavailable(text="Storage is unavailable; please retry in a minute.")
        if stored is None:
            raise web.HTTPNotFound(text="This log has expired and was deleted.")
        return web.Response(
            body=_plain(stored),
            content_type="text/plain",
            charset="utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{DOWNLOAD_NAME}"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return handle


async def _audit(
    store: SessionStore, *, diagnosis_id: str, outcome: str, who: dict[str, str], at: float
) -> None:
    entry = {"diagnosis_id": diagnosis_id[:128], "outcome": outcome, "at": int(at), **who}
    log.info("teams log download %s", entry)
    try:
        await store.push_list(
            AUDIT_NAMESPACE, AUDIT_KEY, entry, max_items=10_000, ttl_seconds=Ttls().audit_seconds
        )
    except StoreUnavailable:
        log.warning("teams log download audit not stored (store unavailable): %s", entry)
