"""Union reps of every run: local tillitsvalgte in the units, and each union's hovedtillitsvalgt.

Local reps collect their members' ideas and, when their release time
(frikjøp) is not eaten by the competing agenda (wages, staffing, working
environment), turn them into proposals, as far as their climate competence
lets them argue for them. Each union's hovedtillitsvalgt in a run gathers the
proposals and tables them when climate is on the cooperation agenda; a union
in a run is a *group* (index run x unions + union).
"""

from __future__ import annotations

import numpy as np

from greencoop.engine.runs import RunSet
from greencoop.engine.streams import Streams
from greencoop.organisation import UNIONS

#: Share of a rep's untouched ideas still alive a month later (assumption).
IDEA_SURVIVAL = 0.9
#: Fafo asked whether reps had worked concretely on climate "in the last two years".
CLIMATE_WORK_WINDOW_MONTHS = 24
#: Hours in a month that count as working concretely on climate (assumption).
MIN_CLIMATE_HOURS = 1.0
#: Months a tabled-but-undecided proposal stays alive (assumption).
PROPOSAL_SHELF_LIFE_MONTHS = 12


class LocalReps:
    """All local reps of a batch, their state in numpy columns."""

    def __init__(self, runs: RunSet):
        org = runs.org
        self.runs = runs
        self.unit = org.rep_unit
        #: The group each rep shares know-how with: their union in their run.
        self.group = runs.rep_run * len(UNIONS) + org.rep_union
        self.groups = len(runs) * len(UNIONS)
        self._seats_beside = np.maximum(np.bincount(org.rep_unit, minlength=len(org.unit_size)), 1)[org.rep_unit]
        self._reps_in_group = np.maximum(np.bincount(self.group, minlength=self.groups), 1)
        self.competence = runs.starting("competence")
        self.priority = runs.starting("priority")
        self.backlog = np.zeros(len(self.unit))
        self.climate_hours = np.zeros(len(self.unit))
        self.last_climate_month = np.full(len(self.unit), -CLIMATE_WORK_WINDOW_MONTHS)

    def effective_competence(self) -> np.ndarray:
        """Competence including what the union's toolkit adds."""
        return np.minimum(self.competence + self.runs.per_rep("union_toolkit"), 1.0)

    def work(self, month: int, ideas_per_unit: np.ndarray, unit_workload: np.ndarray, streams: Streams) -> np.ndarray:
        """Spend this month's rep time on the members' ideas; return the hours' worth of worked ideas.

        Args:
            month: the month now (1-based).
            ideas_per_unit: members' new ideas in each unit.
            unit_workload: mean workload in each unit (heavier load, more competing work for the rep).
            streams: the batch's random streams.

        Returns:
            Ideas each rep worked on this month (fractional).
        """
        runs = self.runs
        hours_per_idea = runs.per_rep("hours_per_idea")
        self.backlog = IDEA_SURVIVAL * self.backlog + ideas_per_unit[self.unit] / self._seats_beside
        competing_scale = runs.per_rep("competing_agenda_hours") / 2.0
        competing = (streams.standard_gamma("competing", 2.0, runs.reps) * competing_scale
                     * (0.5 + unit_workload[self.unit]))
        free = np.maximum(runs.per_rep("rep_release_hours") - competing, 0.0)
        willing = free * self.priority * (0.3 + 0.7 * self.effective_competence())
        self.climate_hours = np.minimum(willing, self.backlog * hours_per_idea)
        self.last_climate_month[self.climate_hours >= MIN_CLIMATE_HOURS] = month
        worked = self.climate_hours / hours_per_idea
        self.backlog = np.maximum(self.backlog - worked, 0.0)
        return worked

    def learn(self, streams: Streams) -> None:
        """Training, know-how shared among a run's reps of one union, and forgetting what goes unused."""
        runs = self.runs
        trained = streams.uniform("training", runs.reps) < runs.per_rep("training_per_year") / 12
        gain = runs.per_rep("training_gain")
        self.competence = np.where(trained, self.competence + gain * (1.0 - self.competence), self.competence)
        group_mean = np.bincount(self.group, weights=self.competence, minlength=self.groups) / self._reps_in_group
        gap = np.maximum(group_mean[self.group] - self.competence, 0.0)
        self.competence += runs.per_rep("rep_network") / 12 * gap
        unused = self.climate_hours < MIN_CLIMATE_HOURS
        self.competence *= np.where(unused, 1.0 - runs.per_rep("competence_decay"), 1.0)

    def propose(self, worked: np.ndarray, streams: Streams) -> np.ndarray:
        """New proposals per rep: Poisson with mean worked ideas times competence, one draw per rep."""
        return poisson_from_uniform(worked * self.effective_competence(), streams.uniform("proposing", self.runs.reps))

    def recently_on_climate(self, month: int) -> np.ndarray:
        """Whether each rep worked concretely on climate in the last two years."""
        return month - self.last_climate_month < CLIMATE_WORK_WINDOW_MONTHS

    def share_on_climate(self, month: int) -> np.ndarray:
        """Share of each run's reps who worked concretely on climate in the last two years (0 without reps)."""
        on = self.runs.sum_per_rep(self.recently_on_climate(month))
        return on / np.maximum(self.runs.reps, 1)

    def group_know_how(self) -> np.ndarray:
        """Mean effective competence of each group's (a union in a run) local reps."""
        return np.bincount(self.group, weights=self.effective_competence(), minlength=self.groups) / self._reps_in_group


