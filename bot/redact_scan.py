"""The redaction passes: find what ``bot.redact_rules`` describes and replace it, fast on tens of MB.

Rules of this file:
- Each pass is ``(text, pseudonyms) -> text`` and keeps every newline (replacements never span lines).
- Each pass searches a literal anchor first (the regex engine skips through text quickly only then), then
  extends the hit to the whole field, number or address and checks the characters around it in code.
- Replacements are collected as sorted, non-overlapping spans and applied once per pass.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Protocol

from bot import redact_rules as rules
from bot.redact_rules import Kind

_Span = tuple[int, int, str]


class Namer(Protocol):
    def ipv4(self, address: str) -> str: ...
    def ipv6(self, address: str) -> str: ...


Pass = Callable[[str, Namer], str]


def apply(text: str, spans: Iterable[_Span]) -> str:
    """Replace each (start, end, replacement) span; spans come in order, overlapping ones are dropped."""
    out: list[str] = []
    position = 0
    for start, end, replacement in spans:
        if start < position:
            continue
        out.append(text[position:start])
        out.append(replacement)
        position = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _is_word(char: str) -> bool:
    return char.isalnum() or char in ("_", "-")


def _before(text: str, index: int) -> str:
    return text[index - 1] if index > 0 else ""


# ------------------------------------------------------------------------------------------------ fields


def fields(text: str, _: Namer) -> str:
    """Values of personal or secret fields: ``"f": "v"`` (any escaping), ``f=v`` and ``f: v``."""
    return apply(text, _field_spans(text))


def _field_spans(text: str) -> Iterable[_Span]:
    last_word = -1
    for hit in rules.FIELD_ANCHOR.finditer(text):
        start = hit.start()
        while start > 0 and _is_word(text[start - 1]):
            start -= 1
        word = rules.WORD.match(text, start)
        if start == last_word or word is None:
            continue
        last_word = start
        kind = rules.field_kind(word.group(0))
        if kind is None:
            continue
        value = _quoted_value(text, start, word.end()) or _plain_value(text, start, word.end())
        if value is not None and not rules.keeps_value(kind, text[value[0] : value[1]]):
            yield value[0], value[1], kind.value


def _quoted_value(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``"field": "value"`` with the same quoting (``"``, ``'``, ``\\"``, ``\\\\\\"`` ...) on both sides."""
    quote_start = start - 1
    if quote_start < 0 or text[quote_start] not in "\"'":
        return None
    while quote_start > 0 and text[quote_start - 1] == "\\":
        quote_start -= 1
    quote = text[quote_start:start]
    if not text.startswith(quote, end):
        return None
    separator = rules.FIELD_SEPARATOR.match(text, end + len(quote))
    if separator is None or not text.startswith(quote, separator.end()):
        return None
    value_start = separator.end() + len(quote)
    value_end = _string_end(text, value_start, quote)
    return None if value_end is None else (value_start, value_end)


def _string_end(text: str, start: int, quote: str) -> int | None:
    """Where a string value opened by ``quote`` closes, on the same line."""
    line_end = text.find("\n", start)
    stop = len(text) if line_end < 0 else line_end
    if len(quote) == 1:
        index = start
        while index < stop:
            char = text[index]
            if char == quote:
                return index
            index += 2 if char == "\\" else 1
        return None
    index = text.find(quote, start, stop)
    while index > start and text[index - 1] == "\\":
        index = text.find(quote, index + 1, stop)
    return index if index >= start else None


