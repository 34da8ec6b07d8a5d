"""Union reps of every municipality: local reps, the hovedtillitsvalgte's proposals, and the national levers.

Local reps follow the single-municipality rules (:class:`~greencoop.reps.LocalReps`);
a union's reps within one municipality share know-how as they do there. Two
national levers act on them: training places shared out across
municipalities (each rep's chance of a course depends on their
municipality's share), and a union network across municipalities that
pulls each rep's competence toward the national mean of their union.

Each union's *hovedtillitsvalgt* in each municipality is a row group in
:class:`Proposals`: the proposals pending with them, as columns, tabled
together at a climate meeting by the rule of :class:`~greencoop.reps.ChiefRep`.
"""

from __future__ import annotations

import numpy as np

from greencoop.organisation import UNIONS
from greencoop.params import Params
from greencoop.reps import PROPOSAL_SHELF_LIFE_MONTHS, LocalReps, argued_support
from greencoop.sector.layout import SectorLayout

#: A practice every other municipality already uses is this many times more
#: likely to be proposed, with a fully connected union network (assumption).
PRACTICE_PULL = 4.0


class SectorReps(LocalReps):
    """Local reps of every municipality; the reps of one union in one municipality form a group."""

    def __init__(self, layout: SectorLayout, params: Params, training_per_year: np.ndarray, network: float,
                 rng: np.random.Generator):
        """
        Args:
            layout: the municipalities and their concatenated organisation.
            params: the local parameters all municipalities share.
            training_per_year: each municipality's chance per rep of a course per year.
            network: the national union network's strength, 0-1.
            rng: the model's random generator.
        """
        unions = len(UNIONS)
        municipality = layout.rep_municipality
        super().__init__(layout.org, params, rng, union=municipality * unions + layout.org.rep_union,
                         unions=len(layout) * unions)
        self.municipality = municipality
        self.municipalities = len(layout)
        self.national_union = layout.org.rep_union
        self.network = network
        self.training_chance = np.minimum(training_per_year, 1.0)[municipality] / 12
        self._reps_nationally = np.maximum(np.bincount(self.national_union, minlength=unions), 1)
        self._reps_here = np.maximum(np.bincount(municipality, minlength=self.municipalities), 1)

    def _learn(self, used: np.ndarray) -> None:
        """Learning as in a municipality, then know-how from the same union's reps across the country."""
        super()._learn(used)
        if self.network:
            national = np.bincount(self.national_union, weights=self.competence, minlength=len(UNIONS))
            gap = np.maximum(national[self.national_union] / self._reps_nationally[self.national_union]
                             - self.competence, 0.0)
            self.competence += self.network / 12 * gap

    def per_municipality(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (one per rep) in each municipality."""
        return np.bincount(self.municipality, weights=values, minlength=self.municipalities)

    def share_on_climate_each(self, month: int) -> np.ndarray:
        """Share of each municipality's reps who worked concretely on climate in the last two years."""
        return self.per_municipality(self.recently_on_climate(month)) / self._reps_here


class Proposals:
    """Proposals pending with every union's hovedtillitsvalgt in every municipality, as columns.

    A group is one union in one municipality (index municipality x unions +
    union), as in :class:`SectorReps`.
    """

    def __init__(self, municipalities: int, measures: int):
        self.municipalities = municipalities
        self.measures = measures
        self.group = np.zeros(0, dtype=np.int64)
        self.measure = np.zeros(0, dtype=np.int64)
        self.support = np.zeros(0)
        self.month = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.group)

    def receive(self, group: np.ndarray, measure: np.ndarray, support: np.ndarray, month: int) -> None:
        self.group = np.concatenate([self.group, group])
        self.measure = np.concatenate([self.measure, measure])
        self.support = np.concatenate([self.support, support])
        self.month = np.concatenate([self.month, np.full(len(group), month)])

    def table(self, month: int, decided: np.ndarray, know_how: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The proposals each municipality's meeting gets: argued support, and whether tabled at all.

        Proposals already decided or past their shelf life are dropped; the
        others stay pending. Support from several units adds up within a
        union (:func:`~greencoop.reps.argued_support`); across unions the
        meeting takes each measure's highest support.

        Args:
            month: the month now.
            decided: (municipality x measure) measures already adopted.
            know_how: mean effective competence of each group's reps.

        Returns:
            (municipality x measure) support, and whether the measure is tabled.
        """
        unions = len(UNIONS)
        alive = (month - self.month < PROPOSAL_SHELF_LIFE_MONTHS) & ~decided[self.group // unions, self.measure]
        self.group, self.measure = self.group[alive], self.measure[alive]
        self.support, self.month = self.support[alive], self.month[alive]
        key = self.group * self.measures + self.measure
        unbacked = np.ones(self.municipalities * unions * self.measures)
        np.multiply.at(unbacked, key, 1.0 - self.support)
        tabled = np.zeros(len(unbacked), dtype=bool)
        tabled[key] = True
        support = argued_support(unbacked.reshape(-1, self.measures), know_how[:, None]).ravel()
        shape = (self.municipalities, unions, self.measures)
        support = np.where(tabled, support, -np.inf).reshape(shape).max(axis=1)
        tabled = tabled.reshape(shape).any(axis=1)
        return np.where(tabled, support, 0.0), tabled
