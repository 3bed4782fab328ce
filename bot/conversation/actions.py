"""Button actions: one compact, versioned encoding used by Slack, Teams and the web console.

Rules of this file:
- An encoded action is a short ASCII string (well under Slack's 2000-char value and 255-char action_id).
- It carries only *which* button on *which* session/step: never identity, never state that matters for
  authorisation. Handlers re-read the session from the store and re-check who clicked.
- ``decode_action`` returns None for anything malformed or tampered-looking; it never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_PREFIX = "ib1"
_SEP = "|"
_SAFE = re.compile(r"^[A-Za-z0-9_.:\-]{0,128}$")


class ActionKind(str, Enum):
    WALK = "walk"  # "Walk me through the fix"
    SHOW_EVIDENCE = "evidence"  # "Show all evidence"
    ESCALATE = "escalate"  # "Escalate to support"
    STEP_FIXED = "fixed"  # "Done — audio works now"
    STEP_STILL_BROKEN = "still"  # "Done — still no audio"
    STEP_SKIP = "skip"  # "Skip"
    STEP_NEEDS_IT = "needs_it"  # "This needs IT"
    ANSWER = "answer"  # answer to a walkthrough question; value = "<question_id>:<answer_id>"
    NEXT_CAUSE = "next_cause"  # try the next ranked cause
    ASK_AGENT = "ask_agent"  # contact id unknown: ask the agent for the log
    HELP = "help"


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    session_id: str = ""  # walkthrough session or diagnosis id the button belongs to
    step: int = -1  # index of the step/question message the button was on (-1: not a step)
    value: str = ""  # small extra datum (answer id, contact id)


def encode_action(action: Action) -> str:
    for part in (action.session_id, action.value):
        if not _SAFE.match(part):
            raise ValueError(f"action part not encodable: {part!r}")
    return _SEP.join((_PREFIX, action.kind.value, action.session_id, str(action.step), action.value))


def decode_action(raw: str | None) -> Action | None:
    if not raw or len(raw) > 600:
        return None
    parts = raw.split(_SEP)
    if len(parts) != 5 or parts[0] != _PREFIX:
        return None
    _, kind, session_id, step, value = parts
    try:
        action_kind = ActionKind(kind)
        step_no = int(step)
    except ValueError:
        return None
    if not _SAFE.match(session_id) or not _SAFE.match(value) or step_no < -1 or step_no > 10_000:
        return None
    return Action(kind=action_kind, session_id=session_id, step=step_no, value=value)
