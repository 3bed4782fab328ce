"""Reading the console's form posts under a byte cap.

Rules of this file:
- Oversize is refused before it is read: a declared ``Content-Length`` over the cap is rejected at once,
  and the multipart body is read in chunks that stop as soon as the running total passes the cap.
- The form has three fields: ``log`` (a file), ``paste`` (pasted log text) and ``message`` (a short
  chat-style message such as a contact id or "help"). Anything else is read and discarded under the cap.
- No field is decoded or inspected beyond that: the diagnosis core decides what the bytes are.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import BodyPartReader, web

CHUNK = 64 * 1024
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small text fields on top of the file itself


class UploadTooLarge(Exception):
    """The request body is over the console's upload cap."""


@dataclass(frozen=True, slots=True)
class ConsoleForm:
    log_name: str | None = None
    log_data: bytes = b""
    paste: bytes = b""
    message: str = ""


async def read_console_form(request: web.Request, *, max_bytes: int, max_message_chars: int) -> ConsoleForm:
    """Read a multipart console post, raising ``UploadTooLarge`` past ``max_bytes`` (+ form overhead)."""
    cap = max_bytes + FORM_OVERHEAD
    if request.content_length is not None and request.content_length > cap:
        raise UploadTooLarge
    reader = await request.multipart()
    fields: dict[str, bytes] = {}
    log_name: str | None = None
    total = 0
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise web.HTTPBadRequest(text="Nested multipart bodies are not accepted.")
        data, total = await _read_capped(part, total=total, cap=cap)
        if part.name == "log" and part.filename:
            log_name = part.filename
        if part.name in ("log", "paste", "message"):
            fields[part.name] = data
    if len(fields.get("log", b"")) > max_bytes or len(fields.get("paste", b"")) > max_bytes:
        raise UploadTooLarge
    message = fields.get("message", b"").decode("utf-8", "replace").strip()[:max_message_chars]
    return ConsoleForm(
        log_name=log_name, log_data=fields.get("log", b""), paste=fields.get("paste", b""), message=message
    )


async def _read_capped(part: BodyPartReader, *, total: int, cap: int) -> tuple[bytes, int]:
    buffer = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        total += len(chunk)
        if total > cap:
            raise UploadTooLarge
        buffer.extend(chunk)
    return bytes(buffer), total
