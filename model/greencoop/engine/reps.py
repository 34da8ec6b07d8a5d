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
        self._reps_in_group = np.maximum(np.bincount(self.group, minlength=self.groups), 1)
        self.competence = runs.starting("competence")
        self.priority = runs.starting("priority")
        self.backlog = np.zeros(len(self.unit))
        self.climate_hours = np.zeros(len(self.unit))
        #: The last month each rep worked concretely on climate (months before the start are <= 0).
        self.last_climate_month = runs.starting("last_climate_month")
        self._toolkit = runs.params["union_toolkit"]
        self._proposing = runs.switched_on("reps_propose")[runs.rep_run]
        #: This month's climate hours summed per unit and per run (each in rep order).
        self._unit_hours = np.zeros(len(org.unit_size))
        self.run_hours = np.zeros(len(runs))
        #: Climate ideas the reps come upon themselves each month, summed per run.
        self._own_ideas = np.bincount(runs.rep_run, weights=OWN_IDEAS_PER_MONTH * self.priority, minlength=len(runs))
        #: This month's new climate ideas reaching each run's reps: their members' and their own.
        self.run_ideas = np.zeros(len(runs))

    def effective_competence(self) -> np.ndarray:
        """Competence including what the union's toolkit adds."""
        return effective_competences(self.competence, self._toolkit, self.runs.rep_run)

    def work(self, month: int, ideas_per_unit: np.ndarray, unit_workload: np.ndarray, streams: Streams) -> np.ndarray:
        """Spend this month's rep time on climate; return the ideas (the members' and their own) worked.

        Climate's share of a rep's release time is ``release / (release + competing)``,
        times how much the rep cares about climate and how able they feel (:func:`climate_hours_of`); the
        competing agenda's hours vary month to month and grow with the unit's workload.
        Those hours go to turning ideas into proposals as far as there are ideas,
        and all of them to talking climate with colleagues (:meth:`hours_per_colleague`).
        The month's new ideas, the members' shared among their unit's reps and the reps' own
        (``OWN_IDEAS_PER_MONTH`` times how much each cares), are summed per run in :attr:`run_ideas`.

        Args:
            month: the month now (1-based).
            ideas_per_unit: members' new ideas in each unit.
            unit_workload: summed workload in each unit (its mean, heavier load, more competing work for the rep).
            streams: the batch's random streams.

        Returns:
            Ideas each rep worked on this month (fractional).
        """
        runs = self.runs
        worked = np.empty(len(self.unit))
        reps_work(runs.rep_run, self.unit, self._seats_beside, self.priority, self.competence, self._toolkit,
                  ideas_per_unit, unit_workload, runs.org.unit_size,
                  streams.standard_gamma("competing", 2.0, runs.reps), runs.params["competing_agenda_hours"],
                  runs.params["rep_release_hours"], runs.params["hours_per_idea"],
                  self.backlog, self.climate_hours, worked, self._unit_hours, self.run_hours)
        members = np.bincount(runs.rep_run, weights=ideas_per_unit[self.unit] / self._seats_beside,
                              minlength=len(runs))
        self.run_ideas = members + self._own_ideas
        return worked

    def hours_per_colleague(self) -> np.ndarray:
        """This month's reps' climate hours in each unit, per employee of the unit: how much they mobilise."""
        return self._unit_hours / self.runs.org.unit_size

    def learn(self, streams: Streams) -> None:
        """Training, know-how shared among a run's reps of one union, and forgetting.

        Competence fades a little every month unless renewed by courses and
        colleagues; so the reps' competence settles where training and the
        network balance forgetting, rather than ratcheting up.
        """
        runs = self.runs
        with np.errstate(over="ignore"):  # the generators' sums wrap by design (seen only without compilation)
            reps_learn(runs.rep_run, self.group, self._reps_in_group, streams.states("training"),
                       runs.params["training_per_year"], runs.params["training_gain"], runs.params["rep_network"],
                       runs.params["competence_decay"], self.competence, np.empty(self.groups))

    def propose(self, month: int, worked: np.ndarray, streams: Streams) -> np.ndarray:
        """New proposals per rep: Poisson with mean worked ideas times competence, one draw per rep.

        A rep who makes a proposal has worked concretely on climate this month (what Fafo asked about).
        """
        mean = proposal_means(worked, self.competence, self._toolkit, self.runs.rep_run, self._proposing)
        with np.errstate(over="ignore"):  # the generators' sums wrap by design (seen only without compilation)
            return count_proposals(month, mean, np.exp(-mean), self.runs.rep_run, streams.states("proposing"),
                                   self.last_climate_month)

    def share_on_climate(self, month: int) -> np.ndarray:
        """Share of each run's reps who worked concretely on climate in the last two years (0 without reps)."""
        return share_recently_on_climate(month, self.last_climate_month, self.runs.rep_run, self.runs.reps)

    def group_know_how(self) -> np.ndarray:
        """Mean effective competence of each group's (a union in a run) local reps."""
        return np.bincount(self.group, weights=self.effective_competence(), minlength=self.groups) / self._reps_in_group


