"""Run the sector model as a plain function: parameters, seed and sample in, three tidy tables out."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from greencoop.sector.model import SectorModel
from greencoop.sector.outcomes import SectorResults
from greencoop.sector.params import SectorParams


def simulate_sector(params: SectorParams | None = None, seed: int = 0, sample: int | None = None,
                    **overrides) -> SectorResults:
    """Run every KS-area municipality (or a sample of ``sample``) over the horizon, each table with a ``seed`` column.

    Example:
        >>> results = simulate_sector(seed=1, sample=4, horizon_years=1, union_network=0.5)
        >>> results.municipalities.municipality.nunique(), len(results.sector)
        (4, 13)
    """
    model = SectorModel(params, rng=seed, sample=sample, **overrides)
    model.run_model()
    results = model.results()
    for table in (results.municipalities, results.sector, results.diffusion):
        table.insert(0, "seed", seed)
    return results


def sector_ensemble(params: SectorParams | None = None, seeds: Iterable[int] = range(3), sample: int | None = None,
                    **overrides) -> SectorResults:
    """Run one parameter set over several seeds; each table holds the rows of all runs, stacked."""
    runs = [simulate_sector(params, seed, sample, **overrides) for seed in seeds]

    def stacked(table: str) -> pd.DataFrame:
        frame = pd.concat([getattr(run, table) for run in runs], ignore_index=True)
        frame.attrs = dict(getattr(runs[0], table).attrs)
        return frame

    return SectorResults(stacked("municipalities"), stacked("sector"), stacked("diffusion"))
