"""Measure JSON nesting depth in text before any recursive parser sees it.

Rules of this file:
- Never recursive, never a Python loop per character: each pass is one C-speed regex over the text.
- ``exceeds_depth`` may over-estimate (unbalanced or truncated text counts every unclosed bracket) but
  never under-estimates, so text it passes is safe for ``json.JSONDecoder``.
- Pretty-printed text (the CCP's 4-space indent) is checked by its indentation alone: in
  ``JSON.stringify(value, undefined, 4)`` output a line indented 4*d spaces sits at depth d.
"""

from __future__ import annotations

import re

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_INNERMOST = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
_OPENERS = re.compile(r"[\[{]")


def exceeds_depth(text: str, limit: int) -> bool:
    """True when brackets outside strings nest deeper than ``limit`` (or might, if unbalanced)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    reduced = _STRING.sub("0", text)
    peeled = 0  # each pass removes every innermost container: passes == depth for balanced text
    while peeled <= limit:
        reduced, replaced = _INNERMOST.subn("0", reduced)
        if not replaced:
            break
        peeled += 1
    # Openers left are unclosed (truncated text): each may add one level around what was peeled.
    return peeled + len(_OPENERS.findall(reduced)) > limit


def indentation_exceeds(text: str, limit: int, *, indent: int = 4) -> bool:
    """True when a pretty-printed text has a line indented deeper than ``limit`` levels."""
    return ("\n" + " " * (indent * limit)) in text