# --- the rules of one rep's month, and the compiled loops that apply them to every rep --------------


@njit(cache=True)
def with_toolkit(competence, toolkit):
    """A rep's competence including what the union's toolkit adds."""
    return min(competence + toolkit, 1.0)


@njit(cache=True)
def climate_hours_of(release, competing, priority, competence):
    """A rep's climate hours this month: climate's share of the release time, as far as they care and feel able."""
    climate_share = release / max(release + competing, 1e-9)
    return release * climate_share * priority * (0.3 + 0.7 * competence)


@njit(cache=True)
def effective_competences(competence, toolkit, rep_run):
    """Every rep's competence with the toolkit (``toolkit`` per run)."""
    effective = np.empty(len(competence))
    for i in range(len(competence)):
        effective[i] = with_toolkit(competence[i], toolkit[rep_run[i]])
    return effective


@njit(cache=True)
def reps_work(rep_run, unit, seats_beside, priority, competence, toolkit, ideas_per_unit, unit_workload, unit_size,
              competing_draws, competing_hours, release, hours_per_idea, backlog, climate_hours, worked, unit_hours,
              run_hours):
    """Every rep's work of the month (:meth:`LocalReps.work`), in rep order.

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


@njit(cache=True)
def reps_learn(rep_run, group, reps_in_group, training_states, training_per_year, training_gain, network, decay,
               competence, group_sum):
    """Every rep's learning of the month (:meth:`LocalReps.learn`), updating ``competence`` in place.

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


@njit(cache=True)
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


@njit(cache=True)
def proposal_means(worked, competence, toolkit, rep_run, proposing):
    """Each rep's expected proposals this month: ideas worked times competence (none where reps do not propose)."""
    mean = np.empty(len(worked))
    for i in range(len(worked)):
        mean[i] = worked[i] * with_toolkit(competence[i], toolkit[rep_run[i]]) * (1.0 if proposing[i] else 0.0)
    return mean


@njit(cache=True)
def count_proposals(month, mean, chance_of_none, rep_run, proposing_states, last_climate_month):
    """Each rep's proposals (:func:`poisson_from_uniform`, one draw each from the run's proposing stream, rep
    after rep); a rep who makes one has worked on climate ``month``."""
    count = np.empty(len(mean), dtype=np.int64)
    for i in range(len(mean)):
        count[i] = poisson_from_uniform(mean[i], chance_of_none[i], sfc64_uniform(proposing_states, rep_run[i]))
        if count[i] > 0:
            last_climate_month[i] = month
    return count


@njit(cache=True)
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

    The columns live in arrays with room to spare, doubled when full, so a
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

    def table(self, month: int, meeting: np.ndarray, open_steps: np.ndarray, know_how: np.ndarray,
              units: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
        run's last meeting are tabled for the first time, and counted in :attr:`tabled`.

        Args:
            month: the month now.
            meeting: which runs have a climate item this month.
            open_steps: (run x step) steps that can still be decided.
            know_how: mean effective competence of each group's reps.
            units: units in the batch (the length of the returned count).

        Returns:
            (run x step) support and whether the step is tabled (in meeting runs), and per unit the proposals
            ignored.
        """
        self.count, support, tabled, ignored = table_proposals(month, meeting, open_steps, know_how, len(UNIONS),
                                                               units, self.last_meeting, self.tabled, self.count,
                                                               *self.columns(0))
        return support, tabled, ignored


@njit(cache=True)
def table_proposals(month, meeting, open_steps, know_how, unions, units, last_meeting, tabled_so_far, count, group,
                    unit, measure, support, made):
    """:meth:`Proposals.table` over every pending proposal, in order; the columns are compacted in place.

    A proposal made after its run's ``last_meeting`` is tabled for the first time: it is counted in
    ``tabled_so_far`` (per run), and ``last_meeting`` becomes ``month`` in the meeting runs.

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


@njit(cache=True)
def argued_support(backing, know_how):
    """Support a union argues for a step: its units' mean backing, made by its reps' know-how.

    Args:
        backing: mean engagement of the units whose reps proposed the step.
        know_how: mean effective competence of the union's local reps.
    """
    return backing * (0.5 + 0.5 * know_how)
