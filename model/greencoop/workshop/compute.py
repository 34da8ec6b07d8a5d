"""Seed ensembles for the workshop, computed off the kernel's main thread.

A slider callback only hands the group's new choice to a :class:`Recomputer`
and returns; its workers run the ensemble and report twice: after the first
:data:`QUICK_RUNS` runs, so the chart moves within moments, and after all
:data:`RUNS`, so the uncertainty band is drawn from enough runs to be honest.
A newer choice supersedes an older one between batches, so a group dragging a
slider never waits for choices it has already left.

The first runs are what a group waits for; the rest of the band is not. On a
server shared by a room, the band's runs therefore go on a second thread at the
lowest CPU priority: every page's first answer comes before any page's band.

Every choice is run with the same seeds as the reference (common random
numbers): the difference between two lines comes from the choices, not from
different luck. Runs are kept in memory and, under ``greencoop present``, in a
store shared by all kernels (:mod:`greencoop.workshop.runstore`).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from greencoop.charts.style import BAND
from greencoop.engine.runs import Run
from greencoop.params import Params
from greencoop.run import run_batch
from greencoop.workshop import runstore

#: Runs drawn first, so the chart answers a slider within moments.
QUICK_RUNS = 2
#: Runs behind every line and band once the worker has finished.
RUNS = 12
#: What the workshop pages show: the four panels every module has, the chain from ideas to tonnes cut
#: ("why this result"), and the panels modules add for what their levers move first (``data/modules.yaml``).
SHOWN = ("emissions_total", "emissions_bau", "reduction_pct", "engagement", "trust", "workload",
         "ideas_raised", "measures_proposed", "proposals_tabled", "measures_adopted",
         "measures_adopted_from_proposals", "measures_adopted_from_employer", "measures_in_use", "reduction",
         "reps_on_climate", "climate_item_share", "behaviour_uptake")
#: Niceness of the thread completing the bands: the lowest priority, what the first answers leave over.
BAND_NICENESS = 19


#: Runs kept in this kernel's memory, so returning to an earlier choice is instant.
KEPT_RUNS = 4096
_kept: OrderedDict[tuple[Params, int], dict[str, np.ndarray]] = OrderedDict()
_kept_lock = threading.Lock()


def _recall(params: Params, seed: int) -> dict[str, np.ndarray] | None:
    """A run computed before, in this kernel or (under ``greencoop present``) in any kernel of the server."""
    with _kept_lock:
        if (params, seed) in _kept:
            _kept.move_to_end((params, seed))
            return _kept[params, seed]
    stored = runstore.load(params, seed)
    if stored is not None:
        _keep(params, seed, stored)
    return stored


def _keep(params: Params, seed: int, outcomes: dict[str, np.ndarray]) -> None:
    with _kept_lock:
        _kept[params, seed] = outcomes
        while len(_kept) > KEPT_RUNS:
            _kept.popitem(last=False)


def runs_of(params: Params, seeds: list[int]) -> list[dict[str, np.ndarray]]:
    """The shown outcomes by month of ``params`` on each seed: recalled, or the missing ones run in one batch."""
    found = {seed: _recall(params, seed) for seed in seeds}
    missing = [seed for seed, outcomes in found.items() if outcomes is None]
    if missing:
        computed = run_batch([Run(params, seed) for seed in missing]).outcomes(SHOWN)
        for i, seed in enumerate(missing):
            found[seed] = {name: values[i] for name, values in computed.items()}
            runstore.save(params, seed, found[seed])
            _keep(params, seed, found[seed])
    return [found[seed] for seed in seeds]


def warm_up() -> None:
    """Run one small batch, so the engine's compiled code is loaded (or compiled) before anyone moves a lever.

    Loading it takes about half a second in a new process; a preheated kernel pays it before its page is asked
    for, not at a group's first slider move.
    """
    run_batch([Run(Params(employees=60, horizon_years=2, leadership_commitment=1.0, involvement="consult"), 0)])


def _lower_this_thread_priority() -> None:
    """Give the calling thread :data:`BAND_NICENESS` (Linux, where a thread has its own niceness)."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):  # not allowed here: the band competes at the kernel's priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BAND_NICENESS)


