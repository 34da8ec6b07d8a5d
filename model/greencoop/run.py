"""Run the model as a plain function: parameters and seeds in, tidy results out.

The batch, workshop and sensitivity layers call these and never reach inside
the model (the EMA Workbench pattern). Several runs go through the engine
together, a part of the batch on each core, so an ensemble costs far less
than its runs one by one, and each run's results are exactly those it gives
alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from greencoop.engine.month import Engine
from greencoop.engine.results import Results
from greencoop.engine.runs import Run, RunSet
from greencoop.engine.threads import RunChunks
from greencoop.params import Params

if TYPE_CHECKING:
    import pandas as pd


def run_batch(runs: Sequence[Run], threads: int | None = None) -> Results:
    """Run independent runs together; their results, in the order given.

    The batch is split into parts of about equal workforce, one per thread (``threads``; None: one per
    available core, as far as each part has :data:`~greencoop.engine.threads.MIN_EMPLOYEES_PER_THREAD`
    employees), and each part runs as an engine of its own: the whole month runs on every core, not the
    employees' part alone. Runs never see each other and draw from their own streams, so the results are
    exactly those of one engine over the whole batch, on any number of threads.
    """
    runs = list(runs)
    months = 12 * max(run.params.horizon_years for run in runs)
    chunks = RunChunks(np.array([run.employees for run in runs]), threads)
    parts: dict[int, Results] = {}

    def run_part(first: int, end: int) -> None:
        engine = Engine(runs[first:end], threads=1, months=months)
        engine.run()
        parts[first] = engine.results()

    chunks.run(run_part)
    if len(parts) == 1:
        return parts[0]
    return Results.joined([parts[first] for first, _ in chunks.bounds], RunSet(runs))


def simulate(params: Params | None = None, seed: int = 0, **overrides) -> pd.DataFrame:
    """Run one municipality over the horizon; one row per month, with a ``seed`` column."""
    return ensemble(params, seeds=[seed], **overrides)


def ensemble(params: Params | None = None, seeds: Iterable[int] = range(20), **overrides) -> pd.DataFrame:
    """Run one parameter set over several seeds, as one batch; rows of all runs, stacked, with a ``seed`` column."""
    import pandas as pd

    params = params or Params()
    if overrides:
        params = params.replace(**overrides)
    seeds = list(seeds)
    frames = run_batch([Run(params, seed) for seed in seeds]).frames()
    for seed, frame in zip(seeds, frames, strict=True):
        frame.insert(0, "seed", seed)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame.attrs = dict(frames[0].attrs)
    return frame
