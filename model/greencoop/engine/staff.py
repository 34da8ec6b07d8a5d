"""The employees of every run: their state in columns and the monthly rules they follow.

Every employee is an individual with their own concern, engagement, trust,
workload, colleague ties and take-up of each behaviour measure. The rules of an
employee's month are written once, as plain functions of one employee's numbers
(:func:`social_influence`, :func:`fade_and_feedback`, :func:`uptake_readiness`,
...), and applied to every employee of a batch by :func:`employee_month`, a loop
compiled with Numba: three passes over each run's employees do what took some
forty whole-array operations, so a month costs a few tens of nanoseconds per employee
(``benchmarks/README.md``). ``benchmarks/per_agent.py`` applies the same rule
functions agent by agent with Mesa, for comparison.

Random draws come from each run's own streams (:mod:`greencoop.engine.streams`): the
loop draws them from the generators' states as it goes, exactly the values NumPy
would give, without an array of millions of draws made and copied first. Sums per
run and per unit are accumulated employee by employee, in order, so a run's results
are bit-identical alone and in any batch. A batch's runs are shared out among
threads (:mod:`greencoop.engine.threads`), which changes nothing in any run. All
state variables are shares in [0, 1].
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from greencoop.engine.runs import RunSet
from greencoop.engine.streams import DRAW_LEVELS, Streams, sfc64_step, uniform_of
from greencoop.engine.threads import RunChunks
from greencoop.organisation import Organisation

#: The low 32 bits of a 64-bit output: one take-up level.
LOW_HALF = np.uint64(DRAW_LEVELS - 1)
#: The employees' loop indexes its arrays with unsigned integers only: Numba checks every signed index for a
#: negative value (counting from the end), two instructions per access, which took a fifth of the loop's time.
#: Unsigned arithmetic stays unsigned only with unsigned constants (``i + 1`` would make a float).
ONE = np.uint64(1)


class Staff:
    """State and monthly rules of the employees of every run in a batch.

    Args:
        runs: the batch.
        scope: boolean (service area x measure): whose work each measure concerns.
        behaviour: which measures are behaviour measures (those staff take up one by one).
    """

    def __init__(self, runs: RunSet, scope: np.ndarray, behaviour: np.ndarray, measure: np.ndarray,
                 chunks: RunChunks):
        self.runs = runs
        self._chunks = chunks
        org = runs.org
        self.concern = runs.starting("concern")
        #: Where each one's concern returns to: their own starting concern, set by service area and person.
        self.own_concern = self.concern.copy()
        self.engagement = runs.params["base_engagement"][runs.employee_run] * self.concern
        self.trust = runs.starting("trust")
        self.initial_trust = self.trust.copy()
        self.base_workload = runs.starting("base_workload")
        self.workload = self.base_workload.copy()
        self._scope = scope
        #: Indices of the behaviour steps (a behaviour measure in one service area) among all steps.
        self.behaviour_steps = np.flatnonzero(behaviour)
        kinds, kind_of_step = np.unique(measure[self.behaviour_steps], return_inverse=True)
        #: (service area x behaviour measure) the behaviour step of that measure in that area, -1 if none:
        #: an employee can take up a behaviour measure where it is rolled out in their own area.
        self.step_of = np.full((len(scope), len(kinds)), -1, dtype=np.int64)
        steps = len(self.behaviour_steps)
        self.step_of[np.argmax(scope[:, self.behaviour_steps], axis=0), kind_of_step] = np.arange(steps)
        #: Whether each employee is in scope of each behaviour measure (its step in their area exists).
        self.in_scope = self.step_of[org.area] >= 0
        #: 1 where an employee has taken up a behaviour measure (one column per behaviour measure).
        self.adopted = np.zeros(self.in_scope.shape, dtype=np.uint8)
        count = len(runs)
        #: Per run and behaviour step: whether it is rolled out, its load on whoever has taken it up, and the
        #: part of that load imposed without a say.
        self.in_force = np.zeros((count, steps), dtype=np.bool_)
        self.behaviour_load = np.zeros((count, steps))
        self.behaviour_imposed = np.zeros((count, steps))
        #: Per run and behaviour step: staff holding it this month.
        self.held = np.zeros((count, steps))
        per_run_area = np.bincount(runs.employee_run * len(scope) + org.area, minlength=count * len(scope))
        #: Employees of each run in scope of each behaviour step (run x behaviour step).
        self.scope_size_of_step = np.ascontiguousarray(np.maximum(
            per_run_area.reshape(count, -1) @ scope.astype(np.int64), 1)[:, self.behaviour_steps])
        #: Each run's first employee and first unit (and one past the last run's).
        self._first_row = np.concatenate([[0], np.cumsum(runs.employees)]).astype(np.uint64)
        self._first_unit = np.concatenate([[0], np.cumsum(runs.units)])
        self._ties = colleague_rows_of([start.org for start in runs.starts])
        #: The employees' service areas and units, in the smallest unsigned types that hold them (the month reads
        #: them all, and uses them as indices).
        self._area = org.area.astype(np.uint8)
        self._unit = org.unit.astype(np.uint32)
        units = len(org.unit_size)
        #: Per unit this month: summed workload and engagement, and members' new ideas.
        self.unit_workload = np.zeros(units)
        self.unit_engagement = np.zeros(units)
        self.unit_ideas = np.zeros(units, dtype=np.int64)
        self._rates = np.stack([runs.params[name] for name in RATES], axis=1)
        self._feedback = runs.params["feedback_to_staff"] * runs.params["feedback_gain"]
        self._salience = runs.params["feedback_to_staff"] * runs.params["results_salience"]
        #: Each unit's rep mobilisation (its run's).
        self._mobilisation = runs.params["rep_mobilisation"][runs.unit_run]
        if np.any(runs.employees * self.adopted.shape[1] % 2):
            raise ValueError("take-up draws two levels from each 64-bit output: employees x behaviour measures "
                             "must be even in every run")
        #: Room for two numbers per employee between the passes of the employees' month, reused month after month.
        self._scratch = np.empty(org.employees), np.empty(org.employees)

    def month(self, signal: np.ndarray, rep_hours: np.ndarray, implementing_load: np.ndarray,
              implementing_imposed: np.ndarray, streams: Streams) -> None:
        """The employees' month: colleagues, fed-back results and reps, take-up, workload and trust, ideas.

        Args:
            signal: how visible each run's results are, 0-1 (one per run).
            rep_hours: last month's reps' climate hours per employee of each unit.
            implementing_load, implementing_imposed: (run x service area) load of the
                technical measures being implemented, and the part of it imposed
                without a say; it falls on everyone in the area.
            streams: the batch's random streams.
        """
        self._chunks.run(
            employee_month, self._first_row, self._first_unit, *self._ties, self._area, self._unit,
            self.runs.org.member, self._rates, self._feedback * signal, self._mobilisation * rep_hours,
            self._salience * signal, self.own_concern, self.initial_trust, self.base_workload, self.step_of,
            self.in_force, self.behaviour_load, self.behaviour_imposed, implementing_load, implementing_imposed,
            streams.states("uptake"), streams.states("ideas"), self.concern, self.engagement, self.trust,
            self.workload, self.adopted, self.held, self.unit_workload, self.unit_engagement, self.unit_ideas,
            *self._scratch,
        )

    # --- decisions ---------------------------------------------------------

    def launch(self, decided: np.ndarray, ownership: np.ndarray, params: dict[str, np.ndarray]) -> None:
        """Measures start where they apply: a focusing event, and trust where staff had a say.

        Several launches in one month compound, as one after another would:
        each closes its share of the gap to 1. Taken in this thread: only the employees of runs that
        launched something are touched, too few to pay for handing runs to other threads.

        Args:
            decided: (run x measure) adopted this month.
            ownership: (run x measure) staff ownership of each measure.
            params: the batch's parameters per run.
        """
        launch_measures(self._first_row, decided, ownership, self.runs.switched_on("say_at_launch"),
                        params["launch_boost"], params["trust_gain"], self._scope, self._area, self.engagement,
                        self.trust)

    def set_measures(self, in_force: np.ndarray, load: np.ndarray, imposed: np.ndarray) -> None:
        """Set what each run's behaviour steps ask of staff, after decisions (all arguments run x step)."""
        rows = self.behaviour_steps
        self.in_force[:] = in_force[:, rows]
        self.behaviour_load[:] = load[:, rows]
        self.behaviour_imposed[:] = imposed[:, rows]

    # --- views --------------------------------------------------------------

    def sums(self) -> np.ndarray:
        """(run x 4) sums of engagement, trust, concern and workload over each run's employees.

        Taken in this thread: four additions per employee cost less than handing the runs to other threads.
        """
        sums = np.empty((len(self.runs), 4))
        sums_per_run(self._first_row, self.engagement, self.trust, self.concern, self.workload, sums)
        return sums


