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
from greencoop.engine.streams import Streams, sfc64_uniform
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
        #: Local reps in each group (at least 1, to divide by).
        self.reps_in_group = np.maximum(np.bincount(self.group, minlength=self.groups), 1)
        self.competence = runs.starting("competence")
        self.priority = runs.starting("priority")
        self.backlog = np.zeros(len(self.unit))
        self.climate_hours = np.zeros(len(self.unit))
        #: The last month each rep worked concretely on climate (months before the start are <= 0).
        self.last_climate_month = runs.starting("last_climate_month")
        #: What each run's union toolkit adds to its reps' competence.
        self.toolkit = runs.params["union_toolkit"]
        self._proposing = runs.switched_on("reps_propose")[runs.rep_run]
        #: This month's climate hours summed per unit and per run (each in rep order).
        self._unit_hours = np.zeros(len(org.unit_size))
        self.run_hours = np.zeros(len(runs))
        #: Climate ideas the reps come upon themselves each month, summed per run.
        self._own_ideas = np.bincount(runs.rep_run, weights=OWN_IDEAS_PER_MONTH * self.priority, minlength=len(runs))
        #: This month's new climate ideas reaching each run's reps: their members' and their own.
        self.run_ideas = np.zeros(len(runs))
        #: Ideas each rep worked on this month (fractional).
        self.worked = np.zeros(len(self.unit))
        #: Room for each group's summed competence, reused month after month.
        self._group_sum = np.empty(self.groups)

    def month(self, ideas_per_unit: np.ndarray, unit_workload: np.ndarray, streams: Streams) -> None:
        """The reps' month: spend rep time on climate (:func:`reps_work`), then learn (:func:`reps_learn`).

        Climate's share of a rep's release time is ``release / (release + competing)``,
        times how much the rep cares about climate and how able they feel (:func:`climate_hours_of`); the
        competing agenda's hours vary month to month and grow with the unit's workload.
        Those hours go to turning ideas into proposals as far as there are ideas (:attr:`worked`),
        and all of them to talking climate with colleagues (:meth:`hours_per_colleague`).
        The month's new ideas, the members' shared among their unit's reps and the reps' own
        (``OWN_IDEAS_PER_MONTH`` times how much each cares), are summed per run in :attr:`run_ideas`.

        Then training, know-how shared among a run's reps of one union, and forgetting:
        competence fades a little every month unless renewed by courses and
        colleagues, so the reps' competence settles where training and the
        network balance forgetting, rather than ratcheting up.

        One compiled call (:func:`reps_month`) does both, for every rep of the batch.

        Args:
            ideas_per_unit: members' new ideas in each unit.
            unit_workload: summed workload in each unit (its mean, heavier load, more competing work for the rep).
            streams: the batch's random streams.
        """
        runs, params = self.runs, self.runs.params
        reps_month(runs.rep_run, self.unit, self.group, self._seats_beside, self.reps_in_group, self.priority,
                   self.toolkit, self._own_ideas, ideas_per_unit, unit_workload, runs.org.unit_size,
                   streams.standard_gamma("competing", 2.0, runs.reps), params["competing_agenda_hours"],
                   params["rep_release_hours"], params["hours_per_idea"], streams.states("training"),
                   params["training_per_year"], params["training_gain"], params["rep_network"],
                   params["competence_decay"], self.competence, self.backlog, self.climate_hours, self.worked,
                   self._unit_hours, self.run_hours, self.run_ideas, self._group_sum)

    def hours_per_colleague(self) -> np.ndarray:
        """This month's reps' climate hours in each unit, per employee of the unit: how much they mobilise."""
        return self._unit_hours / self.runs.org.unit_size

    def proposal_means(self) -> tuple[np.ndarray, np.ndarray]:
        """Each rep's expected proposals this month (ideas worked times competence), and the chance of none.

        The chance of none, ``exp(-mean)``, is taken with NumPy's exponential, so
        that the counts (:func:`count_proposals`) do not depend on the compiler's.
        """
        mean = proposal_means(self.worked, self.competence, self.toolkit, self.runs.rep_run, self._proposing)
        return mean, np.exp(-mean)


