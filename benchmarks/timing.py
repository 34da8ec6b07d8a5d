"""Timing helpers shared by the benchmarks, and writing their tables (free of greencoop imports, so an earlier
engine can use them too)."""

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


#: The yardstick's work: passes of three array operations over 65,536 numbers (half a megabyte, which stays in
#: one core's cache), vectorised: it needs a core's full arithmetic throughput, as the engine's loops and a
#: browser's scripts do, not its memory.
YARDSTICK_PASSES = 1500


def yardstick_loop(passes: int = YARDSTICK_PASSES) -> float:
    """Seconds one fixed piece of work takes on one core here (see :func:`core_yardstick`)."""
    import numpy as np

    values, ones = np.linspace(0.0, 1.0, 65_536), np.ones(65_536)
    started = time.perf_counter()
    for _ in range(passes):
        np.multiply(values, 0.999, out=values)
        np.add(values, ones, out=values)
        np.sqrt(values, out=values)
    return time.perf_counter() - started


#: The second yardstick's work: rounds of a million random reads from 64 MB, more than a core's caches hold. It
#: needs the caches and memory a host shares among its guests, as the engine's batches and a room's 30 kernels do.
MEMORY_ROUNDS = 10


def memory_yardstick(rounds: int = MEMORY_ROUNDS) -> float:
    """Seconds a fixed number of random reads from an array larger than the caches takes here."""
    import numpy as np

    values = np.ones(8_000_000)
    where = np.random.default_rng(0).integers(0, len(values), 1_000_000)
    values.take(where)  # every page of the array touched before the clock starts
    started = time.perf_counter()
    for _ in range(rounds):
        values.take(where).sum()
    return time.perf_counter() - started


def core_yardstick(samples: int = 5) -> tuple[float, float, float]:
    """Median seconds of a fixed loop alone, with a copy of it on a second core at the same time, and of
    :func:`memory_yardstick` alone.

    The steal time shows only the CPU time a host gives other machines outright. The cores it lends also share
    a physical core's second thread, caches and clock with other guests, which it does not show: on one host
    the same run of the room or of the engine differed by 2-3x an hour apart with no steal at all. This loop,
    timed beside a benchmark's figures, shows how fast the cores ran then: a slower loop alone means the host
    was slower; a pair much slower than one loop alone means the two cores do not give twice one core's work.
    The loop stays in one core's cache, and on 2026-12-01 it took the same time in hours when the engine, on
    the same host, ran up to twice as slowly; random reads from 64 MB varied with the engine (hand timings,
    benchmarks/README.md), so they are timed too. Each sample runs in fresh processes, so it is free of the
    benchmark's own threads.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    alone, paired, memory = [], [], []
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(yardstick_loop, [10, 10]))  # both workers started and warm
        for _ in range(samples):
            alone.append(pool.submit(yardstick_loop).result())
            paired.append(max(pool.map(yardstick_loop, [YARDSTICK_PASSES] * 2)))
            memory.append(pool.submit(memory_yardstick).result())
    return statistics.median(alone), statistics.median(paired), statistics.median(memory)


def yardstick_words(before: tuple[float, float, float], after: tuple[float, float, float]) -> str:
    """:func:`core_yardstick`'s results before and after a benchmark's measurements, as its machine line says them."""
    (alone, paired, memory), (alone_after, paired_after, memory_after) = before, after
    return (f"a fixed loop took {alone:.2f} s alone and {paired:.2f} s beside a copy on the other core, and fixed "
            f"random reads from 64 MB {memory:.3f} s, before the measurements; {alone_after:.2f}, "
            f"{paired_after:.2f} and {memory_after:.3f} s after")


def write_table(readme: Path, start: str, end: str, table: str) -> None:
    """Replace what stands between the ``start`` and ``end`` lines of ``readme`` with ``table``.

    Raises SystemExit, naming the file and the line, if ``readme`` has no ``start`` or ``end`` line.
    """
    text = readme.read_text(encoding="utf-8")
    before, found_start, rest = text.partition(start)
    _, found_end, after = rest.partition(end)
    if not (found_start and found_end):
        raise SystemExit(f"{readme} has no {start if not found_start else end!r} line to write the table at")
    readme.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")


def show_table(table: str, readme: Path, start: str, end: str, write: bool) -> None:
    """Print ``table``; with ``write``, also put it between the ``start`` and ``end`` lines of ``readme``."""
    print(table)
    if write:
        write_table(readme, start, end, table)
        print(f"wrote {readme}")
