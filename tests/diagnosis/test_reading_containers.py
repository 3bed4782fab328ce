"""gzip and zip uploads: members, junk, nesting, encryption, bombs and size limits."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from bot.diagnosis import Limits, UnreadableKind, UnreadableLog, decode_text, read_log
from bot.diagnosis.model import InputFormat

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"
LOG = (SHAPES / "agent-log-new.txt").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def make_zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def kind_of(data: bytes, limits: Limits | None = None) -> UnreadableKind:
    with pytest.raises(UnreadableLog) as caught:
        read_log(data, limits=limits or Limits())
    return caught.value.kind


def test_gzip_is_read_like_the_plain_file() -> None:
    log = read_log(gzip.compress(LOG))
    assert log.container == "gzip"
    assert log.entries == read_log(LOG).entries


def test_concatenated_gzip_members_are_one_file() -> None:
    half = LOG.index(b"\n    {", 2000)
    log = read_log(gzip.compress(LOG[:half]) + gzip.compress(LOG[half:]))
    assert log.entries == read_log(LOG).entries


def test_zip_with_one_log_and_macos_junk() -> None:
    data = make_zip({"__MACOSX/._agent-log.txt": b"\x00\x05junk", "logs/": b"", "logs/agent-log.txt": LOG})
    log = read_log(data)
    assert log.container == "zip"
    assert log.entries == read_log(LOG).entries
    assert log.notes == ()


def test_zip_members_are_read_in_name_order_with_their_own_line_numbers() -> None:
    console = (SHAPES / "console-chrome.txt").read_bytes()
    log = read_log(make_zip({"b-console.txt": console, "a-agent-log.txt": LOG}))
    assert log.format is InputFormat.JSON_ARRAY  # the member with most entries
    assert log.entry_count == 9 + 6
    assert log.entries[0].line == 2 and log.entries[9].line == 1
    assert log.notes == (
        "Read a-agent-log.txt from the zip (9 entries); its line numbers are within that file.",
        "Read b-console.txt from the zip (6 entries); its line numbers are within that file.",
    )


def test_zip_skips_screenshots_and_readmes_next_to_the_log_and_says_so() -> None:
    readme = (SHAPES / "readme.md").read_bytes()
    log = read_log(make_zip({"agent-log.txt": LOG, "readme.md": readme, "shot.png": PNG}))
    assert len(log.entries) == 9
    assert "Skipped readme.md (not a softphone log) in the zip." in log.notes
    assert "Skipped shot.png (a PNG image (a screenshot?)) in the zip." in log.notes


def test_zip_of_only_a_screenshot_names_it() -> None:
    with pytest.raises(UnreadableLog) as caught:
        read_log(make_zip({"shot.png": PNG}))
    assert caught.value.message == (
        "The zip holds no softphone log (it contains shot.png (a PNG image (a screenshot?))). "
        "Please attach agent-log.txt from the CCP (Settings → Download logs)."
    )


def test_archive_inside_archive_is_not_opened() -> None:
    assert kind_of(make_zip({"inner.zip": make_zip({"agent-log.txt": LOG})})) is UnreadableKind.NESTED_ARCHIVE
    assert kind_of(make_zip({"agent-log.txt.gz": gzip.compress(LOG)})) is UnreadableKind.NESTED_ARCHIVE
    assert kind_of(gzip.compress(make_zip({"agent-log.txt": LOG}))) is UnreadableKind.NESTED_ARCHIVE


def test_nested_archive_next_to_a_log_is_skipped_with_a_note() -> None:
    log = read_log(make_zip({"agent-log.txt": LOG, "old.zip": make_zip({"x.txt": LOG})}))
    assert len(log.entries) == 9
    assert "Skipped old.zip (an archive inside the archive, not opened) in the zip." in log.notes


def test_encrypted_zip_is_refused() -> None:
    data = bytearray(make_zip({"agent-log.txt": LOG}, method=zipfile.ZIP_STORED))
    central = data.index(b"PK\x01\x02")
    data[6] |= 0x1  # general purpose flag bit 0, "encrypted", in the local header ...
    data[central + 8] |= 0x1  # ... and in the central directory, as password-protected zips set it
    assert kind_of(bytes(data)) is UnreadableKind.ENCRYPTED


def test_too_many_members() -> None:
    members = {f"part-{i:02}.txt": LOG for i in range(21)}
    assert kind_of(make_zip(members)) is UnreadableKind.TOO_MANY_MEMBERS
    assert len(read_log(make_zip(members), limits=Limits(max_zip_members=21)).entries) == 21 * 9


def test_zip_bomb_by_ratio_per_member_and_overall() -> None:
    bomb = b" " * (3 * 1024 * 1024)
    assert kind_of(make_zip({"agent-log.txt": bomb})) is UnreadableKind.ZIP_BOMB
    assert kind_of(gzip.compress(bomb)) is UnreadableKind.ZIP_BOMB


def test_decompressed_size_limit_is_counted_while_streaming() -> None:
    limits = Limits(max_decompressed_bytes=len(LOG) - 1)
    assert kind_of(gzip.compress(LOG), limits) is UnreadableKind.TOO_LARGE
    assert kind_of(make_zip({"agent-log.txt": LOG}), limits) is UnreadableKind.TOO_LARGE
    assert kind_of(LOG, limits) is UnreadableKind.TOO_LARGE


def test_damaged_archives() -> None:
    assert kind_of(gzip.compress(LOG)[:-30]) is UnreadableKind.CORRUPT_ARCHIVE
    assert kind_of(b"\x1f\x8b" + bytes(50)) is UnreadableKind.CORRUPT_ARCHIVE
    zipped = make_zip({"agent-log.txt": LOG})
    assert kind_of(zipped[: len(zipped) // 2]) is UnreadableKind.CORRUPT_ARCHIVE
    flipped = bytearray(zipped)
    flipped[60] ^= 0xFF  # inside the deflated data: bad data or CRC
    assert kind_of(bytes(flipped)) is UnreadableKind.CORRUPT_ARCHIVE


def test_office_documents_are_named_not_searched_for_logs() -> None:
    docx = make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    with pytest.raises(UnreadableLog) as caught:
        read_log(docx)
    assert caught.value.message.startswith("This looks like a Word document, not a softphone log.")


def test_decode_text_lists_members_and_joins_their_text() -> None:
    decoded = decode_text(make_zip({"b.txt": b"ICE two", "a.txt": "ICE one\r\n".encode("utf-16")}))
    assert decoded.members == ("a.txt", "b.txt")
    assert decoded.text == "ICE one\n\nICE two"
    assert decoded.encoding == "utf-16-le, utf-8"
    assert decoded.container == "zip"
