"""Load and validate the knowledge files into a ``Catalog``.

Rules of this file:
- Strict: every table has a fixed set of keys (unknown or missing keys are errors), every text is a non-empty
  string using only the known placeholders, every url is https, every id is unique, every reference resolves,
  and every step and question is used by some cause.
- Every problem raises ``CatalogError("<dir>/<file>: <item 'id'>: <problem>")`` naming the file and the item;
  nothing else escapes (TOML syntax and I/O errors are translated too).
- The shipped ``knowledge`` package is loaded once per process (``load_catalog()`` is cached); an explicit
  directory is read afresh each call (tests, previews of edited files).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.catalog import (
    Answer,
    Catalog,
    CatalogError,
    CauseInfo,
    Performer,
    Question,
    Source,
    Step,
)
from bot.catalog_fields import Table, parse_id, read_toml, unknown_ids
from bot.diagnosis.model import CauseId, MarkerId

STEPS_FILE = "steps.toml"
QUESTIONS_FILE = "questions.toml"
CAUSES_DIR = "causes"

_STEP_KEYS = ("id", "title", "text", "performer", "sources")
_QUESTION_KEYS = ("id", "text", "answers")
_ANSWER_KEYS = ("id", "label")
_CAUSE_KEYS = ("id", "title", "agent_summary", "it_summary", "markers", "steps", "questions", "sources")


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read ``directory`` (default: the shipped ``knowledge`` package) into a validated ``Catalog``."""
    if directory is None:
        return _load_shipped()
    return _load(directory)


@functools.lru_cache(maxsize=1)
def _load_shipped() -> Catalog:
    from knowledge import DIRECTORY

    return _load(DIRECTORY)


def _load(directory: Path) -> Catalog:
    name = directory.name
    steps = _read_steps(directory / STEPS_FILE, shown=f"{name}/{STEPS_FILE}")
    questions = _read_questions(directory / QUESTIONS_FILE, shown=f"{name}/{QUESTIONS_FILE}")
    causes = _read_causes(
        directory / CAUSES_DIR, shown=f"{name}/{CAUSES_DIR}", steps=steps, questions=questions
    )
    _reject_unused(steps, (c.steps for c in causes.values()), shown=f"{name}/{STEPS_FILE}", kind="step")
    _reject_unused(
        questions, (c.questions for c in causes.values()), shown=f"{name}/{QUESTIONS_FILE}", kind="question"
    )
    return Catalog(
        causes=MappingProxyType(causes),
        steps=MappingProxyType(steps),
        questions=MappingProxyType(questions),
    )


# ---------------------------------------------------------------------------------------------- steps


def _read_steps(path: Path, *, shown: str) -> dict[str, Step]:
    root = Table(read_toml(path, shown=shown), where=shown, required=("steps",))
    steps: dict[str, Step] = {}
    for number, raw in enumerate(root.tables("steps"), start=1):
        step = _read_step(raw, shown=shown, number=number)
        if step.id in steps:
            raise CatalogError(f"{shown}: step '{step.id}': the id is used twice")
        steps[step.id] = step
    return steps


def _read_step(raw: Mapping[str, Any], *, shown: str, number: int) -> Step:
    table = Table(raw, where=f"{shown}: step {_label(raw, number)}", required=_STEP_KEYS)
    performer = table.string("performer")
    if performer not in {p.value for p in Performer}:
        allowed = ", ".join(p.value for p in Performer)
        raise table.error(f"performer '{performer}' is not one of {allowed}")
    return Step(
        id=parse_id(table),
        title=table.text("title"),
        text=table.text("text"),
        performer=Performer(performer),
        sources=_read_sources(table),
    )


# ------------------------------------------------------------------------------------------ questions


def _read_questions(path: Path, *, shown: str) -> dict[str, Question]:
    root = Table(read_toml(path, shown=shown), where=shown, required=("questions",))
    questions: dict[str, Question] = {}
    for number, raw in enumerate(root.tables("questions"), start=1):
        table = Table(raw, where=f"{shown}: question {_label(raw, number)}", required=_QUESTION_KEYS)
        question = Question(id=parse_id(table), text=table.text("text"), answers=_read_answers(table))
        if question.id in questions:
            raise CatalogError(f"{shown}: question '{question.id}': the id is used twice")
        questions[question.id] = question
    return questions


def _read_answers(question: Table) -> tuple[Answer, ...]:
    answers: list[Answer] = []
    for number, raw in enumerate(question.tables("answers"), start=1):
        table = question.child(
            raw, f"answer {_label(raw, number)}", required=_ANSWER_KEYS, optional=("adjust",)
        )
        answer = Answer(id=parse_id(table), label=table.text("label"), adjust=_read_adjust(table))
        if any(a.id == answer.id for a in answers):
            raise table.error("the id is used twice")
        answers.append(answer)
    return tuple(answers)


