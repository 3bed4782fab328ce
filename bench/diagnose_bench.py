"""Speed and memory bench: a full diagnosis of a ~50 MB agent-log.txt against orjson parsing alone.

Rules of this file:
- One run reports everything: parse-only time (``orjson.loads`` of the same bytes, the fastest JSON
  parser the core uses), read-only time, full ``diagnose`` time, their ratio, and the tracemalloc peak
  during ``diagnose`` relative to the file size. Targets: ratio <= 2.0, peak <= 4x the file size.
- Times are the best of ``--repeat`` runs, measured without tracemalloc (which slows Python code);
  memory is measured in a separate run. The bench prints numbers; it asserts nothing.

Usage: ``python -m bench.diagnose_bench [PATH] [--mb 50] [--repeat 3]`` (generates the log if no PATH).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from bench.generate_log import generate
from bot.diagnosis import diagnose, read_log

MB = 1024 * 1024


def best_time(action: Callable[[], Any], *, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
        del result
    return best


def peak_memory(action: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = Path(args.path).read_bytes() if args.path else generate(int(args.mb * MB))
    size = len(data)

    parse = best_time(lambda: orjson.loads(data), repeat=args.repeat)
    read = best_time(lambda: read_log(data), repeat=args.repeat)
    full = best_time(lambda: diagnose(data), repeat=args.repeat)
    peak = peak_memory(lambda: diagnose(data))
    result = diagnose(data)

    print(f"file                 {size / MB:8.1f} MB, {result.entries} entries")
    print(f"orjson.loads only    {parse:8.3f} s")
    print(f"read_log only        {read:8.3f} s   ({read / parse:.2f}x parse)")
    print(f"diagnose (full)      {full:8.3f} s   ratio {full / parse:.2f}x parse  (target <= 2.0)")
    print(f"peak memory          {peak / MB:8.1f} MB  = {peak / size:.2f}x file size  (target <= 4.0)")
    top = result.top_cause
    print(f"verdict              {result.verdict.value}; top cause: {top.id.value if top else None}")


if __name__ == "__main__":
    main()
