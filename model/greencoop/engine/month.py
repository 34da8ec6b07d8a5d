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
from greencoop.engine.employer import Employers, decide_runs, expected_abatement, numpy_sum, take_initiatives
from greencoop.engine.reps import (
    LocalReps,
    Proposals,
    count_proposals,
    group_know_how,
    share_recently_on_climate,
    table_proposals,
    with_room,
)
from greencoop.engine.results import Record, Results
from greencoop.engine.runs import Run, RunSet
from greencoop.engine.staff import Staff, disappoint
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
        threads: the most threads to share the employees' month among (None: every available core);
            results do not depend on it. Independent runs share every part of the month among threads
            when run through :func:`greencoop.run.run_batch`.
        months: how many months to step, at least the longest horizon (None: that horizon). A batch split
            into parts steps every part as far as the whole batch would, so each run is recorded alike.

    Example:
        >>> from greencoop.params import Params
        >>> engine = Engine([Run(Params(horizon_years=1), seed) for seed in range(3)])
        >>> engine.run()
        >>> engine.results().outcomes(["reduction_pct"])["reduction_pct"].shape
        (3, 13)
    """

    def __init__(self, runs: Sequence[Run] | RunSet, national: National | None = None,
                 streams: Streams | None = None, threads: int | None = None, months: int | None = None):
        self.runs = runs = runs if isinstance(runs, RunSet) else RunSet(runs)
        self.national = national
        self.streams = streams or Streams(runs.seeds, runs.places)
        params = runs.params
        self.rollout = rollout = load_rollout()
        self.horizon = (12 * params["horizon_years"]).astype(int)
        self.months = int(self.horizon.max()) if months is None else months
        if self.months < self.horizon.max():
            raise ValueError(f"months ({months}) must reach the longest horizon ({self.horizon.max()} months)")
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
        self._shaping = runs.switched_on("shaped_workload")
        self._renewing = runs.switched_on("campaign_renewal")
        #: Per run and step: the load a measure adds to whoever carries it, and the part imposed without a say.
        self.loads = np.empty(shape), np.empty(shape)
        measure_loads(self.load, self.ownership, self._shaping, params["workload_relief"], *self.loads)
        self.emissions = np.empty_like(self.baseline)
        emissions_by_category(self.baseline, self.category, self.abatement, self.effect, self.emissions)
        self.proposed = np.zeros(len(runs))
        #: Which local reps have a channel for proposals: climate is on their run's cooperation agenda.
        self._channel = (self.agenda_per_year > 0)[runs.rep_run]
        self._no_pull = np.ones(len(rollout))
        # What stays the same month after month, worked out once.
        self._baseline_total = self.baseline.sum(axis=1)
        #: (run x service area) load of the technical steps being implemented, and the part imposed without a say.
        self._implementing_loads = np.zeros((len(runs), len(self.scope))), np.zeros((len(runs), len(self.scope)))
        self._alone = self.agenda_per_year == 0
        #: Per month of the year, which runs have a climate item on the cooperation meeting's agenda.
        self._meeting = np.array([climate_on_agenda(month, self.agenda_per_year) & ~self._alone
                                  for month in range(1, 13)])
        self._open_steps = None
        #: Climate items at this month's meeting in each run (0 without a climate item).
        self.items = np.zeros(len(runs))
        self.month = 0
        self.record = Record(self.months, len(runs), len(rollout))
        self._write_record()

    # --- one month -----------------------------------------------------------

    def run(self) -> None:
        """Step every run to the last month (the longest horizon, unless ``months`` was given)."""
        while self.month < self.months:
            self.step()

    def step(self) -> None:
        """One month in every run: staff, reps, the cooperation meeting, then the measures' effect.

        Unit means for the reps are taken after the employees' month; proposals carry their unit's
        engagement of this month (launches come later, at the meeting). Each part of the month is one
        compiled call over the whole batch; the sector's couplings (:class:`National`) act between them.
        """
        self.month = month = self.month + 1
        with np.errstate(over="ignore"):  # the generators' sums wrap by design (seen only without compilation)
            staff, reps, streams = self.staff, self.reps, self.streams
            self._open_steps = None
            self.employers.accrue_budget()
            if self.national:
                self.national.before_month(self, month)
            implementing_loads(self.adopted_month, self.behaviour, self.effect, *self.loads, self.scope,
                               *self._implementing_loads)
            staff.month(results_signal(self.emissions, self._baseline_total),
                        reps.hours_per_colleague(), *self._implementing_loads, streams)
            reps.month(staff.unit_ideas, staff.unit_workload, streams)
            if self.national:
                self.national.after_learning(self)
            self._hand_to_chief_reps(month)
            self._cooperate(month)
            self._update_effects(month)
            self._write_record()

    def open_steps(self) -> np.ndarray:
        """(run x step) what can be proposed or decided: steps not rolled out, and campaigns run their course.

        Worked out once a month, before the meeting's decisions (which change it).
        """
        if self._open_steps is None:
            self._open_steps = find_open_steps(self.month, self.adopted_month, self.campaign_month, self.behaviour,
                                               self._renewing)
        return self._open_steps

    def _hand_to_chief_reps(self, month: int) -> None:
        """The reps' new proposals, each naming an open step in the rep's own service area, go to the chief reps.

        Where climate is never on the cooperation agenda there is no channel for
        proposals: none are delivered, and the staff behind them count them as ignored.
        """
        runs, reps, proposals = self.runs, self.reps, self.proposals
        pull = self.national.proposal_pull(self) if self.national else None
        proposals.count, *columns = hand_to_chief_reps(
            month, *reps.proposal_means(), runs.rep_run, reps.unit, reps.group, self._channel,
            self.streams.states("proposing"), reps.last_climate_month, runs.unit_run, runs.org.unit_area,
            runs.org.unit_size, self.staff.unit_engagement, self.staff_choice, self.open_steps(),
            self._no_pull if pull is None else pull, self.streams.states("proposals"),
            runs.params["ignored_proposal_cost"], runs.org.unit, self.staff.trust, self.staff.engagement,
            self.proposed, proposals.count, *proposals.columns)
        proposals.columns = tuple(columns)

    def _cooperate(self, month: int) -> None:
        """Employer initiatives everywhere, the climate item where it is on this month's agenda, and decisions.

        What is decided is rolled out, launched with the say staff had in it.
        """
        runs, employers, reps, proposals = self.runs, self.employers, self.reps, self.proposals
        proposals.count, decided = cooperate(
            month, self._meeting[(month - 1) % 12], self._alone, employers.in_own_line, self.open_steps(),
            self.streams.states("employer"), employers.commitment, employers.initiative_rate,
            employers.value_for_money, employers.voice, employers.ownership, employers.first_cost,
            employers.cost, employers.budget, employers.queue_order, employers.clock, reps.group, reps.reps_in_group,
            reps.competence, reps.toolkit, runs.rep_run, runs.unit_run, runs.org.unit,
            runs.params["ignored_proposal_cost"], self.staff.trust, self.staff.engagement, proposals.last_meeting,
            proposals.tabled, proposals.count, *proposals.columns, self.items, self.adopted_month,
            self.adopted_from_proposal, self.campaign_month, self.ownership, self.load, self._shaping,
            runs.params["workload_relief"], *self.loads)
        if decided is not None:
            self._open_steps = None
            self.staff.launch(decided, self.ownership, runs.params)
            self.staff.set_measures(self.adopted_month >= 0, *self.loads)

    def by_area(self, per_measure: np.ndarray) -> np.ndarray:
        """(run x measure) values summed over the measures that concern each service area: (run x area)."""
        sums = np.empty((len(per_measure), len(self.scope)))
        area_sums(per_measure, self.scope, sums)
        return sums

    def _update_effects(self, month: int) -> None:
        """How far each measure is in effect now, and the emissions that leaves (in place, one compiled call each)."""
        staff = self.staff
        measure_effects(month, self.adopted_month, self.months_to_effect, self._behaviour_column, staff.held,
                        staff.scope_size_of_step, self.effect)
        emissions_by_category(self.baseline, self.category, self.abatement, self.effect, self.emissions)

    # --- outcomes ------------------------------------------------------------

    def _write_record(self) -> None:
        record, reps = self.record, self.reps
        write_record(self.month, self.emissions, self.effect, self.staff.sums(), self.proposed, reps.run_hours,
                     reps.last_climate_month, self.runs.rep_run, self.runs.reps, self.items, self.employers.budget,
                     reps.run_ideas, self.proposals.tabled, record.emissions, record.effect, record.staff, record.reps,
                     record.items, record.budget, record.ideas, record.tabled)

    def results(self) -> Results:
        """Everything recorded so far, with what is needed to derive every outcome."""
        return Results(self.record, self.month, self.runs, self.horizon, self.baseline, self.adopted_month.copy(),
                       self.adopted_from_proposal.copy(), self.behaviour)


@njit(cache=True, nogil=True)
def write_record(month, emissions, effect, staff_sums, proposed, rep_hours, last_climate_month, rep_run, reps, items,
                 budget, ideas, tabled, recorded_emissions, recorded_effect, recorded_staff, recorded_reps,
                 recorded_items, recorded_budget, recorded_ideas, recorded_tabled):
    """Write the month's row of every record (:class:`~greencoop.engine.results.Record`), for every run.

    The reps' row holds the proposals so far, their climate hours, and the share of reps who worked on climate
    recently (:func:`~greencoop.engine.reps.share_recently_on_climate`).
    """
    share_on_climate = share_recently_on_climate(month, last_climate_month, rep_run, reps)
    for r in range(len(budget)):
        for c in range(emissions.shape[1]):
            recorded_emissions[month, r, c] = emissions[r, c]
        for k in range(effect.shape[1]):
            recorded_effect[month, r, k] = effect[r, k]
        for j in range(staff_sums.shape[1]):
            recorded_staff[month, r, j] = staff_sums[r, j]
        recorded_reps[month, r, 0] = proposed[r]
        recorded_reps[month, r, 1] = rep_hours[r]
        recorded_reps[month, r, 2] = share_on_climate[r]
        recorded_items[month, r] = items[r]
        recorded_budget[month, r] = budget[r]
        recorded_ideas[month, r] = ideas[r]
        recorded_tabled[month, r] = tabled[r]


# --- rules of the month that need no state of their own ------------------------------------------


def climate_on_agenda(month: int, per_year):
    """Whether month ``month`` (1-based) has climate on the agenda: ``per_year`` spread evenly over the year."""
    in_year = (month - 1) % 12
    return (in_year + 1) * per_year // 12 > in_year * per_year // 12


@njit(cache=True, nogil=True)
def results_signal(emissions, baseline_total):
    """How visible the results are, 0-1 (one per run): graded, half-visible at a cut of HALF_VISIBLE_RESULT.

    The cut is each run's total ``emissions`` (run x category, summed as NumPy sums a row) against its
    ``baseline_total``. A larger cut is always more visible, with diminishing returns (a cut of
    10 % reads as 0.67, 20 % as 0.8): a signal, not a switch.
    """
    signal = np.empty(len(baseline_total))
    for r in range(len(signal)):
        cut = max(1.0 - numpy_sum(emissions[r]) / baseline_total[r], 0.0)
        signal[r] = cut / (cut + HALF_VISIBLE_RESULT)
    return signal


@njit(cache=True, nogil=True)
def measure_loads(load, ownership, shaping, relief, carried, imposed):
    """Per run and measure: the workload it adds to whoever carries it, and the part imposed without a say.

    Involvement lets staff shape a measure (where ``shaping`` is on in the run), so part of its load
    (``load`` per measure) is avoided (``relief`` per run, times the staff's ``ownership``, run x measure);
    what remains, written into ``carried``, is imposed as far as staff had no say (``imposed``).
    """
    for r in range(ownership.shape[0]):
        for k in range(ownership.shape[1]):
            owned = ownership[r, k] * (1.0 if shaping[r] else 0.0)
            carried[r, k] = load[k] * (1.0 - relief[r] * owned)
            imposed[r, k] = carried[r, k] * (1.0 - owned)


@njit(cache=True, nogil=True)
def roll_out(month, decided, ownership, from_proposal, adopted_month, adopted_from_proposal, campaign_month,
             step_ownership):
    """Roll out (or renew) the ``decided`` steps (run x step), with the say staff had in them; whether any was.

    A step's first roll-out keeps its month and who it came from: the reps' proposals or the employer's
    initiative. Every roll-out starts a campaign and sets the step's ownership.
    """
    anything = False
    for r in range(decided.shape[0]):
        for k in range(decided.shape[1]):
            if decided[r, k]:
                anything = True
                if adopted_month[r, k] < 0:
                    adopted_month[r, k] = month
                    adopted_from_proposal[r, k] = from_proposal[r, k]
                campaign_month[r, k] = month
                step_ownership[r, k] = ownership[r, k]
    return anything


@njit(cache=True, nogil=True)
def area_sums(per_measure, scope, sums):
    """(run x area) sums of ``per_measure`` (run x measure) over the measures each area is in ``scope`` of.

    Written into ``sums``, each added as NumPy adds a row (:func:`~greencoop.engine.employer.numpy_sum`), as
    the sums were once taken.
    """
    runs, measures = per_measure.shape
    row = np.empty(measures)
    for r in range(runs):
        for a in range(scope.shape[0]):
            for k in range(measures):
                row[k] = per_measure[r, k] * (1.0 if scope[a, k] else 0.0)
            sums[r, a] = numpy_sum(row)


@njit(cache=True, nogil=True)
def implementing_loads(adopted_month, behaviour, effect, carried, imposed, scope, load_by_area, imposed_by_area):
    """(run x service area) the load of the technical steps being implemented, and the part imposed without a say.

    A technical step adopted and not yet in full effect loads everyone in the service areas it concerns
    (:func:`area_sums`) with what it carries (``carried``, run x step), ``imposed`` of it without a say.
    Written into ``load_by_area`` and ``imposed_by_area``.
    """
    carried_now, imposed_now = np.empty(effect.shape), np.empty(effect.shape)
    anything = False
    for r in range(effect.shape[0]):
        for k in range(effect.shape[1]):
            now = adopted_month[r, k] >= 0 and not behaviour[k] and effect[r, k] < 1.0
            carried_now[r, k] = carried[r, k] * (1.0 if now else 0.0)
            imposed_now[r, k] = imposed[r, k] * (1.0 if now else 0.0)
            anything |= now
    if anything:
        area_sums(carried_now, scope, load_by_area)
        area_sums(imposed_now, scope, imposed_by_area)
        return
    for r in range(load_by_area.shape[0]):
        for a in range(load_by_area.shape[1]):
            load_by_area[r, a] = 0.0
            imposed_by_area[r, a] = 0.0


@njit(cache=True, nogil=True)
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


@njit(cache=True, nogil=True)
def find_open_steps(month, adopted_month, campaign_month, behaviour, renewing):
    """(run x step) steps not rolled out, and behaviour campaigns past CAMPAIGN_MONTHS where campaigns are renewed."""
    runs, steps = adopted_month.shape
    open_steps = np.empty((runs, steps), dtype=np.bool_)
    for r in range(runs):
        for k in range(steps):
            due = behaviour[k] and month - campaign_month[r, k] >= CAMPAIGN_MONTHS and renewing[r]
            open_steps[r, k] = adopted_month[r, k] < 0 or due
    return open_steps


@njit(cache=True, nogil=True)
def hand_to_chief_reps(month, mean, chance_of_none, rep_run, rep_unit, rep_group, channel, proposing_states,
                       last_climate_month, unit_run, unit_area, unit_size, unit_engagement, staff_choice, open_steps,
                       pull, proposal_states, ignored_cost, employee_unit, trust, engagement, proposed, count, group,
                       unit, measure, support, made):
    """The month's new proposals (:func:`count_proposals`), each naming a step (:func:`name_proposed_steps`).

    A rep without a ``channel`` (climate never on their run's agenda) delivers none: each counts as ignored
    by the staff of the rep's unit (:func:`~greencoop.engine.staff.disappoint`). The pending columns
    (``group`` ... ``made``, valid up to ``count``) grow as needed (:func:`~greencoop.engine.reps.with_room`).

    Returns:
        The number of pending proposals and the columns (grown or as given).
    """
    new = count_proposals(month, mean, chance_of_none, rep_run, proposing_states, last_climate_month)
    unheard = np.zeros(len(unit_size))
    more = 0
    for i in range(len(new)):
        if not channel[i]:
            unheard[rep_unit[i]] += new[i]
            new[i] = 0
        more += new[i]
    disappoint(unheard, ignored_cost, unit_run, employee_unit, trust, engagement)
    group, unit, measure = with_room(group, count, more), with_room(unit, count, more), with_room(measure, count, more)
    support, made = with_room(support, count, more), with_room(made, count, more)
    count = name_proposed_steps(month, new, rep_unit, rep_group, unit_run, unit_area, staff_choice, open_steps, pull,
                                proposal_states, unit_engagement, unit_size, count, group, unit, measure, support,
                                made, proposed)
    return count, group, unit, measure, support, made


@njit(cache=True, nogil=True)
def cooperate(month, meeting, alone, in_own_line, open_steps, employer_states, commitment, initiative_rate,
              value_for_money, voice, mode_ownership, first_cost, cost, budget, queue_order, clock, rep_group,
              reps_in_group, competence, toolkit, rep_run, unit_run, employee_unit, ignored_cost, trust, engagement,
              last_meeting, tabled_so_far, count, group, unit, measure, support, made, items, adopted_month,
              adopted_from_proposal, campaign_month, step_ownership, load, shaping, relief, carried, imposed):
    """The employers' month: initiatives everywhere, the climate item where it is on the agenda, decisions.

    Each run draws, from its employer stream, one value for its initiative and one per step for its
    decisions on proposals, every month. Management takes initiatives (:func:`take_initiatives`); the runs
    with a climate item this month (``meeting``) table their pending proposals (:func:`table_proposals`),
    whose ignored ones disappoint their units' staff, and count the items at the meeting in ``items``
    (0 elsewhere); then every run decides (:func:`decide_runs`) and rolls out what it decided
    (:func:`roll_out`), whose loads on staff (:func:`measure_loads`) follow the say staff had. A union
    argues at the meeting with its reps' know-how (:func:`~greencoop.engine.reps.group_know_how`; a group is a
    union in a run, so every run has ``len(reps_in_group) // runs`` of them).

    Returns:
        The number of proposals still pending, and (run x step) what was decided, or None if nothing was.
    """
    runs, steps = open_steps.shape
    initiative = np.empty(runs)
    decision = np.empty((runs, steps))
    for r in range(runs):
        initiative[r] = sfc64_uniform(employer_states, r)
        for k in range(steps):
            decision[r, k] = sfc64_uniform(employer_states, r)
    take_initiatives(open_steps, initiative, commitment, initiative_rate, value_for_money, cost, budget, queue_order,
                     clock)
    deciding = np.empty(runs, dtype=np.bool_)
    anyone_meets = False
    for r in range(runs):
        items[r] = 0.0
        deciding[r] = meeting[r] or alone[r] or in_own_line[r]
        anyone_meets |= meeting[r]
    argued = np.zeros((runs, steps))
    tabled = np.zeros((runs, steps), dtype=np.bool_)
    if anyone_meets:
        know_how = group_know_how(rep_group, reps_in_group, competence, toolkit, rep_run)
        count, argued, tabled, ignored = table_proposals(month, meeting, open_steps, know_how, len(know_how) // runs,
                                                         len(unit_run), last_meeting, tabled_so_far, count, group,
                                                         unit, measure, support, made)
        disappoint(ignored, ignored_cost, unit_run, employee_unit, trust, engagement)
        for r in range(runs):
            if meeting[r]:
                for k in range(steps):
                    items[r] += (1.0 if tabled[r, k] else 0.0) + (1.0 if queue_order[r, k] != 0 else 0.0)
    decided = np.zeros((runs, steps), dtype=np.bool_)
    ownership = np.zeros((runs, steps))
    from_proposal = np.zeros((runs, steps), dtype=np.bool_)
    decide_runs(deciding, meeting, argued, tabled, decision, commitment, voice, mode_ownership,
                first_cost, cost, budget, queue_order, decided, ownership, from_proposal)
    if not roll_out(month, decided, ownership, from_proposal, adopted_month, adopted_from_proposal, campaign_month,
                    step_ownership):
        return count, None
    measure_loads(load, step_ownership, shaping, relief, carried, imposed)
    return count, decided


@njit(cache=True, nogil=True)
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


@njit(cache=True, nogil=True)
def pick_weighted(cumulative, draw):
    """One index drawn with the weights whose running sums ``cumulative`` holds (``draw`` uniform in [0, 1))."""
    scaled = draw * cumulative[-1]
    picked = 0
    for value in cumulative:
        if value <= scaled:
            picked += 1
    return picked
