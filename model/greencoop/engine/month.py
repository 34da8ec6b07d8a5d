"""The month, written once: every rule of the model over a batch of independent runs.

:class:`Engine` holds the state of every run of a batch (its employees,
reps, employer and measures) and steps them all through one month at a time.
The single model (:class:`~greencoop.model.GreenCoopModel`), ensembles, the
workshop's bands, scenario batches and the whole sector are drivers of it.
Runs never see each other, except through a :class:`National` coupling that
the sector supplies (grants, a union network across municipalities).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numba import njit

from greencoop.emissions import baseline_emissions, emissions_by_category
from greencoop.engine.employer import Employers, expected_abatement, numpy_sum
from greencoop.engine.reps import LocalReps, Proposals
from greencoop.engine.results import Record, Results
from greencoop.engine.runs import Run, RunSet
from greencoop.engine.staff import Staff
from greencoop.engine.streams import Streams, sfc64_uniform
from greencoop.engine.threads import RunChunks
from greencoop.measures import load_rollout

#: A cut of this share of emissions is half as visible, fed back to staff, as a result can be:
#: visibility grows with the cut and never stops growing (assumption).
HALF_VISIBLE_RESULT = 0.05
#: A behaviour campaign keeps its momentum this long; after it the employer or the reps can renew it
#: (assumption; workplace greening fades after focusing events unless sustained: Farnhill 2018, facts 6).
CAMPAIGN_MONTHS = 24
#: Staff propose behaviour measures this many times as often as technical ones:
#: they know their own routines best (assumption).
STAFF_PREFER_BEHAVIOUR = 2.0


class National(Protocol):
    """What acts across the runs of a sector: called by the engine at fixed points of the month."""

    def before_month(self, engine: Engine, month: int) -> None:
        """After budgets grow, before staff act (a grant round)."""

    def after_learning(self, engine: Engine) -> None:
        """After local reps learn (know-how shared across runs)."""

    def proposal_pull(self, engine: Engine) -> np.ndarray | None:
        """Per measure, how much likelier reps are to propose it (practice heard of elsewhere), or None."""


class Engine:
    """Every run of a batch, stepped one month at a time.

    Args:
        runs: the runs (or their prepared :class:`RunSet`).
        national: couplings across runs (the sector), or None for independent runs.
        streams: the runs' random streams; by default derived from each run's seed and place.
        threads: the most threads to share the runs among (None: every available core); results do not
            depend on it.

    Example:
        >>> from greencoop.params import Params
        >>> engine = Engine([Run(Params(horizon_years=1), seed) for seed in range(3)])
        >>> engine.run()
        >>> engine.results().outcomes(["reduction_pct"])["reduction_pct"].shape
        (3, 13)
    """

    def __init__(self, runs: Sequence[Run] | RunSet, national: National | None = None,
                 streams: Streams | None = None, threads: int | None = None):
        self.runs = runs = runs if isinstance(runs, RunSet) else RunSet(runs)
        self.national = national
        self.streams = streams or Streams(runs.seeds, runs.places)
        params = runs.params
        self.rollout = rollout = load_rollout()
        self.horizon = (12 * params["horizon_years"]).astype(int)
        self.months = int(self.horizon.max())
        self.baseline = baseline_emissions(runs.population[:, None], params["emissions_per_inhabitant"][:, None])
        self.category = rollout.category_index
        self.abatement = rollout.column("abatement")
        self.behaviour = rollout.column("behaviour").astype(bool)
        self.months_to_effect = np.maximum(rollout.column("months_to_effect"), 1)
        self.load = rollout.column("workload")
        self.scope = rollout.scope_matrix
        self.staff_choice = np.where(self.behaviour, STAFF_PREFER_BEHAVIOUR, 1.0) * self.scope
        self.agenda_per_year = params["climate_agenda_per_year"].astype(int)

        self.staff = Staff(runs, self.scope, self.behaviour, rollout.measure_index, RunChunks(runs.employees, threads))
        self.reps = LocalReps(runs)
        self.proposals = Proposals(len(runs), len(rollout))
        cost = rollout.column("cost") * runs.employees[:, None]
        self.employers = Employers(
            params["leadership_commitment"], runs.involvement, params["initiative_rate"],
            params["climate_budget"] * runs.employees / 12, cost,
            expected_abatement(self.baseline, self.category, self.abatement, self.behaviour),
        )
        shape = (len(runs), len(rollout))
        #: The month each step was first rolled out (-1 if not yet), and the month its latest campaign started.
        self.adopted_month = np.full(shape, -1)
        self.campaign_month = np.full(shape, -1)
        #: Whether each step rolled out was first adopted from the reps' proposals (else the employer's initiative).
        self.adopted_from_proposal = np.zeros(shape, dtype=bool)
        self.ownership = np.zeros(shape)
        self.effect = np.zeros(shape)
        #: Each step's column among the behaviour steps (-1 for a technical step).
        self._behaviour_column = np.full(len(rollout), -1)
        self._behaviour_column[self.behaviour] = np.arange(np.count_nonzero(self.behaviour))
        self._shaping = runs.switched_on("shaped_workload")[:, None]
        self._renewing = runs.switched_on("campaign_renewal")[:, None]
        self.loads = measure_loads(self.load, self.ownership * self._shaping, params["workload_relief"][:, None])
        self.emissions = np.empty_like(self.baseline)
        emissions_by_category(self.baseline, self.category, self.abatement, self.effect, self.emissions)
        self.proposed = np.zeros(len(runs))
        #: Which local reps have a channel for proposals: climate is on their run's cooperation agenda.
        self._channel = (self.agenda_per_year > 0)[runs.rep_run]
        self._no_pull = np.ones(len(rollout))
        # What stays the same month after month, worked out once.
        self._baseline_total = self.baseline.sum(axis=1)
        self._nothing_by_area = np.zeros((len(runs), len(self.scope)))
        self._implementing = np.zeros(shape, dtype=bool)
        self._employer_draws = np.full(len(runs), 1 + len(rollout))
        self._alone = self.agenda_per_year == 0
        #: Per month of the year, which runs have a climate item on the cooperation meeting's agenda.
        self._meeting = np.array([climate_on_agenda(month, self.agenda_per_year) & ~self._alone
                                  for month in range(1, 13)])
        self._no_items = np.zeros(len(runs))
        self._nothing_tabled = np.zeros(shape), np.zeros(shape, dtype=bool)
        self._open_steps = None
        #: Climate items at this month's meeting in each run (0 without a climate item).
        self.items = np.zeros(len(runs))
        self.month = 0
        self.record = Record(self.months, len(runs), len(rollout))
        self._write_record()

    # --- one month -----------------------------------------------------------

    def run(self) -> None:
        """Step every run to the end of the longest horizon."""
        while self.month < self.months:
            self.step()

    def step(self) -> None:
        """One month in every run: staff, reps, the cooperation meeting, then the measures' effect.

        Unit means for the reps are taken after the employees' month; proposals carry their unit's
        engagement of this month (launches come later, at the meeting).
        """
        self.month = month = self.month + 1
        staff, streams = self.staff, self.streams
        self._open_steps = None
        self.employers.accrue_budget()
        if self.national:
            self.national.before_month(self, month)
        implementing = self._implementing
        implementing_loads = ((self.by_area(load * implementing) for load in self.loads)
                              if being_implemented(self.adopted_month, self.behaviour, self.effect, implementing)
                              else (self._nothing_by_area, self._nothing_by_area))
        staff.month(results_signal(self.emissions.sum(axis=1), self._baseline_total),
                    self.reps.hours_per_colleague(), *implementing_loads, streams)

        worked = self.reps.work(month, staff.unit_ideas, staff.unit_workload, streams)
        self.reps.learn(streams)
        if self.national:
            self.national.after_learning(self)
        self._hand_to_chief_reps(month, self.reps.propose(month, worked, streams))
        self._cooperate(month)
        self._update_effects(month)
        self._write_record()

    def open_steps(self) -> np.ndarray:
        """(run x step) what can be proposed or decided: steps not rolled out, and campaigns run their course.

        Worked out once a month, before the meeting's decisions (which change it).
        """
        if self._open_steps is None:
            self._open_steps = self._find_open_steps()
        return self._open_steps

    def _find_open_steps(self) -> np.ndarray:
        due = self.behaviour & (self.month - self.campaign_month >= CAMPAIGN_MONTHS) & self._renewing
        return (self.adopted_month < 0) | due

    def _hand_to_chief_reps(self, month: int, new_proposals: np.ndarray) -> None:
        """Each proposal names an open step in the rep's own service area; it goes to the chief rep.

        Where climate is never on the cooperation agenda there is no channel for
        proposals: none are delivered, and the staff behind them count them as ignored.
        """
        runs = self.runs
        if not self._channel.all():
            unheard = np.bincount(self.reps.unit, weights=new_proposals * ~self._channel,
                                  minlength=len(runs.org.unit_size))
            self.staff.disappoint(unheard, runs.params["ignored_proposal_cost"])
            new_proposals = new_proposals * self._channel
        if not new_proposals.any():
            return
        pull = self.national.proposal_pull(self) if self.national else None
        proposals = self.proposals
        with np.errstate(over="ignore"):  # the generators' sums wrap by design (seen only without compilation)
            proposals.count = name_proposed_steps(
                month, new_proposals, self.reps.unit, self.reps.group, runs.unit_run, runs.org.unit_area,
                self.staff_choice, self.open_steps(), self._no_pull if pull is None else pull,
                self.streams.states("proposals"), self.staff.unit_engagement, runs.org.unit_size, proposals.count,
                *proposals.columns(int(new_proposals.sum())), self.proposed)

    def _cooperate(self, month: int) -> None:
        """Employer initiatives everywhere, and the climate item where it is on this month's agenda."""
        runs, employers = len(self.runs), self.employers
        open_steps = self.open_steps()
        draws = self.streams.uniform("employer", self._employer_draws).reshape(runs, -1)
        # Contiguous in any batch, so the compiled decisions see one array layout (one compilation, not two).
        employers.take_initiative(open_steps, np.ascontiguousarray(draws[:, 0]))
        alone = self._alone
        meeting = self._meeting[(month - 1) % 12]
        self.items = self._no_items
        support, tabled = self._nothing_tabled
        if meeting.any():
            support, tabled, ignored = self.proposals.table(month, meeting, open_steps, self.reps.group_know_how(),
                                                            len(self.runs.org.unit_size))
            self.staff.disappoint(ignored, self.runs.params["ignored_proposal_cost"])
            self.items = np.where(meeting, tabled.sum(axis=1) + employers.queue_length(), 0.0)
        self._adopt(month, *employers.decide(meeting, alone, support, tabled, np.ascontiguousarray(draws[:, 1:])))

    def _adopt(self, month: int, decided: np.ndarray, ownership: np.ndarray, from_proposal: np.ndarray) -> None:
        """Roll out (or renew) the decided steps: launched with the say staff had in them.

        A step's first roll-out keeps who it came from: the reps' proposals or the employer's initiative.
        """
        if not decided.any():
            return
        self._open_steps = None
        first = decided & (self.adopted_month < 0)
        self.adopted_month[first] = month
        self.adopted_from_proposal[first] = from_proposal[first]
        self.campaign_month[decided] = month
        self.ownership[decided] = ownership[decided]
        self.staff.launch(decided, self.ownership, self.runs.params)
        self.loads = measure_loads(self.load, self.ownership * self._shaping,
                                   self.runs.params["workload_relief"][:, None])
        self.staff.set_measures(self.adopted_month >= 0, *self.loads)

    def by_area(self, per_measure: np.ndarray) -> np.ndarray:
        """(run x measure) values summed over the measures that concern each service area: (run x area)."""
        return area_sums(per_measure, self.scope)

    def _update_effects(self, month: int) -> None:
        """How far each measure is in effect now, and the emissions that leaves (in place, one compiled call each)."""
        staff = self.staff
        measure_effects(month, self.adopted_month, self.months_to_effect, self._behaviour_column, staff.held,
                        staff.scope_size_of_step, self.effect)
        emissions_by_category(self.baseline, self.category, self.abatement, self.effect, self.emissions)

    # --- outcomes ------------------------------------------------------------

    def _write_record(self) -> None:
        record, month = self.record, self.month
        record.emissions[month] = self.emissions
        record.effect[month] = self.effect
        record.staff[month] = self.staff.sums()
        reps = record.reps[month]
        reps[:, 0] = self.proposed
        reps[:, 1] = self.reps.run_hours
        reps[:, 2] = self.reps.share_on_climate(month)
        record.items[month] = self.items
        record.budget[month] = self.employers.budget
        record.ideas[month] = self.reps.run_ideas
        record.tabled[month] = self.proposals.tabled

    def results(self) -> Results:
        """Everything recorded so far, with what is needed to derive every outcome."""
        return Results(self.record, self.month, self.runs, self.horizon, self.baseline, self.adopted_month.copy(),
                       self.adopted_from_proposal.copy(), self.behaviour)


