"""Seed ensembles for the workshop, computed off the kernel's main thread.

A slider callback only hands the group's new choice to a :class:`Recomputer`
and returns; a worker thread runs the ensemble and reports twice: after the
first :data:`QUICK_RUNS` runs, so the chart moves within moments, and after
all :data:`RUNS`, so the uncertainty band is drawn from enough runs to be
honest. A newer choice supersedes an older one between runs, so a group
dragging a slider never waits for choices it has already left.

Every choice is run with the same seeds as the reference (common random
numbers): the difference between two lines comes from the choices, not from
different luck.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from greencoop.model import GreenCoopModel
from greencoop.params import Params

#: Runs drawn first, so the chart answers a slider within moments.
QUICK_RUNS = 2
#: Runs behind every line and band once the worker has finished.
RUNS = 12
#: Share of runs inside the drawn band: the middle 80 %, as in greencoop.charts.
BAND = (0.1, 0.9)
#: What the workshop charts and headlines show.
SHOWN = ("emissions_total", "emissions_bau", "reduction_pct", "engagement", "trust", "workload")


@lru_cache(maxsize=4096)
def _run(params: Params, seed: int) -> dict[str, np.ndarray]:
    """One run's shown outcomes by month; cached, so returning to an earlier choice is instant."""
    model = GreenCoopModel(params, rng=seed)
    model.run_model()
    frame = model.results()
    return {name: frame[name].to_numpy() for name in SHOWN}


@dataclass(frozen=True)
class Ensemble:
    """The shown outcomes of several runs of one choice: arrays of shape (runs, months + 1)."""

    params: Params
    outcomes: dict[str, np.ndarray]

    @classmethod
    def run(cls, params: Params, runs: int = RUNS) -> Ensemble:
        """Run ``params`` with seeds 0 .. runs-1 (synchronously)."""
        return cls.of(params, [_run(params, seed) for seed in range(runs)])

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


class Recomputer:
    """Runs the latest requested choice on a worker thread and reports its ensembles.

    Args:
        report: called on the worker thread with each ensemble; its second
            argument is True once all :data:`RUNS` runs are in.
        fail: called on the worker thread if a run raises, so the page can
            say so instead of waiting silently; the worker goes on serving.
    """

    def __init__(self, report: Callable[[Ensemble, bool], None], fail: Callable[[Exception], None]):
        self._report = report
        self._fail = fail
        self._changed = threading.Condition()
        self._wanted: Params | None = None
        self._busy = False
        self._thread = threading.Thread(target=self._work, name="greencoop-recompute", daemon=True)
        self._thread.start()

    def request(self, params: Params) -> None:
        """Ask for ``params``; returns at once."""
        with self._changed:
            self._wanted = params
            self._changed.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every request so far is reported (for tests and scripted use)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._wanted is None and not self._busy, timeout)

    def _superseded(self, params: Params) -> bool:
        with self._changed:
            return self._wanted is not None and self._wanted != params

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted is not None)
                params, self._wanted, self._busy = self._wanted, None, True
            try:
                self._compute(params)
            except Exception as error:
                self._fail(error)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _compute(self, params: Params) -> None:
        runs = []
        for seed in range(RUNS):
            if self._superseded(params):
                return
            runs.append(_run(params, seed))
            if len(runs) == QUICK_RUNS < RUNS:
                self._report(Ensemble.of(params, runs), False)
        self._report(Ensemble.of(params, runs), True)
