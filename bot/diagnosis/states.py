"""Session and signalling state transitions (``<from> => <to>``) and the markers some of them imply.

Rules of this file:
- connect-rtc-js logs every transition of its two state machines as ``<id> SESSION <from> => <to>`` and
  ``<id> SIGNALING <from> => <to>``; TalkingState sub-states (``Substate: a => b``) are not session states.
- A signalling transition into or out of ``TalkingState`` also shows the call connected (``shows_connected``).
- ``TRANSITION_MARKERS`` is the table of transitions that mean something on their own. Markers from here
  are *weak* when the transition alone cannot say why (a FailedState could be a hang-up during set-up):
  the cause rules let weak evidence speak only when nothing more specific does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.diagnosis.model import MarkerId as M


class Channel(StrEnum):
    SESSION = "SESSION"
    SIGNALING = "SIGNALING"


@dataclass(frozen=True, slots=True)
class Transition:
    channel: Channel
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Implied:
    marker: M
    weak: bool


_ANY = "*"
_TRANSITION = re.compile(r"\b(SESSION|SIGNALING)\s+(Substate:\s+)?(\w+)\s+=>\s+(\w+)")

TRANSITION_MARKERS: dict[tuple[Channel, str, str], Implied] = {
    (Channel.SESSION, _ANY, "TalkingState"): Implied(M.CALL_CONNECTED, weak=False),
    (Channel.SESSION, _ANY, "FailedState"): Implied(M.RTC_SESSION_FAILED, weak=True),
    (Channel.SIGNALING, "PendingAnswerState", "FailedState"): Implied(
        M.SIGNALLING_HANDSHAKE_TIMEOUT, weak=True
    ),
    (Channel.SIGNALING, "PendingConnectState", "FailedState"): Implied(
        M.SIGNALLING_CONNECT_FAILED, weak=True
    ),
    (Channel.SIGNALING, "PendingReconnectState", "FailedState"): Implied(M.ICE_CONNECTION_LOST, weak=True),
    (Channel.SIGNALING, "TalkingState", "PendingRemoteHangupState"): Implied(M.AGENT_HANGUP, weak=False),
    (Channel.SIGNALING, "TalkingState", "PendingLocalHangupState"): Implied(M.REMOTE_HANGUP, weak=False),
    (Channel.SIGNALING, "IdleState", "PendingLocalHangupState"): Implied(M.REMOTE_HANGUP, weak=False),
}


def parse_transition(text: str) -> Transition | None:
    """The state transition logged in ``text``, or None (sub-state changes are ignored)."""
    if "=>" not in text:
        return None
    found = _TRANSITION.search(text)
    if found is None or found.group(2):
        return None
    return Transition(Channel(found.group(1)), found.group(3), found.group(4))


def implied_marker(transition: Transition) -> Implied | None:
    key = (transition.channel, transition.source, transition.target)
    return TRANSITION_MARKERS.get(key) or TRANSITION_MARKERS.get(
        (transition.channel, _ANY, transition.target)
    )


def shows_connected(transition: Transition) -> bool:
    """A signalling transition into or out of TalkingState: the call was connected (AWS knowledge
    center: "When a call is successfully connected with an agent, the state is TalkingState"), even when
    the excerpt lacks the session's own ``=> TalkingState`` line."""
    return transition.channel is Channel.SIGNALING and "TalkingState" in (
        transition.source,
        transition.target,
    )


def extend_path(path: list[str], transition: Transition) -> None:
    """Append a transition to a state path: the first source (unless ``null``), then each target."""
    if not path and transition.source != "null":
        path.append(transition.source)
    elif path and path[-1] != transition.source and transition.source != "null":
        path.append(transition.source)  # a transition the log lost: keep the path honest
    path.append(transition.target)
