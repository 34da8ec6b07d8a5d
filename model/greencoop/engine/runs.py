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
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from greencoop.engine.mechanisms import MECHANISMS, MECHANISMS_BY_NAME, checked_names
from greencoop.engine.streams import run_generators
from greencoop.municipality import find_municipality, size_of
from greencoop.organisation import SERVICE_AREAS, Organisation, build_organisation
from greencoop.params import PARAMETERS, Params

#: Individual starting values cluster around their mean with this concentration (Beta). Assumption.
SPREAD = 8.0
#: Health and care staff start with this much more workload (assumption).
HEALTH_CARE_EXTRA_WORKLOAD = 0.1
#: Staff of schools and kindergartens start this much more concerned about climate: 97-99 % of the
#: teachers' union's members are worried, against about 80 % of the population (Utdanningsforbundet
#: 2021, facts pattern 4; the size of the shift is an assumption).
TEACHING_EXTRA_CONCERN = 0.1
#: Fafo asked whether reps had worked concretely on climate "in the last two years".
CLIMATE_WORK_WINDOW_MONTHS = 24
#: Share of reps who had worked concretely on climate in the two years before the start: a third in 2016
#: (Fafo, facts pattern 1).
SHARE_ON_CLIMATE_AT_START = 1 / 3
#: Parameters that are numbers, held as arrays along the run axis.
_NUMERIC = tuple(p.name for p in PARAMETERS if p.kind in ("float", "int") and p.default is not None)


@dataclass(frozen=True)
class Run:
    """One run: a parameter set, a seed (a non-negative whole number), and any mechanisms switched off.

    ``switched_off`` names mechanisms of :data:`~greencoop.engine.mechanisms.MECHANISMS` to remove (ablation);
    unknown names raise :class:`~greencoop.errors.ParameterError`.
    """

    params: Params
    seed: int
    switched_off: frozenset[str] = field(default=frozenset())

    def __post_init__(self):
        object.__setattr__(self, "switched_off", checked_names(self.switched_off))

    @property
    def employees(self) -> int:
        """The run's workforce: its municipality's, or the size given."""
        return size_of(self.params.municipality, self.params.employees).employees

    @property
    def place(self) -> int:
        """The run's place key for its random streams: the municipality's number, or 0 for a bare size."""
        municipality = self.params.municipality
        return 0 if municipality is None else int(find_municipality(municipality).number)

    def start(self) -> Start:
        """What this run starts with (cached: runs of the same size, seed, place and starting levels share it)."""
        p = self.params
        return start_of(self.employees, self.seed, self.place, p.union_density,
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
    last_climate_month: np.ndarray


@lru_cache(maxsize=512)
def start_of(employees: int, seed: int, place: int, union_density: float, concern: float, trust: float,
             workload: float, competence: float) -> Start:
    """Lay out one run's workforce and draw its starting values, each from its own stream.

    The result is cached and shared: its arrays are read-only.
    """
    streams = run_generators(seed, place, ("organisation", "concern", "trust", "workload", "competence",
                                           "priority", "history"))
    org = build_organisation(employees, union_density, streams["organisation"])
    reps = len(org.rep_unit)
    areas = list(SERVICE_AREAS)
    health_care = org.area == areas.index("health_care")
    teaching = np.isin(org.area, [areas.index("schools"), areas.index("kindergartens")])
    start = Start(
        org=org,
        concern=beta_around(streams["concern"], np.where(teaching, min(concern + TEACHING_EXTRA_CONCERN, 0.95),
                                                         concern)),
        trust=beta_around(streams["trust"], np.full(employees, trust)),
        base_workload=np.clip(beta_around(streams["workload"], np.full(employees, workload))
                              + HEALTH_CARE_EXTRA_WORKLOAD * health_care, 0.0, 1.0),
        competence=beta_around(streams["competence"], np.full(reps, competence)),
        # How much each rep cares about climate, drawn like employees' concern.
        priority=beta_around(streams["priority"], np.full(reps, concern)),
        last_climate_month=climate_work_before_start(streams["history"], reps),
    )
    for values in (start.concern, start.trust, start.base_workload, start.competence, start.priority,
                   start.last_climate_month):
        values.flags.writeable = False
    return start


def beta_around(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    """One individual value in (0, 1) scattered around each ``mean`` (Beta, concentration SPREAD)."""
    mean = np.clip(mean, 1e-3, 1.0 - 1e-3)
    return rng.beta(mean * SPREAD, (1.0 - mean) * SPREAD)


def climate_work_before_start(rng: np.random.Generator, reps: int) -> np.ndarray:
    """The last month before the start each rep worked concretely on climate (0 = the month before).

    A share SHARE_ON_CLIMATE_AT_START did so at some month of the two-year window, uniformly;
    the others not within it.
    """
    draws = rng.random((2, reps))
    months_ago = np.floor(draws[1] * CLIMATE_WORK_WINDOW_MONTHS)
    return np.where(draws[0] < SHARE_ON_CLIMATE_AT_START, -months_ago, -CLIMATE_WORK_WINDOW_MONTHS).astype(np.int64)


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
        #: Whether each mechanism is on, per run.
        self._on = {m.name: np.array([m.name not in run.switched_off for run in self.runs]) for m in MECHANISMS}
        for mechanism in MECHANISMS:
            for name in mechanism.parameters:
                self.params[name] = np.where(self._on[mechanism.name], self.params[name], 0.0)
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

    def __len__(self) -> int:
        return len(self.runs)

    @property
    def seeds(self) -> list[int]:
        return [run.seed for run in self.runs]

    @property
    def places(self) -> list[int]:
        return [run.place for run in self.runs]

    def switched_on(self, mechanism: str) -> np.ndarray:
        """Whether ``mechanism`` is on in each run (a rule whose strength is no parameter checks it here)."""
        if MECHANISMS_BY_NAME[mechanism].parameters:
            raise ValueError(f"'{mechanism}' is switched off through its parameters; its rule need not ask")
        return self._on[mechanism]

    def starting(self, field: str) -> np.ndarray:
        """One starting value of every run's rows, concatenated (a fresh, writable array)."""
        return np.concatenate([getattr(s, field) for s in self.starts])


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
