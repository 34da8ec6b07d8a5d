"""Union reps: local tillitsvalgte in the units, and one hovedtillitsvalgt per union.

Local reps collect their members' ideas and, when their release time (frikjøp)
is not eaten by the competing agenda (wages, staffing, working environment),
turn them into proposals, as far as their climate competence lets them argue
for them. Each union's hovedtillitsvalgt gathers the proposals and tables them
when climate is on the cooperation agenda.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from greencoop.organisation import UNIONS, Organisation
from greencoop.params import Params
from greencoop.workforce import beta_around

#: Share of a rep's untouched ideas still alive a month later (assumption).
IDEA_SURVIVAL = 0.9
#: Fafo asked whether reps had worked concretely on climate "in the last two years".
CLIMATE_WORK_WINDOW_MONTHS = 24
#: Hours in a month that count as working concretely on climate (assumption).
MIN_CLIMATE_HOURS = 1.0
#: Months a tabled-but-undecided proposal stays alive (assumption).
PROPOSAL_SHELF_LIFE_MONTHS = 12


class LocalReps:
    """All local reps of a municipality, their state in numpy columns."""

    def __init__(self, org: Organisation, params: Params, rng: np.random.Generator,
                 union: np.ndarray | None = None, unions: int = len(UNIONS)):
        """
        Args:
            org: the workforce's structure (units, rep seats and their unions).
            params: parameter values.
            rng: the model's random generator.
            union, unions: the group each rep shares know-how with, and how
                many groups there are; by default the rep's union. The sector
                model passes one group per union in each municipality.
        """
        count = len(org.rep_unit)
        self.params = params
        self.rng = rng
        self.unit = org.rep_unit
        self.union = org.rep_union if union is None else union
        self.unions = unions
        self._seats_beside = np.maximum(np.bincount(org.rep_unit, minlength=org.units), 1)[org.rep_unit]
        self._reps_in_union = np.maximum(np.bincount(self.union, minlength=self.unions), 1)
        #: Monthly chance of climate training: one for all reps, or one per rep (the sector shares out places).
        self.training_chance = params.training_per_year / 12
        self.competence = beta_around(rng, params.initial_competence, count)
        #: How much each rep cares about climate, drawn like employees' concern.
        self.priority = beta_around(rng, params.initial_concern, count)
        self.backlog = np.zeros(count)
        self.climate_hours = np.zeros(count)
        self.last_climate_month = np.full(count, -CLIMATE_WORK_WINDOW_MONTHS)

    def __len__(self) -> int:
        return len(self.unit)

    def effective_competence(self) -> np.ndarray:
        """Competence including what the union's toolkit adds."""
        return np.minimum(self.competence + self.params.union_toolkit, 1.0)

    def step(self, month: int, ideas_per_unit: np.ndarray, unit_workload: np.ndarray) -> np.ndarray:
        """Spend this month's rep time; return the number of new proposals per rep.

        Args:
            month: the month now (1-based).
            ideas_per_unit: members' new ideas in each unit.
            unit_workload: mean workload in each unit (heavier load, more
                competing work for the rep).
        """
        p = self.params
        self.backlog = IDEA_SURVIVAL * self.backlog + ideas_per_unit[self.unit] / self._seats_beside
        competing = self.rng.gamma(2.0, p.competing_agenda_hours / 2.0, len(self)) * (0.5 + unit_workload[self.unit])
        free = np.maximum(p.rep_release_hours - competing, 0.0)
        competence = self.effective_competence()
        willing = free * self.priority * (0.3 + 0.7 * competence)
        self.climate_hours = np.minimum(willing, self.backlog * p.hours_per_idea)
        worked = self.climate_hours >= MIN_CLIMATE_HOURS
        self.last_climate_month[worked] = month
        worked_ideas = self.climate_hours / p.hours_per_idea
        self.backlog = np.maximum(self.backlog - worked_ideas, 0.0)
        self._learn(used=worked)
        return self.rng.poisson(worked_ideas * competence)

    def _learn(self, used: np.ndarray) -> None:
        """Training, know-how shared in the union's network, and forgetting what goes unused."""
        p = self.params
        trained = self.rng.random(len(self)) < self.training_chance
        if trained.any():
            self.competence[trained] += p.training_gain * (1.0 - self.competence[trained])
        union_mean = np.bincount(self.union, weights=self.competence, minlength=self.unions) / self._reps_in_union
        gap = np.maximum(union_mean[self.union] - self.competence, 0.0)
        self.competence += p.rep_network / 12 * gap
        self.competence[~used] *= 1.0 - p.competence_decay

    def share_on_climate(self, month: int) -> float:
        """Share of reps who worked concretely on climate in the last two years."""
        if not len(self):
            return 0.0
        return np.count_nonzero(self.recently_on_climate(month)) / len(self)

    def recently_on_climate(self, month: int) -> np.ndarray:
        """Whether each rep worked concretely on climate in the last two years."""
        return month - self.last_climate_month < CLIMATE_WORK_WINDOW_MONTHS

    def union_know_how(self) -> np.ndarray:
        """Mean effective competence of each union's local reps."""
        return np.bincount(self.union, weights=self.effective_competence(), minlength=self.unions) / self._reps_in_union


@dataclass(frozen=True)
class Proposal:
    """A proposed measure, with the share of colleagues behind it (support, 0-1)."""

    measure: int
    support: float
    month: int


class ChiefRep(mesa.Agent):
    """The hovedtillitsvalgt of one union: gathers proposals and tables them.

    Support from several units for the same measure adds up (the chance that
    at least one unit's backing carries), and the union's know-how makes the
    case stronger: a well-trained union argues its proposals better.
    """

    def __init__(self, model: mesa.Model, union: int, name: str):
        super().__init__(model)
        self.union = union
        self.name = name
        self.pending: list[Proposal] = []

    def receive(self, proposal: Proposal) -> None:
        self.pending.append(proposal)

    def table(self, month: int, decided: np.ndarray, know_how: float) -> dict[int, float]:
        """Proposals for this meeting: measure -> argued support.

        Proposals already decided or older than their shelf life are dropped;
        the others stay pending and are tabled again at the next meeting.
        """
        self.pending = [
            p for p in self.pending
            if month - p.month < PROPOSAL_SHELF_LIFE_MONTHS and not decided[p.measure]
        ]
        unbacked: dict[int, float] = {}
        for p in self.pending:
            unbacked[p.measure] = unbacked.get(p.measure, 1.0) * (1.0 - p.support)
        return {m: argued_support(u, know_how) for m, u in unbacked.items()}


def argued_support(unbacked, know_how):
    """Support a union argues for a measure: the chance one unit's backing carries, made by its know-how.

    Args:
        unbacked: product over the union's proposals for the measure of (1 - support).
        know_how: mean effective competence of the union's local reps.
    """
    return (1.0 - unbacked) * (0.5 + 0.5 * know_how)
