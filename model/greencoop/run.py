"""Run the model as a plain function: parameters and seed in, tidy results out.

The batch, workshop and sensitivity layers call these and never reach inside
the model (the EMA Workbench pattern).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from greencoop.model import GreenCoopModel
from greencoop.params import Params


def simulate(params: Params | None = None, seed: int = 0, **overrides) -> pd.DataFrame:
    """Run one municipality over the horizon; one row per month, with a ``seed`` column."""
    model = GreenCoopModel(params, rng=seed, **overrides)
    model.run_model()
    results = model.results()
    results.insert(0, "seed", seed)
    return results


def ensemble(params: Params | None = None, seeds: Iterable[int] = range(20), **overrides) -> pd.DataFrame:
    """Run one parameter set over several seeds; rows of all runs, stacked."""
    runs = [simulate(params, seed, **overrides) for seed in seeds]
    frame = pd.concat(runs, ignore_index=True)
    frame.attrs = dict(runs[0].attrs)
    return frame
