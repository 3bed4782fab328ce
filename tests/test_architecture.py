"""Import direction: bot.diagnosis <- handlers <- bot.channels <- wiring, checked on the source tree.

Each rule names a package and the top-level modules its files may not import. A wrong arrow fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHAT_SDKS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework")
NETWORK = ("socket", "ssl", "http", "urllib", "aiohttp", "requests", "httpx", "asyncio", "redis")
WIRING = ("bot.server", "bot.cli", "bot.settings", "bot.__main__")

RULES: dict[str, tuple[str, ...]] = {
    # the pure core: no chat SDK, no Redis, no network, no clock, nothing above it
    "bot/diagnosis": (
        *CHAT_SDKS,
        *NETWORK,
        "time",
        "handlers",
        "bot.channels",
        "bot.state",
        "bot.render",
        "bot.conversation",
        *WIRING,
    ),
    "bot/conversation": (*CHAT_SDKS, *NETWORK, "handlers", "bot.channels", "bot.state", *WIRING),
    "bot/render": (*CHAT_SDKS, *NETWORK, "handlers", "bot.channels", "bot.state", *WIRING),
    "bot/state": (*CHAT_SDKS, "aiohttp", "handlers", "bot.channels", "bot.render", *WIRING),
    "handlers": (*CHAT_SDKS, "aiohttp", "redis", "bot.channels", "bot.render", *WIRING),
    "bot/channels/slack": ("botbuilder", "botframework", "bot.channels.teams", "bot.channels.web", *WIRING),
    "bot/channels/teams": ("slack_bolt", "slack_sdk", "bot.channels.slack", "bot.channels.web", *WIRING),
    "bot/channels/web": (*CHAT_SDKS, "bot.channels.slack", "bot.channels.teams", *WIRING),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _violations(package: str, banned: tuple[str, ...], *, root: Path = ROOT) -> list[str]:
    bad = []
    for path in sorted((root / package).rglob("*.py")):
        for name in sorted(_imports(path)):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(root)} imports {name}")
    return bad


@pytest.mark.parametrize("package", sorted(RULES))
def test_import_direction(package: str) -> None:
    assert (ROOT / package).is_dir(), f"{package} is missing"
    assert _violations(package, RULES[package]) == []


def test_core_reads_no_clock() -> None:
    offenders = []
    for path in sorted((ROOT / "bot/diagnosis").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("datetime.now", "datetime.utcnow", "date.today", "time.time(", "monotonic("):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_rules_catch_a_wrong_arrow(tmp_path: Path) -> None:
    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "bad.py").write_text(
        "import slack_sdk\nfrom redis.asyncio import Redis\nfrom bot.diagnosis import diagnose\n",
        encoding="utf-8",
    )
    assert _violations("handlers", RULES["handlers"], root=tmp_path) == [
        "handlers/bad.py imports redis.asyncio",
        "handlers/bad.py imports slack_sdk",
    ]
