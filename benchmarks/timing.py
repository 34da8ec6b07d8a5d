"""Timing helpers shared by the benchmarks (free of greencoop imports, so an earlier engine can use them too)."""

from __future__ import annotations

import contextlib
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path


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


def stolen_share(before, after) -> float:
    """Share of this machine's CPU time between two ``psutil.cpu_times()`` readings that its host gave to others.

    On a virtual machine the host may run other guests on the cores this machine was promised ("steal" time):
    every figure measured meanwhile grows for reasons outside the machine. Reported beside the figures so that
    runs on a crowded host can be told apart from slow code. NaN where the system reports no steal time.
    """
    if "steal" not in before._fields:
        return float("nan")
    fields = [f for f in before._fields if f not in ("guest", "guest_nice")]  # already counted in user and nice
    total = sum(getattr(after, f) - getattr(before, f) for f in fields)
    return (after.steal - before.steal) / total if total > 0 else 0.0


def processor() -> str:
    """The processor: its model name and number (Linux's /proc/cpuinfo), else what ``platform`` knows.

    Hosts of one kind of machine differ (a virtual machine's model name is often generic, its model number
    is not), and a figure is read against the processor it ran on.
    """
    with contextlib.suppress(OSError):
        fields = dict(line.partition(":")[::2] for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith(("model", "cpu family")))
        fields = {key.strip(): value.strip() for key, value in fields.items()}
        if "model name" in fields:
            return f"{fields['model name']}, family {fields.get('cpu family', '?')} model {fields.get('model', '?')}"
    return platform.processor() or platform.machine()