# --- the rules of one rep's month, and the compiled loops that apply them to every rep --------------


@njit(cache=True, nogil=True)
def with_toolkit(competence, toolkit):
    """A rep's competence including what the union's toolkit adds."""
    return min(competence + toolkit, 1.0)


@njit(cache=True, nogil=True)
def climate_hours_of(release, competing, priority, competence):
    """A rep's climate hours this month: climate's share of the release time, as far as they care and feel able."""
    climate_share = release / max(release + competing, 1e-9)
    return release * climate_share * priority * (0.3 + 0.7 * competence)


@njit(cache=True, nogil=True)
def reps_work(rep_run, unit, seats_beside, priority, competence, toolkit, ideas_per_unit, unit_workload, unit_size,
              competing_draws, competing_hours, release, hours_per_idea, backlog, climate_hours, worked, unit_hours,
              run_hours):
    """Every rep's work of the month (see :meth:`LocalReps.month`), in rep order.

    Updates ``backlog`` and ``climate_hours``, writes ``worked``, and sums climate hours per unit and per run
    (``unit_hours``, ``run_hours``), each in rep order. Per-run parameters are indexed by ``rep_run``;
    ``competing_draws`` are Gamma(2, 1).
    """
    unit_hours[:] = 0.0
    run_hours[:] = 0.0
    for i in range(len(unit)):
        r, u = rep_run[i], unit[i]
        ideas = IDEA_SURVIVAL * backlog[i] + ideas_per_unit[u] / seats_beside[i] + OWN_IDEAS_PER_MONTH * priority[i]
        competing = competing_draws[i] * (competing_hours[r] / 2.0) * (0.5 + unit_workload[u] / unit_size[u])
        hours = climate_hours_of(release[r], competing, priority[i], with_toolkit(competence[i], toolkit[r]))
        done = min(hours / hours_per_idea[r], ideas)
        backlog[i] = max(ideas - done, 0.0)
        climate_hours[i] = hours
        worked[i] = done
        unit_hours[u] += hours
        run_hours[r] += hours


@njit(cache=True, nogil=True)
def reps_month(rep_run, unit, group, seats_beside, reps_in_group, priority, toolkit, own_ideas, ideas_per_unit,
               unit_workload, unit_size, competing_draws, competing_hours, release, hours_per_idea, training_states,
               training_per_year, training_gain, network, decay, competence, backlog, climate_hours, worked,
               unit_hours, run_hours, run_ideas, group_sum):
    """Every rep's month (:meth:`LocalReps.month`): :func:`reps_work`, the ideas reaching each run's reps, then
    :func:`reps_learn`.

    Writes ``run_ideas`` (per run): the members' new ideas shared among their unit's reps (``seats_beside``),
    summed in rep order, plus the reps' own (``own_ideas``).
    """
    reps_work(rep_run, unit, seats_beside, priority, competence, toolkit, ideas_per_unit, unit_workload, unit_size,
              competing_draws, competing_hours, release, hours_per_idea, backlog, climate_hours, worked, unit_hours,
              run_hours)
    run_ideas[:] = 0.0
    for i in range(len(unit)):
        run_ideas[rep_run[i]] += ideas_per_unit[unit[i]] / seats_beside[i]
    for r in range(len(run_ideas)):
        run_ideas[r] += own_ideas[r]
    reps_learn(rep_run, group, reps_in_group, training_states, training_per_year, training_gain, network, decay,
               competence, group_sum)


@njit(cache=True, nogil=True)
def reps_learn(rep_run, group, reps_in_group, training_states, training_per_year, training_gain, network, decay,
               competence, group_sum):
    """Every rep's learning of the month (see :meth:`LocalReps.month`), updating ``competence`` in place.

    A course (one draw each from the run's training stream, rep after rep) closes ``training_gain`` of the gap
    to full competence; then each rep moves ``network / 12`` of the way up to their group's mean (never down),
    and all competence fades by ``decay``.
    """
    group_sum[:] = 0.0
    for i in range(len(competence)):
        r = rep_run[i]
        c = competence[i]
        if sfc64_uniform(training_states, r) < training_per_year[r] / 12:
            c = c + training_gain[r] * (1.0 - c)
        competence[i] = c
        group_sum[group[i]] += c
    for i in range(len(competence)):
        r = rep_run[i]
        gap = max(group_sum[group[i]] / reps_in_group[group[i]] - competence[i], 0.0)
        competence[i] = (competence[i] + network[r] / 12 * gap) * (1.0 - decay[r])


