"""What acts across the municipalities of a sector run: grants, and a union network between them.

Each municipality of a sector run is a run of the engine (:mod:`greencoop.engine`),
with its own employer, reps and employees following the same rules as a single
municipality. The couplings here are what is truly national; the engine calls
them at fixed points of its month (:class:`greencoop.engine.month.National`).
Their random draws come from the sector's own stream, never from a
municipality's.
"""

from __future__ import annotations

import numpy as np

from greencoop.engine.employer import Employers
from greencoop.engine.month import Engine
from greencoop.organisation import UNIONS

#: Month of the year in which grant applications are decided (April; assumption:
#: Klimasats decides once a year, in spring).
GRANT_ROUND_MONTH = 4
#: A practice every other municipality already uses is this many times more
#: likely to be proposed, with a fully connected union network (assumption).
PRACTICE_PULL = 4.0


class NationalCouplings:
    """National grants and the union network across municipalities, for one sector run.

    Args:
        grant_pool: NOK granted per year across the run's municipalities.
        grant_share: share of a measure's cost a municipality asks for.
        network: strength of the union network across municipalities, 0-1.
        months: the run's horizon, for the grants' record.
        rng: the sector's own random generator.
    """

    def __init__(self, grant_pool: float, grant_share: float, network: float, months: int, municipalities: int,
                 rng: np.random.Generator):
        self.grant_pool = grant_pool
        self.grant_share = grant_share
        self.network = network
        self.rng = rng
        #: Cumulative NOK asked and granted, per month and municipality.
        self.grants_asked = np.zeros((months + 1, municipalities))
        self.grants_received = np.zeros((months + 1, municipalities))

    def before_month(self, engine: Engine, month: int) -> None:
        """Each April, a grant round; the grants' record carries on every month."""
        self.grants_asked[month] = self.grants_asked[month - 1]
        self.grants_received[month] = self.grants_received[month - 1]
        if self.grant_pool and (month - 1) % 12 + 1 == GRANT_ROUND_MONTH:
            asked, granted = compete_for_grants(engine.employers, self.grant_pool, self.grant_share,
                                                engine.open_steps(), engine.rollout.measure_index, self.rng)
            self.grants_asked[month] += asked
            self.grants_received[month] += granted

    def after_learning(self, engine: Engine) -> None:
        """Know-how from the same union's reps across the country pulls each rep's competence up."""
        if not self.network:
            return
        reps = engine.reps
        union = engine.runs.org.rep_union
        everywhere = np.maximum(np.bincount(union, minlength=len(UNIONS)), 1)
        national = np.bincount(union, weights=reps.competence, minlength=len(UNIONS)) / everywhere
        reps.competence += self.network / 12 * np.maximum(national[union] - reps.competence, 0.0)

    def proposal_pull(self, engine: Engine) -> np.ndarray | None:
        """Practices already used in other municipalities are proposed more often: reps hear of them."""
        if not self.network:
            return None
        used_elsewhere = (engine.adopted_month >= 0).mean(axis=0)
        return 1.0 + PRACTICE_PULL * self.network * used_elsewhere


def compete_for_grants(employers: Employers, pool: float, share: float, open_steps: np.ndarray,
                       measure_of_step: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A national grant round: who applies, for what, and who gets the money.

    Each management applies with a chance equal to its commitment, for a
    project: the open steps of one measure, the best-ranked measure whose open
    steps it cannot pay for from its own budget (or the best-ranked, if it
    can pay for all), asking ``share`` of their cost. Applications are ranked
    by expected abatement per krone asked (ties in random order) and funded in
    that order until the pool is spent: the first that does not fit, and all
    below it, get nothing. A grant goes into the climate budget and its
    project's steps join the queue.

    Returns:
        NOK asked and NOK granted, per municipality.
    """
    count = len(employers.budget)
    candidates = open_steps & (employers.queue_order == 0)
    applying = (rng.random(count) < employers.commitment) & candidates.any(axis=1)
    steps_of = np.eye(measure_of_step.max() + 1, dtype=bool)[measure_of_step]  # (step x measure)
    project_cost = (employers.cost * candidates) @ steps_of  # (run x measure)
    ranking = np.where(candidates, employers.value_for_money, -np.inf)
    measure_value = np.max(np.where(steps_of[None], ranking[:, :, None], -np.inf), axis=1)
    unaffordable = np.where(project_cost > employers.budget[:, None], measure_value, -np.inf)
    chosen = np.where(np.isfinite(unaffordable).any(axis=1), np.argmax(unaffordable, axis=1),
                      np.argmax(measure_value, axis=1))
    project = candidates & steps_of.T[chosen]
    best = np.argmax(np.where(project, employers.value_for_money, -np.inf), axis=1)
    rows = np.arange(count)
    asked = np.where(applying, share * (employers.cost * project).sum(axis=1), 0.0)
    merit = employers.value_for_money[rows, best] / share
    ranked = np.lexsort((rng.random(count), -merit))
    ranked = ranked[applying[ranked]]
    funded = ranked[np.cumsum(asked[ranked]) <= pool]
    granted = np.zeros(count)
    granted[funded] = asked[funded]
    employers.budget += granted
    run, step = np.nonzero(project[funded])
    employers.queue_order[funded[run], step] = employers.clock
    return asked, granted
