"""Timing helpers shared by the benchmarks (free of greencoop imports, so an earlier engine can use them too)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], repeats: int, warm: bool = False) -> float:
    """Median wall-clock seconds of ``repeats`` calls of ``run``; with ``warm``, after one call not counted."""
    if warm:
        run()  # imports, caches, compiled code
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
