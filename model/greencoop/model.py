"""The green cooperation model of one municipality, as a Mesa model: one step is one month.

:class:`GreenCoopModel` drives the engine (:mod:`greencoop.engine`) over a
batch of one run. The employer and each union's hovedtillitsvalgt are Mesa
agents, for users who inspect or extend them; what they decide is the
engine's rules, the same for one municipality, an ensemble or the sector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np
import pandas as pd

from greencoop.engine.month import Engine
from greencoop.engine.runs import Run
from greencoop.organisation import UNIONS
from greencoop.params import Params


def seed_of(rng: Any) -> int:
    """A run's seed from Mesa's ``rng`` argument: a whole number as it is, one drawn from a Generator or at random."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool) and rng >= 0:
        return int(rng)
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return int(generator.integers(2**63))


class GreenCoopModel(mesa.Model):
    """Employer, union reps and employees of one Norwegian municipality.

    Args:
        params: parameter values; defaults for everything not given.
        rng: the seed (a whole number); the same parameters and seed give
            identical results, alone or in any batch. A Generator, or None,
            gives a seed drawn from it (see ``seed``).
        **overrides: parameter values by name, applied on top of ``params``.

    Example:
        >>> model = GreenCoopModel(rng=1, involvement="joint")
        >>> model.run_model()
        >>> bool(model.results()["reduction_pct"].iloc[-1] > 0)
        True
    """

    def __init__(self, params: Params | None = None, *, rng: Any = None, **overrides: Any):
        params = params or Params()
        if overrides:
            params = params.replace(**overrides)
        self.run_seed = seed_of(rng)
        super().__init__(rng=self.run_seed)
        self.params = params
        self.engine = Engine([Run(params, self.run_seed)])
        self.months = self.engine.months
        self.employer = Employer(self)
        present = set(self.engine.runs.org.rep_union.tolist())
        self.chief_reps = [ChiefRep(self, union, name) for union, name in enumerate(UNIONS) if union in present]

    def step(self) -> None:
        """One month: staff, reps, the cooperation meeting, then the measures' effect."""
        self.engine.step()
        if self.engine.month >= self.months:
            self.running = False

    def results(self) -> pd.DataFrame:
        """Tidy results so far: one row per month (0 = start).

        ``.attrs`` carries the units and what was modelled: the municipality's
        label, employees and population.
        """
        return self.engine.results().frame(0)


class Employer(mesa.Agent):
    """Municipal management: its budget, queued initiatives and adopted measures (the engine's run 0)."""

    @property
    def _engine(self) -> Engine:
        return self.model.engine

    @property
    def budget(self) -> float:
        """Unspent climate budget, NOK."""
        return float(self._engine.employers.budget[0])

    @property
    def commitment(self) -> float:
        return float(self._engine.employers.commitment[0])

    @property
    def involvement(self) -> str:
        return self._engine.employers.involvement[0]

    @property
    def queue(self) -> list[str]:
        """Keys of the queued initiatives, oldest first."""
        order = self._engine.employers.queue_order[0]
        queued = np.flatnonzero(order)
        return [self._engine.rollout.keys[m] for m in queued[np.argsort(order[queued], kind="stable")]]

    @property
    def adopted(self) -> dict[str, int]:
        """Adopted measures' keys and the month each was adopted."""
        months = self._engine.adopted_month[0]
        return {key: int(months[i]) for i, key in enumerate(self._engine.rollout.keys) if months[i] >= 0}


@dataclass(frozen=True)
class Proposal:
    """A proposed measure, with the share of colleagues behind it (support, 0-1) and the month proposed."""

    measure: str
    support: float
    month: int


class ChiefRep(mesa.Agent):
    """The hovedtillitsvalgt of one union: the proposals pending with them (the engine's run 0)."""

    def __init__(self, model: GreenCoopModel, union: int, name: str):
        super().__init__(model)
        self.union = union
        self.name = name

    @property
    def pending(self) -> list[Proposal]:
        """Proposals gathered and not yet decided or expired, in the order received."""
        proposals = self.model.engine.proposals
        keys = self.model.engine.rollout.keys
        return [Proposal(keys[m], float(s), int(t))
                for g, m, s, t in zip(proposals.group, proposals.measure, proposals.support, proposals.month,
                                      strict=True) if g == self.union]
