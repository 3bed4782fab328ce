"""A small Prometheus registry: counters and histograms with labels, rendered in the text exposition format.

Rules of this file:
- Only what ``/metrics`` promises: diagnoses by verdict and cause, diagnosis time, upload size, events
  deduplicated, errors by kind. Label values are enums or fixed words, never user input.
- Counts are per process (each replica is scraped on its own); the registry lives on the application.
- Rendering follows the Prometheus text format 0.0.4: HELP/TYPE, ``_bucket{le=...}``, ``_sum``, ``_count``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Labels = tuple[tuple[str, str], ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _label_text(labels: Labels, extra: tuple[str, str] | None = None) -> str:
    pairs = [*labels, extra] if extra else list(labels)
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}"


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf"
    return repr(int(value)) if float(value).is_integer() else repr(value)


@dataclass
class Counter:
    name: str
    help: str
    label_names: tuple[str, ...] = ()
    _values: dict[Labels, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = _key(self.label_names, labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(_key(self.label_names, labels), 0.0)

    def render(self) -> Iterable[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} counter"
        for key, value in sorted(self._values.items()):
            yield f"{self.name}{_label_text(key)} {_number(value)}"


@dataclass
class Histogram:
    name: str
    help: str
    buckets: Sequence[float]
    _counts: list[int] = field(default_factory=list)
    _sum: float = 0.0
    _count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.buckets = (*sorted(self.buckets), math.inf)
        self._counts = [0] * len(self.buckets)

    def observe(self, value: float) -> None:
        with self._lock:
            self._sum += value
            self._count += 1
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    self._counts[i] += 1

    @property
    def count(self) -> int:
        return self._count

    def render(self) -> Iterable[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} histogram"
        for bound, count in zip(self.buckets, self._counts, strict=True):
            yield f"{self.name}_bucket{_label_text((), ('le', _number(bound)))} {count}"
        yield f"{self.name}_sum {_number(self._sum)}"
        yield f"{self.name}_count {self._count}"


def _key(names: tuple[str, ...], labels: dict[str, str]) -> Labels:
    if set(labels) != set(names):
        raise ValueError(f"labels {sorted(labels)} do not match {sorted(names)}")
    return tuple((name, labels[name]) for name in names)


class Metrics:
    """The service's metrics; one instance per application."""

    def __init__(self) -> None:
        self.diagnoses = Counter(
            "icebreaker_diagnoses_total",
            "Diagnoses completed, by verdict and top cause.",
            ("verdict", "cause"),
        )
        self.diagnosis_seconds = Histogram(
            "icebreaker_diagnosis_seconds",
            "Wall time of one diagnosis, queueing included.",
            (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.upload_bytes = Histogram(
            "icebreaker_upload_bytes",
            "Size of uploads handed to the diagnosis.",
            (1_000, 10_000, 100_000, 1_000_000, 5_000_000, 20_000_000, 50_000_000, 200_000_000),
        )
        self.events_deduped = Counter(
            "icebreaker_events_deduped_total",
            "Deliveries recognised as duplicates (platform retries, double clicks), by dedupe namespace.",
            ("namespace",),
        )
        self.errors = Counter("icebreaker_errors_total", "Errors by kind.", ("kind",))

    def render(self) -> str:
        parts = (self.diagnoses, self.diagnosis_seconds, self.upload_bytes, self.events_deduped, self.errors)
        return "\n".join(line for metric in parts for line in metric.render()) + "\n"
