"""The employees: each an individual, their state held in numpy columns.

A municipality has thousands of employees and a slider must answer within a
fraction of a second, so the employee rules are written once, vectorised over
the workforce, instead of as a Python method per agent (see
``benchmarks/per_agent.py`` for the same rules agent by agent, and the speed
difference). Every employee still has their own concern, engagement, trust,
workload, ties and measure uptake.

All state variables are shares in [0, 1].
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from greencoop.organisation import SERVICE_AREAS, Organisation
from greencoop.params import Params

#: How tightly individual starting values cluster around their mean (Beta
#: distribution concentration). Assumption.
SPREAD = 8.0
#: Health and care staff start with this much more workload (assumption).
HEALTH_CARE_EXTRA_WORKLOAD = 0.1


class Workforce:
    """State and monthly rules of all employees of one municipality."""

    def __init__(self, org: Organisation, params: Params, scope: np.ndarray, rng: np.random.Generator):
        """Draw each employee's starting state.

        Args:
            org: the municipality's structure (areas, units, ties).
            params: parameter values.
            scope: boolean (service area x measure) from the catalogue.
            rng: the model's random generator.
        """
        n = org.employees
        self.org = org
        self.params = params
        self.rng = rng
        self.concern = beta_around(rng, params.initial_concern, n)
        self.engagement = params.base_engagement * self.concern
        self.trust = beta_around(rng, params.initial_trust, n)
        self.initial_trust = self.trust.copy()
        health_care = org.area == list(SERVICE_AREAS).index("health_care")
        self.base_workload = np.clip(
            beta_around(rng, params.initial_workload, n) + HEALTH_CARE_EXTRA_WORKLOAD * health_care, 0.0, 1.0
        )
        self.workload = self.base_workload.copy()
        #: (measure x employee): whose work each measure concerns.
        self.in_scope = np.ascontiguousarray(scope[org.area].T)
        #: (measure x employee): 1.0 where an employee has taken up a behaviour
        #: measure. One contiguous row per measure, float32, so that the monthly
        #: draws, sums and the workload product run as fast numeric kernels.
        self.adopted = np.zeros(self.in_scope.shape, dtype=np.float32)
        self._in_scope_weight = self.in_scope.astype(np.float32)
        self.scope_size = np.maximum(self.in_scope.sum(axis=1), 1)
        self._colleagues = _colleague_weights(org.tie_from, org.tie_to, n)

    @property
    def size(self) -> int:
        return self.org.employees

    def colleague_mean(self, values: np.ndarray) -> np.ndarray:
        """Each employee's colleagues' mean of ``values`` (own value if no ties)."""
        return self._colleagues @ values

    def influence(self) -> None:
        """Colleagues pull each other's concern and engagement together."""
        rate = self.params.social_influence
        self.concern = social_influence(self.concern, self.colleague_mean(self.concern), rate)
        self.engagement = social_influence(self.engagement, self.colleague_mean(self.engagement), rate)

    def respond_to_results(self, results_signal: float | np.ndarray) -> None:
        """Engagement fades toward its base unless results are fed back; trust recovers.

        ``results_signal`` is one number, or one per employee (the sector
        model: each sees their own municipality's results). Each update mixes
        the old value with targets in [0, 1]; while the rates sum to at most 1
        that mix cannot leave [0, 1], so clipping is needed only for extreme
        parameter combinations.
        """
        p = self.params
        boost = p.feedback_to_staff * p.feedback_gain * results_signal
        engagement = fade_and_feedback(self.engagement, p.base_engagement * self.concern, p.engagement_fade, boost)
        trust = recover_and_feedback(self.trust, self.initial_trust, p.trust_recovery, boost)
        peak = boost if np.ndim(boost) == 0 else boost.max(initial=0.0)
        self.engagement = engagement if p.engagement_fade + peak <= 1.0 else within_unit_interval(engagement)
        self.trust = trust if p.trust_recovery + peak <= 1.0 else within_unit_interval(trust)

    def launch(self, measure: int, ownership: float) -> None:
        """A measure starts where it applies: a focusing event, and trust if staff had a say."""
        staff = self.in_scope[measure]
        p = self.params
        self.engagement[staff] += p.launch_boost * (0.5 + 0.5 * ownership) * (1.0 - self.engagement[staff])
        self.trust[staff] += p.trust_gain * ownership * (1.0 - self.trust[staff])

    def take_up(self, behaviour_measures: np.ndarray, ownership: np.ndarray) -> None:
        """Staff in scope take up or drop the behaviour measures now in force."""
        if not len(behaviour_measures):
            return
        p = self.params
        up, drop = uptake_probabilities(
            self.engagement, self.trust, self.workload, ownership[behaviour_measures, None], p.uptake_rate,
            p.revert_rate,
        )
        draw = self.rng.random((len(behaviour_measures), self.size))
        held = self.adopted[behaviour_measures] > 0
        now = np.where(held, draw >= drop, (draw < up) & self.in_scope[behaviour_measures])
        self.adopted[behaviour_measures] = now

    def carry_load(self, behaviour_load: np.ndarray, implementation_load: np.ndarray) -> None:
        """Set workload from the measures each employee carries; imposed load erodes trust.

        Each load array has two rows: per measure, the load itself, and the part
        of it imposed without involvement (load times one minus ownership).

        Args:
            behaviour_load: (2 x measure) load on whoever has taken up a behaviour measure.
            implementation_load: (2 x measure) load on everyone in scope of a
                technical measure still being implemented.
        """
        carried = behaviour_load @ self.adopted + implementation_load @ self._in_scope_weight
        self.workload = np.minimum(self.base_workload + carried[0], 1.0)
        self.trust *= np.maximum(1.0 - self.params.trust_loss * carried[1], 0.0)

    def raise_ideas(self) -> np.ndarray:
        """Members' new climate ideas per unit this month (they go to their reps)."""
        chance = self.params.idea_rate * self.engagement * self.concern
        raised = (self.rng.random(self.size) < chance) & self.org.member
        return np.bincount(self.org.unit[raised], minlength=self.org.units)

    def unit_mean(self, values: np.ndarray) -> np.ndarray:
        """Mean of ``values`` in each unit."""
        return np.bincount(self.org.unit, weights=values, minlength=self.org.units) / self.org.unit_size

    def uptake(self) -> np.ndarray:
        """Share of staff in scope who have taken up each measure."""
        return self.adopted.sum(axis=1) / self.scope_size


