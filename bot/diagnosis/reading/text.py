"""Turn the bytes of one file into text: byte-order marks, UTF-8/UTF-16, line endings.

Rules of this file:
- A BOM decides the encoding (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE). Without one, UTF-16 is recognised by
  its pattern of zero bytes; everything else is UTF-8.
- UTF-8 with a few broken bytes (a log cut in the middle of a character, an editor's stray byte) is read
  with replacement characters; text where more than 1 % of the bytes are broken is refused.
- Line endings are normalised to "\n" (CRLF and lone CR each count as one line break, as editors count
  them), so line numbers match what the agent sees in an editor.
"""

from __future__ import annotations

import codecs

from bot.diagnosis.reading import messages

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAX_BROKEN_SHARE = 0.01


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; the text has "\n" line endings and no BOM."""
    encoding, start = _encoding_of(data)
    body = memoryview(data)[start:]
    try:
        text = str(body, encoding)
    except UnicodeDecodeError:
        text = _decode_lenient(bytes(body), encoding)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _encoding_of(data: bytes) -> tuple[str, int]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    head = data[:4096]
    if len(head) >= 4:
        even_nul, odd_nul = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        if odd_nul > half * 0.4 and even_nul < half * 0.05:
            return "utf-16-le", 0
        if even_nul > half * 0.4 and odd_nul < half * 0.05:
            return "utf-16-be", 0
    return "utf-8", 0


def _decode_lenient(body: bytes, encoding: str) -> str:
    text = body.decode(encoding, errors="replace")
    broken = text.count("\ufffd") - body.decode(encoding, errors="ignore").count("\ufffd")
    if broken > max(len(body) * _MAX_BROKEN_SHARE, 1 if len(body) < 100 else 0):
        raise messages.undecodable()
    return text
