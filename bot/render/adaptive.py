"""Reply → Adaptive Card (schema 1.5) for Microsoft Teams.

Rules of this file:
- Pure: a ``Reply`` in, a JSON-able dict out. No I/O, no SDK, no clock; the same reply gives the same card.
- Every string that reaches a markdown field (TextBlock.text, Fact.title, Fact.value) goes through
  ``escape_markdown`` so log text such as ``**``, ``[x](y)``, ``<at>`` or ``{{DATE(...)}}`` renders literally.
  Button titles are plain text in Adaptive Cards and are only length-capped.
- Buttons become ``Action.Submit`` with ``data = {"ib": encode_action(...)}``; nothing else rides in the data.
- A card never exceeds ``CARD_BUDGET_BYTES`` (Teams rejects cards over 28 KB): evidence is dropped first,
  with a "Show all evidence" button when the reply belongs to a session; then long texts are shortened.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from bot.conversation import Action, ActionKind, Button, ButtonStyle, EvidenceLine, Reply, Section
from bot.conversation.actions import encode_action

SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
CARD_BUDGET_BYTES = 26 * 1024  # under Teams' 28 KB, leaving room for the activity envelope
MAX_TOP_ACTIONS = 6  # Teams shows at most six card-level actions
MAX_TEXT_CHARS = 3000
MAX_EVIDENCE_CHARS = 300
MAX_EVIDENCE_LINES = 25
MAX_BUTTON_CHARS = 60
SHOW_ALL_LABEL = "Show all evidence"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#~|{}!])")
_LIST_BULLET = re.compile(r"^(\s*)([-+])", re.MULTILINE)
_LIST_NUMBER = re.compile(r"^(\s*\d+)\.", re.MULTILINE)
_KIND_COLOUR = {"error": "Attention", "fixed": "Good", "escalated": "Accent", "it_handoff": "Warning"}
_BUTTON_STYLE = {ButtonStyle.PRIMARY: "positive", ButtonStyle.DANGER: "destructive"}


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Teams' card markdown (and its DATE/TIME macros) would interpret."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = _LIST_BULLET.sub(r"\1\\\2", escaped)  # "- item" at a line start is not a bullet
    return _LIST_NUMBER.sub(r"\1\\.", escaped)  # nor is "1. item" a numbered list


def card_size(card: dict[str, Any]) -> int:
    """Bytes of the card as it travels (compact UTF-8 JSON)."""
    return len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def to_card(reply: Reply) -> dict[str, Any]:
    """The Adaptive Card for ``reply``, within the size budget."""
    fitted = _cap_lengths(reply)
    while True:
        hid_evidence = _evidence_count(fitted) < _evidence_count(reply)
        card = _build(_with_show_all(fitted) if hid_evidence else fitted)
        if card_size(card) <= CARD_BUDGET_BYTES:
            return card
        smaller = (
            _drop_one_evidence_line(fitted) or _shorten_longest_text(fitted) or _drop_last_section(fitted)
        )
        if smaller is None:
            return card
        fitted = smaller


def with_link(card: dict[str, Any], *, title: str, url: str) -> dict[str, Any]:
    """A copy of ``card`` with an ``Action.OpenUrl`` appended (download links, deep links to a thread)."""
    action = {"type": "Action.OpenUrl", "title": title[:MAX_BUTTON_CHARS], "url": url}
    actions = [*card.get("actions", []), action]
    return {**card, "actions": actions}


# --- building -------------------------------------------------------------------------------------------


def _build(reply: Reply) -> dict[str, Any]:
    body: list[dict[str, Any]] = [_headline(reply)]
    progress = reply.extras.get("progress")
    if progress:
        body.append(_text(f"Step {progress}", subtle=True, spacing="None"))
    body.extend(_section(section) for section in reply.sections)
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA_URL,
        "version": CARD_VERSION,
        "fallbackText": reply.text[:MAX_TEXT_CHARS],
        "msteams": {"width": "Full"},
        "body": body,
    }
    actions = [_submit(button) for button in reply.buttons]
    if len(actions) <= MAX_TOP_ACTIONS:
        if actions:
            card["actions"] = actions
    else:
        body.extend(
            {"type": "ActionSet", "actions": actions[i : i + MAX_TOP_ACTIONS]}
            for i in range(0, len(actions), MAX_TOP_ACTIONS)
        )
    return card


def _headline(reply: Reply) -> dict[str, Any]:
    block = _text(reply.text, weight="Bolder", size="Medium")
    block["style"] = "heading"
    colour = _KIND_COLOUR.get(reply.kind)
    if colour:
        block["color"] = colour
    return block


def _section(section: Section) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    if section.title:
        items.append(_text(section.title, weight="Bolder"))
    if section.text:
        items.append(_text(section.text))
    if section.evidence:
        items.append({"type": "FactSet", "facts": [_fact(line) for line in section.evidence]})
    if section.truncated_evidence:
        more = section.truncated_evidence
        items.append(_text(f"{more} more log line{'s' if more != 1 else ''} not shown.", subtle=True))
    if not items:
        items.append(_text(" "))
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _fact(line: EvidenceLine) -> dict[str, str]:
    where = f"line {line.line}" + (f" · {line.time}" if line.time else "")
    return {"title": escape_markdown(where), "value": escape_markdown(line.text)}


def _text(
    text: str,
    *,
    weight: str | None = None,
    size: str | None = None,
    subtle: bool = False,
    spacing: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": escape_markdown(text), "wrap": True}
    if weight:
        block["weight"] = weight
    if size:
        block["size"] = size
    if subtle:
        block["isSubtle"] = True
    if spacing:
        block["spacing"] = spacing
    return block


def _submit(button: Button) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": button.label[:MAX_BUTTON_CHARS],
        "data": {"ib": encode_action(button.action)},
    }
    style = _BUTTON_STYLE.get(button.style)
    if style:
        action["style"] = style
    return action


# --- fitting into the budget ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Longest:
    index: int  # -1: the headline
    length: int


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cap_lengths(reply: Reply) -> Reply:
    sections = []
    for s in reply.sections:
        shown = s.evidence[:MAX_EVIDENCE_LINES]
        evidence = tuple(replace(e, text=_clip(" ".join(e.text.split()), MAX_EVIDENCE_CHARS)) for e in shown)
        hidden = s.truncated_evidence + len(s.evidence) - len(shown)
        sections.append(
            replace(s, text=_clip(s.text, MAX_TEXT_CHARS), evidence=evidence, truncated_evidence=hidden)
        )
    return replace(reply, text=_clip(reply.text, MAX_TEXT_CHARS), sections=tuple(sections))


def _evidence_count(reply: Reply) -> int:
    return sum(len(s.evidence) for s in reply.sections)


def _drop_one_evidence_line(reply: Reply) -> Reply | None:
    if not _evidence_count(reply):
        return None
    idx = max(range(len(reply.sections)), key=lambda i: len(reply.sections[i].evidence))
    s = reply.sections[idx]
    shorter = replace(s, evidence=s.evidence[:-1], truncated_evidence=s.truncated_evidence + 1)
    return replace(reply, sections=(*reply.sections[:idx], shorter, *reply.sections[idx + 1 :]))


def _shorten_longest_text(reply: Reply) -> Reply | None:
    candidates = [_Longest(-1, len(reply.text))]
    candidates += [_Longest(i, len(sec.text)) for i, sec in enumerate(reply.sections)]
    longest = max(candidates, key=lambda c: c.length)
    if longest.length <= 80:
        return None
    if longest.index == -1:
        return replace(reply, text=_clip(reply.text, longest.length // 2))
    s = reply.sections[longest.index]
    shorter = replace(s, text=_clip(s.text, longest.length // 2))
    return replace(
        reply, sections=(*reply.sections[: longest.index], shorter, *reply.sections[longest.index + 1 :])
    )


def _drop_last_section(reply: Reply) -> Reply | None:
    return replace(reply, sections=reply.sections[:-1]) if reply.sections else None


def _with_show_all(reply: Reply) -> Reply:
    """Add a "Show all evidence" button when the reply belongs to a session and has none yet."""
    kinds = {b.action.kind for b in reply.buttons}
    session = next((b.action.session_id for b in reply.buttons if b.action.session_id), "")
    if ActionKind.SHOW_EVIDENCE in kinds or not session:
        return reply
    show_all = Button(label=SHOW_ALL_LABEL, action=Action(kind=ActionKind.SHOW_EVIDENCE, session_id=session))
    return replace(reply, buttons=(*reply.buttons, show_all))
