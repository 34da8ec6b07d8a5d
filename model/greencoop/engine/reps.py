"""Union reps of every run: local tillitsvalgte in the units, and each union's hovedtillitsvalgt.

Local reps collect their members' ideas and turn them into proposals, as
far as their climate competence lets them argue for them. Climate gets a
share of their release time (frikjøp): the more time they have beside the
competing agenda (wages, staffing, working environment), the larger the
share; it never drops to nothing at a threshold. Each union's hovedtillitsvalgt in a run gathers the
proposals and tables them when climate is on the cooperation agenda; a union
in a run is a *group* (index run x unions + union).
"""

from __future__ import annotations

import numpy as np

from greencoop.engine.runs import CLIMATE_WORK_WINDOW_MONTHS, RunSet
from greencoop.engine.streams import Streams
from greencoop.organisation import UNIONS

#: Share of a rep's untouched ideas still alive a month later (assumption).
IDEA_SURVIVAL = 0.9
#: Climate ideas a rep who cares fully about climate comes upon each month in their own unit, beside
#: the members' (assumption: about one a season).
OWN_IDEAS_PER_MONTH = 0.25
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
        #: The last month each rep worked concretely on climate (months before the start are <= 0).
        self.last_climate_month = runs.starting("last_climate_month")

    def effective_competence(self) -> np.ndarray:
        """Competence including what the union's toolkit adds."""
        return np.minimum(self.competence + self.runs.per_rep("union_toolkit"), 1.0)

    def work(self, month: int, ideas_per_unit: np.ndarray, unit_workload: np.ndarray, streams: Streams) -> np.ndarray:
        """Spend this month's rep time on climate; return the ideas (the members' and their own) worked.

        Climate's share of a rep's release time is ``release / (release + competing)``,
        times how much the rep cares about climate and how able they feel; the
        competing agenda's hours vary month to month and grow with the unit's workload.
        Those hours go to turning ideas into proposals as far as there are ideas,
        and all of them to talking climate with colleagues (:meth:`hours_per_colleague`).

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
        self.backlog = (IDEA_SURVIVAL * self.backlog + ideas_per_unit[self.unit] / self._seats_beside
                        + OWN_IDEAS_PER_MONTH * self.priority)
        competing_scale = runs.per_rep("competing_agenda_hours") / 2.0
        competing = (streams.standard_gamma("competing", 2.0, runs.reps) * competing_scale
                     * (0.5 + unit_workload[self.unit]))
        release = runs.per_rep("rep_release_hours")
        climate_share = release / np.maximum(release + competing, 1e-9)
        self.climate_hours = release * climate_share * self.priority * (0.3 + 0.7 * self.effective_competence())
        worked = np.minimum(self.climate_hours / hours_per_idea, self.backlog)
        self.backlog = np.maximum(self.backlog - worked, 0.0)
        return worked

    def hours_per_colleague(self) -> np.ndarray:
        """This month's reps' climate hours in each unit, per employee of the unit: how much they mobilise."""
        org = self.runs.org
        return np.bincount(self.unit, weights=self.climate_hours, minlength=len(org.unit_size)) / org.unit_size

    def learn(self, streams: Streams) -> None:
        """Training, know-how shared among a run's reps of one union, and forgetting.

        Competence fades a little every month unless renewed by courses and
        colleagues; so the reps' competence settles where training and the
        network balance forgetting, rather than ratcheting up.
        """
        runs = self.runs
        trained = streams.uniform("training", runs.reps) < runs.per_rep("training_per_year") / 12
        gain = runs.per_rep("training_gain")
        self.competence = np.where(trained, self.competence + gain * (1.0 - self.competence), self.competence)
        group_mean = np.bincount(self.group, weights=self.competence, minlength=self.groups) / self._reps_in_group
        gap = np.maximum(group_mean[self.group] - self.competence, 0.0)
        self.competence += runs.per_rep("rep_network") / 12 * gap
        self.competence *= 1.0 - runs.per_rep("competence_decay")

    def propose(self, month: int, worked: np.ndarray, streams: Streams) -> np.ndarray:
        """New proposals per rep: Poisson with mean worked ideas times competence, one draw per rep.

        A rep who makes a proposal has worked concretely on climate this month (what Fafo asked about).
        """
        proposing = self.runs.switched_on("reps_propose")[self.runs.rep_run]
        proposals = poisson_from_uniform(worked * self.effective_competence() * proposing,
                                         streams.uniform("proposing", self.runs.reps))
        self.last_climate_month[proposals > 0] = month
        return proposals

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
    """Proposals pending with every group's hovedtillitsvalgt, as columns (one row per proposal)."""

    def __init__(self, runs: int, steps: int):
        self.runs = runs
        self.steps = steps
        self.group = np.zeros(0, dtype=np.int64)
        self.unit = np.zeros(0, dtype=np.int64)
        self.measure = np.zeros(0, dtype=np.int64)
        self.support = np.zeros(0)
        self.month = np.zeros(0, dtype=np.int64)

    def receive(self, group: np.ndarray, unit: np.ndarray, measure: np.ndarray, support: np.ndarray,
                month: int) -> None:
        """Take new proposals: each from a union group and a unit, naming a step, with its unit's support."""
        self.group = np.concatenate([self.group, group])
        self.unit = np.concatenate([self.unit, unit])
        self.measure = np.concatenate([self.measure, measure])
        self.support = np.concatenate([self.support, support])
        self.month = np.concatenate([self.month, np.full(len(group), month)])

    def table(self, month: int, open_steps: np.ndarray, know_how: np.ndarray,
              units: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The proposals each run's meeting gets, and the proposals that died unanswered.

        Proposals whose step has been decided since are answered and leave; those
        past their shelf life leave unanswered (ignored, as their unit sees it); the
        others stay pending and are tabled again at the next meeting. A union argues
        for a step with the mean support of the units behind it (:func:`argued_support`):
        more units proposing the same thing do not make it more popular; across
        unions the meeting takes each step's highest support.

        Args:
            month: the month now.
            open_steps: (run x step) steps that can still be decided.
            know_how: mean effective competence of each group's reps.
            units: units in the batch (the length of the returned count).

        Returns:
            (run x step) support and whether the step is tabled, and per unit the proposals ignored.
        """
        unions = len(UNIONS)
        still_open = open_steps[self.group // unions, self.measure]
        fresh = month - self.month < PROPOSAL_SHELF_LIFE_MONTHS
        ignored = np.bincount(self.unit[still_open & ~fresh], minlength=units)
        alive = still_open & fresh
        self.group, self.unit, self.measure = self.group[alive], self.unit[alive], self.measure[alive]
        self.support, self.month = self.support[alive], self.month[alive]
        key = self.group * self.steps + self.measure
        cells = self.runs * unions * self.steps
        backing = np.bincount(key, weights=self.support, minlength=cells)
        proposals = np.bincount(key, minlength=cells)
        tabled = proposals > 0
        mean_support = backing / np.maximum(proposals, 1)
        support = argued_support(mean_support.reshape(-1, self.steps), know_how[:, None]).ravel()
        shape = (self.runs, unions, self.steps)
        support = np.where(tabled, support, -np.inf).reshape(shape).max(axis=1)
        tabled = tabled.reshape(shape).any(axis=1)
        return np.where(tabled, support, 0.0), tabled, ignored


def argued_support(backing, know_how):
    """Support a union argues for a step: its units' mean backing, made by its reps' know-how.

    Args:
        backing: mean engagement of the units whose reps proposed the step.
        know_how: mean effective competence of the union's local reps.
    """
    return backing * (0.5 + 0.5 * know_how)
