"""The runs of a batch, shared out among threads.

Runs never see each other, so the runs can be taken in contiguous chunks,
one chunk per thread, and every run still gets exactly the numbers it gets
alone: each run's draws come from its own streams and its sums are taken in
its own rows' order. A batch of independent runs becomes one engine per
chunk, so that the whole month runs on every core
(:func:`greencoop.run.run_batch`); in a batch whose runs are coupled (the
sector), one engine shares out the employees' month, most of the work. The
compiled loops release the GIL (Numba's ``nogil``), so the threads run on
separate cores.

The threads are started by the thread that makes the batch and inherit its
scheduling priority: a workshop page's band, computed at the lowest priority,
stays there.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Below this many employees per thread a batch runs in one thread: starting the others costs more than it saves.
MIN_EMPLOYEES_PER_THREAD = 5_000


def available_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class RunChunks:
    """Contiguous chunks of a batch's runs with about equal employees, and threads to run them.

    Args:
        employees: each run's employees, in batch order.
        threads: how many threads (at most one per run); None for one per available core, as far as
            the batch has MIN_EMPLOYEES_PER_THREAD employees for each.
    """

    def __init__(self, employees: np.ndarray, threads: int | None = None):
        if threads is None:
            threads = min(available_cores(), max(int(employees.sum()) // MIN_EMPLOYEES_PER_THREAD, 1))
        if threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        threads = min(threads, len(employees))
        ends = np.searchsorted(np.cumsum(employees), employees.sum() * np.arange(1, threads) / threads) + 1
        bounds = np.unique(np.concatenate([[0], ends, [len(employees)]]))
        #: (first run, one past the last run) of each chunk.
        self.bounds = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
        self._pool = None
        if len(self.bounds) > 1:
            self._pool = ThreadPoolExecutor(len(self.bounds) - 1, thread_name_prefix="greencoop-runs")
            weakref.finalize(self, self._pool.shutdown, wait=False)

    def run(self, kernel: Callable, *args) -> None:
        """``kernel(first_run, end_run, *args)`` on every chunk; this thread takes the first chunk."""
        if self._pool is None:
            kernel(0, self.bounds[0][1], *args)
            return
        others = [self._pool.submit(kernel, first, end, *args) for first, end in self.bounds[1:]]
        first, end = self.bounds[0]
        kernel(first, end, *args)
        for other in others:
            other.result()