@njit(cache=True, nogil=True)
def group_know_how(group, reps_in_group, competence, toolkit, rep_run):
    """Mean effective competence (:func:`with_toolkit`) of each group's (a union in a run) local reps."""
    know_how = np.zeros(len(reps_in_group))
    for i in range(len(competence)):
        know_how[group[i]] += with_toolkit(competence[i], toolkit[rep_run[i]])
    for g in range(len(know_how)):
        know_how[g] /= reps_in_group[g]
    return know_how


@njit(cache=True, nogil=True)
def share_recently_on_climate(month, last_climate_month, rep_run, reps):
    """Share of each run's reps who worked concretely on climate in the last CLIMATE_WORK_WINDOW_MONTHS."""
    on = np.zeros(len(reps))
    for i in range(len(rep_run)):
        if month - last_climate_month[i] < CLIMATE_WORK_WINDOW_MONTHS:
            on[rep_run[i]] += 1.0
    share = np.empty(len(reps))
    for r in range(len(reps)):
        share[r] = on[r] / max(reps[r], 1)
    return share


@njit(cache=True, nogil=True)
def proposal_means(worked, competence, toolkit, rep_run, proposing):
    """Each rep's expected proposals this month: ideas worked times competence (none where reps do not propose)."""
    mean = np.empty(len(worked))
    for i in range(len(worked)):
        mean[i] = worked[i] * with_toolkit(competence[i], toolkit[rep_run[i]]) * (1.0 if proposing[i] else 0.0)
    return mean


@njit(cache=True, nogil=True)
def count_proposals(month, mean, chance_of_none, rep_run, proposing_states, last_climate_month):
    """Each rep's new proposals: Poisson with mean ``mean`` (ideas worked times competence), one draw each.

    Counted by :func:`poisson_from_uniform` from the run's proposing stream, rep after rep. A rep who makes a
    proposal has worked concretely on climate in ``month`` (what Fafo asked about).
    """
    count = np.empty(len(mean), dtype=np.int64)
    for i in range(len(mean)):
        count[i] = poisson_from_uniform(mean[i], chance_of_none[i], sfc64_uniform(proposing_states, rep_run[i]))
        if count[i] > 0:
            last_climate_month[i] = month
    return count


@njit(cache=True, nogil=True)
def poisson_from_uniform(mean, chance_of_none, uniform):
    """A Poisson count with mean ``mean``, by inverting the distribution at one uniform draw.

    One draw per count, whatever the mean, keeps the stream in step
    when a lever changes how much reps work (NumPy's Poisson sampler uses a
    varying number of draws); and a larger mean at the same draw never gives
    a smaller count. ``chance_of_none`` is ``exp(-mean)``, taken with NumPy's
    exponential so that counts do not depend on the compiler's. Counts stop at 200.
    """
    term = chance_of_none
    below = term
    k = 0
    while uniform >= below and k < 200:
        k += 1
        term = term * mean / k
        below = below + term
    return k


