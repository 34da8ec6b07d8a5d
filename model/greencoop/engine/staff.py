"""The employees of every run: their state in columns and the monthly rules they follow.

Every employee is an individual with their own concern, engagement, trust,
workload, colleague ties and take-up of each behaviour measure; the state of
all employees of a batch is held in numpy columns and each rule is one set of
array operations over all of them (``benchmarks/per_agent.py`` has the same
rules agent by agent, and the speed difference). All state variables are
shares in [0, 1].

Employees are sorted by run and, within a run, by service area, so a value per
run, or per run and area, reaches every employee by ``np.repeat``.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from greencoop.engine.runs import RunSet
from greencoop.engine.streams import DRAW_LEVELS, Streams


class Staff:
    """State and monthly rules of the employees of every run in a batch.

    Args:
        runs: the batch.
        scope: boolean (service area x measure): whose work each measure concerns.
        behaviour: which measures are behaviour measures (those staff take up one by one).
    """

    def __init__(self, runs: RunSet, scope: np.ndarray, behaviour: np.ndarray):
        self.runs = runs
        org = runs.org
        self.concern = runs.starting("concern")
        self.engagement = runs.per_employee("base_engagement") * self.concern
        self.trust = runs.starting("trust")
        self.initial_trust = self.trust.copy()
        self.base_workload = runs.starting("base_workload")
        self.workload = self.base_workload.copy()
        self._scope = scope
        #: Indices of the behaviour measures: the columns of the (employee x behaviour measure) arrays.
        self.behaviour_measures = np.flatnonzero(behaviour)
        #: Whether each employee is in scope of each behaviour measure.
        self.in_scope = scope[org.area][:, self.behaviour_measures]
        shape = self.in_scope.shape
        #: 1.0 where an employee has taken up a behaviour measure.
        self.adopted = np.zeros(shape, dtype=np.float32)
        #: Ownership factor of each measure where it is in force in the employee's run and in scope, else 0.
        self._uptake_factor = np.zeros(shape, dtype=np.float32)
        #: Load each behaviour measure puts on whoever has taken it up, and the part imposed without a say.
        self._behaviour_load = np.zeros(shape, dtype=np.float32)
        self._behaviour_imposed = np.zeros(shape, dtype=np.float32)
        #: Employees of each run in each service area, and in scope of each measure (run x measure).
        per_run_area = np.bincount(runs.employee_run * len(scope) + org.area, minlength=len(runs) * len(scope))
        self._per_run_area = per_run_area
        self.scope_size = np.maximum(per_run_area.reshape(len(runs), -1) @ scope.astype(np.int64), 1)
        self._colleagues = colleague_weights(org.tie_from, org.tie_to, org.employees)
        self._member_unit = org.unit[org.member]
        self._member = org.member

    # --- the month ----------------------------------------------------------

    def influence(self) -> None:
        """Colleagues pull each other's concern and engagement together."""
        rate = self.runs.per_employee("social_influence")
        self.concern = social_influence(self.concern, self._colleagues @ self.concern, rate)
        self.engagement = social_influence(self.engagement, self._colleagues @ self.engagement, rate)

    def respond_to_results(self, signal: np.ndarray) -> None:
        """Engagement fades toward its base unless results are fed back; trust recovers toward its start.

        Args:
            signal: how visible each run's results are, 0-1 (one per run).
        """
        runs = self.runs
        boost = runs.to_employees(runs.params["feedback_to_staff"] * runs.params["feedback_gain"] * signal)
        base = runs.per_employee("base_engagement") * self.concern
        self.engagement = within_unit_interval(
            fade_and_feedback(self.engagement, base, runs.per_employee("engagement_fade"), boost))
        self.trust = within_unit_interval(
            recover_and_feedback(self.trust, self.initial_trust, runs.per_employee("trust_recovery"), boost))

    def take_up(self, streams: Streams) -> None:
        """Staff in scope take up or drop the behaviour measures in force in their run.

        One draw per employee and behaviour measure, every month: against the
        chance to take the measure up, or, for those who hold it, the chance
        to keep it. Where a measure is not in force, or out of scope, the
        chance is 0.
        """
        runs = self.runs
        readiness = uptake_readiness(self.engagement, self.trust, self.workload, runs.per_employee("uptake_rate"))
        keep = 1.0 - drop_probability(self.engagement, self.workload, runs.per_employee("revert_rate"))
        draws = streams.levels("uptake", runs.employees * len(self.behaviour_measures)).reshape(self.adopted.shape)
        threshold = self._uptake_factor * (readiness * DRAW_LEVELS).astype(np.float32)[:, None]
        held_gap = (keep * DRAW_LEVELS).astype(np.float32)[:, None] - threshold
        held_gap *= self.adopted
        threshold += held_gap
        np.less(draws, threshold, out=self.adopted, casting="unsafe")

    def carry_load(self, implementing_load: np.ndarray, implementing_imposed: np.ndarray) -> None:
        """Set workload from the measures each employee carries; imposed load erodes trust.

        Args:
            implementing_load, implementing_imposed: (run x service area) load of
                the technical measures being implemented, and the part of it imposed
                without a say; it falls on everyone in the area.
        """
        carried = self.by_area(implementing_load) + (self._behaviour_load * self.adopted).sum(axis=1)
        imposed = self.by_area(implementing_imposed) + (self._behaviour_imposed * self.adopted).sum(axis=1)
        self.workload = np.minimum(self.base_workload + carried, 1.0)
        self.trust *= np.maximum(1.0 - self.runs.per_employee("trust_loss") * imposed, 0.0)

    def raise_ideas(self, streams: Streams) -> np.ndarray:
        """Members' new climate ideas in each unit this month (they go to their reps)."""
        chance = self.runs.per_employee("idea_rate") * self.engagement * self.concern
        raised = (streams.uniform("ideas", self.runs.employees) < chance)[self._member]
        return np.bincount(self._member_unit[raised], minlength=len(self.runs.org.unit_size))

    # --- decisions ---------------------------------------------------------

    def launch(self, decided: np.ndarray, ownership: np.ndarray, params: dict[str, np.ndarray]) -> None:
        """Measures start where they apply: a focusing event, and trust where staff had a say.

        Several launches in one month compound, as one after another would:
        each closes its share of the gap to 1.

        Args:
            decided: (run x measure) adopted this month.
            ownership: (run x measure) staff ownership of each measure.
            params: the batch's parameters per run.
        """
        run, measure = np.nonzero(decided)
        owned = ownership[run, measure]
        in_scope = self._scope[:, measure].T  # (decision x area)
        boost = params["launch_boost"][run] * (0.5 + 0.5 * owned)
        gain = params["trust_gain"][run] * owned
        engagement_gap = np.ones((len(self.runs), len(self._scope)))
        trust_gap = np.ones_like(engagement_gap)
        np.multiply.at(engagement_gap, run, np.where(in_scope, 1.0 - boost[:, None], 1.0))
        np.multiply.at(trust_gap, run, np.where(in_scope, 1.0 - gain[:, None], 1.0))
        # Written as a step toward 1, so that where nothing was launched (gap 1) the value stays bit for bit.
        self.engagement += (1.0 - self.engagement) * (1.0 - self.by_area(engagement_gap))
        self.trust += (1.0 - self.trust) * (1.0 - self.by_area(trust_gap))

    def set_measures(self, runs: np.ndarray, in_force: np.ndarray, ownership: np.ndarray, load: np.ndarray,
                     imposed: np.ndarray) -> None:
        """Rebuild the per-employee measure columns of ``runs`` after their decisions.

        Args:
            runs: the runs that decided something.
            in_force, ownership, load, imposed: (run x measure) for every run of the batch.
        """
        rows = self.behaviour_measures
        factor = np.where(in_force[:, rows], ownership_factor(ownership[:, rows]), 0.0).astype(np.float32)
        for r in runs:
            at = slice(self.runs.employee_start[r], self.runs.employee_start[r] + self.runs.employees[r])
            self._uptake_factor[at] = self.in_scope[at] * factor[r]
            self._behaviour_load[at] = load[r, rows]
            self._behaviour_imposed[at] = imposed[r, rows]

    # --- views --------------------------------------------------------------

    def by_area(self, table: np.ndarray) -> np.ndarray:
        """A (run x service area) table to every employee."""
        return np.repeat(table.ravel(), self._per_run_area)

    def unit_mean(self, values: np.ndarray) -> np.ndarray:
        """Mean of ``values`` (one per employee) in each unit of the batch."""
        org = self.runs.org
        return np.bincount(org.unit, weights=values, minlength=len(org.unit_size)) / org.unit_size

    def uptake(self) -> np.ndarray:
        """(run x behaviour measure) share of staff in scope who have taken up each measure."""
        held = np.add.reduceat(self.adopted, self.runs.employee_start, axis=0, dtype=np.float64)
        return held / self.scope_size[:, self.behaviour_measures]

    def sums(self) -> np.ndarray:
        """(run x 4) sums of engagement, trust, concern and workload over each run's employees."""
        return np.stack([self.runs.sum_per_run(values) for values in
                         (self.engagement, self.trust, self.concern, self.workload)], axis=1)