def poisson_from_uniform(mean: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Poisson counts by inverting the distribution at one uniform draw each.

    One draw per count, whatever the mean, keeps the stream in step
    when a lever changes how much reps work (NumPy's Poisson sampler uses a
    varying number of draws); and a larger mean at the same draw never gives
    a smaller count.
    """
    term = np.exp(-mean)
    below = term.copy()
    count = np.zeros(len(mean), dtype=np.int64)
    going = uniform >= below
    k = 0
    while going.any() and k < 200:
        k += 1
        term = term * mean / k
        below = below + term
        count += going
        going &= uniform >= below
    return count


class Proposals:
    """Proposals pending with every group's hovedtillitsvalgt, as columns."""

    def __init__(self, runs: int, measures: int):
        self.runs = runs
        self.measures = measures
        self.group = np.zeros(0, dtype=np.int64)
        self.measure = np.zeros(0, dtype=np.int64)
        self.support = np.zeros(0)
        self.month = np.zeros(0, dtype=np.int64)

    def receive(self, group: np.ndarray, measure: np.ndarray, support: np.ndarray, month: int) -> None:
        self.group = np.concatenate([self.group, group])
        self.measure = np.concatenate([self.measure, measure])
        self.support = np.concatenate([self.support, support])
        self.month = np.concatenate([self.month, np.full(len(group), month)])

    def table(self, month: int, decided: np.ndarray, know_how: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The proposals each run's meeting gets: argued support, and whether tabled at all.

        Proposals already decided or past their shelf life are dropped; the
        others stay pending and are tabled again at the next meeting. Support
        from several units adds up within a union (:func:`argued_support`);
        across unions the meeting takes each measure's highest support.

        Args:
            month: the month now.
            decided: (run x measure) measures already adopted.
            know_how: mean effective competence of each group's reps.

        Returns:
            (run x measure) support, and whether the measure is tabled.
        """
        unions = len(UNIONS)
        alive = (month - self.month < PROPOSAL_SHELF_LIFE_MONTHS) & ~decided[self.group // unions, self.measure]
        self.group, self.measure = self.group[alive], self.measure[alive]
        self.support, self.month = self.support[alive], self.month[alive]
        key = self.group * self.measures + self.measure
        unbacked = np.ones(self.runs * unions * self.measures)
        np.multiply.at(unbacked, key, 1.0 - self.support)
        tabled = np.zeros(len(unbacked), dtype=bool)
        tabled[key] = True
        support = argued_support(unbacked.reshape(-1, self.measures), know_how[:, None]).ravel()
        shape = (self.runs, unions, self.measures)
        support = np.where(tabled, support, -np.inf).reshape(shape).max(axis=1)
        tabled = tabled.reshape(shape).any(axis=1)
        return np.where(tabled, support, 0.0), tabled


def argued_support(unbacked, know_how):
    """Support a union argues for a measure: the chance one unit's backing carries, made by its know-how.

    Args:
        unbacked: product over the union's proposals for the measure of (1 - support).
        know_how: mean effective competence of the union's local reps.
    """
    return (1.0 - unbacked) * (0.5 + 0.5 * know_how)
