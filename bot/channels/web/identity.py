"""Who is using the console: a random id in a signed cookie.

Rules of this file:
- The cookie holds ``<random id>.<HMAC-SHA256 of the id>``; a missing, malformed or badly signed cookie
  yields a fresh id, never an error. Nothing else in a request can choose the identity.
- The cookie is HttpOnly and SameSite=Strict (a cross-site form post arrives without it, so it cannot act
  for the person); Secure when the console is served over https.
- The console is one "local" tenant: ``Identity(platform="web", tenant="local", user_id=<id>)``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from aiohttp import web

from bot.conversation import Identity, Place

COOKIE = "icebreaker_console"
MAX_AGE = 30 * 24 * 3600
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _sign(secret: bytes, user_id: str) -> str:
    return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()[:32]


def cookie_value(secret: bytes, user_id: str) -> str:
    return f"{user_id}.{_sign(secret, user_id)}"


def verified_user_id(secret: bytes, raw: str | None) -> str | None:
    """The id in a well-formed, correctly signed cookie value, else None."""
    if not raw or raw.count(".") != 1:
        return None
    user_id, signature = raw.split(".")
    if not _ID.match(user_id) or not hmac.compare_digest(signature, _sign(secret, user_id)):
        return None
    return user_id


def identify(request: web.Request, secret: bytes) -> tuple[str, bool]:
    """The console user id for this request, and whether it is new (a cookie must be set)."""
    user_id = verified_user_id(secret, request.cookies.get(COOKIE))
    if user_id is not None:
        return user_id, False
    return secrets.token_urlsafe(18), True


def remember(response: web.StreamResponse, *, secret: bytes, user_id: str, secure: bool) -> None:
    response.set_cookie(
        COOKIE,
        cookie_value(secret, user_id),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Strict",
        secure=secure,
        path="/",
    )


def identity_of(user_id: str) -> Identity:
    return Identity(platform="web", tenant="local", user_id=user_id, display_name=None)


def place_of(user_id: str) -> Place:
    return Place(platform="web", conversation_id=user_id, thread_id=None, is_direct=True)
