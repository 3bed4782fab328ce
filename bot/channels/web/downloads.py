"""Files the console offers for download (escalation package, redacted log), kept in the session store.

Rules of this file:
- A file is stored under a random id with its owner's console id and a TTL; only that owner can fetch it,
  from any replica sharing the store. Someone else's id answers 404, exactly like an unknown one.
- Stored as JSON (base64 data), like every other document; the filename is reduced to a safe character set
  before it reaches a ``Content-Disposition`` header.
"""

from __future__ import annotations

import base64
import re
import secrets

from aiohttp import web

from bot.conversation import FileOut
from bot.state import SessionStore

NAMESPACE = "web_file"
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]")
_FILE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def safe_filename(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .")[:120]
    return cleaned or "download.txt"


async def keep(store: SessionStore, files: tuple[FileOut, ...], *, owner: str, ttl_seconds: int) -> list[str]:
    """Store each file and return its download URL, in order."""
    urls = []
    for f in files:
        file_id = secrets.token_urlsafe(18)
        doc = {
            "owner": owner,
            "filename": safe_filename(f.filename),
            "mimetype": f.mimetype,
            "data": base64.b64encode(f.data).decode("ascii"),
        }
        await store.put_doc(NAMESPACE, file_id, doc, ttl_seconds=ttl_seconds)
        urls.append(f"/console/files/{file_id}")
    return urls


async def serve(store: SessionStore, file_id: str, *, owner: str) -> web.Response:
    """The stored file as an attachment, or 404 when unknown, expired or someone else's."""
    doc = await store.get_doc(NAMESPACE, file_id) if _FILE_ID.match(file_id) else None
    if doc is None or doc.get("owner") != owner:
        raise web.HTTPNotFound(text="This download has expired or does not exist.")
    filename = safe_filename(str(doc.get("filename", "")))
    return web.Response(
        body=base64.b64decode(doc["data"]),
        headers={
            "Content-Type": str(doc.get("mimetype") or "application/octet-stream"),
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
