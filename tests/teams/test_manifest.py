"""The Teams app package: manifest fields Teams requires, icons of the right size, and the zip builder."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _build(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "build-teams-package"
    return subprocess.run(
        [sys.executable, str(script), *args, "--out", str(tmp_path / "app.zip")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_builder_substitutes_the_app_id_and_zips_three_files_at_the_root(tmp_path: Path) -> None:
    result = _build(tmp_path, "--app-id", APP_ID, "--host", "icebreaker.example.com")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "app.zip") as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
        assert _png_size(zf.read("color.png")) == (192, 192)
        assert _png_size(zf.read("outline.png")) == (32, 32)
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert float(manifest["manifestVersion"]) >= 1.16
    assert manifest["validDomains"] == ["icebreaker.example.com"]
    bot = manifest["bots"][0]
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"] and bot["supportsFiles"] is True
    titles = [c["title"] for cl in bot["commandLists"] for c in cl["commands"]]
    assert titles == ["help", "call <contact-id>"]
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


@pytest.mark.parametrize(
    "args",
    [
        ("--app-id", "not-a-guid", "--host", "a.example.com"),
        ("--app-id", APP_ID, "--host", "https://a.example.com/x"),
    ],
)
def test_builder_refuses_bad_input(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = _build(tmp_path, *args)
    assert result.returncode != 0 and not (tmp_path / "app.zip").exists()


def test_outline_icon_is_white_on_transparent() -> None:
    import zlib

    data = (ROOT / "manifests/teams/outline.png").read_bytes()
    idat = data[data.index(b"IDAT") + 4 :]
    raw = zlib.decompressobj().decompress(idat)
    pixels = {
        raw[1 + r * (32 * 4 + 1) + c * 4 : 5 + r * (32 * 4 + 1) + c * 4] for r in range(32) for c in range(32)
    }
    assert pixels <= {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"} and len(pixels) == 2
