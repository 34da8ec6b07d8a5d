"""The employers of every run: climate budgets, initiatives queued, and decisions.

Municipal management is one actor per run. Each month its climate budget
grows; now and then management plans its climate spending and queues the
open steps it thinks give most abatement per krone, as far as its
commitment lets it spend the money set aside. At a cooperation meeting with
climate on the agenda it decides its queued initiatives and the reps'
proposals, in the run's involvement mode; where it only informs, or climate
is never on the agenda, it imposes its initiatives as soon as the budget
allows. Initiatives it cannot
yet afford wait in the queue, oldest first.

State is held as arrays (run, or run x measure). A month's decisions are
a loop over runs and measures compiled with Numba (:func:`decide_runs`): a
run's decisions are a handful of comparisons, and many small array
operations would cost more than the decisions themselves.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from greencoop.params import INVOLVEMENT_MODES

#: How much weight reps' proposals carry in each involvement mode (assumption):
#: informing leaves them little voice, drøfting more, deciding jointly full weight.
VOICE = {"inform": 0.4, "consult": 0.7, "joint": 1.0}
#: How far staff own a measure decided in each mode (assumption).
OWNERSHIP = {"inform": 0.0, "consult": 0.5, "joint": 1.0}
#: Extra ownership when the idea came from staff themselves (assumption).
STAFF_IDEA_OWNERSHIP = 0.25
#: Managers expect behaviour measures to reach about half their potential (assumption).
EXPECTED_BEHAVIOUR_UPTAKE = 0.5
#: Renewing a behaviour campaign costs this share of launching it (assumption: materials and time again,
#: no new equipment).
RENEWAL_COST_SHARE = 0.5

if set(VOICE) != set(INVOLVEMENT_MODES) or set(OWNERSHIP) != set(INVOLVEMENT_MODES):
    raise ImportError(f"VOICE and OWNERSHIP must name exactly the involvement modes {INVOLVEMENT_MODES}")


class Employers:
    """Municipal management of every run in a batch.

    A queued initiative is an entry > 0 in ``queue_order`` (run x measure):
    the month it was queued, so a queue is decided oldest first.

    Args:
        commitment: leadership commitment of each run, 0-1.
        involvement: how each run decides measures (one of INVOLVEMENT_MODES).
        initiative_rate: each run's monthly chance of an initiative at full commitment.
        monthly_budget: NOK added to each run's climate budget per month.
        cost: (run x measure) one-off cost, NOK.
        expected_abatement: (run x measure) t CO2e/year management expects each measure to cut.
    """

    def __init__(self, commitment: np.ndarray, involvement: list[str], initiative_rate: np.ndarray,
                 monthly_budget: np.ndarray, cost: np.ndarray, expected_abatement: np.ndarray):
        self.commitment = commitment
        self.involvement = involvement
        self.voice = np.array([VOICE[mode] for mode in involvement])
        #: Where management decides its own initiatives without waiting for a meeting: it only informs.
        self.in_own_line = np.array([mode == "inform" for mode in involvement])
        self.ownership = np.array([OWNERSHIP[mode] for mode in involvement])
        self.initiative_rate = initiative_rate
        self.monthly_budget = monthly_budget
        self.first_cost = cost
        self.cost = cost.copy()
        self.value_for_money = value_for_money(expected_abatement, cost)
        self.budget = np.zeros(len(commitment))
        self.queue_order = np.zeros(cost.shape, dtype=np.int64)
        self.clock = 0

    def accrue_budget(self) -> None:
        self.budget += self.monthly_budget
        self.clock += 1


@njit(cache=True, nogil=True)
def take_initiatives(open_steps, draw, commitment, initiative_rate, value_for_money, cost, budget, queue_order,
                     clock):
    """Now and then each management plans climate spending: it queues the open steps it ranks best.

    A management that acts queues steps in order of expected abatement per
    krone, as many as fit in its commitment's share of the unspent budget
    (at least one): a committed management with money set aside plans to use
    it, a hesitant one spends little of it.

    Each run's initiatives of the month are queued in ``queue_order`` (the month they were queued, ``clock``),
    among the ``open_steps`` (run x step: not rolled out, or campaigns due for renewal). A run acts with chance
    ``commitment * initiative_rate`` (its ``draw``) if it has an open step not yet queued. It ranks those steps
    by value for money (ties in catalogue order) and queues them in that order while their running cost stays
    within its commitment's share of the budget left after what is queued already; the best-ranked always.
    """
    runs, steps = cost.shape
    key = np.empty(steps)
    ranked_cost = np.empty(steps)
    queued = np.empty(steps)
    for r in range(runs):
        if not draw[r] < commitment[r] * initiative_rate[r]:
            continue
        anything = False
        for k in range(steps):
            candidate = open_steps[r, k] and queue_order[r, k] == 0
            anything |= candidate
            key[k] = -value_for_money[r, k] if candidate else np.inf
            queued[k] = cost[r, k] if queue_order[r, k] > 0 else 0.0
        if not anything:
            continue
        ranking = np.argsort(key, kind="mergesort")  # stable: ties in catalogue order
        for i in range(steps):
            k = ranking[i]
            ranked_cost[i] = cost[r, k] if open_steps[r, k] and queue_order[r, k] == 0 else np.inf
        spendable = commitment[r] * budget[r] - numpy_sum(queued)
        running = 0.0
        for i in range(steps):
            running += ranked_cost[i]
            if (i == 0 or running <= spendable) and np.isfinite(ranked_cost[i]):
                queue_order[r, ranking[i]] = clock


@njit(cache=True, nogil=True)
def numpy_sum(values):
    """The sum of ``values`` exactly as ``np.sum`` adds a contiguous row: pairwise, eight partial sums per block.

    A compiled loop that must give NumPy's bits for a sum it used to leave to NumPy adds this way.
    """
    n = len(values)
    if n < 8:
        total = -0.0
        for i in range(n):
            total += values[i]
        return total
    if n <= 128:
        partial = values[:8].copy()
        i = 8
        while i < n - n % 8:
            for j in range(8):
                partial[j] += values[i + j]
            i += 8
        total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5])
                                                                          + (partial[6] + partial[7]))
        for j in range(i, n):
            total += values[j]
        return total
    half = n // 2
    half -= half % 8
    return numpy_sum(values[:half]) + numpy_sum(values[half:])


@njit(cache=True, nogil=True)
def decide_runs(deciding, meeting, support, tabled, draws, commitment, voice, mode_ownership, first_cost,
                cost, budget, queue_order, decided, ownership, from_proposal):
    """Decide queued initiatives and tabled proposals, in each run's involvement mode.

    Management that only informs decides its initiatives in its own line,
    every month (it tells the reps afterwards); so does management with
    climate never on the agenda. Management that consults or
    decides jointly brings its initiatives to the next meeting with a climate
    item (``meeting``) and decides them there, with the mode's ownership.
    Queues are decided oldest first, as far as the budget allows. Then, at a
    meeting, each tabled proposal (``tabled``, argued ``support``, run x step) not just adopted is adopted with
    :func:`adoption_chance` (against its uniform draw in ``draws``), if affordable, in catalogue order, with the
    ownership of a staff idea. ``deciding`` marks the runs that decide their queues this month.

    Each run's decisions are written into ``decided``, ``ownership`` and ``from_proposal`` (adopted from a
    tabled proposal, not from the queue of the employer's initiatives).

    Updates ``cost`` (a decided step costs RENEWAL_COST_SHARE of its first cost next time), ``budget`` and
    ``queue_order`` in place. The queue goes oldest first (ties in catalogue order), each initiative paid
    if affordable and dropped from the queue only then.
    """
    runs, steps = cost.shape
    waiting = np.empty(steps, dtype=np.bool_)
    for r in range(runs):
        if deciding[r]:
            for k in range(steps):
                waiting[k] = queue_order[r, k] > 0
            while True:
                oldest = -1
                for k in range(steps):
                    if waiting[k] and (oldest < 0 or queue_order[r, k] < queue_order[r, oldest]):
                        oldest = k
                if oldest < 0:
                    break
                waiting[oldest] = False
                if cost[r, oldest] <= budget[r]:
                    budget[r] -= cost[r, oldest]
                    decided[r, oldest] = True
                    queue_order[r, oldest] = 0
                    if meeting[r]:
                        ownership[r, oldest] = mode_ownership[r]
        if meeting[r]:
            for k in range(steps):
                if (tabled[r, k] and not decided[r, k]
                        and draws[r, k] < adoption_chance(commitment[r], voice[r], support[r, k])
                        and cost[r, k] <= budget[r]):
                    budget[r] -= cost[r, k]
                    decided[r, k] = True
                    ownership[r, k] = staff_idea_ownership(mode_ownership[r])
                    from_proposal[r, k] = True
        for k in range(steps):
            if decided[r, k]:
                cost[r, k] = RENEWAL_COST_SHARE * first_cost[r, k]  # what it costs to run it again


def expected_abatement(baseline: np.ndarray, category: np.ndarray, abatement: np.ndarray,
                       behaviour: np.ndarray) -> np.ndarray:
    """(run x measure) t CO2e/year management expects each measure to cut, from (run x category) baselines."""
    return baseline[..., category] * abatement * np.where(behaviour, EXPECTED_BEHAVIOUR_UPTAKE, 1.0)


def value_for_money(expected: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Expected abatement per NOK, the employer's ranking of measures."""
    return expected / np.maximum(cost, 1.0)


@njit(cache=True, nogil=True)
def adoption_chance(commitment, voice, support):
    """Chance that the employer adopts a tabled proposal with argued ``support`` (0-1), given the mode's voice."""
    return commitment * voice * (0.25 + 0.75 * support)


@njit(cache=True, nogil=True)
def staff_idea_ownership(mode_ownership):
    """How far staff own a measure that came from their own proposal, given the mode's ownership (one number)."""
    return min(mode_ownership + STAFF_IDEA_OWNERSHIP, 1.0)