# --- rules of the month that need no state of their own ------------------------------------------


def climate_on_agenda(month: int, per_year):
    """Whether month ``month`` (1-based) has climate on the agenda: ``per_year`` spread evenly over the year."""
    in_year = (month - 1) % 12
    return (in_year + 1) * per_year // 12 > in_year * per_year // 12


def results_signal(emissions_total, baseline_total):
    """How visible the results are, 0-1 (one per run): graded, half-visible at a cut of HALF_VISIBLE_RESULT.

    A larger cut is always more visible, with diminishing returns (a cut of
    10 % reads as 0.67, 20 % as 0.8): a signal, not a switch.
    """
    cut = np.maximum(1.0 - emissions_total / baseline_total, 0.0)
    return cut / (cut + HALF_VISIBLE_RESULT)


def measure_loads(load: np.ndarray, ownership: np.ndarray, relief) -> tuple[np.ndarray, np.ndarray]:
    """Per measure: the workload it adds to whoever carries it, and the part imposed without a say.

    Involvement lets staff shape a measure, so part of its load is avoided
    (``relief``); what remains is imposed as far as staff had no say.
    """
    carried = load * (1.0 - relief * ownership)
    return carried, carried * (1.0 - ownership)


@njit(cache=True)
def area_sums(per_measure, scope):
    """(run x area) sums of ``per_measure`` (run x measure) over the measures each area is in ``scope`` of.

    Added as NumPy adds a row (:func:`~greencoop.engine.employer.numpy_sum`), as the sums were once taken.
    """
    runs, measures = per_measure.shape
    sums = np.empty((runs, scope.shape[0]))
    row = np.empty(measures)
    for r in range(runs):
        for a in range(scope.shape[0]):
            for k in range(measures):
                row[k] = per_measure[r, k] * (1.0 if scope[a, k] else 0.0)
            sums[r, a] = numpy_sum(row)
    return sums


