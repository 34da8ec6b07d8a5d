"""The employer: municipal management, its climate budget, initiatives and decisions."""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from greencoop.params import Params

#: How much weight reps' proposals carry in each involvement mode (assumption):
#: informing leaves them little voice, drøfting more, deciding jointly full weight.
VOICE = {"inform": 0.4, "consult": 0.7, "joint": 1.0}
#: How far staff own a measure decided in each mode (assumption).
OWNERSHIP = {"inform": 0.0, "consult": 0.5, "joint": 1.0}
#: Extra ownership when the idea came from staff themselves (assumption).
STAFF_IDEA_OWNERSHIP = 0.25
#: Managers expect behaviour measures to reach about half their potential (assumption).
EXPECTED_BEHAVIOUR_UPTAKE = 0.5


@dataclass(frozen=True)
class Decision:
    """A measure adopted, and how far staff own it (0-1)."""

    measure: int
    ownership: float


class Employer(mesa.Agent):
    """Municipal management as one actor.

    Each month the climate budget grows; now and then a committed management
    picks the measure it thinks gives most abatement per krone and queues it.
    At a cooperation meeting with climate on the agenda it decides its queued
    initiatives and the reps' proposals, in the chosen involvement mode. With
    climate never on the agenda, it imposes its initiatives as soon as the
    budget allows. Initiatives it cannot yet afford wait in the queue.
    """

    def __init__(self, model: mesa.Model, params: Params, employees: int, cost: np.ndarray,
                 expected_abatement: np.ndarray):
        """
        Args:
            model: the model.
            params: parameter values.
            employees: workforce size (costs are per employee).
            cost: one-off cost of each measure, NOK per employee.
            expected_abatement: t CO2e/year management expects each measure to cut.
        """
        super().__init__(model)
        self.commitment = params.leadership_commitment
        self.involvement = params.involvement
        self.initiative_rate = params.initiative_rate
        self.monthly_budget = params.climate_budget * employees / 12
        self.cost = cost * employees
        self.value_for_money = value_for_money(expected_abatement, self.cost)
        self.budget = 0.0
        self.queue: list[int] = []

    def accrue_budget(self) -> None:
        self.budget += self.monthly_budget

    def take_initiative(self, adopted: np.ndarray) -> None:
        """Now and then, queue the open measure it thinks gives most abatement per krone."""
        if self.model.rng.random() >= self.commitment * self.initiative_rate:
            return
        open_measures = ~adopted
        open_measures[self.queue] = False
        if open_measures.any():
            self.queue.append(int(np.argmax(np.where(open_measures, self.value_for_money, -np.inf))))

    def decide_alone(self) -> list[Decision]:
        """With climate never on the cooperation agenda, impose what the queue can afford."""
        return self._decide_queue(ownership=0.0)

    def decide(self, proposals: dict[int, float]) -> list[Decision]:
        """Hold a climate item in the cooperation meeting.

        Args:
            proposals: measure -> argued support (0-1) of the reps' proposals.

        Returns:
            The measures adopted, in the order decided.
        """
        decisions = self._decide_queue(OWNERSHIP[self.involvement])
        taken = {d.measure for d in decisions}
        ownership = staff_idea_ownership(self.involvement)
        for measure, support in proposals.items():
            if measure in taken:
                continue
            if self.model.rng.random() < adoption_chance(self.commitment, self.involvement, support):
                decision = self._pay(measure, ownership)
                if decision:
                    decisions.append(decision)
        return decisions

    def _decide_queue(self, ownership: float) -> list[Decision]:
        """Adopt the queued initiatives the budget allows; the rest wait for more money."""
        decisions, waiting = [], []
        for measure in self.queue:
            decision = self._pay(measure, ownership)
            if decision:
                decisions.append(decision)
            else:
                waiting.append(measure)
        self.queue = waiting
        return decisions

    def _pay(self, measure: int, ownership: float) -> Decision | None:
        if self.cost[measure] > self.budget:
            return None
        self.budget -= self.cost[measure]
        return Decision(measure, ownership)


# --- decision rules, shared with the sector model (greencoop.sector) ---------------------------


def expected_abatement(baseline: np.ndarray, category: np.ndarray, abatement: np.ndarray,
                       behaviour: np.ndarray) -> np.ndarray:
    """t CO2e/year management expects each measure to cut (``baseline`` may have a municipality axis)."""
    return baseline[..., category] * abatement * np.where(behaviour, EXPECTED_BEHAVIOUR_UPTAKE, 1.0)


def value_for_money(expected: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Expected abatement per NOK, the employer's ranking of measures."""
    return expected / np.maximum(cost, 1.0)


def adoption_chance(commitment, involvement: str, support):
    """Chance that the employer adopts a tabled proposal with argued ``support`` (0-1)."""
    return commitment * VOICE[involvement] * (0.25 + 0.75 * support)


def staff_idea_ownership(involvement: str) -> float:
    """How far staff own a measure that came from their own proposal."""
    return min(OWNERSHIP[involvement] + STAFF_IDEA_OWNERSHIP, 1.0)
