"""The walkthrough session: what one fix-it conversation has done so far, and its stored JSON form.

Rules of this file:
- ``WalkthroughSession`` is a frozen value; transitions build a new one (``walkthrough.py``), never mutate.
- ``cursor`` numbers the messages of the walkthrough; every button carries the cursor of the message it sits
  on, so a second click on an old message is recognised and makes no second transition.
- ``to_dict``/``from_dict`` are the only stored form: JSON with ``SCHEMA``; an unknown schema reads as None.
- ``version`` is the store's compare-and-set counter; only ``bump()`` changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.diagnosis.model import CauseId

SCHEMA = 1
NAMESPACE = "walkthrough"


class SessionStatus(StrEnum):
    OPEN = "open"
    FIXED = "fixed"
    ESCALATED = "escalated"


class ItemKind(StrEnum):
    STEP = "step"
    QUESTION = "question"
    CAUSE_END = "cause_end"  # the current cause's steps ran out: offer the next cause or escalation


class Outcome(StrEnum):
    FIXED = "fixed"
    STILL_BROKEN = "still_broken"
    SKIPPED = "skipped"
    NEEDS_IT = "needs_it"
    ANSWERED = "answered"


@dataclass(frozen=True, slots=True)
class Item:
    kind: ItemKind
    ref: str = ""  # step id or question id; "" for CAUSE_END

    def to_str(self) -> str:
        return f"{self.kind.value}:{self.ref}"

    @classmethod
    def from_str(cls, text: str) -> Item:
        kind, _, ref = text.partition(":")
        return cls(kind=ItemKind(kind), ref=ref)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One thing the walkthrough did and how it went (a step tried, a question answered)."""

    cause: CauseId
    item: Item
    outcome: Outcome
    by: str  # Identity.key of who clicked
    at: str  # ISO-8601 UTC
    answer: str = ""  # answer id for questions

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause.value,
            "item": self.item.to_str(),
            "outcome": self.outcome.value,
            "by": self.by,
            "at": self.at,
            "answer": self.answer,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attempt:
        return cls(
            cause=CauseId(d["cause"]),
            item=Item.from_str(d["item"]),
            outcome=Outcome(d["outcome"]),
            by=str(d["by"]),
            at=str(d["at"]),
            answer=str(d.get("answer", "")),
        )


@dataclass(frozen=True, slots=True)
class LogFacts:
    """What steps and IT messages need from the diagnosed log (hosts, region, contacts)."""

    region: str | None = None
    turn_urls: tuple[str, ...] = ()
    signalling_url: str | None = None
    ccp_version: str | None = None
    contact_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "turn_urls": list(self.turn_urls),
            "signalling_url": self.signalling_url,
            "ccp_version": self.ccp_version,
            "contact_ids": list(self.contact_ids),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LogFacts:
        return cls(
            region=d.get("region"),
            turn_urls=tuple(d.get("turn_urls", ())),
            signalling_url=d.get("signalling_url"),
            ccp_version=d.get("ccp_version"),
            contact_ids=tuple(d.get("contact_ids", ())),
        )


@dataclass(frozen=True, slots=True)
class WalkthroughSession:
    id: str
    diagnosis_id: str
    place: str  # Place.key where the walkthrough runs; clicks from elsewhere are refused
    started_by: str  # Identity.key
    created_at: str
    ranking: tuple[tuple[CauseId, float], ...]  # causes, best first, after answers adjusted them
    cause: CauseId  # the cause being walked through now
    current: Item
    queue: tuple[Item, ...] = ()  # what comes after ``current`` for this cause
    cursor: int = 0
    tried_causes: tuple[CauseId, ...] = ()
    asked: tuple[str, ...] = ()  # question ids already asked (never asked twice)
    history: tuple[Attempt, ...] = ()
    status: SessionStatus = SessionStatus.OPEN
    fixed_by: str | None = None  # step id that fixed it
    facts: LogFacts = field(default_factory=LogFacts)
    version: int = 0

    @property
    def is_open(self) -> bool:
        return self.status is SessionStatus.OPEN

    def confidence(self, cause: CauseId) -> float:
        return next((c for cid, c in self.ranking if cid is cause), 0.0)

    def next_cause(self) -> tuple[CauseId, float] | None:
        """The best-ranked cause with some confidence that is neither tried nor current."""
        done = {*self.tried_causes, self.cause}
        ranked = sorted(self.ranking, key=lambda cv: -cv[1])
        return next(((c, v) for c, v in ranked if c not in done and v > 0), None)

    def bump(self, **changes: Any) -> WalkthroughSession:
        """The next stored version with ``changes`` applied."""
        return replace(self, version=self.version + 1, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "version": self.version,
            "id": self.id,
            "diagnosis_id": self.diagnosis_id,
            "place": self.place,
            "started_by": self.started_by,
            "created_at": self.created_at,
            "ranking": [[c.value, round(v, 4)] for c, v in self.ranking],
            "cause": self.cause.value,
            "current": self.current.to_str(),
            "queue": [i.to_str() for i in self.queue],
            "cursor": self.cursor,
            "tried_causes": [c.value for c in self.tried_causes],
            "asked": list(self.asked),
            "history": [a.to_dict() for a in self.history],
            "status": self.status.value,
            "fixed_by": self.fixed_by,
            "facts": self.facts.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WalkthroughSession | None:
        """Read a stored session; None when written by an unknown schema or damaged."""
        if d.get("schema") != SCHEMA:
            return None
        try:
            return cls(
                id=str(d["id"]),
                diagnosis_id=str(d["diagnosis_id"]),
                place=str(d["place"]),
                started_by=str(d["started_by"]),
                created_at=str(d["created_at"]),
                ranking=tuple((CauseId(c), float(v)) for c, v in d["ranking"]),
                cause=CauseId(d["cause"]),
                current=Item.from_str(d["current"]),
                queue=tuple(Item.from_str(i) for i in d.get("queue", ())),
                cursor=int(d["cursor"]),
                tried_causes=tuple(CauseId(c) for c in d.get("tried_causes", ())),
                asked=tuple(d.get("asked", ())),
                history=tuple(Attempt.from_dict(a) for a in d.get("history", ())),
                status=SessionStatus(d["status"]),
                fixed_by=d.get("fixed_by"),
                facts=LogFacts.from_dict(d.get("facts") or {}),
                version=int(d["version"]),
            )
        except (KeyError, ValueError, TypeError):
            return None


def session_id_for(diagnosis_id: str, place_key: str) -> str:
    """One walkthrough per diagnosis per conversation thread: a deterministic id, so two clicks on
    "Walk me through the fix" race for the same key and only one starts it."""
    digest = hashlib.sha256(place_key.encode("utf-8")).hexdigest()[:10]
    return f"{diagnosis_id}.{digest}"
