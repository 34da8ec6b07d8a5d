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
from numba import njit

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
    """Proposals pending with every group's hovedtillitsvalgt, as columns (one row per proposal, in the order made).

    The columns live in arrays with room to spare, doubled when full, so a
    month's new proposals are written in place (:func:`~greencoop.engine.month.name_proposed_steps`)
    rather than concatenated onto every column.
    """

    def __init__(self, runs: int, steps: int, room: int = 64):
        self.runs = runs
        self.steps = steps
        self.count = 0
        self._columns = {"group": np.zeros(room, dtype=np.int64), "unit": np.zeros(room, dtype=np.int64),
                         "measure": np.zeros(room, dtype=np.int64), "support": np.zeros(room),
                         "month": np.zeros(room, dtype=np.int64)}

    @property
    def group(self) -> np.ndarray:
        """The union group (run x unions + union) each pending proposal went to."""
        return self._columns["group"][: self.count]

    @property
    def unit(self) -> np.ndarray:
        """The unit each pending proposal came from."""
        return self._columns["unit"][: self.count]

    @property
    def measure(self) -> np.ndarray:
        """The step each pending proposal names."""
        return self._columns["measure"][: self.count]

    @property
    def support(self) -> np.ndarray:
        """Each pending proposal's unit's mean engagement in the month it was made."""
        return self._columns["support"][: self.count]

    @property
    def month(self) -> np.ndarray:
        """The month each pending proposal was made."""
        return self._columns["month"][: self.count]

    def columns(self, more: int) -> tuple[np.ndarray, ...]:
        """The full columns (group, unit, measure, support, month), with room for ``more`` proposals after ``count``."""
        room = len(self._columns["group"])
        if self.count + more > room:
            room = max(2 * room, self.count + more)
            for name, values in self._columns.items():
                grown = np.zeros(room, dtype=values.dtype)
                grown[: self.count] = values[: self.count]
                self._columns[name] = grown
        return tuple(self._columns.values())

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
        self.count, support, tabled, ignored = table_proposals(month, open_steps, know_how, len(UNIONS), units,
                                                               self.count, *self.columns(0))
        return support, tabled, ignored


@njit(cache=True)
def table_proposals(month, open_steps, know_how, unions, units, count, group, unit, measure, support, made):
    """:meth:`Proposals.table` over every pending proposal, in order; the columns are compacted in place.

    Returns:
        The number of proposals still pending, (run x step) argued support (0 where nothing is tabled)
        and whether each step is tabled, and per unit the proposals ignored.
    """
    runs, steps = open_steps.shape
    ignored = np.zeros(units, dtype=np.int64)
    kept = 0
    for i in range(count):
        if not open_steps[group[i] // unions, measure[i]]:
            continue  # decided since: answered
        if month - made[i] >= PROPOSAL_SHELF_LIFE_MONTHS:
            ignored[unit[i]] += 1
            continue
        group[kept], unit[kept], measure[kept], support[kept], made[kept] = (group[i], unit[i], measure[i],
                                                                              support[i], made[i])
        kept += 1
    backing = np.zeros(runs * unions * steps)
    proposals = np.zeros(runs * unions * steps, dtype=np.int64)
    for i in range(kept):
        key = group[i] * steps + measure[i]
        backing[key] += support[i]
        proposals[key] += 1
    argued = np.zeros((runs, steps))
    tabled = np.zeros((runs, steps), dtype=np.bool_)
    for key in range(runs * unions * steps):
        if proposals[key] > 0:
            g, k = key // steps, key % steps
            value = argued_support(backing[key] / proposals[key], know_how[g])
            r = g // unions
            argued[r, k] = value if not tabled[r, k] else max(argued[r, k], value)
            tabled[r, k] = True
    return kept, argued, tabled, ignored


@njit(cache=True)
def argued_support(backing, know_how):
    """Support a union argues for a step: its units' mean backing, made by its reps' know-how.

    Args:
        backing: mean engagement of the units whose reps proposed the step.
        know_how: mean effective competence of the union's local reps.
    """
    return backing * (0.5 + 0.5 * know_how)
