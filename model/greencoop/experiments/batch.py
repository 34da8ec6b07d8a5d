"""Batches of runs: every (scenario, parameter set, seed), in parallel, resumable.

An output folder holds::

    manifest.json                          what was asked, by which version, and what came out
    results.parquet                        every finished run, tidy: one row per scenario, set, seed, month
    runs/<scenario>-<hash>/set<i>-seed<s>.parquet    one file per finished run
    runs/<scenario>-<hash>/set<i>-seed<s>.error.txt  the error of a run that failed

A run's file is written to a temporary name and renamed when complete, so it
exists only whole. A batch killed and started again with the same arguments
finds the finished runs and does only the rest. Every run has its own seed and
nothing else, so results are the same whatever the number of workers, local
processes or a Dask cluster.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from greencoop import __version__
from greencoop.experiments.scenarios import Scenario
from greencoop.files import write_atomically, write_text_atomically
from greencoop.params import Params
from greencoop.run import simulate


@dataclass(frozen=True)
class RunSpec:
    """One run: a scenario's parameter set with one seed, and where its file goes."""

    scenario: str
    folder: str
    set_index: int
    swept: tuple[tuple[str, object], ...]
    params: Params
    seed: int

    @property
    def name(self) -> str:
        return f"{self.folder}/set{self.set_index:03d}-seed{self.seed}"

    def path(self, out: Path) -> Path:
        return out / "runs" / f"{self.name}.parquet"

    def error_path(self, out: Path) -> Path:
        return out / "runs" / f"{self.name}.error.txt"

    def run_and_write(self, out: Path) -> None:
        """Run, then write the run's file whole (its presence marks the run as done)."""
        results = simulate(self.params, seed=self.seed)
        write_atomically(self.path(out), lambda tmp: self.labelled(results).to_parquet(tmp, index=False))

    def labelled(self, results: pd.DataFrame) -> pd.DataFrame:
        """``results`` with the scenario, parameter set and swept values as leading columns."""
        results.insert(0, "set", self.set_index)
        results.insert(0, "scenario", self.scenario)
        for position, (name, value) in enumerate(self.swept, start=2):
            results.insert(position, name, value)
        return results


@dataclass
class BatchSummary:
    """What a call of :func:`run_batch` did."""

    planned: int
    ran: int = 0
    already_done: int = 0
    failed: list[str] = field(default_factory=list)


def scenario_hash(scenario: Scenario) -> str:
    """Hash of what a scenario asks for (name, every parameter value, sweep): same hash, same runs."""
    canonical = json.dumps(
        {"name": scenario.name, "parameters": scenario.params.as_dict(),
         "sweep": {k: list(v) for k, v in scenario.sweep.items()}},
        sort_keys=True, default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def plan(scenarios: Iterable[Scenario], seeds: int | None = None) -> list[RunSpec]:
    """Every run of every scenario, in order; ``seeds`` replaces the files' seeds by 0..seeds-1."""
    specs = []
    for scenario in scenarios:
        folder = f"{_slug(scenario.name)}-{scenario_hash(scenario)[:10]}"
        names = list(scenario.sweep)
        run_seeds = range(seeds) if seeds is not None else scenario.seeds
        for index, params in enumerate(scenario.parameter_sets()):
            swept = tuple((name, getattr(params, name)) for name in names)
            specs += [RunSpec(scenario.name, folder, index, swept, params, seed) for seed in run_seeds]
    return specs


def run_batch(scenarios: list[Scenario], out: Path, workers: int = 1, seeds: int | None = None,
              progress: bool = True, scheduler: str | None = None) -> BatchSummary:
    """Run every planned run not yet finished in ``out``, then write results and manifest.

    Args:
        scenarios: validated scenarios.
        out: output folder (created if needed).
        workers: processes to run in; 1 runs in this process (ignored with a scheduler).
        seeds: if given, seeds 0..seeds-1 instead of each file's seeds.
        progress: show a progress bar on the terminal.
        scheduler: address of a Dask distributed scheduler (e.g. ``tcp://10.0.0.5:8786``)
            to run on instead of local processes; its workers need greencoop
            installed and ``out`` on a shared file system.
    """
    specs = plan(scenarios, seeds)
    summary = run_specs(specs, out, workers, progress, scheduler)
    write_combined(specs, out, lambda spec: spec.path(out), out / "results.parquet")
    write_manifest(scenarios, specs, summary, out, seeds)
    return summary


def run_specs(specs: list[RunSpec], out: Path, workers: int = 1, progress: bool = True,
              scheduler: str | None = None) -> BatchSummary:
    """Run every spec whose file is not yet in ``out``: in this process, local processes or on Dask.

    Each spec runs and writes itself (:meth:`RunSpec.run_and_write`), so
    other kinds of run (the sector's) use the same machinery.
    """
    summary = BatchSummary(planned=len(specs))
    todo = [s for s in specs if not s.path(out).exists()]
    summary.already_done = len(specs) - len(todo)
    for folder in {s.folder for s in specs}:
        (out / "runs" / folder).mkdir(parents=True, exist_ok=True)
        for leftover in (out / "runs" / folder).glob(".*.tmp"):  # from a batch that was killed mid-write
            leftover.unlink()
    bar = tqdm(total=len(todo), desc="runs", unit="run", disable=not progress or None)
    runs = _execute_on_dask(todo, out, scheduler) if scheduler else _execute_all(todo, out, workers)
    for spec, error in runs:
        if error:
            summary.failed.append(spec.name)
        else:
            summary.ran += 1
        bar.update()
    bar.close()
    return summary


def _execute_all(todo: list[RunSpec], out: Path, workers: int):
    """Yield (spec, error text or None) as runs finish."""
    if workers == 1:
        for spec in todo:
            yield spec, execute(spec, out)
        return
    context = multiprocessing.get_context("spawn")  # no forking of a threaded process
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future, RunSpec] = {pool.submit(execute, spec, out): spec for spec in todo}
        for future in as_completed(futures):
            spec = futures[future]
            try:
                yield spec, future.result()
            except Exception as error:  # the worker itself died (killed, out of memory)
                message = f"the worker process running this run stopped: {error!r}\n"
                write_text_atomically(spec.error_path(out), message)
                yield spec, message


