"""Run the model as a plain function: parameters and seeds in, tidy results out.

The batch, workshop and sensitivity layers call these and never reach inside
the model (the EMA Workbench pattern). Several runs go through the engine as
one batch, so an ensemble costs far less than its runs one by one, and each
run's results are exactly those it gives alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from greencoop.engine.month import Engine
from greencoop.engine.results import Results
from greencoop.engine.runs import Run
from greencoop.params import Params

if TYPE_CHECKING:
    import pandas as pd


def run_batch(runs: Sequence[Run]) -> Results:
    """Run independent runs together in one batch; their results, in the order given."""
    engine = Engine(runs)
    engine.run()
    return engine.results()


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
