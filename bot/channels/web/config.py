"""Web console settings (built by the server from its settings; tests build them directly)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WebConfig:
    cookie_secret: bytes  # HMAC key for the identity cookie; shared by replicas so a browser stays one person
    max_upload_bytes: int = 50 * 1024 * 1024
    cookie_secure: bool = False  # set the Secure flag (the console is served over https)
    file_ttl_seconds: int = 3600  # how long download links (escalation package, files) stay valid
    max_message_chars: int = 2000
