"""Reply → Slack Block Kit JSON, as a pure function.

Rules of this file:
- No I/O and no Slack SDK: data in, JSON-able dicts out, so golden files pin the output.
- Every string that came from a reply (headline, sections, evidence, labels) is untrusted: in mrkdwn it is
  escaped (``&``, ``<``, ``>``), so ``<!channel>`` or ``<@U1>`` in a log line pings nobody and fakes no link.
  ``plain_text`` objects are not parsed by Slack and are therefore not escaped.
- Evidence is shown in a code block; backticks inside it are swapped for a look-alike (U+02CB) so a log line
  cannot close the block and smuggle formatting out.
- Every Slack limit holds for any reply: blocks per message/Home view, elements per actions block, section
  text, button text, button value, action_id/block_id. What does not fit is cut with a visible note, and cut
  evidence gets a "Show all evidence" button when the reply belongs to a session.
"""

from __future__ import annotations

from typing import Any

from bot.conversation import Action, ActionKind, Button, ButtonStyle, Reply, Section, encode_action

MAX_MESSAGE_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_ACTION_ELEMENTS = 25
BUTTONS_PER_ROW = 5  # readability; Slack allows MAX_ACTION_ELEMENTS
MAX_SECTION_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ID = 255
MAX_FALLBACK_TEXT = 3000
MAX_EVIDENCE_LINE = 400  # escaped chars of one evidence line before it is cut
MAX_EVIDENCE_LINES = 12  # evidence lines shown per section
MAX_CHUNKS_PER_SECTION = 4  # a very long section becomes at most this many section blocks

Block = dict[str, Any]

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_FENCE = "```"
_ELLIPSIS = "…"
_BACKTICK_LOOKALIKE = "\u02cb"


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn parses as control sequences."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """``text`` escaped and cut so the result is at most ``limit`` chars (never splitting an entity)."""
    out: list[str] = []
    used = 0
    for i, ch in enumerate(text):
        piece = _ESCAPES.get(ch, ch)
        rest_needs = len(_ELLIPSIS) if i < len(text) - 1 else 0
        if used + len(piece) + rest_needs > limit:
            return "".join(out) + _ELLIPSIS
        out.append(piece)
        used += len(piece)
    return "".join(out)


def fit_plain(text: str, limit: int) -> str:
    """Plain text (not escaped) cut to ``limit`` chars; Slack rejects empty plain_text, so never empty."""
    text = text.strip() or "-"
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def to_fallback_text(reply: Reply) -> str:
    """The notification / screen-reader text sent next to the blocks."""
    return fit(reply.text or "Icebreaker", MAX_FALLBACK_TEXT)


def to_blocks(reply: Reply) -> list[Block]:
    """Render a reply as message blocks (at most 50)."""
    return _render(reply, max_blocks=MAX_MESSAGE_BLOCKS)


def to_home_view(reply: Reply) -> dict[str, Any]:
    """Render a reply as an App Home view for ``views.publish`` (at most 100 blocks)."""
    return {"type": "home", "blocks": _render(reply, max_blocks=MAX_HOME_BLOCKS)}


def link_block(url: str, label: str) -> Block:
    """A context block holding one link the adapter obtained from Slack itself (e.g. a permalink)."""
    if not url.startswith("https://") or any(c in url for c in "<>| \n"):
        return _context(fit(f"{label}: link unavailable", MAX_SECTION_TEXT))
    return _context(f"<{url}|{fit(label, 200)}>")


def _render(reply: Reply, *, max_blocks: int) -> list[Block]:
    actions = _action_blocks(_all_buttons(reply))
    budget = max(1, max_blocks - len(actions) - 1)  # keep the buttons and room for a "cut" note
    body: list[Block] = [_section(f"*{fit(reply.text or 'Icebreaker', MAX_SECTION_TEXT - 2)}*")]
    progress = reply.extras.get("progress")
    if progress:
        body.append(_context(fit(f"Step {progress}", MAX_SECTION_TEXT)))
    for section in reply.sections:
        body.extend(_section_blocks(section))
    if len(body) > budget:
        dropped = len(body) - (budget - 1)
        body = [*body[: budget - 1], _context(f"{dropped} more part(s) not shown here.")]
    return [*body, *actions][:max_blocks]


def _all_buttons(reply: Reply) -> list[Button]:
    buttons = list(reply.buttons)
    cut = any(_evidence_cut(s) > 0 for s in reply.sections)
    has_show_all = any(b.action.kind is ActionKind.SHOW_EVIDENCE for b in buttons)
    session = next((b.action.session_id for b in buttons if b.action.session_id), "")
    if cut and not has_show_all and session:
        buttons.append(Button(label="Show all evidence", action=Action(ActionKind.SHOW_EVIDENCE, session)))
    return buttons


def _section_blocks(section: Section) -> list[Block]:
    head = f"*{fit(section.title, 200)}*\n" if section.title else ""
    chunks = _chunks(section.text, MAX_SECTION_TEXT - len(head))
    blocks: list[Block] = []
    if chunks or head:
        first = head + (chunks[0] if chunks else "")
        blocks.append(_section(first.rstrip("\n") or "-"))
        blocks.extend(_section(c) for c in chunks[1:MAX_CHUNKS_PER_SECTION])
        if len(chunks) > MAX_CHUNKS_PER_SECTION:
            blocks.append(_context("The rest of this text is not shown here."))
    if section.evidence:
        blocks.append(_section(_evidence_text(section)))
    cut = _evidence_cut(section)
    if cut:
        blocks.append(_context(f"{cut} more evidence line(s) not shown."))
    return blocks


def _chunks(text: str, limit: int) -> list[str]:
    """Escaped pieces of ``text``, each at most ``limit`` chars, split at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines():
        escaped = escape(line)
        while len(escaped) > limit:  # a single very long line: hard split without breaking an entity
            cut = _safe_cut(escaped, limit)
            pieces.extend([current] if current else [])
            current = ""
            pieces.append(escaped[:cut])
            escaped = escaped[cut:]
        candidate = f"{current}\n{escaped}" if current else escaped
        if len(candidate) > limit:
            pieces.append(current)
            candidate = escaped
        current = candidate
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _safe_cut(escaped: str, limit: int) -> int:
    amp = escaped.rfind("&", max(0, limit - 4), limit)
    return amp if amp > 0 and ";" not in escaped[amp:limit] else limit


