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

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from bot import redact_rules as rules
from bot.diagnosis.limits import Limits
from bot.diagnosis.reading.decoded import decode_text
from bot.redact_rules import Kind

_Pass = Callable[[str, "Pseudonyms"], str]


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


def redact_upload(data: bytes, *, limits: Limits) -> bytes:
    """Decode an upload exactly as the reader does (archives, encodings) and return the redacted UTF-8 text.

    Raises ``bot.diagnosis.errors.UnreadableLog`` when the upload cannot be decoded as text.
    """
    decoded = decode_text(data, limits=limits)
    return redact_text(decoded.text, pseudonyms=Pseudonyms()).encode("utf-8")


def _redact_field(key: str, value: Any, pseudonyms: Pseudonyms) -> Any:
    kind = rules.field_kind(key)
    if kind is None or value is None or isinstance(value, bool):
        return redact_json_value(value, pseudonyms=pseudonyms)
    if isinstance(value, str) and rules.keeps_value(kind, value):
        return value
    if isinstance(value, dict | list):
        return kind.value if kind is Kind.SECRET else redact_json_value(value, pseudonyms=pseudonyms)
    return kind.value


# ------------------------------------------------------------------------------------------ field passes


def _quoted_fields(text: str, _: Pseudonyms) -> str:
    """``"field": "value"`` at any quoting level (embedded JSON strings escape the quotes)."""
    out: list[str] = []
    position = 0
    for match in rules.QUOTED_FIELD.finditer(text):
        start = match.end()
        if start < position:
            continue
        end = _string_end(text, start, match.group("q"))
        kind = rules.field_kind(match.group("key"))
        if end is None or kind is None or rules.keeps_value(kind, text[start:end]):
            continue
        out.append(text[position:start])
        out.append(kind.value)
        position = end
    out.append(text[position:])
    return "".join(out)


def _string_end(text: str, start: int, quote: str) -> int | None:
    """Where the string value opened by ``quote`` ends (the index of its closing quote), on the same line."""
    if quote in ('"', "'"):
        index = start
        while index < len(text):
            char = text[index]
            if char == quote:
                return index
            if char == "\n":
                return None
            index += 2 if char == "\\" else 1
        return None
    line_end = text.find("\n", start)
    index = text.find(quote, start, None if line_end < 0 else line_end)
    while index > start and text[index - 1] == "\\":
        index = text.find(quote, index + 1, None if line_end < 0 else line_end)
    return index if index >= start else None


def _field_value(match: re.Match[str]) -> str:
    kind = rules.field_kind(match.group("key"))
    value = match.group("value")
    trimmed = value.rstrip()
    if kind is None or rules.keeps_value(kind, trimmed):
        return match.group(0)
    return match.group(0)[: match.start("value") - match.start()] + kind.value + value[len(trimmed) :]


def _assigned_fields(text: str, _: Pseudonyms) -> str:
    return rules.ASSIGNED_FIELD.sub(_field_value, text)


def _colon_fields(text: str, _: Pseudonyms) -> str:
    return rules.COLON_FIELD.sub(_field_value, text)


# ---------------------------------------------------------------------------------------- pattern passes


def _secrets(text: str, _: Pseudonyms) -> str:
    text = rules.BEARER.sub(lambda m: f"{m.group('scheme')}{m.group('sep')}{Kind.SECRET.value}", text)
    text = rules.JWT.sub(Kind.SECRET.value, text)
    return rules.AWS_ACCESS_KEY.sub(Kind.SECRET.value, text)


def _contacts(text: str, _: Pseudonyms) -> str:
    text = rules.EMAIL.sub(Kind.EMAIL.value, text)
    text = rules.PHONE.sub(Kind.PHONE.value, text)
    return rules.SIP_URI.sub(lambda m: f"{m.group('scheme')}:{Kind.PHONE.value}", text)


def _ipv6(text: str, names: Pseudonyms) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            address = ipaddress.IPv6Address(match.group(0))
        except ValueError:
            return match.group(0)
        return names.ipv6(address.compressed)

    return rules.IPV6_RUN.sub(replace, text)


def _ipv4(text: str, names: Pseudonyms) -> str:
    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        return names.ipv4(run) if rules.holds_ipv4(run) else run

    return rules.IPV4_RUN.sub(replace, text)


# Fields first (a token value may look like anything), then secrets by shape, then contact data, then
# addresses last so that nothing replaced later can join digits into a new address.
_PASSES: tuple[_Pass, ...] = (
    _quoted_fields,
    _assigned_fields,
    _colon_fields,
    _secrets,
    _contacts,
    _ipv6,
    _ipv4,
)
