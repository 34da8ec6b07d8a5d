"""The employees of every municipality in one set of arrays, with their municipality's measures.

One :class:`~greencoop.workforce.Workforce` holds all employees of the
sector (its colleague ties stay within units, so within a municipality) and
runs the rules that do not depend on measures: colleague influence, ideas,
unit means. What depends on which measures a municipality has adopted, and
with how much ownership, is held here as per-employee columns that are
rebuilt only in the months a decision is taken, so that a month's cost grows
with the employees and not with a Python loop over municipalities.

Employees are sorted by municipality and, within it, by service area, so a
value per municipality (or per municipality and area) reaches every employee
by ``np.repeat``, about twenty times faster than indexing.
"""

from __future__ import annotations

import numpy as np

from greencoop.measures import Catalogue
from greencoop.model import measure_loads
from greencoop.params import Params
from greencoop.sector.layout import SectorLayout
from greencoop.workforce import (
    Workforce,
    drop_probability,
    ownership_factor,
    uptake_readiness,
)


class SectorWorkforce:
    """All employees of a sector run and the behaviour measures they take up or drop."""

    def __init__(self, layout: SectorLayout, params: Params, catalogue: Catalogue, rng: np.random.Generator):
        """Draw every employee's starting state (as in a single municipality).

        Args:
            layout: the municipalities and their concatenated organisation.
            params: the local parameters all municipalities share.
            catalogue: the measures.
            rng: the model's random generator.
        """
        scope = catalogue.scope_matrix
        self.people = Workforce(layout.org, params, scope, rng)
        self.params = params
        self.rng = rng
        self.layout = layout
        self.municipalities = len(layout)
        self._scope = scope
        self._load = catalogue.column("workload")
        behaviour = catalogue.column("behaviour").astype(bool)
        #: Indices of the behaviour measures: the rows of the (measure x employee) columns below.
        self.behaviour_measures = np.flatnonzero(behaviour)
        self._technical = ~behaviour
        municipality_area = layout.employee_municipality * len(scope) + layout.org.area
        if np.any(np.diff(municipality_area) < 0):
            raise ValueError("employees must be sorted by municipality and service area")
        self._employees = layout.employees
        self._per_municipality_area = np.bincount(municipality_area, minlength=len(layout) * len(scope))
        in_scope = self.people.in_scope[self.behaviour_measures]
        self._in_scope = in_scope
        shape = in_scope.shape
        #: 1.0 where an employee has taken up a behaviour measure (behaviour measure x employee).
        self.adopted = np.zeros(shape, dtype=np.float32)
        #: Ownership factor of the measure where it is in force and in the employee's scope, else 0.
        self._uptake_factor = np.zeros(shape, dtype=np.float32)
        #: Load each measure adds to whoever has taken it up, and the part imposed without a say.
        self._behaviour_load = np.zeros(shape, dtype=np.float32)
        self._behaviour_imposed = np.zeros(shape, dtype=np.float32)
        self._any_in_force = False
        #: Employees in scope of each measure, per municipality (municipality x measure).
        self.scope_size = np.maximum(
            np.add.reduceat(self.people.in_scope, layout.employee_start, axis=1, dtype=np.int64).T, 1
        )

    # --- measures in force -------------------------------------------------

    def set_measures(self, adopted_month: np.ndarray, ownership: np.ndarray) -> None:
        """Rebuild the per-employee columns after decisions (both arguments municipality x measure)."""
        rows = self.behaviour_measures
        in_force = adopted_month[:, rows] >= 0
        self._any_in_force = bool(in_force.any())
        factor = np.where(in_force, ownership_factor(ownership[:, rows]), 0.0).astype(np.float32)
        self._uptake_factor = self.spread(factor.T) * self._in_scope
        load, imposed = measure_loads(self._load, ownership, self.params.workload_relief)
        self._behaviour_load = self.spread(load[:, rows].T.astype(np.float32))
        self._behaviour_imposed = self.spread(imposed[:, rows].T.astype(np.float32))

    def launch(self, decided: np.ndarray, ownership: np.ndarray) -> None:
        """Measures start where they apply: a focusing event, and trust where staff had a say.

        Several launches in one month compound, as one after another would:
        each closes its share of the gap to 1 (see ``Workforce.launch``).

        Args:
            decided: (municipality x measure) whether adopted this month.
            ownership: (municipality x measure) staff ownership of each measure.
        """
        p = self.params
        municipality, measure = np.nonzero(decided)
        owned = ownership[municipality, measure]
        in_scope = self._scope[:, measure].T  # (decision x area)
        engagement_gap = np.ones((self.municipalities, len(self._scope)))
        trust_gap = np.ones_like(engagement_gap)
        np.multiply.at(engagement_gap, municipality,
                       np.where(in_scope, 1.0 - p.launch_boost * (0.5 + 0.5 * owned)[:, None], 1.0))
        np.multiply.at(trust_gap, municipality, np.where(in_scope, 1.0 - p.trust_gain * owned[:, None], 1.0))
        people = self.people
        people.engagement = 1.0 - (1.0 - people.engagement) * self._spread_by_area(engagement_gap)
        people.trust = 1.0 - (1.0 - people.trust) * self._spread_by_area(trust_gap)

    # --- one month ---------------------------------------------------------

    def take_up(self) -> None:
        """Staff in scope take up or drop the behaviour measures in force in their municipality.

        One draw per (measure, employee) against a threshold: the chance to
        take the measure up, or, for those who hold it, the chance to keep it
        (one minus the chance to drop it). Out of scope, and where the
        measure is not in force, the chance to take it up is 0.
        """
        if not self._any_in_force:
            return
        people, p = self.people, self.params
        readiness = uptake_readiness(people.engagement, people.trust, people.workload, p.uptake_rate)
        keep = 1.0 - drop_probability(people.engagement, people.workload, p.revert_rate)
        # Chances in units of 2**-24, the resolution of the draws, to compare with them directly.
        threshold = self._uptake_factor * (readiness * DRAW_LEVELS).astype(np.float32)
        held_gap = (keep * DRAW_LEVELS).astype(np.float32) - threshold
        held_gap *= self.adopted
        threshold += held_gap
        np.less(draw_levels(self.rng, threshold.shape), threshold, out=self.adopted, casting="unsafe")

    def carry_load(self, implementing: np.ndarray, ownership: np.ndarray) -> None:
        """Set workload from the measures each employee carries; imposed load erodes trust.

        Args:
            implementing: (municipality x measure) technical measures adopted
                and not yet in full effect: they load everyone in scope.
            ownership: (municipality x measure) staff ownership of each measure.
        """
        load, imposed = measure_loads(self._load, ownership, self.params.workload_relief)
        by_area = np.stack([load * implementing, imposed * implementing]) @ self._scope.T.astype(float)
        carried = self._spread_by_area(by_area[0])
        carried_imposed = self._spread_by_area(by_area[1])
        if self._any_in_force:
            carried = carried + np.einsum("ij,ij->j", self._behaviour_load, self.adopted)
            carried_imposed = carried_imposed + np.einsum("ij,ij->j", self._behaviour_imposed, self.adopted)
        people = self.people
        people.workload = np.minimum(people.base_workload + carried, 1.0)
        people.trust *= np.maximum(1.0 - self.params.trust_loss * carried_imposed, 0.0)

    def spread(self, per_municipality: np.ndarray) -> np.ndarray:
        """A value per municipality (last axis) to every employee of it."""
        return np.repeat(per_municipality, self._employees, axis=-1)

    def _spread_by_area(self, table: np.ndarray) -> np.ndarray:
        """A (municipality x service area) table to every employee."""
        return np.repeat(table.ravel(), self._per_municipality_area)

    def uptake(self) -> np.ndarray:
        """(municipality x behaviour measure) share of staff in scope who have taken up each measure."""
        held = np.add.reduceat(self.adopted, self.layout.employee_start, axis=1, dtype=np.float64).T
        return held / self.scope_size[:, self.behaviour_measures]

    def sums(self) -> np.ndarray:
        """(municipality x 4) sums of engagement, trust, concern and workload."""
        people, start = self.people, self.layout.employee_start
        return np.stack([np.add.reduceat(values, start) for values in
                         (people.engagement, people.trust, people.concern, people.workload)], axis=1)


#: Uniform draws of the sector's take-up rule take one of 2**24 levels (float32's resolution).
DRAW_LEVELS = 2**24


def draw_levels(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Uniform draws as whole numbers 0 to DRAW_LEVELS - 1 (float32), two from each 64-bit output of ``rng``.

    ``draw / DRAW_LEVELS`` is exactly what NumPy's float32 draws give (a 32-bit
    word cut to 24 bits), but with SFC64 ``Generator.random(dtype=np.float32)``
    spends a whole 64-bit output on each draw, and the sector's take-up rule
    draws several million a month. Comparing the levels with chances scaled
    by DRAW_LEVELS saves the division.
    """
    count = int(np.prod(shape))
    words = rng.bit_generator.random_raw((count + 1) // 2).view(np.uint32)[:count]
    words >>= 8
    return words.view(np.int32).astype(np.float32).reshape(shape)