def _read_adjust(answer: Table) -> tuple[tuple[CauseId, float], ...]:
    deltas = answer.numbers("adjust") if "adjust" in answer.keys else {}
    unknown = unknown_ids(deltas, CauseId)
    if unknown:
        raise answer.error(f"adjust names unknown cause '{unknown[0]}'")
    for cause, delta in deltas.items():
        if not -1.0 <= delta <= 1.0:
            raise answer.error(f"adjust for '{cause}' is {delta}, not between -1 and 1")
    return tuple((CauseId(cause), delta) for cause, delta in deltas.items())


# --------------------------------------------------------------------------------------------- causes


def _read_causes(
    directory: Path, *, shown: str, steps: Mapping[str, Step], questions: Mapping[str, Question]
) -> dict[CauseId, CauseInfo]:
    causes: dict[CauseId, CauseInfo] = {}
    files = sorted(directory.glob("*.toml")) if directory.is_dir() else []
    for path in files:
        cause = _read_cause(path, shown=f"{shown}/{path.name}", steps=steps, questions=questions)
        causes[cause.id] = cause
    for cause_id in CauseId:
        if cause_id not in causes:
            raise CatalogError(
                f"{shown}: no file for cause '{cause_id.value}' (expected {cause_id.value}.toml)"
            )
    return {cause_id: causes[cause_id] for cause_id in CauseId}


def _read_cause(
    path: Path, *, shown: str, steps: Mapping[str, Step], questions: Mapping[str, Question]
) -> CauseInfo:
    raw = read_toml(path, shown=shown)
    table = Table(raw, where=f"{shown}: cause {_label(raw, 0)}", required=_CAUSE_KEYS, optional=("fault",))
    cause_id = parse_id(table)
    if cause_id != path.stem:
        raise table.error(f"the id does not match the file name '{path.name}'")
    if cause_id not in {c.value for c in CauseId}:
        raise table.error("unknown cause id (see CauseId in bot/diagnosis/model.py)")
    markers = table.id_list("markers")
    unknown = unknown_ids(markers, MarkerId)
    if unknown:
        raise table.error(f"unknown marker '{unknown[0]}' (see MarkerId in bot/diagnosis/model.py)")
    step_ids = _references(table, "steps", defined=steps, file=STEPS_FILE)
    if steps[step_ids[-1]].performer is not Performer.SUPPORT:
        raise table.error(
            f"the last step '{step_ids[-1]}' must be an escalation step (performer = \"support\")"
        )
    return CauseInfo(
        id=CauseId(cause_id),
        title=table.text("title"),
        agent_summary=table.text("agent_summary"),
        it_summary=table.text("it_summary"),
        markers=tuple(MarkerId(m) for m in markers),
        steps=step_ids,
        questions=_references(table, "questions", defined=questions, file=QUESTIONS_FILE),
        sources=_read_sources(table),
        fault=table.boolean("fault") if "fault" in table.keys else True,
    )


def _references(table: Table, key: str, *, defined: Mapping[str, object], file: str) -> tuple[str, ...]:
    ids = table.id_list(key)
    kind = key.removesuffix("s")
    for item in ids:
        if item not in defined:
            raise table.error(f"{kind} '{item}' is not defined in {file}")
    return ids


def _reject_unused(
    defined: Mapping[str, object], used: Iterable[tuple[str, ...]], *, shown: str, kind: str
) -> None:
    referenced = {item for ids in used for item in ids}
    for item in defined:
        if item not in referenced:
            raise CatalogError(f"{shown}: {kind} '{item}': defined but no cause uses it")


# -------------------------------------------------------------------------------------------- helpers


def _read_sources(owner: Table) -> tuple[Source, ...]:
    sources: list[Source] = []
    for number, raw in enumerate(owner.tables("sources"), start=1):
        table = owner.child(raw, f"source {number}", required=("title", "url"))
        url = table.string("url")
        if not url.startswith("https://") or len(url) <= len("https://"):
            raise table.error(f"url '{url}' is not an https:// address")
        sources.append(Source(title=table.text("title"), url=url))
    return tuple(sources)


def _label(raw: Mapping[str, Any], number: int) -> str:
    """How an item is named in messages: its id when it has a usable one, else its position."""
    item_id = raw.get("id")
    if isinstance(item_id, str) and item_id:
        return f"'{item_id}'"
    return f"#{number}" if number else "(no id)"
