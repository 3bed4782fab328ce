"""Recognise uploads that are not text at all, by their first bytes.

Rules of this file:
- Detection is by content (magic numbers), never by file name; the table is data, ordered by specificity.
- ``describe_binary`` names what the bytes look like in words an agent understands ("a PNG image (a
  screenshot?)"), or returns None when the bytes may be text. It never decides anything about logs.
- Archives we open (gzip, zip) are recognised by ``archive_kind``, not refused here.
"""

from __future__ import annotations

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image (a screenshot?)"),
    (b"\xff\xd8\xff", "a JPEG image (a photo or screenshot?)"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", ""),  # checked in _bmp: too short a magic to trust alone
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program (EXE or DLL)"),
    (b"Rar!\x1a\x07", "a RAR archive, which I do not open"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, which I do not open"),
    (b"\xfd7zXZ\x00", "an XZ archive, which I do not open"),
    (b"BZh", "a bzip2 archive, which I do not open"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive, which I do not open"),
    (b"OggS", "an audio file (Ogg)"),
    (b"ID3", "an audio file (MP3)"),
    (b"fLaC", "an audio file (FLAC)"),
    (b"\x1a\x45\xdf\xa3", "a video file (WebM/Matroska)"),
    (b"SQLite format 3\x00", "a database file (SQLite)"),
)

# Formats whose container is a zip: told apart from a log-bearing zip by their marker members.
_ZIP_DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("word/", "a Word document"),
    ("xl/", "an Excel workbook"),
    ("ppt/", "a PowerPoint presentation"),
)


def archive_kind(data: bytes) -> str | None:
    """``"gzip"`` or ``"zip"`` when the bytes open such an archive, else None."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    return None


def describe_binary(data: bytes) -> str | None:
    """What a non-text upload looks like, in agent words; None when it may be text."""
    head = data[:64]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic == b"BM":
                if _looks_like_bmp(data):
                    return "a bitmap image (a screenshot?)"
                continue
            if magic == b"MZ" and not _looks_like_pe(data):
                continue
            return what
    if head[4:8] == b"ftyp":
        return "a video or image file (MP4/HEIC)"
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "an audio file (WAV)", b"AVI ": "a video file (AVI)"}[
            head[8:12]
        ]
    if _has_control_bytes(data[:4096]):
        return "a binary file"
    return None


def describe_zip_document(names: list[str]) -> str | None:
    """Office documents are zips: name them instead of reporting "no log in the zip"."""
    if "[Content_Types].xml" not in names:
        return None
    for prefix, what in _ZIP_DOCUMENTS:
        if any(n.startswith(prefix) for n in names):
            return what
    return "an Office document"


def _looks_like_bmp(data: bytes) -> bool:
    return len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00"


def _looks_like_pe(data: bytes) -> bool:
    if len(data) < 64:
        return False
    offset = int.from_bytes(data[60:64], "little")
    return data[offset : offset + 4] == b"PE\x00\x00"


def _has_control_bytes(head: bytes) -> bool:
    """NUL bytes outside a UTF-16 pattern, or many C0 controls, mean binary."""
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if head.count(0):
        return not _utf16_without_bom(head)
    controls = sum(1 for b in head if b < 9 or (13 < b < 32 and b != 27))
    return controls > len(head) // 10


def _utf16_without_bom(head: bytes) -> bool:
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = len(head) // 2
    return max(even_nul, odd_nul) > half * 0.4 and min(even_nul, odd_nul) < half * 0.05