# --- the rules of one employee's month ------------------------------------------------------------


#: Per-run parameters the employees' month reads, in the order of the ``rates`` columns.
RATES = ("social_influence", "base_engagement", "engagement_fade", "trust_recovery", "uptake_rate", "revert_rate",
         "trust_loss", "idea_rate", "concern_persistence")


@njit(cache=True, nogil=True)
def social_influence(own, colleagues, rate):
    """Move toward the colleagues' mean by ``rate`` of the gap."""
    return own + rate * (colleagues - own)


@njit(cache=True, nogil=True)
def concern_after(concern, colleagues, own, influence, persistence, salience):
    """Concern moves toward colleagues', returns toward one's own, and rises as results make climate visible.

    Each one's own concern (from their service area and person) keeps
    pulling: colleagues sway it, but a workplace does not end up of one mind.
    """
    moved = social_influence(concern, colleagues, influence)
    return moved + persistence * (own - moved) + salience * (1.0 - moved)


@njit(cache=True, nogil=True)
def fade_and_feedback(engagement, base, fade, boost):
    """Engagement decays toward ``base`` and rises with fed-back results (``boost``)."""
    return engagement + fade * (base - engagement) + boost * (1.0 - engagement)


@njit(cache=True, nogil=True)
def recover(trust, initial, recovery):
    """Trust returns toward each one's starting level: what the employer did fades from memory."""
    return trust + recovery * (initial - trust)