@njit(cache=True)
def being_implemented(adopted_month, behaviour, effect, implementing):
    """Mark the technical steps adopted and not yet in full effect in ``implementing``; whether there are any."""
    anything = False
    for r in range(effect.shape[0]):
        for k in range(effect.shape[1]):
            implementing[r, k] = adopted_month[r, k] >= 0 and not behaviour[k] and effect[r, k] < 1.0
            anything |= implementing[r, k]
    return anything


@njit(cache=True)
def measure_effects(month, adopted_month, months_to_effect, behaviour_column, held, scope_size, effect):
    """How far each measure is in effect, 0-1, written into ``effect`` (run x measure).

    A technical measure ramps up over its months to effect; a behaviour one is its uptake: the share of
    staff in its area holding it (``held`` / ``scope_size``, run x behaviour step; ``behaviour_column`` gives
    each measure's behaviour step, -1 for a technical one). Nothing is in effect before it is adopted.
    """
    for r in range(effect.shape[0]):
        for k in range(effect.shape[1]):
            if adopted_month[r, k] < 0:
                effect[r, k] = 0.0
            elif behaviour_column[k] >= 0:
                effect[r, k] = held[r, behaviour_column[k]] / scope_size[r, behaviour_column[k]]
            else:
                effect[r, k] = min((month - adopted_month[r, k]) / months_to_effect[k], 1.0)


