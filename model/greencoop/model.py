"""The green cooperation model: one step is one month of municipal working life."""

from __future__ import annotations

from collections import deque
from typing import Any

import mesa
import numpy as np
import pandas as pd

from greencoop.emissions import baseline_emissions, emissions_by_category
from greencoop.employer import Decision, Employer, expected_abatement
from greencoop.measures import load_catalogue
from greencoop.municipality import size_of
from greencoop.organisation import UNIONS, build_organisation
from greencoop.outcomes import Recorder
from greencoop.params import Params
from greencoop.reps import ChiefRep, LocalReps, Proposal
from greencoop.workforce import Workforce

#: A cut of this share of emissions counts as a fully visible result when fed back
#: to staff (assumption).
VISIBLE_RESULT = 0.05
#: Other items on each monthly cooperation meeting's agenda: wages, staffing,
#: working environment, budget (assumption).
OTHER_ITEMS_PER_MEETING = 4
#: Staff propose behaviour measures this many times as often as technical ones:
#: they know their own routines best (assumption).
STAFF_PREFER_BEHAVIOUR = 2.0


def random_generator(seed: Any) -> np.random.Generator:
    """The run's random generator: NumPy's SFC64 seeded with ``seed``.

    SFC64 is a statistically sound generator that draws about twice as fast as
    NumPy's default PCG64 on these machines, and most of a month's cost is
    random draws. A ready-made Generator is used as it is.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.Generator(np.random.SFC64(seed))


class GreenCoopModel(mesa.Model):
    """Employer, union reps and employees of one Norwegian municipality.

    Args:
        params: parameter values; defaults for everything not given.
        rng: seed or numpy Generator; the same parameters and seed give
            identical results.
        **overrides: parameter values by name, applied on top of ``params``.

    Example:
        >>> model = GreenCoopModel(rng=1, involvement="joint")
        >>> model.run_model()
        >>> bool(model.results()["reduction_pct"].iloc[-1] > 0)
        True
    """

    def __init__(self, params: Params | None = None, *, rng: Any = None, **overrides: Any):
        params = params or Params()
        if overrides:
            params = params.replace(**overrides)
        super().__init__(rng=random_generator(rng))
        self.params = params
        self.size = size_of(params.municipality, params.employees)
        self.months = 12 * params.horizon_years

        catalogue = load_catalogue()
        self.catalogue = catalogue
        self.baseline = baseline_emissions(self.size.population, params.emissions_per_inhabitant)
        self._category = catalogue.category_index
        self._abatement = catalogue.column("abatement")
        self._behaviour = catalogue.column("behaviour").astype(bool)
        self._months_to_effect = np.maximum(catalogue.column("months_to_effect"), 1)
        self._load = catalogue.column("workload")
        scope = catalogue.scope_matrix

        org = build_organisation(self.size.employees, params.union_density, self.rng)
        self.workforce = Workforce(org, params, scope, self.rng)
        self.reps = LocalReps(org, params, self.rng)
        expected = expected_abatement(self.baseline, self._category, self._abatement, self._behaviour)
        self.employer = Employer(self, params, self.size.employees, catalogue.column("cost"), expected)
        self.chief_reps = [
            ChiefRep(self, union, name) for union, name in enumerate(UNIONS) if np.any(org.union == union)
        ]
        self._chief_of_union = {chief.union: chief for chief in self.chief_reps}
        self._staff_choice = np.where(self._behaviour, STAFF_PREFER_BEHAVIOUR, 1.0) * scope

        self.adopted_month = np.full(len(catalogue), -1)
        self.ownership = np.zeros(len(catalogue))
        self.effect = np.zeros(len(catalogue))
        self._carried_load = self._load_rows()
        self.emissions = self.baseline.copy()
        self.proposed = 0
        self._climate_items = deque([0] * 12, maxlen=12)
        self._recorder = Recorder(self.months, len(catalogue))
        self._record()

    # --- one month ---------------------------------------------------------

    def step(self) -> None:
        """One month: staff, reps, the cooperation meeting, then the measures' effect."""
        month = self.steps
        wf = self.workforce
        self.employer.accrue_budget()
        wf.influence()
        wf.respond_to_results(self._results_signal())
        adopted = self.adopted_month >= 0
        wf.take_up(np.flatnonzero(adopted & self._behaviour), self.ownership)
        implementing = adopted & ~self._behaviour & (self.effect < 1.0)
        wf.carry_load(self._carried_load * self._behaviour, self._carried_load * implementing)

        new_proposals = self.reps.step(month, wf.raise_ideas(), wf.unit_mean(wf.workload))
        self._hand_to_chief_reps(month, new_proposals)
        self._cooperate(month)
        self._update_effects(month)
        self._record()
        if month >= self.months:
            self.running = False

    def _hand_to_chief_reps(self, month: int, new_proposals: np.ndarray) -> None:
        """Each proposal names a measure relevant to the rep's service area; it goes to the union's chief rep.

        With climate never on the cooperation agenda there is no channel for
        proposals, and none are delivered.
        """
        if self.params.climate_agenda_per_year == 0 or not new_proposals.any():
            return
        proposer = np.repeat(np.arange(len(new_proposals)), new_proposals)
        unit = self.reps.unit[proposer]
        open_choice = np.cumsum(self._staff_choice * (self.adopted_month < 0), axis=1)
        cumulative = open_choice[self.workforce.org.unit_area[unit]]
        measure = pick_weighted(cumulative, self.rng)
        support = self.workforce.unit_mean(self.workforce.engagement)[unit]
        for rep, m, s, has_choice in zip(proposer, measure, support, cumulative[:, -1] > 0, strict=True):
            if has_choice:
                self._chief_of_union[self.reps.union[rep]].receive(Proposal(int(m), float(s), month))
                self.proposed += 1

    def _cooperate(self, month: int) -> None:
        """Employer initiatives, and the climate item if it is on this month's agenda."""
        adopted = self.adopted_month >= 0
        self.employer.take_initiative(adopted)
        if self.params.climate_agenda_per_year == 0:
            self._adopt(month, self.employer.decide_alone())
            self._climate_items.append(0)
            return
        if not self._climate_on_agenda(month):
            self._climate_items.append(0)
            return
        tabled: dict[int, float] = {}
        know_how = self.reps.union_know_how()
        for chief in self.chief_reps:
            for measure, support in chief.table(month, adopted, know_how[chief.union]).items():
                tabled[measure] = max(support, tabled.get(measure, 0.0))
        self._climate_items.append(len(tabled) + len(self.employer.queue))
        self._adopt(month, self.employer.decide(tabled))

    def _climate_on_agenda(self, month: int) -> bool:
        return climate_on_agenda(month, self.params.climate_agenda_per_year)

    def _adopt(self, month: int, decisions: list[Decision]) -> None:
        for d in decisions:
            self.adopted_month[d.measure] = month
            self.ownership[d.measure] = d.ownership
            self.workforce.launch(d.measure, d.ownership)
        if decisions:
            self._carried_load = self._load_rows()

    def _load_rows(self) -> np.ndarray:
        """Per measure: the load it adds and the part imposed without a say (:func:`measure_loads`), as two rows."""
        return np.vstack(measure_loads(self._load, self.ownership, self.params.workload_relief)).astype(np.float32)

    def _update_effects(self, month: int) -> None:
        self.effect = measure_effects(month, self.adopted_month, self._months_to_effect, self._behaviour,
                                      self.workforce.uptake())
        self.emissions = emissions_by_category(self.baseline, self._category, self._abatement, self.effect)

    def _results_signal(self) -> float:
        """How visible last month's results are, 0-1."""
        return results_signal(self.emissions.sum(), self.baseline.sum())

    # --- outcomes ----------------------------------------------------------

    def _record(self) -> None:
        month, wf, record = self.steps, self.workforce, self._recorder
        record.emissions[month] = self.emissions
        record.effect[month] = self.effect
        record.staff[month] = wf.engagement.sum(), wf.trust.sum(), wf.concern.sum(), wf.workload.sum()
        climate_items = sum(self._climate_items)
        record.reps[month] = (
            self.proposed,
            self.reps.climate_hours.sum(),
            self.reps.share_on_climate(month),
            climate_items / (climate_items + 12 * OTHER_ITEMS_PER_MEETING),
        )
        record.budget[month] = self.employer.budget

    def results(self) -> pd.DataFrame:
        """Tidy results so far: one row per month (0 = start).

        ``.attrs`` carries the units and what was modelled: the municipality's
        label, employees and population.
        """
        frame = self._recorder.to_frame(self.steps, self.size.employees, self.baseline, self.adopted_month,
                                        self._behaviour)
        frame.attrs |= {"municipality": self.size.label, "employees": self.size.employees,
                        "population": self.size.population}
        return frame


