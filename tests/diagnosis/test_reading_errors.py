"""Every sentence the reading stage answers with, word for word, from an input that earns it."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import pytest

from bot.diagnosis import Limits, UnreadableKind, UnreadableLog, read_log

ATTACH = "Please attach agent-log.txt from the CCP (Settings → Download logs)."
ENTRY = json.dumps([{"text": " x SESSION ICE collection timed out", "level": "WARN", "time": "t"}], indent=4)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CASES: list[tuple[str, bytes, Limits, UnreadableKind, str]] = [
    ("empty", b"", Limits(), UnreadableKind.EMPTY, f"The file is empty. {ATTACH}"),
    (
        "blank",
        b" \r\n\t\n",
        Limits(),
        UnreadableKind.EMPTY,
        f"The file holds only blank lines, no log entries. {ATTACH}",
    ),
    (
        "png",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        Limits(),
        UnreadableKind.BINARY,
        f"This looks like a PNG image (a screenshot?), not a softphone log. {ATTACH}",
    ),
    (
        "jpeg",
        b"\xff\xd8\xff\xe0" + bytes(64),
        Limits(),
        UnreadableKind.BINARY,
        f"This looks like a JPEG image (a photo or screenshot?), not a softphone log. {ATTACH}",
    ),
    (
        "pdf",
        b"%PDF-1.7\n" + bytes(64),
        Limits(),
        UnreadableKind.BINARY,
        f"This looks like a PDF document, not a softphone log. {ATTACH}",
    ),
    (
        "elf",
        b"\x7fELF\x02\x01\x01" + bytes(64),
        Limits(),
        UnreadableKind.BINARY,
        f"This looks like a program (ELF executable), not a softphone log. {ATTACH}",
    ),
    (
        "binary",
        bytes(range(256)) * 4,
        Limits(),
        UnreadableKind.BINARY,
        f"This looks like a binary file, not a softphone log. {ATTACH}",
    ),
    (
        "too large",
        ENTRY.encode(),
        Limits(max_decompressed_bytes=10),
        UnreadableKind.TOO_LARGE,
        "The file is larger than 10 bytes once unpacked, more than I read. Please attach only agent-log.txt "
        "from the CCP (Settings → Download logs), not a bigger archive.",
    ),
    (
        "bomb",
        gzip.compress(b" " * (2 * 1024 * 1024)),
        Limits(),
        UnreadableKind.ZIP_BOMB,
        "The archive expands more than 250 times its size, far more than a real log does, "
        "so I did not unpack it. "
        f"{ATTACH}",
    ),
    (
        "members",
        zipped({f"{i}.txt": ENTRY.encode() for i in range(3)}),
        Limits(max_zip_members=2),
        UnreadableKind.TOO_MANY_MEMBERS,
        "The zip holds 3 files, more than the 2 I open. "
        "Please zip only agent-log.txt, or attach it on its own.",
    ),
    (
        "nested",
        zipped({"inner.zip": zipped({"agent-log.txt": ENTRY.encode()})}),
        Limits(),
        UnreadableKind.NESTED_ARCHIVE,
        "The archive holds another archive (inner.zip) and I open only one level. "
        "Please attach agent-log.txt itself, or a zip that directly contains it.",
    ),
    (
        "corrupt gzip",
        b"\x1f\x8b\x08\x00" + bytes(40),
        Limits(),
        UnreadableKind.CORRUPT_ARCHIVE,
        "The gzip file is damaged or incomplete, so I cannot unpack it. "
        "Please download the logs again and attach agent-log.txt.",
    ),
    (
        "corrupt zip",
        b"PK\x03\x04" + bytes(40),
        Limits(),
        UnreadableKind.CORRUPT_ARCHIVE,
        "The zip file is damaged or incomplete, so I cannot unpack it. "
        "Please download the logs again and attach agent-log.txt.",
    ),
    (
        "deep",
        ENTRY.encode(),
        Limits(max_json_depth=1),
        UnreadableKind.TOO_DEEP,
        "The file holds data nested more than 1 levels deep, which a CCP log never does, "
        "so I stopped reading it. "
        f"{ATTACH}",
    ),
    (
        "har",
        json.dumps({"log": {"version": "1.2", "entries": []}}, indent=2).encode(),
        Limits(),
        UnreadableKind.NOT_A_LOG,
        f"This is a browser network capture (HAR file), not the softphone log. {ATTACH}",
    ),
    (
        "webrtc-internals",
        json.dumps({"getUserMedia": [], "PeerConnections": {}}, indent=2).encode(),
        Limits(),
        UnreadableKind.NOT_A_LOG,
        "This is a chrome://webrtc-internals dump, which I do not read yet; "
        f"the softphone log explains more. {ATTACH}",
    ),
    (
        "json without entries",
        b'[{"name": "x"}, 1, "two"]',
        Limits(),
        UnreadableKind.NOT_A_LOG,
        f"This JSON file holds no softphone log entries (no entry has a text field). {ATTACH}",
    ),
    (
        "undecodable",
        b"ICE " + bytes(range(0x80, 0x100)) * 2,
        Limits(),
        UnreadableKind.UNDECODABLE,
        "The file's text is in an encoding I cannot read. "
        "Please attach agent-log.txt exactly as the CCP saved it, without re-saving it in an editor.",
    ),
    (
        "zip without log",
        zipped({"notes/": b"", "empty.txt": b"  \n"}),
        Limits(),
        UnreadableKind.NOT_A_LOG,
        f"The zip holds no softphone log (it contains empty.txt (empty)). {ATTACH}",
    ),
]


@pytest.mark.parametrize(
    ("data", "limits", "kind", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_refusal_sentence(data: bytes, limits: Limits, kind: UnreadableKind, message: str) -> None:
    with pytest.raises(UnreadableLog) as caught:
        read_log(data, limits=limits)
    assert caught.value.kind is kind
    assert caught.value.message == message == str(caught.value)
    assert "\n" not in message


def test_encrypted_sentence() -> None:
    data = bytearray(zipped({"agent-log.txt": ENTRY.encode()}))
    data[6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    with pytest.raises(UnreadableLog) as caught:
        read_log(bytes(data))
    assert caught.value.message == (
        "The zip is password-protected, so I cannot open it. Please attach agent-log.txt without a password."
    )