@njit(cache=True, nogil=True)
def uptake_readiness(engagement, trust, workload, uptake_rate):
    """An employee's monthly chance to take up a measure rolled out where they work.

    Engagement and trust in the employer make it likelier; a heavy workload is
    resistance. Involvement works through these: a say at the launch raises
    engagement and trust, and measures shaped with staff weigh less.
    """
    return uptake_rate * engagement * (0.5 + trust) * (1.0 - workload)


@njit(cache=True, nogil=True)
def drop_probability(engagement, workload, revert_rate):
    """An employee's monthly chance to drop a behaviour measure: likelier when disengaged and overloaded."""
    return revert_rate * (1.0 - engagement) * (0.5 + workload)


@njit(cache=True, nogil=True)
def imposition_kept(imposed, loss):
    """Share of trust and engagement kept under ``imposed`` workload (added without a say)."""
    return max(1.0 - loss * imposed, 0.0)


@njit(cache=True, nogil=True)
def within_unit_interval(value):
    return min(max(value, 0.0), 1.0)


@njit(cache=True, nogil=True)
def employee_month(first_run, end_run, first_row, first_unit, indptr, colleague, inverse_degree, area, unit, member,
                   rates, boost, mobilised, salience, own_concern, initial_trust, base_workload, step_of, in_force,
                   behaviour_load, behaviour_imposed, implementing_load, implementing_imposed, uptake_states,
                   idea_states, concern, engagement, trust, workload, adopted, held, unit_workload, unit_engagement,
                   unit_ideas, scratch_1, scratch_2):
    """Every employee's month in runs ``first_run`` to ``end_run`` - 1, in the model's order, updating in place.

    1. Concern: colleagues, one's own concern and visible results (``salience`` per run); engagement: colleagues.
       Both from last month's values.
    2. Engagement fades toward its base and rises with fed-back results (``boost`` per run) and with the unit's
       reps' climate work (``mobilised`` per unit); trust recovers.
    3. Take-up: for each behaviour measure rolled out in the employee's area (``step_of``, ``in_force``), one draw
       against the chance to take it up or, for one who holds it, to keep it; chances from last month's workload.
    4. Workload from the measures carried; the part imposed without a say erodes trust and engagement.
    5. Members raise ideas, counted per unit.

    Run ``r`` owns rows ``first_row[r]`` to ``first_row[r + 1]`` - 1 and units ``first_unit[r]`` onward; an
    employee's colleagues (CSR ``indptr``, ``colleague``, each weighing ``inverse_degree`` of the employee's
    mean) work in the same run, so runs can be taken by separate threads. ``rates`` holds per run the
    parameters named in :data:`RATES`. Draws come from each run's streams (``uptake_states``, ``idea_states``:
    see :meth:`~greencoop.engine.streams.Streams.states`), drawn as they are used, employee after employee:
    per employee one idea draw, and one take-up level (0 to DRAW_LEVELS - 1, two from each 64-bit output,
    low half first) per behaviour measure, whether or not it is in force, so the streams stay in step under
    any lever. Chances are scaled to the levels. Also counts, from zero and in employee order, staff holding
    each behaviour step per run, and workload, engagement and ideas per unit.

    Each run's employees are taken in three passes, each with a shorter chain of dependent steps than one pass
    doing it all, so the processor overlaps more employees at once (11–13 % less time, the same numbers):
    the colleagues' means (into ``scratch_1`` and ``scratch_2``, room for two numbers per employee); concern,
    engagement and trust before any imposition (engagement and trust kept in the scratch arrays), and ideas
    (steps 1, 2 and 5); then take-up, workload and imposition (steps 3 and 4).
    """
    measures = np.uint64(adopted.shape[1])
    for run in range(first_run, end_run):
        r = np.uint64(run)  # row indices, colleagues, areas and units are unsigned already (see ONE)
        rows = range(first_row[r], first_row[r + ONE])
        held[r, :] = 0.0
        units = slice(first_unit[r], first_unit[r + ONE])
        unit_workload[units] = 0.0
        unit_engagement[units] = 0.0
        unit_ideas[units] = 0
        for i in rows:  # colleagues' means, from last month's values
            c = 0.0
            e = 0.0
            for k in range(indptr[i], indptr[i + ONE]):
                c += inverse_degree[i] * concern[colleague[k]]
                e += inverse_degree[i] * engagement[colleague[k]]
            scratch_1[i] = c
            scratch_2[i] = e
        influence, base, fade, recovery, uptake_rate = rates[r, 0], rates[r, 1], rates[r, 2], rates[r, 3], rates[r, 4]
        revert_rate, trust_loss, idea_rate, persistence = rates[r, 5], rates[r, 6], rates[r, 7], rates[r, 8]
        ua, ub, uc, ucounter = uptake_states[r, 0], uptake_states[r, 1], uptake_states[r, 2], uptake_states[r, 3]
        ia, ib, ic, icounter = idea_states[r, 0], idea_states[r, 1], idea_states[r, 2], idea_states[r, 3]
        raw = np.uint64(0)
        levels_drawn = 0
        for i in rows:  # concern, engagement and trust before any imposition; ideas
            c = within_unit_interval(concern_after(concern[i], scratch_1[i], own_concern[i], influence,
                                                   persistence, salience[r]))
            e = social_influence(engagement[i], scratch_2[i], influence)
            e = within_unit_interval(fade_and_feedback(e, base * c, fade, boost[r] + mobilised[unit[i]]))
            concern[i] = c
            scratch_1[i] = within_unit_interval(recover(trust[i], initial_trust[i], recovery))
            scratch_2[i] = e
            out, ia, ib, ic, icounter = sfc64_step(ia, ib, ic, icounter)
            unit_ideas[unit[i]] += member[i] & (uniform_of(out) < idea_rate * e * c)  # a draw: no branch either
        for i in rows:  # take-up, workload and imposition
            t = scratch_1[i]
            e = scratch_2[i]
            ready = uptake_readiness(e, t, workload[i], uptake_rate) * DRAW_LEVELS
            keep = (1.0 - drop_probability(e, workload[i], revert_rate)) * DRAW_LEVELS
            a = area[i]
            load = implementing_load[r, a]
            imposed = implementing_imposed[r, a]
            for j in range(measures):
                if levels_drawn % 2 == 0:
                    raw, ua, ub, uc, ucounter = sfc64_step(ua, ub, uc, ucounter)
                    level = raw & LOW_HALF
                else:
                    level = raw >> np.uint64(32)
                levels_drawn += 1
                step = step_of[a, j]
                if step < 0:  # not in the employee's area
                    continue
                s = np.uint64(step)
                if not in_force[r, s]:  # not rolled out here: nobody holds it, nobody takes it up
                    continue
                now = level < (keep if adopted[i, j] else ready)
                adopted[i, j] = now
                # Whether one takes it up is a draw the processor cannot foresee: counting 0 or 1 costs a
                # third less than a branch it mispredicts every other time, and adding 0.0 changes no sum.
                holds = 1.0 if now else 0.0
                load += holds * behaviour_load[r, s]
                imposed += holds * behaviour_imposed[r, s]
                held[r, s] += holds
            w = min(base_workload[i] + load, 1.0)
            kept = imposition_kept(imposed, trust_loss)

            engagement[i] = e * kept
            trust[i] = t * kept
            workload[i] = w
            u = unit[i]
            unit_workload[u] += w
            unit_engagement[u] += e * kept
        uptake_states[r, 0], uptake_states[r, 1], uptake_states[r, 2], uptake_states[r, 3] = ua, ub, uc, ucounter
        idea_states[r, 0], idea_states[r, 1], idea_states[r, 2], idea_states[r, 3] = ia, ib, ic, icounter


