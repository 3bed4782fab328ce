"""Turn classification (pure) and the import rule: handlers import no chat SDK, no web framework, no Redis."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.conversation import Action, ActionKind, Attachment, Turn
from handlers.intents import IntentKind, classify
from tests.handlers.converse import ALICE, THREAD

CID = "6F1C9B1E-3A4D-4C2B-9F7E-2D8A1B0C5E44"
FORBIDDEN = ("slack_bolt", "slack_sdk", "botbuilder", "botframework", "aiohttp", "redis")
HANDLERS = Path(__file__).resolve().parents[2] / "handlers"


def turn(text: str = "", **kw: object) -> Turn:
    return Turn(who=ALICE, where=THREAD, text=text, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "contact"),
    [
        (f"why no audio on {CID}?", IntentKind.LOOKUP, CID.lower()),
        ("help", IntentKind.HELP, None),
        ("  Hello! ", IntentKind.HELP, None),
        ("", IntentKind.EMPTY, None),
        ("thanks, that sorted it", IntentKind.PASTED, None),
        (
            f"[2024-05-14T09:12:39.245Z] [WARN] []:  {CID} SESSION ICE collection timed out",
            IntentKind.PASTED,
            None,
        ),
        (f"line one {CID}\nline two", IntentKind.PASTED, None),
    ],
)
def test_text_is_classified(text: str, kind: IntentKind, contact: str | None) -> None:
    intent = classify(turn(text))
    assert intent.kind is kind
    assert intent.contact_id == contact


def test_button_wins_over_text_and_attachment_wins_over_text() -> None:
    action = Action(kind=ActionKind.HELP)
    assert classify(turn("help", action=action)).action == action
    upload = classify(turn(f"for {CID}", attachments=(Attachment(filename="agent-log.txt", data=b"[]"),)))
    assert upload.kind is IntentKind.UPLOAD and upload.contact_id == CID.lower()


def test_handlers_import_no_chat_sdk_web_framework_or_redis() -> None:
    offenders = []
    for path in sorted(HANDLERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert len(list(HANDLERS.glob("*.py"))) > 10
    assert offenders == []
