"""Sweeps over sector scenarios: the batch machinery of :mod:`greencoop.experiments.batch`, three tables per run.

An output folder holds::

    manifest.json          what was asked (every value, sweep, seeds, sample), by which version, what came out
    municipalities.parquet one row per scenario, set, seed, municipality and month
    sector.parquet         one row per scenario, set, seed and month: the sector's aggregates
    diffusion.parquet      one row per scenario, set, seed, month and measure: share of municipalities using it
    runs/<scenario>-<hash>[-sample<n>]/set<i>-seed<s>.parquet   (+ .sector.parquet, .diffusion.parquet)

Runs are planned, resumed, parallelised (local processes or a Dask cluster)
and written atomically exactly as single-municipality batches: a run's
municipality file is written last, so its presence means the run is whole.
Every run has its own seed and nothing else, so results are identical
whatever the number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from greencoop.experiments.batch import BatchSummary, RunSpec, plan, run_specs, write_combined, write_manifest
from greencoop.files import write_atomically
from greencoop.sector.run import simulate_sector
from greencoop.sector.scenarios import SectorScenario

#: The tables of a sector run besides the municipalities' (which marks a run as done).
EXTRA_TABLES = ("sector", "diffusion")


@dataclass(frozen=True)
class SectorRunSpec(RunSpec):
    """One sector run: a scenario's parameter set, one seed, and the municipalities sampled (None: all)."""

    sample: int | None = None

    def table_path(self, out: Path, table: str) -> Path:
        """Where this run's ``table`` goes ("municipalities", "sector" or "diffusion")."""
        return self.path(out) if table == "municipalities" else self.path(out).with_suffix(f".{table}.parquet")

    def run_and_write(self, out: Path) -> None:
        results = simulate_sector(self.params, seed=self.seed, sample=self.sample)
        for table in EXTRA_TABLES:
            frame = self.labelled(getattr(results, table))
            write_atomically(self.table_path(out, table), lambda tmp, f=frame: f.to_parquet(tmp, index=False))
        municipalities = self.labelled(results.municipalities)
        write_atomically(self.path(out), lambda tmp: municipalities.to_parquet(tmp, index=False))


def plan_sector(scenarios: list[SectorScenario], seeds: int | None = None,
                sample: int | None = None) -> list[SectorRunSpec]:
    """Every run of every sector scenario, as :func:`greencoop.experiments.batch.plan`, in folders naming the sample."""
    suffix = "" if sample is None else f"-sample{sample}"
    return [
        SectorRunSpec(**{f.name: getattr(spec, f.name) for f in fields(spec)} | {"folder": spec.folder + suffix},
                      sample=sample)
        for spec in plan(scenarios, seeds)
    ]


def run_sector_batch(scenarios: list[SectorScenario], out: Path, workers: int = 1, seeds: int | None = None,
                     sample: int | None = None, progress: bool = True,
                     scheduler: str | None = None) -> BatchSummary:
    """Run every planned sector run not yet finished in ``out``, then write the tables and the manifest.

    Args:
        scenarios: validated sector scenarios.
        out: output folder (created if needed).
        workers: processes to run in; 1 runs in this process (ignored with a scheduler).
        seeds: if given, seeds 0..seeds-1 instead of each file's seeds.
        sample: run this many municipalities, spread over sizes, instead of all 356.
        progress: show a progress bar on the terminal.
        scheduler: address of an existing Dask distributed scheduler (e.g.
            ``tcp://10.0.0.5:8786``); its workers need greencoop installed and
            ``out`` on a shared file system.
    """
    specs = plan_sector(scenarios, seeds, sample)
    summary = run_specs(specs, out, workers, progress, scheduler)
    for table in ("municipalities", *EXTRA_TABLES):
        write_combined(specs, out, lambda spec, t=table: spec.table_path(out, t), out / f"{table}.parquet")
    write_manifest(scenarios, specs, summary, out, seeds, sample=sample)
    return summary
