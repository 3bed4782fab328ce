"""THE cause table: markers → causes with a confidence, the evidence lines, and the ranking.

Rules of this file:
- One ``CauseRule`` per cause. A rule fires when one of its ``triggers`` was found; confidence is the best
  present trigger's weight, plus ``OTHER_TRIGGER_BONUS`` per further trigger present, plus ``support``
  weights (negative ones argue for a rival cause), plus ``LINE_BONUS`` per corroborating line (capped),
  clamped to ``[MIN_CONFIDENCE, MAX_CONFIDENCE]``. A lone pasted line therefore scores modestly;
  a timeout + no candidate + report flag + Streams error scores high. Never 1.0: a log is not proof.
- Weak evidence (a bare state transition, an ambiguous report flag) and generic evidence
  (``RTC_SESSION_FAILED``) only speak when nothing specific does, and never when the log shows a normal
  reason for the session ending (customer or agent hung up during set-up).
- ``context`` markers (file-level lines that fell inside a call's span) may support a rule, never trigger it.
- Evidence: the most telling line of each marker first (strongest trigger first, up to 3), then the rest
  in file order; text trimmed to ``EVIDENCE_CHARS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.diagnosis.model import Cause, CauseId, Entry, Evidence
from bot.diagnosis.model import MarkerId as M

MIN_CONFIDENCE = 0.05
MAX_CONFIDENCE = 0.95
OTHER_TRIGGER_BONUS = 0.08
LINE_BONUS = 0.03
MAX_LINE_BONUS = 0.09
WEAK_FACTOR = 0.6
EVIDENCE_CHARS = 300
TELLING_LINES = 3
MAX_EVIDENCE = 12

GENERIC: frozenset[M] = frozenset({M.RTC_SESSION_FAILED})
NORMAL_ENDINGS: frozenset[M] = frozenset({M.CALL_NOT_FOUND, M.AGENT_HANGUP})
_GATHERING = frozenset({M.CALL_CONNECTED})  # a call that connected found a media path


@dataclass(frozen=True, slots=True)
class CauseRule:
    cause: CauseId
    triggers: Mapping[M, float]
    support: Mapping[M, float] = field(default_factory=dict)
    blocked_by: frozenset[M] = frozenset()


RULES: tuple[CauseRule, ...] = (
    CauseRule(
        CauseId.MEDIA_UDP_BLOCKED,
        triggers={
            M.SRFLX_WITHOUT_RELAY: 0.6,
            M.ICE_COLLECTION_TIMEOUT: 0.55,
            M.NO_ICE_CANDIDATE: 0.5,
            M.NO_RELAY_CANDIDATE: 0.45,
            M.RTC_SESSION_FAILED: 0.3,
        },
        support={M.VPN_ADDRESS: -0.15, M.HOST_CANDIDATES_ONLY: -0.25, M.SRFLX_PORT_VARIES: -0.05},
        blocked_by=_GATHERING,
    ),
    CauseRule(
        CauseId.VPN_INTERFERENCE,
        triggers={
            M.VPN_ADDRESS: 0.4,
            M.ICE_COLLECTION_TIMEOUT: 0.3,
            M.NO_ICE_CANDIDATE: 0.25,
            M.NO_RELAY_CANDIDATE: 0.25,
            M.SRFLX_WITHOUT_RELAY: 0.25,
        },
        support={M.VPN_ADDRESS: 0.3},
        blocked_by=_GATHERING,
    ),
    CauseRule(
        CauseId.STUN_UNREACHABLE,
        triggers={M.HOST_CANDIDATES_ONLY: 0.6},
        support={M.ICE_COLLECTION_TIMEOUT: 0.1, M.NO_RELAY_CANDIDATE: 0.05},
        blocked_by=_GATHERING,
    ),
    CauseRule(
        CauseId.SYMMETRIC_NAT,
        triggers={M.SRFLX_PORT_VARIES: 0.5},
        support={M.NO_RELAY_CANDIDATE: 0.1, M.ICE_COLLECTION_TIMEOUT: 0.05},
        blocked_by=_GATHERING,
    ),
    CauseRule(
        CauseId.SIGNALLING_BLOCKED,
        triggers={M.SIGNALLING_CONNECT_FAILED: 0.6, M.WEBSOCKET_ERROR: 0.35},
        support={M.RTC_SESSION_FAILED: 0.05},
    ),
    CauseRule(
        CauseId.SIGNALLING_HANDSHAKE_TIMEOUT,
        triggers={M.SIGNALLING_HANDSHAKE_TIMEOUT: 0.6},
        support={M.WEBSOCKET_ERROR: 0.1, M.RTC_SESSION_FAILED: 0.05},
    ),
    CauseRule(CauseId.SIGNALLING_REJECTED, triggers={M.SIGNALLING_REJECTED: 0.6}),
    CauseRule(CauseId.MULTIPLE_SOFTPHONES, triggers={M.USER_BUSY: 0.7}),
    CauseRule(CauseId.MICROPHONE_UNAVAILABLE, triggers={M.MICROPHONE_FAILURE: 0.7}),
    CauseRule(
        CauseId.MEDIA_LOST_MID_CALL,
        triggers={M.ICE_RESTART_FAILED: 0.6, M.HIGH_PACKET_LOSS: 0.5, M.ICE_CONNECTION_LOST: 0.45},
        support={M.CALL_CONNECTED: 0.05, M.ICE_RECOVERED: -0.25},
    ),
    CauseRule(CauseId.API_UNREACHABLE, triggers={M.API_FAILURE: 0.4, M.HEARTBEAT_MISSED: 0.4}),
    CauseRule(CauseId.WEBRTC_ERROR, triggers={M.WEBRTC_FAILURE: 0.6}),
    CauseRule(CauseId.CCP_LOAD_FAILURE, triggers={M.UNSUPPORTED_BROWSER: 0.6, M.CCP_INIT_FAILURE: 0.55}),
)

_ORDER = {rule.cause: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True, slots=True)
class Found:
    """The markers found for one contact (or the file): hit lines per marker and which were strong."""

    hits: Mapping[M, tuple[Entry, ...]]
    strong: frozenset[M]
    telling: Mapping[M, Entry] = field(default_factory=dict)  # first strong line per marker


@dataclass(frozen=True, slots=True)
class _Scored:
    cause: Cause
    specific: bool  # fired on strong, non-generic evidence


def default_title(cause: CauseId) -> str:
    return cause.value.replace("_", " ").capitalize()


def rank_causes(
    found: Found, *, context: Found | None = None, titles: Mapping[CauseId, str] | None = None
) -> tuple[Cause, ...]:
    """Every cause the markers support, best first."""
    scored = [s for rule in RULES if (s := _score(rule, found, context, titles)) is not None]
    if any(s.specific for s in scored) or NORMAL_ENDINGS & found.hits.keys():
        scored = [s for s in scored if s.specific]
    scored.sort(key=lambda s: (-s.cause.confidence, _ORDER[s.cause.id]))
    return tuple(s.cause for s in scored)


def _score(
    rule: CauseRule, found: Found, context: Found | None, titles: Mapping[CauseId, str] | None
) -> _Scored | None:
    present = [m for m in rule.triggers if m in found.hits]
    if not present or rule.blocked_by & found.hits.keys():
        return None
    strong = [m for m in present if m in found.strong]
    chosen = max(strong or present, key=lambda m: rule.triggers[m])
    base = rule.triggers[chosen] * (1.0 if strong else WEAK_FACTOR)
    others = [m for m in present if m is not chosen]
    support = _support(rule, found, context)
    lines = {e.line for m in present for e in found.hits[m]}
    line_bonus = min(MAX_LINE_BONUS, LINE_BONUS * (len(lines) - 1))
    confidence = base + OTHER_TRIGGER_BONUS * len(others) + support + line_bonus
    confidence = max(MIN_CONFIDENCE, min(MAX_CONFIDENCE, confidence))
    order = sorted(present, key=lambda m: (m not in found.strong, -rule.triggers[m]))
    order += [m for m in rule.support if m in found.hits and m not in order and rule.support[m] > 0]
    cause = Cause(
        id=rule.cause,
        title=(titles or {}).get(rule.cause) or default_title(rule.cause),
        confidence=round(confidence, 3),
        evidence=pick_evidence(found, order),
        markers=tuple(order),
    )
    specific = bool(strong) and any(m not in GENERIC for m in strong)
    return _Scored(cause, specific)


def _support(rule: CauseRule, found: Found, context: Found | None) -> float:
    total = sum(weight for m, weight in rule.support.items() if m in found.hits)
    if context is not None:
        total += sum(
            w for m, w in rule.support.items() if m in context.hits and m not in found.hits and w > 0
        )
        total += OTHER_TRIGGER_BONUS * sum(
            1 for m in rule.triggers if m in context.hits and m not in found.hits
        )
    return total


def pick_evidence(found: Found, order: list[M]) -> tuple[Evidence, ...]:
    """The most telling line of each marker first (up to ``TELLING_LINES``), then the rest in file order."""
    first: list[Entry] = []
    for marker in order:
        entry = found.telling.get(marker) or found.hits[marker][0]
        if len(first) < TELLING_LINES and all(e.line != entry.line for e in first):
            first.append(entry)
    taken = {e.line for e in first}
    rest = sorted(
        {e.line: e for m in order for e in found.hits[m] if e.line not in taken}.values(),
        key=lambda e: e.line,
    )
    return tuple(to_evidence(e) for e in (first + rest)[:MAX_EVIDENCE])


def to_evidence(entry: Entry) -> Evidence:
    text = entry.text.strip()
    if len(text) > EVIDENCE_CHARS:
        text = text[: EVIDENCE_CHARS - 1].rstrip() + "…"
    return Evidence(line=entry.line, time=entry.time, text=text)


def merge_causes(groups: list[tuple[Cause, ...]]) -> tuple[Cause, ...]:
    """Best confidence per cause across contacts and the file, ranked best first."""
    best: dict[CauseId, Cause] = {}
    for causes in groups:
        for cause in causes:
            known = best.get(cause.id)
            if known is None or cause.confidence > known.confidence:
                best[cause.id] = cause
    return tuple(sorted(best.values(), key=lambda c: (-c.confidence, _ORDER[c.id])))