# --- the employee rules, one line each, shared with the per-agent benchmark ------------------------


def social_influence(own, colleagues, rate):
    """Move toward the colleagues' mean by ``rate`` of the gap."""
    return own + rate * (colleagues - own)


def fade_and_feedback(engagement, base, fade, boost):
    """Engagement decays toward ``base`` and rises with fed-back results (``boost``)."""
    return engagement + fade * (base - engagement) + boost * (1.0 - engagement)


def recover_and_feedback(trust, initial, recovery, boost):
    """Trust returns toward each one's starting level and rises with fed-back results (``boost``)."""
    return trust + recovery * (initial - trust) + boost * (1.0 - trust)


def uptake_probabilities(engagement, trust, workload, ownership, uptake_rate, revert_rate):
    """Monthly chances to take up and to drop a behaviour measure.

    Uptake needs engagement and trust and is easier for measures staff helped
    shape (ownership); a heavy workload is resistance. Dropping is likelier
    when engagement is low and workload high.
    """
    up = ownership_factor(ownership) * uptake_readiness(engagement, trust, workload, uptake_rate)
    return up, drop_probability(engagement, workload, revert_rate)


def ownership_factor(ownership):
    """How much ownership of a measure (0-1) multiplies the chance to take it up."""
    return 0.5 + ownership


def drop_probability(engagement, workload, revert_rate):
    """An employee's monthly chance to drop a behaviour measure: likelier when disengaged and overloaded."""
    return revert_rate * (1.0 - engagement) * (0.5 + workload)


def uptake_readiness(engagement, trust, workload, uptake_rate):
    """An employee's monthly chance to take up a measure, before ownership: engagement and trust, less workload."""
    return uptake_rate * engagement * (0.5 + trust) * (1.0 - workload)


def within_unit_interval(values: np.ndarray) -> np.ndarray:
    """Clip to [0, 1] in place (two plain ufunc calls: np.clip's wrapper costs more here)."""
    return np.minimum(np.maximum(values, 0.0, out=values), 1.0, out=values)


def colleague_weights(tie_from: np.ndarray, tie_to: np.ndarray, n: int) -> sparse.csr_array:
    """Row-normalised tie matrix: row i averages i's colleagues (or i itself, if alone)."""
    degree = np.bincount(tie_to, minlength=n)
    alone = np.flatnonzero(degree == 0)
    rows = np.concatenate([tie_to, alone])
    cols = np.concatenate([tie_from, alone])
    return sparse.csr_array((1.0 / np.maximum(degree, 1)[rows], (rows, cols)), shape=(n, n))
