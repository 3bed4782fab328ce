"""The knowledge catalog: causes, resolution steps and walkthrough questions, loaded from ``knowledge/``.

Rules of this file:
- These dataclasses are the in-memory form of the TOML files in ``knowledge/``; the files are the source of
  truth and support staff edit them without touching Python.
- Loading validates everything (unknown keys, missing fields, unknown cause/marker/step/question ids,
  duplicate ids) and raises ``CatalogError`` naming the file and the problem.
- Step text may contain placeholders filled from the diagnosed log: ``{region}``, ``{turn_hosts}``,
  ``{signalling_host}``, ``{contact_ids}``. ``Step.render()`` fills them; unknown values read as generic text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from bot.diagnosis.model import CauseId, MarkerId


class CatalogError(Exception):
    """A knowledge file is invalid; the message names the file and the problem."""


class Performer(str, Enum):
    AGENT = "agent"
    IT = "it"  # IT / network team
    SUPPORT = "support"  # contact-centre support / AWS support escalation


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    text: str  # may hold placeholders, see module doc
    performer: Performer
    sources: tuple[Source, ...]

    def render(
        self,
        *,
        region: str | None,
        turn_hosts: tuple[str, ...] = (),
        signalling_host: str | None = None,
        contact_ids: tuple[str, ...] = (),
    ) -> str:
        return fill_placeholders(
            self.text,
            region=region,
            turn_hosts=turn_hosts,
            signalling_host=signalling_host,
            contact_ids=contact_ids,
        )


# The placeholders knowledge text may use (steps' text, causes' summaries); the loader rejects any other.
PLACEHOLDERS: frozenset[str] = frozenset({"region", "turn_hosts", "signalling_host", "contact_ids"})


def fill_placeholders(
    text: str,
    *,
    region: str | None,
    turn_hosts: tuple[str, ...] = (),
    signalling_host: str | None = None,
    contact_ids: tuple[str, ...] = (),
) -> str:
    """Fill ``PLACEHOLDERS`` in any knowledge text (``Step.text``, ``CauseInfo.it_summary``, ...)."""
    values = {
        "region": region or "<region>",
        "turn_hosts": ", ".join(turn_hosts)
        or (f"TurnNlb-*.elb.{region}.amazonaws.com" if region else "TurnNlb-*.elb.<region>.amazonaws.com"),
        "signalling_host": signalling_host
        or (
            f"rtc*.connect-telecom.{region}.amazonaws.com"
            if region
            else "rtc*.connect-telecom.<region>.amazonaws.com"
        ),
        "contact_ids": ", ".join(contact_ids) or "the affected contact ids",
    }
    return text.format_map(_Defaulting(values))


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    label: str
    # confidence deltas applied to causes when this answer is given (clamped to 0..1 after adding)
    adjust: tuple[tuple[CauseId, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)


@dataclass(frozen=True, slots=True)
class CauseInfo:
    id: CauseId
    title: str
    agent_summary: str  # plain language, for the agent
    it_summary: str  # precise, for network/IT staff: hosts, ports, protocols
    markers: tuple[MarkerId, ...]
    steps: tuple[str, ...]  # step ids, in walkthrough order
    questions: tuple[str, ...]  # question ids asked during this cause's walkthrough
    sources: tuple[Source, ...]
    fault: bool = True  # False for causes that are not faults (none today; kept for data symmetry)


@dataclass(frozen=True, slots=True)
class Catalog:
    causes: Mapping[CauseId, CauseInfo]
    steps: Mapping[str, Step]
    questions: Mapping[str, Question]

    def cause(self, cause_id: CauseId) -> CauseInfo:
        return self.causes[cause_id]

    def steps_for(self, cause_id: CauseId) -> tuple[Step, ...]:
        return tuple(self.steps[s] for s in self.causes[cause_id].steps)

    def questions_for(self, cause_id: CauseId) -> tuple[Question, ...]:
        return tuple(self.questions[q] for q in self.causes[cause_id].questions)