@njit(cache=True, nogil=True)
def launch_measures(first_row, decided, ownership, say_at_launch, launch_boost, trust_gain, scope, area, engagement,
                    trust):
    """Each launch (``decided``, run x step) lifts engagement, and trust as far as staff own it, in its areas.

    A launch closes a share of the gap to 1: ``launch_boost`` (half of it without a say) of engagement's and
    ``trust_gain`` times ownership of trust's, for everyone in a service area the step concerns (``scope``,
    area x step). Launches in one month compound, in catalogue order; employees of runs with no launch are
    left as they are. Run ``r``'s rows start at ``first_row[r]``.
    """
    areas, steps = scope.shape
    engagement_gap = np.empty(areas)
    trust_gap = np.empty(areas)
    for r in range(len(decided)):
        engagement_gap[:] = 1.0
        trust_gap[:] = 1.0
        launched = False
        for k in range(steps):
            if not decided[r, k]:
                continue
            owned = ownership[r, k] * (1.0 if say_at_launch[r] else 0.0)
            boost = launch_boost[r] * (0.5 + 0.5 * owned)
            gain = trust_gain[r] * owned
            for a in range(areas):
                if scope[a, k]:
                    engagement_gap[a] *= 1.0 - boost
                    trust_gap[a] *= 1.0 - gain
            launched = True
        if launched:
            for i in range(first_row[r], first_row[r + 1]):
                engagement[i] += (1.0 - engagement[i]) * (1.0 - engagement_gap[area[i]])
                trust[i] += (1.0 - trust[i]) * (1.0 - trust_gap[area[i]])


