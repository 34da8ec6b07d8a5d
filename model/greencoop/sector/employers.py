"""The employers of every municipality as columns: budgets, queues, decisions, and national grants.

Each municipality's management follows the rules of
:class:`~greencoop.employer.Employer`; here they are held as arrays
(municipality, or municipality x measure) and applied to all municipalities
at once, so a month costs a fixed number of array operations whatever the
number of municipalities. Loops run over measures (at most 13), never over
municipalities.
"""

from __future__ import annotations

import numpy as np

from greencoop.employer import OWNERSHIP, adoption_chance, staff_idea_ownership, value_for_money

#: Month of the year in which grant applications are decided (April; assumption:
#: Klimasats decides once a year, in spring).
GRANT_ROUND_MONTH = 4


class Employers:
    """Municipal management of every municipality in a sector run.

    A queued initiative is an entry > 0 in ``queue_order`` (municipality x
    measure): the month it was queued, so a queue is decided oldest first,
    as a single employer decides its list in order.
    """

    def __init__(self, commitment: np.ndarray, involvement: str, initiative_rate: float,
                 monthly_budget: np.ndarray, cost: np.ndarray, expected_abatement: np.ndarray,
                 rng: np.random.Generator):
        """
        Args:
            commitment: leadership commitment of each municipality, 0-1.
            involvement: how measures are decided (the same everywhere).
            initiative_rate: monthly chance of an initiative at full commitment.
            monthly_budget: NOK added to each municipality's climate budget per month.
            cost: (municipality x measure) one-off cost, NOK.
            expected_abatement: (municipality x measure) t CO2e/year management expects.
            rng: the model's random generator.
        """
        self.commitment = commitment
        self.involvement = involvement
        self.initiative_rate = initiative_rate
        self.monthly_budget = monthly_budget
        self.cost = cost
        self.value_for_money = value_for_money(expected_abatement, cost)
        self.rng = rng
        self.budget = np.zeros(len(commitment))
        self.queue_order = np.zeros(cost.shape, dtype=np.int64)
        self._clock = 0

    def accrue_budget(self) -> None:
        self.budget += self.monthly_budget
        self._clock += 1

    def queue_length(self) -> np.ndarray:
        return np.count_nonzero(self.queue_order, axis=1)

    def take_initiative(self, adopted: np.ndarray) -> None:
        """Now and then each management queues the open measure it thinks gives most abatement per krone."""
        acting = self.rng.random(len(self.budget)) < self.commitment * self.initiative_rate
        open_measures = ~adopted & (self.queue_order == 0)
        acting &= open_measures.any(axis=1)
        best = np.argmax(np.where(open_measures, self.value_for_money, -np.inf), axis=1)
        self.queue_order[np.flatnonzero(acting), best[acting]] = self._clock

    def decide_alone(self) -> tuple[np.ndarray, np.ndarray]:
        """With climate never on the cooperation agenda, impose what the queues can afford."""
        return self._decide_queue(ownership=0.0)

    def decide(self, support: np.ndarray, tabled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Hold a climate item in every municipality's cooperation meeting.

        The queues are decided first; then each tabled proposal not just
        adopted is adopted with :func:`~greencoop.employer.adoption_chance`,
        if affordable, in catalogue order (a single employer goes in the
        order the proposals were tabled).

        Args:
            support: (municipality x measure) argued support of the tabled proposals.
            tabled: (municipality x measure) whether a proposal is tabled.

        Returns:
            (municipality x measure) what was adopted now, and with what ownership.
        """
        decided, ownership = self._decide_queue(OWNERSHIP[self.involvement])
        chance = adoption_chance(self.commitment[:, None], self.involvement, support)
        accepted = tabled & ~decided & (self.rng.random(support.shape) < chance)
        for measure in np.flatnonzero(accepted.any(axis=0)):
            paid = self._pay(measure, accepted[:, measure])
            decided[:, measure] |= paid
            ownership[paid, measure] = staff_idea_ownership(self.involvement)
        return decided, ownership

    def _decide_queue(self, ownership: float) -> tuple[np.ndarray, np.ndarray]:
        """Adopt queued initiatives, oldest first, as far as each budget allows; the rest wait."""
        decided = np.zeros(self.cost.shape, dtype=bool)
        waiting = self.queue_order > 0
        while waiting.any():
            rows = np.flatnonzero(waiting.any(axis=1))
            oldest = np.argmin(np.where(waiting[rows], self.queue_order[rows], np.iinfo(np.int64).max), axis=1)
            affordable = self.cost[rows, oldest] <= self.budget[rows]
            paid_rows, paid_measures = rows[affordable], oldest[affordable]
            self.budget[paid_rows] -= self.cost[paid_rows, paid_measures]
            decided[paid_rows, paid_measures] = True
            self.queue_order[paid_rows, paid_measures] = 0
            waiting[rows, oldest] = False
        return decided, np.where(decided, ownership, 0.0)

    def _pay(self, measure: int, wanted: np.ndarray) -> np.ndarray:
        """Pay ``measure`` where wanted and affordable; return where it was paid."""
        paid = wanted & (self.cost[:, measure] <= self.budget)
        self.budget[paid] -= self.cost[paid, measure]
        return paid

    def compete_for_grants(self, pool: float, share: float, adopted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A national grant round: who applies, for what, and who gets the money.

        Each management applies with a chance equal to its commitment, for
        the open measure it ranks best, asking ``share`` of its cost.
        Applications are ranked by expected abatement per krone asked (ties
        in random order) and funded in that order until the pool is spent:
        the first that does not fit, and all below it, get nothing. A grant
        goes into the climate budget and its measure joins the queue.

        Returns:
            NOK asked and NOK granted, per municipality.
        """
        count = len(self.budget)
        open_measures = ~adopted
        applying = (self.rng.random(count) < self.commitment) & open_measures.any(axis=1)
        best = np.argmax(np.where(open_measures, self.value_for_money, -np.inf), axis=1)
        rows = np.arange(count)
        asked = np.where(applying, share * self.cost[rows, best], 0.0)
        merit = self.value_for_money[rows, best] / share
        ranked = np.lexsort((self.rng.random(count), -merit))
        ranked = ranked[applying[ranked]]
        funded = ranked[np.cumsum(asked[ranked]) <= pool]
        granted = np.zeros(count)
        granted[funded] = asked[funded]
        self.budget += granted
        newly_queued = funded[self.queue_order[funded, best[funded]] == 0]
        self.queue_order[newly_queued, best[newly_queued]] = self._clock
        return asked, granted
