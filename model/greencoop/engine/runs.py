"""A batch of independent runs, laid out as one set of arrays.

A run is a municipality (or a workforce size), a parameter set and a seed.
Its employees, units and local reps are rows owned by the run; the rows of
all runs of a batch follow each other, run after run, so a value per run
reaches its rows by ``np.repeat`` and a sum per run is a ``np.bincount``.
Parameters are arrays along the run axis, so one batch may mix parameter
sets: a workshop group's choice beside today's practice, a sweep, or the
sector's municipalities with their own levers.

What a run starts with (its organisation and its people's starting values)
depends only on its size, a few parameters, its seed and its place, and is
kept in a small cache: the workshop compares many choices on the same seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from greencoop.engine.streams import run_generators
from greencoop.municipality import find_municipality, size_of
from greencoop.organisation import SERVICE_AREAS, Organisation, build_organisation
from greencoop.params import PARAMETERS, Params

#: Individual starting values cluster around their mean with this concentration (Beta). Assumption.
SPREAD = 8.0
#: Health and care staff start with this much more workload (assumption).
HEALTH_CARE_EXTRA_WORKLOAD = 0.1
#: Parameters that are numbers, held as arrays along the run axis.
_NUMERIC = tuple(p.name for p in PARAMETERS if p.kind in ("float", "int") and p.default is not None)


@dataclass(frozen=True)
class Run:
    """One run: a parameter set and a seed (a non-negative whole number)."""

    params: Params
    seed: int

    @property
    def place(self) -> int:
        """The run's place key for its random streams: the municipality's number, or 0 for a bare size."""
        municipality = self.params.municipality
        return 0 if municipality is None else int(find_municipality(municipality).number)

    def start(self) -> Start:
        """What this run starts with (cached: runs of the same size, seed, place and starting levels share it)."""
        p = self.params
        return start_of(size_of(p.municipality, p.employees).employees, self.seed, self.place, p.union_density,
                        p.initial_concern, p.initial_trust, p.initial_workload, p.initial_competence)


@dataclass(frozen=True)
class Start:
    """What one run starts with: its organisation, and each employee's and rep's starting values."""

    org: Organisation
    concern: np.ndarray
    trust: np.ndarray
    base_workload: np.ndarray
    competence: np.ndarray
    priority: np.ndarray


@lru_cache(maxsize=512)
def start_of(employees: int, seed: int, place: int, union_density: float, concern: float, trust: float,
             workload: float, competence: float) -> Start:
    """Lay out one run's workforce and draw its starting values, each from its own stream.

    The result is cached and shared: its arrays are read-only.
    """
    streams = run_generators(seed, place, ("organisation", "concern", "trust", "workload", "competence",
                                           "priority"))
    org = build_organisation(employees, union_density, streams["organisation"])
    reps = len(org.rep_unit)
    health_care = org.area == list(SERVICE_AREAS).index("health_care")
    start = Start(
        org=org,
        concern=beta_around(streams["concern"], concern, employees),
        trust=beta_around(streams["trust"], trust, employees),
        base_workload=np.clip(beta_around(streams["workload"], workload, employees)
                              + HEALTH_CARE_EXTRA_WORKLOAD * health_care, 0.0, 1.0),
        competence=beta_around(streams["competence"], competence, reps),
        # How much each rep cares about climate, drawn like employees' concern.
        priority=beta_around(streams["priority"], concern, reps),
    )
    for values in (start.concern, start.trust, start.base_workload, start.competence, start.priority):
        values.flags.writeable = False
    return start


def beta_around(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    """``n`` individual values in (0, 1) scattered around ``mean`` (Beta, concentration SPREAD)."""
    mean = min(max(mean, 1e-3), 1.0 - 1e-3)
    return rng.beta(mean * SPREAD, (1.0 - mean) * SPREAD, n)


class RunSet:
    """The runs of a batch: their parameters as arrays, and their rows laid out one run after another.

    Attributes:
        runs: the runs, in batch order.
        params: each parameter that is a number, as an array with one value per run.
        employees, reps, units, population: per run.
        org: every run's organisation, concatenated (unit and rep indices are batch-wide).
        employee_run, unit_run, rep_run: the run of each row.
    """

    def __init__(self, runs: Sequence[Run]):
        self.runs = tuple(runs)
        params = [run.params for run in self.runs]
        self.params = {name: np.array([getattr(p, name) for p in params], dtype=float) for name in _NUMERIC}
        sizes = [size_of(p.municipality, p.employees) for p in params]
        self.labels = [s.label for s in sizes]
        self.population = np.array([s.population for s in sizes], dtype=float)
        self.involvement = [p.involvement for p in params]
        self.starts = starts = [run.start() for run in self.runs]
        self.org = _concatenate([s.org for s in starts])
        self.employees = np.array([s.org.employees for s in starts])
        self.units = np.array([s.org.units for s in starts])
        self.reps = np.array([len(s.org.rep_unit) for s in starts])
        self.employee_run = np.repeat(np.arange(len(self)), self.employees)
        self.unit_run = np.repeat(np.arange(len(self)), self.units)
        self.rep_run = np.repeat(np.arange(len(self)), self.reps)
        self._per_rep: dict[str, float | np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.runs)

    @property
    def seeds(self) -> list[int]:
        return [run.seed for run in self.runs]

    @property
    def places(self) -> list[int]:
        return [run.place for run in self.runs]

    def starting(self, field: str) -> np.ndarray:
        """One starting value of every run's rows, concatenated (a fresh, writable array)."""
        return np.concatenate([getattr(s, field) for s in self.starts])

    def per_rep(self, name: str) -> float | np.ndarray:
        """Parameter ``name`` for every local rep: one number if all runs share it (made once per batch)."""
        if name not in self._per_rep:
            values = self.params[name]
            self._per_rep[name] = float(values[0]) if np.all(values == values[0]) else np.repeat(values, self.reps)
        return self._per_rep[name]

    def sum_per_rep(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (one per local rep) in each run, each run's in rep order."""
        return np.bincount(self.rep_run, weights=values, minlength=len(self))


def _concatenate(orgs: list[Organisation]) -> Organisation:
    """One organisation of all runs: unit and employee indices shifted past the runs before."""
    if len(orgs) == 1:
        return orgs[0]
    employee_offset = np.concatenate([[0], np.cumsum([o.employees for o in orgs])[:-1]])
    unit_offset = np.concatenate([[0], np.cumsum([o.units for o in orgs])[:-1]])
    return Organisation(
        area=np.concatenate([o.area for o in orgs]),
        unit=np.concatenate([o.unit + u for o, u in zip(orgs, unit_offset, strict=True)]),
        member=np.concatenate([o.member for o in orgs]),
        union=np.concatenate([o.union for o in orgs]),
        unit_area=np.concatenate([o.unit_area for o in orgs]),
        unit_size=np.concatenate([o.unit_size for o in orgs]),
        tie_from=np.concatenate([o.tie_from + e for o, e in zip(orgs, employee_offset, strict=True)]),
        tie_to=np.concatenate([o.tie_to + e for o, e in zip(orgs, employee_offset, strict=True)]),
        rep_unit=np.concatenate([o.rep_unit + u for o, u in zip(orgs, unit_offset, strict=True)]),
        rep_union=np.concatenate([o.rep_union for o in orgs]),
    )