@njit(cache=True)
def name_proposed_steps(month, new_proposals, rep_unit, rep_group, unit_run, unit_area, staff_choice, open_steps,
                        pull, states, unit_engagement, unit_size, count, group, unit, measure, support, made, proposed):
    """Each new proposal, rep by rep, names a step with one draw; appended to the pending columns from ``count``.

    A proposal picks among the open steps (``open_steps``, run x step) of its unit's service area, weighted by
    ``staff_choice`` (area x step) and ``pull`` (per step); one with no step to pick is dropped. It carries its
    unit's mean engagement as support. Each proposal draws from its run's "proposals" stream (``states``),
    picked or not. Counts what was proposed in ``proposed`` (per run).

    Returns:
        The number of pending proposals.
    """
    steps = open_steps.shape[1]
    cumulative = np.empty(steps)
    for rep in range(len(new_proposals)):
        u = rep_unit[rep]
        r, area = unit_run[u], unit_area[u]
        for _ in range(new_proposals[rep]):
            total = 0.0
            for k in range(steps):
                total += staff_choice[area, k] * (1.0 if open_steps[r, k] else 0.0) * pull[k]
                cumulative[k] = total
            draw = sfc64_uniform(states, r)
            if total > 0:
                group[count], unit[count], measure[count] = rep_group[rep], u, pick_weighted(cumulative, draw)
                support[count], made[count] = unit_engagement[u] / unit_size[u], month
                count += 1
                proposed[r] += 1.0
    return count


@njit(cache=True)
def pick_weighted(cumulative, draw):
    """One index drawn with the weights whose running sums ``cumulative`` holds (``draw`` uniform in [0, 1))."""
    scaled = draw * cumulative[-1]
    picked = 0
    for value in cumulative:
        if value <= scaled:
            picked += 1
    return picked