def _shown_evidence(section: Section) -> list[str]:
    budget = MAX_SECTION_TEXT - 2 * len(_FENCE) - 2
    lines: list[str] = []
    for ev in section.evidence[:MAX_EVIDENCE_LINES]:
        where = f"L{ev.line}" + (f" {ev.time}" if ev.time else "")
        text = ev.text.replace("`", _BACKTICK_LOOKALIKE).replace("\n", " ")
        line = fit(f"{where}  {text}", MAX_EVIDENCE_LINE)
        if sum(len(x) + 1 for x in lines) + len(line) + 1 > budget:
            break
        lines.append(line)
    return lines


def _evidence_text(section: Section) -> str:
    return _FENCE + "\n" + "\n".join(_shown_evidence(section)) + "\n" + _FENCE


def _evidence_cut(section: Section) -> int:
    shown = len(_shown_evidence(section)) if section.evidence else 0
    return len(section.evidence) - shown + max(0, section.truncated_evidence)


def _action_blocks(buttons: list[Button]) -> list[Block]:
    elements = [el for i, b in enumerate(buttons) if (el := _button(b, i)) is not None]
    size = min(BUTTONS_PER_ROW, MAX_ACTION_ELEMENTS)
    rows = [elements[i : i + size] for i in range(0, len(elements), size)]
    return [
        {"type": "actions", "block_id": f"ib_actions_{n}"[:MAX_ID], "elements": row}
        for n, row in enumerate(rows[:4])
    ]


def _button(button: Button, index: int) -> Block | None:
    try:
        value = encode_action(button.action)
    except ValueError:
        return None
    if len(value) > MAX_BUTTON_VALUE:
        return None
    element: Block = {
        "type": "button",
        "action_id": f"ib_{button.action.kind.value}_{index}"[:MAX_ID],
        "text": {"type": "plain_text", "text": fit_plain(button.label, MAX_BUTTON_TEXT), "emoji": True},
        "value": value,
    }
    if button.style is not ButtonStyle.DEFAULT:
        element["style"] = button.style.value
    return element


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:MAX_SECTION_TEXT]}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:MAX_SECTION_TEXT]}]}