# --- the employee rules, shared with the per-agent benchmark -----------------


def social_influence(own: np.ndarray | float, colleagues: np.ndarray | float, rate: float):
    """Move toward the colleagues' mean by ``rate`` of the gap."""
    return own + rate * (colleagues - own)


def fade_and_feedback(engagement, base, fade: float, boost):
    """Engagement decays toward ``base`` and rises with fed-back results (``boost``, one or per employee)."""
    faded = engagement + fade * (base - engagement)
    return faded + boost * (1.0 - engagement) if _any(boost) else faded


def recover_and_feedback(trust, initial, recovery: float, boost):
    """Trust returns toward each one's starting level and rises with fed-back results (``boost``)."""
    recovered = trust + recovery * (initial - trust)
    return recovered + boost * (1.0 - trust) if _any(boost) else recovered


def _any(boost) -> bool:
    """Whether a boost (a number, or an array with one per employee) is anywhere non-zero."""
    return bool(boost) if np.ndim(boost) == 0 else bool(boost.any())


def uptake_probabilities(engagement, trust, workload, ownership, uptake_rate: float, revert_rate: float):
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


def drop_probability(engagement, workload, revert_rate: float):
    """An employee's monthly chance to drop a behaviour measure: likelier when disengaged and overloaded."""
    return revert_rate * (1.0 - engagement) * (0.5 + workload)


def uptake_readiness(engagement, trust, workload, uptake_rate: float):
    """An employee's monthly chance to take up a measure, before ownership: engagement and trust, less workload."""
    return uptake_rate * engagement * (0.5 + trust) * (1.0 - workload)


def within_unit_interval(values: np.ndarray) -> np.ndarray:
    """Clip to [0, 1] in place (two plain ufunc calls: np.clip's wrapper costs more here)."""
    return np.minimum(np.maximum(values, 0.0, out=values), 1.0, out=values)


def _colleague_weights(tie_from: np.ndarray, tie_to: np.ndarray, n: int) -> sparse.csr_array:
    """Row-normalised tie matrix: row i averages i's colleagues (or i itself, if alone)."""
    degree = np.bincount(tie_to, minlength=n)
    alone = np.flatnonzero(degree == 0)
    rows = np.concatenate([tie_to, alone])
    cols = np.concatenate([tie_from, alone])
    return sparse.csr_array((1.0 / np.maximum(degree, 1)[rows], (rows, cols)), shape=(n, n))


def beta_around(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    """``n`` individual values in (0, 1) scattered around ``mean`` (Beta, concentration SPREAD)."""
    mean = min(max(mean, 1e-3), 1.0 - 1e-3)
    return rng.beta(mean * SPREAD, (1.0 - mean) * SPREAD, n)
