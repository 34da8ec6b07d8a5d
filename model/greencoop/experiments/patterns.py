"""The patterns the model must show, from the stylized facts, each tied to a lever and its own mechanisms.

A :class:`Pattern` compares the model at two settings of one lever (or
looks at one setting) on the same seeds, and reduces the runs to one
statistic that must fall within bounds. Each names the mechanisms that
produce it: with any of them switched off the pattern must fail, so a
pattern cannot pass for reasons other than the one it claims. The test
suite (``tests/test_patterns.py``) checks both; ``greencoop ablation``
tabulates every statistic with all mechanisms on and with each one off.
Facts are numbered as in the project's domain facts ("Patterns for
validation"); the ODD document cites their sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from greencoop.engine.runs import Run
from greencoop.params import Params
from greencoop.run import run_batch

Comparison = Literal["level", "difference", "ratio", "change"]


@dataclass(frozen=True)
class Pattern:
    """One pattern: a statistic of the model's runs, the bounds it must fall within, and what produces it.

    Attributes:
        name: short key.
        fact: the stylized fact it stands for (number and words).
        claim: what the model should show, in a sentence.
        outcome: the outcome compared (a column of :data:`greencoop.outcomes.OUTCOMES`).
        months: first and last month averaged over (inclusive).
        comparison: ``level`` (the mean at ``high``), ``difference`` (``high`` minus ``low``),
            ``ratio`` (``high`` over ``low``) or ``change`` (at ``high``: the window's mean minus month 0).
        low, high: the two settings compared, as parameter overrides (``low`` unused by ``level`` and ``change``).
        bounds: the statistic must be within these (inclusive).
        mechanisms: its own mechanisms: with any one of them off, the statistic must leave its bounds.
    """

    name: str
    fact: str
    claim: str
    outcome: str
    months: tuple[int, int]
    comparison: Comparison
    bounds: tuple[float, float]
    mechanisms: tuple[str, ...]
    high: dict = field(default_factory=dict)
    low: dict = field(default_factory=dict)

    def settings(self) -> list[dict]:
        """The parameter settings whose runs the statistic needs."""
        return [self.low, self.high] if self.comparison in ("difference", "ratio") else [self.high]

    def statistic(self, values: Sequence[np.ndarray]) -> float:
        """The statistic from each setting's (run x month) outcome values, in :meth:`settings` order."""
        first, last = self.months
        window = [v[:, first:last + 1].mean() for v in values]
        if self.comparison == "level":
            return float(window[0])
        if self.comparison == "change":
            return float(window[0] - values[0][:, 0].mean())
        if self.comparison == "difference":
            return float(window[1] - window[0])
        return float(window[1] / window[0]) if window[0] > 0 else float("nan")

    def holds(self, statistic: float) -> bool:
        low, high = self.bounds
        return bool(low <= statistic <= high)


INF = float("inf")

PATTERNS: tuple[Pattern, ...] = (
    Pattern("quarter_of_reps_on_climate", "1: about 1 in 4 reps worked concretely on climate (2017-19), down from "
            "a third in 2016", "at today's practice, about a quarter of reps have made a climate proposal in the "
            "last two years", "reps_on_climate", (24, 120), "level", (0.19, 0.31), ("reps_propose",)),
    Pattern("release_time_puts_reps_on_climate", "2: the more time reps have, the more climate is on the agenda",
            "doubling release time (4.5 to 9 h) raises the share of reps on climate over the whole ten years",
            "reps_on_climate", (1, 120), "difference", (0.15, INF), ("reps_propose",),
            low={"rep_release_hours": 4.5}, high={"rep_release_hours": 9.0}),
    Pattern("release_time_puts_climate_on_the_agenda", "2: the more time reps have, the more climate is on the "
            "agenda", "doubling release time raises climate's share of the cooperation meetings over ten years",
            "climate_item_share", (1, 120), "ratio", (1.1, INF), ("reps_propose",),
            low={"rep_release_hours": 4.5}, high={"rep_release_hours": 9.0}),
    Pattern("training_puts_reps_on_climate", "3: 64 % of reps need more competence",
            "training half the reps each year (against 5 %) puts more reps to work on climate",
            "reps_on_climate", (24, 120), "difference", (0.1, INF), ("training",),
            low={"training_per_year": 0.05}, high={"training_per_year": 0.5}),
    Pattern("toolkit_puts_reps_on_climate", "3: 64 % of reps need more competence",
            "a union toolkit (0.2) puts more reps to work on climate", "reps_on_climate", (24, 120), "difference",
            (0.1, INF), ("toolkit",), low={"union_toolkit": 0.0}, high={"union_toolkit": 0.2}),
    Pattern("joint_decisions_build_trust", "8: joint local cooperation gives better decisions and faster "
            "implementation", "deciding jointly rather than informing leaves staff trusting the employer more",
            "trust", (109, 120), "difference", (0.4, INF), ("say_at_launch", "shaped_workload"),
            low={"involvement": "inform"}, high={"involvement": "joint"}),
    Pattern("joint_decisions_raise_uptake", "7: management support and involvement drive behaviour change",
            "deciding jointly rather than informing raises staff's uptake of behaviour measures",
            "behaviour_uptake", (109, 120), "ratio", (1.55, INF), ("say_at_launch", "shaped_workload"),
            low={"involvement": "inform"}, high={"involvement": "joint"}),
    Pattern("feedback_sustains_uptake", "6, 7: greening fades unless sustained; feedback is a strong predictor",
            "showing staff the results (1 against 0) raises uptake of behaviour measures",
            "behaviour_uptake", (109, 120), "ratio", (1.5, INF), ("results_feedback",),
            low={"feedback_to_staff": 0.0}, high={"feedback_to_staff": 1.0}),
    Pattern("reps_mobilise_colleagues", "model concept: reps as change agents (Gómez-Cruz et al. 2017)",
            "reps with more release time (20 h against 4.5) raise their colleagues' engagement",
            "engagement", (109, 120), "difference", (0.05, INF), ("reps_mobilise",),
            low={"rep_release_hours": 4.5}, high={"rep_release_hours": 20.0}),
    Pattern("ignored_proposals_cost_trust", "model concept: nothing coming of what is raised costs trust",
            "with no climate budget, proposals go unanswered and staff's trust falls below where it started",
            "trust", (109, 120), "change", (-INF, -0.025), ("ignored_proposals_cost",),
            high={"climate_budget": 0.0}),
)
PATTERNS_BY_NAME: dict[str, Pattern] = {p.name: p for p in PATTERNS}


def statistics(patterns: Iterable[Pattern], seeds: int, switched_off: Iterable[str] = (),
               base: Params | None = None) -> dict[str, float]:
    """Each pattern's statistic over ``seeds`` runs per setting, with ``switched_off`` mechanisms removed.

    All runs go in one batch; the settings of a pattern share their seeds (common random numbers).
    """
    patterns, base = list(patterns), base or Params()
    off = frozenset(switched_off)
    layout = [(p, setting) for p in patterns for setting in p.settings()]
    runs = [Run(base.replace(**setting), seed, off) for _, setting in layout for seed in range(seeds)]
    outcomes = run_batch(runs).outcomes(sorted({p.outcome for p in patterns}))
    values: dict[str, list[np.ndarray]] = {p.name: [] for p in patterns}
    for i, (p, _) in enumerate(layout):
        values[p.name].append(outcomes[p.outcome][i * seeds:(i + 1) * seeds])
    return {p.name: p.statistic(values[p.name]) for p in patterns}