def _plain_value(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``field=value`` or ``field: value`` outside quotes."""
    if _before(text, start) in ('"', "'", "\\"):
        return None
    if text.startswith("=", end):
        value = rules.ASSIGNED_VALUE.match(text, end + 1)
        return None if value is None else value.span()
    colon = rules.COLON_VALUE.match(text, end)
    if colon is None:
        return None
    value_start, value_end = colon.span("value")
    while value_end > value_start and text[value_end - 1] in " \t\r":
        value_end -= 1
    return value_start, value_end


# ---------------------------------------------------------------------------------------------- patterns


def secrets(text: str, _: Namer) -> str:
    """Bearer/Basic credentials, JWT-shaped tokens and AWS access key ids, wherever they appear."""
    spans: list[_Span] = []
    for match in rules.BEARER.finditer(text):
        if not _before(text, match.start()).isalnum():
            spans.append((match.end("sep"), match.end(), Kind.SECRET.value))
    for pattern in (rules.JWT, rules.AWS_ACCESS_KEY):
        spans.extend(
            (m.start(), m.end(), Kind.SECRET.value)
            for m in pattern.finditer(text)
            if not _is_word(_before(text, m.start()))
        )
    return apply(text, sorted(spans))


def contacts(text: str, _: Namer) -> str:
    """Email addresses, phone numbers, then ``sip:``/``tel:`` URIs."""
    text = apply(text, _email_spans(text))
    text = apply(text, sorted(_phone_spans(text)))
    spans = (
        (m.end("scheme") + 1, m.end(), Kind.PHONE.value)
        for m in rules.SIP_URI.finditer(text)
        if not _is_word(_before(text, m.start()))
    )
    return apply(text, spans)


def _email_spans(text: str) -> Iterable[_Span]:
    for domain in rules.EMAIL_DOMAIN.finditer(text):
        start = domain.start()
        while start > 0 and text[start - 1] in rules.EMAIL_LOCAL:
            start -= 1
        if start < domain.start() and not _before(text, start).isalnum():
            yield start, domain.end(), Kind.EMAIL.value


def _phone_spans(text: str) -> Iterable[_Span]:
    for pattern in (rules.PHONE_E164, rules.PHONE_PARENS):
        for match in pattern.finditer(text):
            if not _is_word(_before(text, match.start())) and _before(text, match.start()) != "+":
                yield match.start(), match.end(), Kind.PHONE.value
    for tail in rules.PHONE_DASHED_TAIL.finditer(text):
        start = tail.start() - 3
        head = text[start : tail.start()] if start >= 0 else ""
        bordered = not _is_word(_before(text, start)) and _before(text, start) != "."
        if len(head) == 3 and head.isdigit() and head.isascii() and bordered:
            yield start, tail.end(), Kind.PHONE.value


# --------------------------------------------------------------------------------------------- addresses


def ipv6(text: str, names: Namer) -> str:
    spans: list[_Span] = []
    for hit in rules.IPV6_ANCHOR.finditer(text):
        start = hit.start()
        if spans and start < spans[-1][1]:
            continue
        while start > 0 and text[start - 1] in rules.HEX_OR_COLON:
            start -= 1
        run = rules.IPV6_RUN.match(text, start)
        if run is None or _is_word(_before(text, start)) or _before(text, start) in (":", "."):
            continue
        end = run.end()
        after = text[end] if end < len(text) else ""
        if _is_word(after) or after == ":":
            continue
        try:
            address = ipaddress.IPv6Address(run.group(0))
        except ValueError:
            continue
        spans.append((start, end, names.ipv6(address.compressed)))
    return apply(text, spans)


def ipv4(text: str, names: Namer) -> str:
    spans: list[_Span] = []
    for hit in rules.IPV4_ANCHOR.finditer(text):
        start = hit.start()
        if spans and start < spans[-1][1]:
            continue
        while start > 0 and (text[start - 1] == "." or text[start - 1].isdecimal()):
            start -= 1
        run = rules.DOTTED_RUN.match(text, start)
        if run is None:
            continue
        end = run.end()
        while start < end and text[start] == ".":
            start += 1
        while end > start and text[end - 1] == ".":
            end -= 1
        token = text[start:end]
        if rules.holds_ipv4(token):
            spans.append((start, end, names.ipv4(token)))
    return apply(text, spans)