def _execute_on_dask(todo: list[RunSpec], out: Path, scheduler: str):
    """Yield (spec, error text or None) as runs finish on a Dask cluster."""
    from distributed import Client, as_completed  # only needed for cluster runs

    with Client(scheduler) as client:
        futures = {client.submit(execute, spec, out, key=f"greencoop-{spec.name}", pure=False): spec for spec in todo}
        for future in as_completed(futures):
            spec = futures[future]
            try:
                yield spec, future.result()
            except Exception as error:  # the worker was lost
                message = f"the Dask worker running this run stopped: {error!r}\n"
                write_text_atomically(spec.error_path(out), message)
                yield spec, message


def execute(spec: RunSpec, out: Path) -> str | None:
    """Run one spec and write its files whole; on failure write the error instead and return it."""
    try:
        spec.run_and_write(out)
        spec.error_path(out).unlink(missing_ok=True)
        return None
    except Exception:
        error = traceback.format_exc()
        write_text_atomically(spec.error_path(out), error)
        return error


def write_combined(specs: list[RunSpec], out: Path, run_file: Callable[[RunSpec], Path], target: Path) -> None:
    """Combine the finished runs' files (``run_file`` of each spec) into ``target``, labels first."""
    finished = [pd.read_parquet(run_file(s)) for s in specs if s.path(out).exists()]
    if not finished:
        return
    results = pd.concat(finished, ignore_index=True)
    swept = list(dict.fromkeys(name for spec in specs for name, _ in spec.swept))
    leading = ["scenario", "set", *swept, "seed"]
    results = results[leading + [c for c in results.columns if c not in leading]]
    write_atomically(target, lambda tmp: results.to_parquet(tmp, index=False))


def write_manifest(scenarios: list, specs: list[RunSpec], summary: BatchSummary, out: Path,
                   seeds: int | None, **extra: object) -> None:
    """Write what was asked (every parameter value, sweep, seeds), by which version, and what came out."""
    manifest = {
        "greencoop": __version__,
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenarios": [
            {
                "file": str(s.source),
                "name": s.name,
                "hash": scenario_hash(s),
                "parameters": s.params.as_dict(),
                "sweep": {k: list(v) for k, v in s.sweep.items()},
                "seeds": list(range(seeds)) if seeds is not None else list(s.seeds),
            }
            for s in scenarios
        ],
        "runs": {
            "planned": len(specs),
            "finished": sum(s.path(out).exists() for s in specs),
            "failed": sorted(summary.failed),
        },
        **extra,
    }
    write_text_atomically(out / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False, default=str))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "scenario"