@dataclass(frozen=True)
class Ensemble:
    """The shown outcomes of several runs of one choice: arrays of shape (runs, months + 1)."""

    params: Params
    outcomes: dict[str, np.ndarray]

    @classmethod
    def run(cls, params: Params, runs: int = RUNS) -> Ensemble:
        """Run ``params`` with seeds 0 .. runs-1 (synchronously)."""
        return cls.of(params, runs_of(params, list(range(runs))))

    @classmethod
    def of(cls, params: Params, runs: list[dict[str, np.ndarray]]) -> Ensemble:
        return cls(params, {name: np.vstack([r[name] for r in runs]) for name in SHOWN})

    @property
    def runs(self) -> int:
        return len(self.outcomes[SHOWN[0]])

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.outcomes[SHOWN[0]].shape[1]) / 12

    def median(self, outcome: str) -> np.ndarray:
        return np.median(self.outcomes[outcome], axis=0)

    def band(self, outcome: str) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper edge of the band holding the middle 80 % of runs, per month."""
        low, high = np.quantile(self.outcomes[outcome], BAND, axis=0)
        return low, high

    def final(self, outcome: str) -> tuple[float, float, float]:
        """Median, low and high edge at the end of the horizon."""
        low, high = self.band(outcome)
        return float(self.median(outcome)[-1]), float(low[-1]), float(high[-1])

    def final_mean(self, outcome: str) -> float:
        """The mean over the runs at the end of the horizon: parts of a count add up to its whole."""
        return float(self.outcomes[outcome][:, -1].mean())


class Recomputer:
    """Runs the latest requested choice on worker threads and reports its ensembles.

    One thread runs a choice's first :data:`QUICK_RUNS` runs (and any further
    runs another kernel has stored) at the kernel's priority; a second,
    at :data:`BAND_NICENESS`, runs the rest of the band.

    Args:
        report: called on a worker thread with each ensemble; its second
            argument is True once all :data:`RUNS` runs are in.
        fail: called on a worker thread if a run raises, so the page can
            say so instead of waiting silently; the workers go on serving.
    """

    def __init__(self, report: Callable[[Ensemble, bool], None], fail: Callable[[Exception], None]):
        self._report = report
        self._fail = fail
        self._changed = threading.Condition()
        self._wanted: Params | None = None  # requested, first runs not yet started
        self._latest: Params | None = None  # the newest request: any other choice is superseded
        self._band: tuple[Params, list] | None = None  # first runs reported, the rest not yet started
        self._busy = 0
        self._threads = (threading.Thread(target=self._first_runs, name="greencoop-first-runs", daemon=True),
                         threading.Thread(target=self._band_runs, name="greencoop-band", daemon=True))
        for thread in self._threads:
            thread.start()

    def request(self, params: Params) -> None:
        """Ask for ``params``; returns at once."""
        with self._changed:
            self._wanted = self._latest = params
            self._changed.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every request so far is reported (for tests and scripted use)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._wanted is None and self._band is None and not self._busy, timeout)

    def _superseded(self, params: Params) -> bool:
        with self._changed:
            return self._latest != params

    @contextlib.contextmanager
    def _job(self) -> Iterator[None]:
        """Run a job taken (and counted busy) by a worker: a failure goes to the page, the worker goes on."""
        try:
            yield
        except Exception as error:
            self._fail(error)
        finally:
            with self._changed:
                self._busy -= 1
                self._changed.notify_all()

    def _first_runs(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted is not None)
                params, self._wanted = self._wanted, None
                self._busy += 1
            with self._job():
                if not self._superseded(params):
                    runs = runs_of(params, list(range(QUICK_RUNS)))
                    while len(runs) < RUNS and (kept := _recall(params, len(runs))) is not None:
                        runs.append(kept)
                    self._report(Ensemble.of(params, runs), len(runs) == RUNS)
                    if len(runs) < RUNS:
                        with self._changed:
                            self._band = params, runs

    def _band_runs(self) -> None:
        _lower_this_thread_priority()
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._band is not None)
                (params, runs), self._band = self._band, None
                self._busy += 1
            with self._job():
                if not self._superseded(params):
                    runs += runs_of(params, list(range(len(runs), RUNS)))
                    self._report(Ensemble.of(params, runs), True)