class Proposals:
    """Proposals pending with every group's hovedtillitsvalgt, as columns (one row per proposal, in the order made).

    The columns live in arrays with room to spare, doubled when full (:func:`with_room`), so a
    month's new proposals are written in place (:func:`~greencoop.engine.month.name_proposed_steps`)
    rather than concatenated onto every column.
    """

    def __init__(self, runs: int, steps: int, room: int = 64):
        self.runs = runs
        self.steps = steps
        self.count = 0
        #: Proposals tabled at a cooperation meeting so far, per run: each counted once, at its first meeting.
        self.tabled = np.zeros(runs)
        #: The month of each run's last meeting with climate on the agenda (0 before the first).
        self.last_meeting = np.zeros(runs, dtype=np.int64)
        #: The full columns (group, unit, measure, support, month), valid up to :attr:`count`.
        self.columns = (np.zeros(room, dtype=np.int64), np.zeros(room, dtype=np.int64),
                        np.zeros(room, dtype=np.int64), np.zeros(room), np.zeros(room, dtype=np.int64))

    @property
    def group(self) -> np.ndarray:
        """The union group (run x unions + union) each pending proposal went to."""
        return self.columns[0][: self.count]

    @property
    def unit(self) -> np.ndarray:
        """The unit each pending proposal came from."""
        return self.columns[1][: self.count]

    @property
    def measure(self) -> np.ndarray:
        """The step each pending proposal names."""
        return self.columns[2][: self.count]

    @property
    def support(self) -> np.ndarray:
        """Each pending proposal's unit's mean engagement in the month it was made."""
        return self.columns[3][: self.count]

    @property
    def month(self) -> np.ndarray:
        """The month each pending proposal was made."""
        return self.columns[4][: self.count]


@njit(cache=True, nogil=True)
def with_room(values, count, more):
    """``values`` if it has room for ``more`` after its first ``count``, else a copy of those with room doubled."""
    if count + more <= len(values):
        return values
    grown = np.zeros(max(2 * len(values), count + more), dtype=values.dtype)
    for i in range(count):
        grown[i] = values[i]
    return grown


@njit(cache=True, nogil=True)
def table_proposals(month, meeting, open_steps, know_how, unions, units, last_meeting, tabled_so_far, count, group,
                    unit, measure, support, made):
    """The proposals each meeting run's meeting gets, and the proposals that died unanswered there.

    Only runs with a climate item this month (``meeting``) look at their pending
    proposals; the others' stay as they are, so a run's proposals never depend
    on when the other runs of its batch meet. Proposals whose step has been
    decided since are answered and leave; those
    past their shelf life leave unanswered (ignored, as their unit sees it); the
    others stay pending and are tabled again at the next meeting. A union argues
    for a step with the mean support of the units behind it (:func:`argued_support`):
    more units proposing the same thing do not make it more popular; across
    unions the meeting takes each step's highest support. Proposals made since a
    run's last meeting (``last_meeting``) are tabled for the first time, and counted in ``tabled_so_far``
    (per run); ``last_meeting`` becomes ``month`` in the meeting runs.

    Every pending proposal is looked at in order; the columns are compacted in place.

    Returns:
        The number of proposals still pending, (run x step) argued support (0 where nothing is tabled)
        and whether each step is tabled, and per unit the proposals ignored.
    """
    runs, steps = open_steps.shape
    ignored = np.zeros(units, dtype=np.int64)
    kept = 0
    for i in range(count):
        meets = meeting[group[i] // unions]
        if meets and not open_steps[group[i] // unions, measure[i]]:
            continue  # decided since: answered
        if meets and month - made[i] >= PROPOSAL_SHELF_LIFE_MONTHS:
            ignored[unit[i]] += 1
            continue
        group[kept], unit[kept], measure[kept], support[kept], made[kept] = (group[i], unit[i], measure[i],
                                                                              support[i], made[i])
        kept += 1
    backing = np.zeros(runs * unions * steps)
    proposals = np.zeros(runs * unions * steps, dtype=np.int64)
    for i in range(kept):
        if not meeting[group[i] // unions]:
            continue
        key = group[i] * steps + measure[i]
        backing[key] += support[i]
        proposals[key] += 1
        if made[i] > last_meeting[group[i] // unions]:
            tabled_so_far[group[i] // unions] += 1.0
    for r in range(runs):
        if meeting[r]:
            last_meeting[r] = month
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


@njit(cache=True, nogil=True)
def argued_support(backing, know_how):
    """Support a union argues for a step: its units' mean backing, made by its reps' know-how.

    Args:
        backing: mean engagement of the units whose reps proposed the step.
        know_how: mean effective competence of the union's local reps.
    """
    return backing * (0.5 + 0.5 * know_how)
