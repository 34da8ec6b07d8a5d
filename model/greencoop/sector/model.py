"""The sector model: every KS-area municipality in one run, one step a month.

Each municipality is a run of the engine (:mod:`greencoop.engine`), with its
own employer, reps and employees following exactly the rules of a single
municipality, and its own random streams (keyed by the sector's seed and the
municipality's number). What this module adds is national: union training
places shared out, the KS programme and the spread of management's commitment
(each municipality's own parameter values), and the couplings of
:mod:`greencoop.sector.national` (grants, the union network across
municipalities).
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from greencoop.engine.month import Engine
from greencoop.engine.runs import Run
from greencoop.model import seed_of
from greencoop.municipality import KS_AREA_EMPLOYEES, Municipality
from greencoop.sector.layout import sample_municipalities
from greencoop.sector.national import NationalCouplings
from greencoop.sector.outcomes import SectorResults, tables
from greencoop.sector.params import SectorParams

#: The sector's own random stream has this place key: above every 4-digit municipality number.
NATIONAL_PLACE = 10_000


class SectorModel(mesa.Model):
    """Employers, union reps and employees of every KS-area municipality.

    Args:
        params: national levers and local parameters; defaults for everything not given.
        rng: the seed (a whole number); the same parameters and seed give identical results.
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
        seed = seed_of(rng)
        super().__init__(rng=seed)
        self.params = params
        self.municipalities = chosen = sample_municipalities(sample) if municipalities is None else tuple(
            municipalities)
        national_rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(NATIONAL_PLACE,))))
        employees = np.array([m.employees for m in chosen])
        #: Share of the KS area's employees in this run: national capacities scale with it.
        self.share_of_sector = employees.sum() / KS_AREA_EMPLOYEES
        self.in_programme = self._programme_members(national_rng)
        self.commitment = self._commitment(national_rng)
        training = self._training_per_rep(seed)
        self.local_params = [
            params.local.replace(municipality=m.number, leadership_commitment=float(c), training_per_year=float(t))
            for m, c, t in zip(chosen, self.commitment, training, strict=True)
        ]
        self.months = 12 * params.local.horizon_years
        self.national = NationalCouplings(params.grant_pool * 1e6 * self.share_of_sector, params.grant_share,
                                          params.union_network, self.months, len(chosen), national_rng)
        self.engine = Engine([Run(p, seed) for p in self.local_params], national=self.national)

    # --- each municipality's values from the national levers ------------------

    def _reps_each(self, seed: int) -> np.ndarray:
        """Local reps of each municipality (its organisation, as the engine will lay it out)."""
        return np.array([len(Run(self.params.local.replace(municipality=m.number), seed).start().org.rep_unit)
                         for m in self.municipalities])

    def _training_per_rep(self, seed: int) -> np.ndarray:
        """Each municipality's course places per rep and year, from the national places shared out (at most 1)."""
        places = self.params.training_places * self.share_of_sector
        reps = np.maximum(self._reps_each(seed), 1)
        if self.params.training_allocation == "equal":
            return np.minimum(places / len(reps) / reps, 1.0)
        return np.minimum(np.full(len(reps), places / reps.sum()), 1.0)

    def _programme_members(self, rng: np.random.Generator) -> np.ndarray:
        """Which municipalities the KS programme takes in: a share, at random or the largest."""
        count = len(self.municipalities)
        members = round(self.params.ks_programme_share * count)
        if self.params.ks_programme_selection == "largest":
            population = np.array([m.population for m in self.municipalities])
            chosen = np.argsort(-population, kind="stable")[:members]
        else:
            chosen = rng.permutation(count)[:members]
        in_programme = np.zeros(count, dtype=bool)
        in_programme[chosen] = True
        return in_programme

    def _commitment(self, rng: np.random.Generator) -> np.ndarray:
        """Leadership commitment of each municipality: spread around the local value, raised by the programme."""
        p = self.params
        spread = p.commitment_spread * rng.standard_normal(len(self.municipalities))
        own = np.clip(p.local.leadership_commitment + spread, 0.0, 1.0)
        return np.minimum(own + p.ks_programme_commitment * self.in_programme, 1.0)

    # --- one month -------------------------------------------------------------

    def step(self) -> None:
        """One month in every municipality (the engine's month), with a grant round each April."""
        self.engine.step()
        if self.engine.month >= self.months:
            self.running = False

    def results(self) -> SectorResults:
        """Tidy results so far: per municipality per month, the sector per month, and diffusion of measures."""
        return tables(self.engine.results(), self.municipalities, self.national, self.commitment,
                      self.in_programme)