@njit(cache=True, nogil=True)
def disappoint(ignored_per_unit, cost, unit_run, unit, trust, engagement):
    """Staff whose proposals were ignored lose trust in the employer and some will to engage.

    Each proposal from a unit that died this month without a decision (``ignored_per_unit``) costs everyone in
    the unit their run's share ``cost`` of trust and engagement. The powers are taken as NumPy takes them
    (``pow`` of two floats), so a count does not change the bits.
    """
    if not np.any(ignored_per_unit != 0):
        return
    kept = np.empty(len(ignored_per_unit))
    for u in range(len(kept)):
        kept[u] = math.pow(1.0 - cost[unit_run[u]], float(ignored_per_unit[u]))
    for i in range(len(trust)):
        trust[i] *= kept[unit[i]]
        engagement[i] *= kept[unit[i]]


@njit(cache=True, nogil=True)
def sums_per_run(first_row, engagement, trust, concern, workload, sums):
    """Sums of four per-employee values over each run's rows, in employee order, into ``sums`` (run x 4)."""
    for r in range(len(sums)):
        sums[r, :] = 0.0
        for i in range(first_row[r], first_row[r + 1]):
            sums[r, 0] += engagement[i]
            sums[r, 1] += trust[i]
            sums[r, 2] += concern[i]
            sums[r, 3] += workload[i]


def colleague_rows_of(orgs: list[Organisation]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every run's colleague rows (:attr:`~greencoop.organisation.Organisation.colleague_rows`), run after run.

    Each organisation's rows are worked out once and cached with it: a workshop's batches start from the same
    few, and sorting the sector's ties all at once took a fifth of its build.

    Returns:
        ``indptr`` (employees + 1, uint64), ``colleague`` (one per tie, uint32), ``inverse_degree``, with row
        and colleague indices shifted past the runs before.
    """
    rows = [org.colleague_rows for org in orgs]
    ties = np.cumsum([0] + [len(colleague) for _, colleague, _ in rows])
    employees = np.cumsum([0] + [org.employees for org in orgs])
    indptr = np.concatenate([starts[:-1] + np.uint64(before) for (starts, _, _), before
                             in zip(rows, ties[:-1], strict=True)] + [np.array([ties[-1]], dtype=np.uint64)])
    colleague = np.concatenate([colleague + np.uint32(before) for (_, colleague, _), before
                                in zip(rows, employees[:-1], strict=True)])
    return indptr, colleague, np.concatenate([weight for _, _, weight in rows])
