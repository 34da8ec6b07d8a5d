"""The baseline: the same employee rules, written the straightforward Mesa way.

One Mesa agent per employee, colleagues as lists of agents, one Python method
call per employee per month (two phases, so every agent reads last month's
state, as the vectorised model does). The rule functions are the very ones the
model uses (``greencoop.engine.staff``), applied to Python floats, so the two
implementations differ only in how they iterate. ``tests/test_per_agent_baseline.py``
checks that they compute the same month.
"""

from __future__ import annotations

import mesa
import numpy as np

from greencoop.engine.staff import Staff, fade_and_feedback, social_influence, uptake_probabilities
from greencoop.params import Params


class Employee(mesa.Agent):
    """One employee with their own state and colleagues."""

    def __init__(self, model: PerAgentWorkforce, index: int, wf: Staff, scope: np.ndarray):
        super().__init__(model)
        self.concern = float(wf.concern[index])
        self.engagement = float(wf.engagement[index])
        self.trust = float(wf.trust[index])
        self.initial_trust = float(wf.initial_trust[index])
        self.base_workload = float(wf.base_workload[index])
        self.workload = float(wf.workload[index])
        self.in_scope = scope[wf.runs.org.area[index]].tolist()
        self.adopted = [False] * len(self.in_scope)
        for column, measure in enumerate(wf.behaviour_measures):
            self.adopted[measure] = bool(wf.adopted[index, column])
        self.member = bool(wf.runs.org.member[index])
        self.colleagues: list[Employee] = []

    def decide(self) -> None:
        """Read colleagues' current state and compute this month's new values."""
        p = self.model.params
        if self.colleagues:
            concern_around = sum(c.concern for c in self.colleagues) / len(self.colleagues)
            engagement_around = sum(c.engagement for c in self.colleagues) / len(self.colleagues)
        else:
            concern_around, engagement_around = self.concern, self.engagement
        self._concern = social_influence(self.concern, concern_around, p.social_influence)
        self._engagement = social_influence(self.engagement, engagement_around, p.social_influence)

    def apply(self) -> None:
        """Update own state from the month's inputs, as the vectorised rules do."""
        m = self.model
        p = m.params
        self.concern = self._concern
        boost = p.feedback_to_staff * p.feedback_gain * m.results_signal
        engagement = fade_and_feedback(self._engagement, p.base_engagement * self.concern, p.engagement_fade, boost)
        trust = self.trust + boost * (1.0 - self.trust) + p.trust_recovery * (self.initial_trust - self.trust)
        self.engagement = min(max(engagement, 0.0), 1.0)
        self.trust = min(max(trust, 0.0), 1.0)

        for j in m.behaviour_measures:
            up, drop = uptake_probabilities(self.engagement, self.trust, self.workload, m.ownership[j],
                                            p.uptake_rate, p.revert_rate)
            draw = m.random.random()
            self.adopted[j] = (draw >= drop) if self.adopted[j] else (draw < up and self.in_scope[j])

        load = imposed = 0.0
        for j, carried in enumerate(self.adopted):
            implementing = m.implementing[j] and self.in_scope[j]
            if carried or implementing:
                load += m.load[j]
                imposed += m.load[j] * (1.0 - m.ownership[j])
        self.workload = min(self.base_workload + load, 1.0)
        self.trust *= max(1.0 - p.trust_loss * imposed, 0.0)
        if self.member and m.random.random() < p.idea_rate * self.engagement * self.concern:
            m.ideas += 1


class PerAgentWorkforce(mesa.Model):
    """A workforce of Mesa agents, starting from the same state as a vectorised one."""

    def __init__(self, wf: Staff, params: Params, scope: np.ndarray, rng: int = 0):
        super().__init__(rng=rng)
        self.params = params
        employees = [Employee(self, i, wf, scope) for i in range(wf.runs.org.employees)]
        for source, target in zip(wf.runs.org.tie_from, wf.runs.org.tie_to, strict=True):
            employees[target].colleagues.append(employees[source])
        self.employees = employees
        self.results_signal = 0.0
        self.behaviour_measures: list[int] = []
        self.ownership: list[float] = []
        self.load: list[float] = []
        self.implementing: list[bool] = []
        self.ideas = 0

    def set_inputs(self, results_signal: float, behaviour_measures: np.ndarray, ownership: np.ndarray,
                   load: np.ndarray, implementing: np.ndarray) -> None:
        """The month's inputs from the rest of the model (measures in force, their load)."""
        self.results_signal = results_signal
        self.behaviour_measures = behaviour_measures.tolist()
        self.ownership = ownership.tolist()
        self.load = load.tolist()
        self.implementing = implementing.tolist()

    def step(self) -> None:
        self.ideas = 0
        self.agents.shuffle_do("decide")
        self.agents.do("apply")
