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

from greencoop.engine.staff import (
    Staff,
    concern_after,
    drop_probability,
    fade_and_feedback,
    imposition_kept,
    recover,
    social_influence,
    uptake_readiness,
)
from greencoop.params import Params


class Employee(mesa.Agent):
    """One employee with their own state and colleagues."""

    def __init__(self, model: PerAgentWorkforce, index: int, wf: Staff):
        super().__init__(model)
        self.concern = float(wf.concern[index])
        self.own_concern = float(wf.own_concern[index])
        self.engagement = float(wf.engagement[index])
        self.trust = float(wf.trust[index])
        self.initial_trust = float(wf.initial_trust[index])
        self.base_workload = float(wf.base_workload[index])
        self.workload = float(wf.workload[index])
        self.area = int(wf.runs.org.area[index])
        #: The step of each behaviour measure in this employee's area (-1: none), and whether they hold it.
        self.steps = [int(wf.behaviour_steps[s]) if s >= 0 else -1 for s in wf.step_of[self.area]]
        self.adopted = [bool(a) for a in wf.adopted[index]]
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
        salience = p.feedback_to_staff * p.results_salience * self.model.results_signal
        self._concern = min(max(concern_after(self.concern, concern_around, self.own_concern, p.social_influence,
                                              p.concern_persistence, salience), 0.0), 1.0)
        self._engagement = social_influence(self.engagement, engagement_around, p.social_influence)

    def apply(self) -> None:
        """Update own state from the month's inputs, as the compiled rules do."""
        m = self.model
        p = m.params
        self.concern = self._concern
        boost = p.feedback_to_staff * p.feedback_gain * m.results_signal
        engagement = min(max(fade_and_feedback(self._engagement, p.base_engagement * self.concern,
                                               p.engagement_fade, boost), 0.0), 1.0)
        trust = min(max(recover(self.trust, self.initial_trust, p.trust_recovery), 0.0), 1.0)

        ready = uptake_readiness(engagement, trust, self.workload, p.uptake_rate)
        drop = drop_probability(engagement, self.workload, p.revert_rate)
        load = imposed = 0.0
        for j, step in enumerate(self.steps):
            if step < 0 or not m.in_force[step]:
                continue
            draw = m.random.random()
            self.adopted[j] = (draw >= drop) if self.adopted[j] else (draw < ready)
            if self.adopted[j]:
                load += m.load[step]
                imposed += m.load[step] * (1.0 - m.ownership[step])
        for step in np.flatnonzero(m.implementing & m.scope[self.area]):
            load += m.load[step]
            imposed += m.load[step] * (1.0 - m.ownership[step])
        kept = imposition_kept(imposed, p.trust_loss)
        self.workload = min(self.base_workload + load, 1.0)
        self.engagement = engagement * kept
        self.trust = trust * kept
        if self.member and m.random.random() < p.idea_rate * engagement * self.concern:
            m.ideas += 1


class PerAgentWorkforce(mesa.Model):
    """A workforce of Mesa agents, starting from the same state as a vectorised one."""

    def __init__(self, wf: Staff, params: Params, scope: np.ndarray, rng: int = 0):
        super().__init__(rng=rng)
        self.params = params
        self.scope = scope
        employees = [Employee(self, i, wf) for i in range(wf.runs.org.employees)]
        for source, target in zip(wf.runs.org.tie_from, wf.runs.org.tie_to, strict=True):
            employees[target].colleagues.append(employees[source])
        self.employees = employees
        self.results_signal = 0.0
        self.in_force = np.zeros(0, dtype=bool)
        self.ownership = np.zeros(0)
        self.load = np.zeros(0)
        self.implementing = np.zeros(0, dtype=bool)
        self.ideas = 0

    def set_inputs(self, results_signal: float, in_force: np.ndarray, ownership: np.ndarray, load: np.ndarray,
                   implementing: np.ndarray) -> None:
        """The month's inputs from the rest of the model, per step: in force, staff's ownership, load."""
        self.results_signal = results_signal
        self.in_force, self.ownership, self.load, self.implementing = in_force, ownership, load, implementing

    def step(self) -> None:
        self.ideas = 0
        self.agents.shuffle_do("decide")
        self.agents.do("apply")
