"""The sector model: every KS-area municipality in one run, one step a month.

Each municipality has its own employer, reps and employees, following the
rules of the single-municipality model (:mod:`greencoop.model`); their state
is held in arrays over all municipalities, and the national levers
(:mod:`greencoop.sector.params`) act across them.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from greencoop.emissions import baseline_emissions, emissions_by_category
from greencoop.employer import expected_abatement
from greencoop.measures import load_catalogue
from greencoop.model import (
    STAFF_PREFER_BEHAVIOUR,
    climate_on_agenda,
    measure_effects,
    pick_weighted,
    random_generator,
    results_signal,
)
from greencoop.municipality import KS_AREA_EMPLOYEES, Municipality
from greencoop.sector.employers import GRANT_ROUND_MONTH, Employers
from greencoop.sector.layout import lay_out, sample_municipalities
from greencoop.sector.outcomes import SectorRecorder, SectorResults, tables
from greencoop.sector.params import SectorParams
from greencoop.sector.unions import PRACTICE_PULL, Proposals, SectorReps
from greencoop.sector.workforce import SectorWorkforce


class SectorModel(mesa.Model):
    """Employers, union reps and employees of every KS-area municipality.

    Args:
        params: national levers and local parameters; defaults for everything not given.
        rng: seed or numpy Generator; the same parameters and seed give identical results.
        sample: run only this many municipalities, spread over the range of sizes
            (:func:`~greencoop.sector.layout.sample_municipalities`); national
            capacities (training places, grant pool) shrink with the sample's
            share of the sector's employees.
        municipalities: run exactly these municipalities instead (same scaling).
        **overrides: parameter values by name, applied on top of ``params``.

    Example:
        >>> model = SectorModel(rng=1, sample=5, horizon_years=2)
        >>> model.run_model()
        >>> results = model.results()
        >>> len(results.municipalities) == 5 * 25, len(results.sector)
        (True, 25)
    """

    def __init__(self, params: SectorParams | None = None, *, rng: Any = None, sample: int | None = None,
                 municipalities: tuple[Municipality, ...] | None = None, **overrides: Any):
        params = params or SectorParams()
        if overrides:
            params = params.replace(**overrides)
        super().__init__(rng=random_generator(rng))
        self.params = params
        local = params.local
        self.months = 12 * local.horizon_years
        chosen = sample_municipalities(sample) if municipalities is None else tuple(municipalities)
        catalogue = load_catalogue()
        self.catalogue = catalogue
        self._category = catalogue.category_index
        self._abatement = catalogue.column("abatement")
        self._behaviour = catalogue.column("behaviour").astype(bool)
        self._months_to_effect = np.maximum(catalogue.column("months_to_effect"), 1)

        self.layout = layout = lay_out(chosen, local.union_density, self.rng)
        count = len(layout)
        employees = layout.employees
        #: Share of the KS area's employees in this run: national capacities scale with it.
        self.share_of_sector = employees.sum() / KS_AREA_EMPLOYEES
        self.baseline = baseline_emissions(layout.population[:, None], local.emissions_per_inhabitant)
        self.workforce = SectorWorkforce(layout, local, catalogue, self.rng)
        self.reps = SectorReps(layout, local, self._training_per_rep(), params.union_network, self.rng)
        self.in_programme = self._programme_members()
        self.commitment = self._commitment()
        cost = catalogue.column("cost") * employees[:, None]
        self.employers = Employers(
            self.commitment, local.involvement, local.initiative_rate, local.climate_budget * employees / 12,
            cost, expected_abatement(self.baseline, self._category, self._abatement, self._behaviour), self.rng,
        )
        self.proposals = Proposals(count, len(catalogue))
        self._staff_choice = np.where(self._behaviour, STAFF_PREFER_BEHAVIOUR, 1.0) * catalogue.scope_matrix

        shape = (count, len(catalogue))
        self.adopted_month = np.full(shape, -1)
        self.ownership = np.zeros(shape)
        self.effect = np.zeros(shape)
        self.emissions = self.baseline.copy()
        self.proposed = np.zeros(count)
        self.grants_asked = np.zeros(count)
        self.grants_received = np.zeros(count)
        self._items = np.zeros(count)
        self._recorder = SectorRecorder(self.months, count, len(catalogue))
        self._record()

    # --- set-up from the national levers ------------------------------------

    def _training_per_rep(self) -> np.ndarray:
        """Each municipality's course places per rep and year, from the national places shared out."""
        places = self.params.training_places * self.share_of_sector
        reps = np.maximum(self.layout.reps, 1)
        if self.params.training_allocation == "equal":
            return places / len(self.layout) / reps
        return np.full(len(self.layout), places / reps.sum())

    def _programme_members(self) -> np.ndarray:
        """Which municipalities the KS programme takes in: a share, at random or the largest."""
        count = len(self.layout)
        members = round(self.params.ks_programme_share * count)
        if self.params.ks_programme_selection == "largest":
            chosen = np.argsort(-self.layout.population, kind="stable")[:members]
        else:
            chosen = self.rng.permutation(count)[:members]
        in_programme = np.zeros(count, dtype=bool)
        in_programme[chosen] = True
        return in_programme

    def _commitment(self) -> np.ndarray:
        """Leadership commitment of each municipality: spread around the local value, raised by the programme."""
        p = self.params
        spread = p.commitment_spread * self.rng.standard_normal(len(self.layout))
        own = np.clip(p.local.leadership_commitment + spread, 0.0, 1.0)
        return np.minimum(own + p.ks_programme_commitment * self.in_programme, 1.0)

    # --- one month ---------------------------------------------------------

    def step(self) -> None:
        """One month in every municipality, in the single model's order, with a grant round each April."""
        month = self.steps
        wf = self.workforce
        self.employers.accrue_budget()
        if self.params.grant_pool and (month - 1) % 12 + 1 == GRANT_ROUND_MONTH:
            self._grant_round()
        wf.people.influence()
        signal = results_signal(self.emissions.sum(axis=1), self.baseline.sum(axis=1))
        wf.people.respond_to_results(wf.spread(signal))
        wf.take_up()
        adopted = self.adopted_month >= 0
        wf.carry_load(adopted & ~self._behaviour & (self.effect < 1.0), self.ownership)

        new_proposals = self.reps.step(month, wf.people.raise_ideas(), wf.people.unit_mean(wf.people.workload))
        self._hand_to_chief_reps(month, new_proposals)
        self._cooperate(month)
        self._update_effects(month)
        self._record()
        if month >= self.months:
            self.running = False

    def _grant_round(self) -> None:
        pool = self.params.grant_pool * 1e6 * self.share_of_sector
        asked, granted = self.employers.compete_for_grants(pool, self.params.grant_share, self.adopted_month >= 0)
        self.grants_asked += asked
        self.grants_received += granted

    def _hand_to_chief_reps(self, month: int, new_proposals: np.ndarray) -> None:
        """Each proposal names an open measure relevant to the rep's service area (see the single model).

        With a union network, practices already used in other municipalities
        are proposed more often: reps hear of them from their union.
        """
        if self.params.climate_agenda_per_year == 0 or not new_proposals.any():
            return
        proposer = np.repeat(np.arange(len(new_proposals)), new_proposals)
        unit = self.reps.unit[proposer]
        municipality = self.layout.unit_municipality[unit]
        used_elsewhere = (self.adopted_month >= 0).mean(axis=0)
        pull = 1.0 + PRACTICE_PULL * self.params.union_network * used_elsewhere
        weights = self._staff_choice[self.layout.org.unit_area[unit]] * (self.adopted_month[municipality] < 0) * pull
        cumulative = np.cumsum(weights, axis=1)
        measure = pick_weighted(cumulative, self.rng)
        support = self.workforce.people.unit_mean(self.workforce.people.engagement)[unit]
        has_choice = cumulative[:, -1] > 0
        self.proposals.receive(self.reps.union[proposer][has_choice], measure[has_choice], support[has_choice],
                               month)
        self.proposed += np.bincount(municipality[has_choice], minlength=len(self.layout))

    def _cooperate(self, month: int) -> None:
        """Employer initiatives everywhere, and the climate item where it is on this month's agenda."""
        adopted = self.adopted_month >= 0
        self.employers.take_initiative(adopted)
        per_year = self.params.climate_agenda_per_year
        self._items = np.zeros(len(self.layout))
        if per_year == 0:
            self._adopt(month, *self.employers.decide_alone())
            return
        if not climate_on_agenda(month, per_year):
            return
        support, tabled = self.proposals.table(month, adopted, self.reps.union_know_how())
        self._items = tabled.sum(axis=1) + self.employers.queue_length()
        self._adopt(month, *self.employers.decide(support, tabled))

    def _adopt(self, month: int, decided: np.ndarray, ownership: np.ndarray) -> None:
        if not decided.any():
            return
        self.adopted_month[decided] = month
        self.ownership[decided] = ownership[decided]
        self.workforce.launch(decided, self.ownership)
        self.workforce.set_measures(self.adopted_month, self.ownership)

    def _update_effects(self, month: int) -> None:
        uptake = np.zeros(self.effect.shape)
        uptake[:, self.workforce.behaviour_measures] = self.workforce.uptake()
        self.effect = measure_effects(month, self.adopted_month, self._months_to_effect, self._behaviour, uptake)
        self.emissions = emissions_by_category(self.baseline, self._category, self._abatement, self.effect)

    # --- outcomes ----------------------------------------------------------

    def _record(self) -> None:
        month, record = self.steps, self._recorder
        record.emissions[month] = self.emissions
        record.effect[month] = self.effect
        record.staff[month] = self.workforce.sums()
        record.reps[month] = np.stack([
            self.proposed,
            self.reps.per_municipality(self.reps.climate_hours),
            self.reps.share_on_climate_each(month),
        ], axis=1)
        record.items[month] = self._items
        record.budget[month] = self.employers.budget
        record.grants_asked[month] = self.grants_asked
        record.grants_received[month] = self.grants_received

    def results(self) -> SectorResults:
        """Tidy results so far: per municipality per month, the sector per month, and diffusion of measures."""
        keys = [m.key for m in self.catalogue.measures]
        return tables(self._recorder, self.steps, self.layout, self.baseline, self.adopted_month, self._behaviour,
                      keys, self.commitment, self.in_programme)
