"""Unpack gzip and zip uploads into the files they hold, within the configured limits.

Rules of this file:
- Sizes are counted while streaming the decompressor output; declared sizes in headers are never trusted.
  Expanded bytes are checked against ``max_decompressed_bytes`` (overall) and against
  ``max_compression_ratio`` (per member and overall) before more is read.
- One level only: an archive found inside an archive is not opened. If nothing else readable is in the
  archive, that is refused with ``NESTED_ARCHIVE``; otherwise it is skipped and named in a note.
- Zip members are read in name order; directories and OS junk (``__MACOSX/``, ``._*``, ``.DS_Store``,
  ``Thumbs.db``) are ignored and do not count towards ``max_zip_members``. Binary members (images, ...)
  are skipped and named in a note.
- Every failure leaves as ``UnreadableLog`` built in ``messages``; library exceptions never escape.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from bot.diagnosis.errors import UnreadableLog
from bot.diagnosis.limits import Limits
from bot.diagnosis.reading import messages
from bot.diagnosis.reading.sniff import archive_kind, describe_binary, describe_zip_document

_CHUNK = 256 * 1024
_RATIO_FLOOR = 1024 * 1024  # below this many expanded bytes, a high ratio is harmless
_JUNK_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True, slots=True)
class Member:
    name: str | None  # None for a plain upload or a gzip
    data: bytes


@dataclass(frozen=True, slots=True)
class Unpacked:
    container: str | None  # "gzip" | "zip" | None
    members: tuple[Member, ...]
    skipped: tuple[str, ...] = ()  # "name (a PNG image ...)" for members not read


def unpack(data: bytes, *, limits: Limits) -> Unpacked:
    """Return the files an upload holds: itself, its gzip content, or its zip members."""
    kind = archive_kind(data)
    if kind is None:
        if len(data) > limits.max_decompressed_bytes:
            raise messages.too_large(limits.max_decompressed_bytes)
        return Unpacked(container=None, members=(Member(name=None, data=data),))
    if kind == "gzip":
        content = _gunzip(data, limits=limits)
        if archive_kind(content) is not None:
            raise messages.nested_archive("a compressed file inside the gzip")
        return Unpacked(container="gzip", members=(Member(name=None, data=content),))
    return _unzip(data, limits=limits)


class _Budget:
    """Counts expanded bytes against the size limit and the ratio limit."""

    def __init__(self, limits: Limits, *, compressed: int) -> None:
        self.limits = limits
        self.compressed = max(compressed, 1)
        self.total = 0

    def add(self, count: int, *, member_out: int = 0, member_in: int = 0) -> None:
        self.total += count
        if self.total > self.limits.max_decompressed_bytes:
            raise messages.too_large(self.limits.max_decompressed_bytes)
        ratio = self.limits.max_compression_ratio
        if self.total > _RATIO_FLOOR and self.total > ratio * self.compressed:
            raise messages.zip_bomb(ratio)
        if member_out > _RATIO_FLOOR and member_out > ratio * max(member_in, 1):
            raise messages.zip_bomb(ratio)


def _gunzip(data: bytes, *, limits: Limits) -> bytes:
    budget = _Budget(limits, compressed=len(data))
    out: list[bytes] = []
    pending = data
    try:
        while pending:
            inflater = zlib.decompressobj(wbits=31)
            pending = _inflate_member(inflater, pending, out, budget)
    except zlib.error as exc:
        raise messages.corrupt_archive("gzip") from exc
    return b"".join(out)


def _inflate_member(inflater: zlib._Decompress, data: bytes, out: list[bytes], budget: _Budget) -> bytes:
    """Inflate one gzip member; return the bytes after it (a further member, or b"")."""
    buf = data
    while not inflater.eof:
        chunk = inflater.decompress(buf, _CHUNK)
        buf = inflater.unconsumed_tail
        out.append(chunk)
        budget.add(len(chunk))
        if not chunk and not buf:
            raise messages.corrupt_archive("gzip")  # the stream ends before the gzip trailer
    rest = inflater.unused_data
    return rest if rest.strip(b"\x00") else b""


def _unzip(data: bytes, *, limits: Limits) -> Unpacked:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not _is_junk(i)]
    except UnreadableLog:
        raise
    except Exception as exc:  # zipfile raises many types on hostile input
        raise messages.corrupt_archive("zip") from exc
    document = describe_zip_document([i.filename for i in archive.infolist()])
    if document is not None:
        raise messages.binary(document)
    if len(infos) > limits.max_zip_members:
        raise messages.too_many_members(len(infos), limits.max_zip_members)
    if any(i.flag_bits & 0x1 for i in infos):
        raise messages.encrypted()
    budget = _Budget(limits, compressed=len(data))
    members: list[Member] = []
    skipped: list[str] = []
    nested: list[str] = []
    for info in sorted(infos, key=lambda i: i.filename):
        content = _read_member(archive, info, budget=budget, total_size=len(data))
        verdict = _member_verdict(content)
        if verdict == "archive":
            nested.append(info.filename)
        elif verdict is not None:
            skipped.append(f"{info.filename} ({verdict})")
        else:
            members.append(Member(name=info.filename, data=content))
    if not members:
        if nested:
            raise messages.nested_archive(nested[0])
        raise messages.no_log_in_archive(", ".join(skipped) if skipped else "no files")
    skipped.extend(f"{n} (an archive inside the archive, not opened)" for n in nested)
    return Unpacked(container="zip", members=tuple(members), skipped=tuple(skipped))


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, budget: _Budget, total_size: int
) -> bytes:
    parts: list[bytes] = []
    member_out = 0
    member_in = min(info.compress_size, total_size)
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                parts.append(chunk)
                member_out += len(chunk)
                budget.add(len(chunk), member_out=member_out, member_in=member_in)
    except UnreadableLog:
        raise
    except Exception as exc:  # bad CRC, truncated data, unsupported method, ...
        raise messages.corrupt_archive("zip") from exc
    return b"".join(parts)


def _member_verdict(content: bytes) -> str | None:
    """None for a member worth reading; "archive" for a nested archive; else what the binary is."""
    if archive_kind(content) is not None:
        return "archive"
    if not content.strip():
        return "empty"
    return describe_binary(content)


def _is_junk(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    base = name.rsplit("/", 1)[-1]
    return (
        info.is_dir()
        or name.startswith("__MACOSX/")
        or "/__MACOSX/" in name
        or base.startswith("._")
        or base in _JUNK_NAMES
    )