# --- rules of a municipality's month, shared with the sector model (greencoop.sector) -----------


def climate_on_agenda(month: int, per_year: int) -> bool:
    """Whether month ``month`` (1-based) has climate on the agenda: ``per_year`` spread evenly over the year."""
    in_year = (month - 1) % 12
    return (in_year + 1) * per_year // 12 > in_year * per_year // 12


def results_signal(emissions_total, baseline_total):
    """How visible the results are, 0-1: the share cut, against VISIBLE_RESULT (one or per municipality)."""
    return np.minimum(1.0, (1.0 - emissions_total / baseline_total) / VISIBLE_RESULT)


def measure_loads(load: np.ndarray, ownership: np.ndarray, relief: float) -> tuple[np.ndarray, np.ndarray]:
    """Per measure: the workload it adds to whoever carries it, and the part imposed without a say.

    Involvement lets staff shape a measure, so part of its load is avoided
    (``relief``); what remains is imposed as far as staff had no say.
    ``ownership`` may have a leading municipality axis.
    """
    carried = load * (1.0 - relief * ownership)
    return carried, carried * (1.0 - ownership)


def measure_effects(month: int, adopted_month: np.ndarray, months_to_effect: np.ndarray, behaviour: np.ndarray,
                    uptake: np.ndarray) -> np.ndarray:
    """How far each measure is in effect, 0-1: a technical one ramps up, a behaviour one is its uptake."""
    ramp = np.minimum((month - adopted_month) / months_to_effect, 1.0)
    return np.where(adopted_month >= 0, np.where(behaviour, uptake, ramp), 0.0)


def pick_weighted(cumulative: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One column index per row, drawn with the weights whose running sums each row of ``cumulative`` holds."""
    draw = rng.random(len(cumulative)) * cumulative[:, -1]
    return (cumulative <= draw[:, None]).sum(axis=1)
