"""Redaction for everything that leaves the user's own thread: escalation packages, stored logs, evidence.

Rules of this file:
- One place decides what is personal or secret (``bot.redact_rules``); every outgoing text goes through
  ``redact_text``, structured records through ``redact_json_value``, uploads through ``redact_upload``.
- IP addresses become stable pseudonyms (``ip-1``, ``ip6-2``) within one ``Pseudonyms``: the same address is
  the same token everywhere in a document, so candidate pairs and NAT mappings stay readable. Names, emails,
  phone numbers and secrets become a fixed marker saying what was there (``<name>``, ``<redacted>``, ...).
- Line structure is kept (no pass removes or adds a newline), so evidence line numbers stay valid.
- Never raises on any ``str``; ``redact_upload`` raises only the core's ``UnreadableLog``.
"""

from __future__ import annotations

from typing import Any

from bot import redact_rules as rules
from bot import redact_scan as scan
from bot.diagnosis.limits import Limits
from bot.diagnosis.reading.decoded import decode_text
from bot.redact_rules import Kind


class Pseudonyms:
    """Stable replacement tokens for addresses within one document (one escalation, one stored log)."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def token(self, kind: str, original: str) -> str:
        """``<kind>-<n>``: the same ``original`` always gets the same token; n counts per kind from 1."""
        key = (kind, original)
        found = self._tokens.get(key)
        if found is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            found = self._tokens[key] = f"{kind}-{self._counts[kind]}"
        return found

    def ipv4(self, address: str) -> str:
        return self.token("ip", address)

    def ipv6(self, address: str) -> str:
        return self.token("ip6", address)

    def __len__(self) -> int:
        return len(self._tokens)


def redact_text(text: str, *, pseudonyms: Pseudonyms | None = None) -> str:
    """Remove personal data, credentials and tokens from free text (log lines, JSON text, SDP, URLs)."""
    names = pseudonyms if pseudonyms is not None else Pseudonyms()
    for step in _PASSES:
        text = step(text, names)
    return text


def redact_json_value(value: Any, *, pseudonyms: Pseudonyms) -> Any:
    """A redacted copy of a decoded JSON value: known fields by name, every string (and key) by pattern."""
    if isinstance(value, dict):
        return {
            redact_text(str(key), pseudonyms=pseudonyms): _redact_field(str(key), item, pseudonyms)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_json_value(item, pseudonyms=pseudonyms) for item in value]
    if isinstance(value, str):
        return redact_text(value, pseudonyms=pseudonyms)
    return value


def redact_upload(data: bytes, *, limits: Limits, pseudonyms: Pseudonyms | None = None) -> bytes:
    """Decode an upload exactly as the reader does (archives, encodings) and return the redacted UTF-8 text.

    Pass the ``pseudonyms`` used for the upload's diagnosis so an address reads the same in both.
    Raises ``bot.diagnosis.errors.UnreadableLog`` when the upload cannot be decoded as text.
    """
    decoded = decode_text(data, limits=limits)
    return redact_text(decoded.text, pseudonyms=pseudonyms or Pseudonyms()).encode("utf-8")


def _redact_field(key: str, value: Any, pseudonyms: Pseudonyms) -> Any:
    kind = rules.field_kind(key)
    if kind is None or value is None or isinstance(value, bool):
        return redact_json_value(value, pseudonyms=pseudonyms)
    if isinstance(value, str) and rules.keeps_value(kind, value):
        return value
    if isinstance(value, dict | list):
        return kind.value if kind is Kind.SECRET else redact_json_value(value, pseudonyms=pseudonyms)
    return kind.value


# Fields first (a token value may look like anything), then secrets by shape, then contact data, then
# addresses last so that nothing replaced later can join digits into a new address.
_PASSES: tuple[scan.Pass, ...] = (scan.fields, scan.secrets, scan.contacts, scan.ipv6, scan.ipv4)
