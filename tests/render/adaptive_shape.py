"""A small structural validator for the Adaptive Card 1.5 shape Teams accepts.

The official JSON schema is not available offline, so this checks what matters for Teams: root fields,
known element and action types with their required fields, enum values, no unknown properties, Action.Submit
data as an object, and the 28 KB size limit. It returns a list of problems (empty: valid).
"""

from __future__ import annotations

import json
from typing import Any

MAX_BYTES = 28 * 1024
_COMMON = {"type", "id", "spacing", "separator", "isVisible", "requires", "fallback", "height"}
_ELEMENTS: dict[str, tuple[set[str], set[str]]] = {  # type → (required, optional)
    "TextBlock": (
        {"text"},
        {
            "wrap",
            "weight",
            "size",
            "color",
            "isSubtle",
            "maxLines",
            "style",
            "fontType",
            "horizontalAlignment",
        },
    ),
    "FactSet": ({"facts"}, set()),
    "Container": ({"items"}, {"style", "bleed", "selectAction", "verticalContentAlignment", "minHeight"}),
    "ActionSet": ({"actions"}, set()),
    "ColumnSet": ({"columns"}, {"style", "bleed", "selectAction", "horizontalAlignment"}),
    "Image": ({"url"}, {"altText", "size", "style", "width", "horizontalAlignment", "selectAction"}),
}
_ACTIONS: dict[str, tuple[set[str], set[str]]] = {
    "Action.Submit": (
        set(),
        {
            "title",
            "data",
            "style",
            "associatedInputs",
            "iconUrl",
            "tooltip",
            "isEnabled",
            "mode",
            "id",
            "fallback",
            "requires",
        },
    ),
    "Action.OpenUrl": (
        {"url"},
        {"title", "style", "iconUrl", "tooltip", "isEnabled", "mode", "id", "fallback", "requires"},
    ),
}
_ENUMS = {
    "weight": {"Default", "Lighter", "Bolder"},
    "size": {"Default", "Small", "Medium", "Large", "ExtraLarge"},
    "color": {"Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"},
    "spacing": {"None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"},
}
_TEXT_STYLES = {"default", "heading"}
_ACTION_STYLES = {"default", "positive", "destructive"}


def problems(card: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if card.get("type") != "AdaptiveCard":
        found.append("root type must be AdaptiveCard")
    if not isinstance(card.get("$schema"), str):
        found.append("$schema missing")
    if card.get("version") != "1.5":
        found.append("version must be 1.5")
    if not isinstance(card.get("body"), list):
        found.append("body must be a list")
    unknown = set(card) - {
        "type",
        "$schema",
        "version",
        "body",
        "actions",
        "fallbackText",
        "msteams",
        "speak",
        "lang",
        "minHeight",
        "selectAction",
        "verticalContentAlignment",
    }
    found += [f"root: unknown property {k}" for k in sorted(unknown)]
    for i, element in enumerate(card.get("body") or []):
        found += _element(element, f"body[{i}]")
    for i, action in enumerate(card.get("actions") or []):
        found += _action(action, f"actions[{i}]")
    size = len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode())
    if size >= MAX_BYTES:
        found.append(f"card is {size} bytes (limit {MAX_BYTES})")
    return found


def _element(element: Any, where: str) -> list[str]:
    if not isinstance(element, dict):
        return [f"{where}: not an object"]
    if element.get("type") not in _ELEMENTS:
        return [f"{where}: unknown element {element.get('type')}"]
    required, optional = _ELEMENTS[element["type"]]
    found = [f"{where}: missing {k}" for k in sorted(required - set(element))]
    found += [f"{where}: unknown property {k}" for k in sorted(set(element) - required - optional - _COMMON)]
    found += _enums(element, where)
    kind = element["type"]
    if kind == "TextBlock":
        if not isinstance(element.get("text"), str) or not element.get("text"):
            found.append(f"{where}: text must be a non-empty string")
        if element.get("style", "default") not in _TEXT_STYLES:
            found.append(f"{where}: bad style")
    elif kind == "FactSet":
        for j, fact in enumerate(element.get("facts") or []):
            if set(fact) != {"title", "value"} or not all(isinstance(v, str) for v in fact.values()):
                found.append(f"{where}.facts[{j}]: needs string title and value only")
    elif kind == "Container":
        for j, item in enumerate(element.get("items") or []):
            found += _element(item, f"{where}.items[{j}]")
        if not element.get("items"):
            found.append(f"{where}: empty container")
    elif kind == "ActionSet":
        for j, action in enumerate(element.get("actions") or []):
            found += _action(action, f"{where}.actions[{j}]")
    return found


def _action(action: Any, where: str) -> list[str]:
    if not isinstance(action, dict) or action.get("type") not in _ACTIONS:
        return [f"{where}: unknown action"]
    required, optional = _ACTIONS[action["type"]]
    found = [f"{where}: missing {k}" for k in sorted(required - set(action))]
    found += [f"{where}: unknown property {k}" for k in sorted(set(action) - required - optional - {"type"})]
    if action["type"] == "Action.Submit" and not isinstance(action.get("data", {}), dict):
        found.append(f"{where}: Action.Submit data must be an object")
    if action.get("style", "default") not in _ACTION_STYLES:
        found.append(f"{where}: bad style")
    if not isinstance(action.get("title", ""), str):
        found.append(f"{where}: title must be a string")
    return found


def _enums(element: dict[str, Any], where: str) -> list[str]:
    return [
        f"{where}: {key}={element[key]!r} not allowed"
        for key, allowed in _ENUMS.items()
        if key in element and element[key] not in allowed
    ]
