"""The engine: one implementation of the month, whatever drives it.

A run's results must not depend on what else is in its batch, on the number of
workers or on the sector around it; and common random numbers must stay in
step when a lever changes how many draws one mechanism makes. These are checked
bit for bit (``np.array_equal``), never within a tolerance.
"""

import itertools
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from greencoop.engine.employer import numpy_sum
from greencoop.engine.month import Engine
from greencoop.engine.runs import Run
from greencoop.engine.streams import MONTHLY_STREAMS, Streams, run_generators, sfc64_next, sfc64_uniform
from greencoop.experiments.batch import plan, run_batch
from greencoop.experiments.scenarios import load_scenario
from greencoop.model import GreenCoopModel
from greencoop.municipality import find_municipality
from greencoop.params import Params
from greencoop.run import run_batch as run_in_one_batch
from greencoop.sector.model import SectorModel

MIXED = [
    Run(Params(horizon_years=3, involvement="inform"), 0),
    Run(Params(horizon_years=3, involvement="joint", rep_release_hours=9.0, climate_budget=2500.0), 0),
    Run(Params(horizon_years=2, climate_agenda_per_year=0, employees=300), 1),
    Run(Params(horizon_years=3, municipality="Lillehammer", feedback_to_staff=0.8), 2),
    Run(Params(horizon_years=3, involvement="consult", training_per_year=0.5, union_toolkit=0.2), 7),
    Run(Params(horizon_years=3, climate_agenda_per_year=12, rep_release_hours=20.0), 3),  # meets when others do not
]


def assert_identical(one: pd.DataFrame, other: pd.DataFrame) -> None:
    assert list(one.columns) == list(other.columns)
    for column in one.columns:
        assert np.array_equal(one[column].to_numpy(), other[column].to_numpy()), column


def test_a_run_gives_the_same_results_alone_and_in_a_mixed_batch():
    together = run_in_one_batch(MIXED).frames()
    for run, in_batch in zip(MIXED, together, strict=True):
        assert_identical(in_batch, run_in_one_batch([run]).frame(0))
    assert len(together[2]) == 2 * 12 + 1  # each run stops at its own horizon


def test_a_batch_gives_the_same_results_on_one_thread_and_on_several():
    outcomes = {}
    for threads in (1, 2, 4):
        engine = Engine(MIXED, threads=threads)
        engine.run()
        outcomes[threads] = engine.results().outcomes()
    for name, values in outcomes[1].items():
        assert np.array_equal(values, outcomes[2][name], equal_nan=True), name
        assert np.array_equal(values, outcomes[4][name], equal_nan=True), name


def test_a_batch_split_into_engines_on_several_threads_gives_one_engines_results():
    engine = Engine(MIXED, threads=1)
    engine.run()
    whole = engine.results()
    for threads in (2, 3, len(MIXED)):
        split = run_in_one_batch(MIXED, threads=threads)
        outcomes = split.outcomes()
        for name, values in whole.outcomes().items():
            assert np.array_equal(values, outcomes[name], equal_nan=True), (threads, name)
        for one, other in zip(whole.frames(), split.frames(), strict=True):
            assert one.attrs == other.attrs
            assert_identical(one, other)  # each run stops at its own horizon, as in one engine


def test_the_mesa_model_is_a_batch_of_one():
    run = MIXED[1]
    model = GreenCoopModel(run.params, rng=run.seed)
    model.run_model()
    assert_identical(model.results(), run_in_one_batch([run]).frame(0))
    assert model.employer.budget == model.engine.employers.budget[0]
    assert {chief.name for chief in model.chief_reps} and all(
        p.measure in set(model.engine.rollout.keys) for c in model.chief_reps for p in c.pending)


SWEEP = """name: Engine sweep
description: {nb: Sveip, en: Sweep}
seeds: 2
horizon_years: 1
sweep:
  involvement: [inform, joint]
"""


def test_scenario_batches_on_two_workers_equal_one_engine_batch(tmp_path):
    (tmp_path / "sweep.yaml").write_text(SWEEP, encoding="utf-8")
    scenarios = [load_scenario(tmp_path / "sweep.yaml")]
    run_batch(scenarios, tmp_path / "out", workers=2, progress=False)
    written = pd.read_parquet(tmp_path / "out" / "results.parquet")
    specs = plan(scenarios)
    together = run_in_one_batch([Run(spec.params, spec.seed) for spec in specs]).frames()
    for spec, frame in zip(specs, together, strict=True):
        run = written[(written.set == spec.set_index) & (written.seed == spec.seed)].reset_index(drop=True)
        assert_identical(run[frame.columns], frame)


def test_a_sector_of_one_municipality_is_the_single_model():
    town = find_municipality("Lillehammer")
    sector = SectorModel(rng=4, municipalities=(town,), union_network=0.0, commitment_spread=0.0,
                         training_places=700, horizon_years=4, involvement="consult")
    sector.run_model()
    params = sector.local_params[0]
    assert params.municipality == town.number and 0 < params.training_per_year < 0.05
    single = GreenCoopModel(params, rng=4)
    single.run_model()
    municipality = sector.results().municipalities
    assert_identical(municipality[single.results().columns], single.results())


class RecordingStreams(Streams):
    """The engine's streams, keeping every monthly draw by mechanism and run.

    Compiled loops draw from a mechanism's generator states as they go (:meth:`Streams.states`);
    for those, :meth:`keep_states` keeps where each stream stands after every month instead.
    """

    def __init__(self, seeds, places):
        super().__init__(seeds, places)
        self.drawn = {m: [[] for _ in seeds] for m in MONTHLY_STREAMS}
        self.exported = {}

    def states(self, mechanism):
        self.exported[mechanism] = super().states(mechanism)
        return self.exported[mechanism]

    def keep_states(self):
        for mechanism, states in self.exported.items():
            for run, state in enumerate(states):
                self.drawn[mechanism][run].append(state.copy())

    def _keep(self, mechanism, counts, values):
        starts = np.concatenate([[0], np.cumsum(counts)])
        for run, (start, end) in enumerate(itertools.pairwise(starts)):
            self.drawn[mechanism][run].append(values[start:end].copy())
        return values

    def standard_gamma(self, mechanism, shape, counts):
        return self._keep(mechanism, counts, super().standard_gamma(mechanism, shape, counts))



def recorded_draws(params: Params, seed: int = 3) -> dict:
    run = Run(params, seed)
    streams = RecordingStreams([run.seed], [run.place])
    engine = Engine([run], streams=streams)
    while engine.month < engine.months:
        engine.step()
        streams.keep_states()
    compiled = {"uptake", "ideas", "training", "proposing", "proposals", "employer"}
    assert compiled - {"proposals"} <= set(streams.exported) <= compiled, "a mechanism's draws unchecked"
    return {mechanism: draws[0] for mechanism, draws in streams.drawn.items()}, engine


@pytest.mark.parametrize("lever", [{"rep_release_hours": 12.0}, {"climate_budget": 0.0},
                                   {"involvement": "joint"}, {"climate_agenda_per_year": 0}])
def test_a_lever_leaves_every_other_mechanisms_draws_unchanged(lever):
    """Common random numbers, checked on the streams: month by month, each mechanism draws the same values.

    Only which measure a proposal names draws once per proposal, so its count follows the lever; those
    draws still come from the proposals' own stream, in order: every month's state lies on that one stream.
    Take-up, ideas, training, proposing and the employer's draws are made inside compiled loops: there, each
    stream's state after every month is compared (the same state after the same start means the same values
    drawn).
    """
    today, today_engine = recorded_draws(Params(horizon_years=4))
    chosen, chosen_engine = recorded_draws(Params(horizon_years=4, **lever))
    assert not np.array_equal(today_engine.adopted_month, chosen_engine.adopted_month) or (
        today_engine.proposed != chosen_engine.proposed).any(), "the lever changed nothing: a useless check"
    for mechanism in MONTHLY_STREAMS:
        if mechanism == "proposals":
            continue
        assert len(today[mechanism]) == len(chosen[mechanism]), mechanism
        for month, (a, b) in enumerate(zip(today[mechanism], chosen[mechanism], strict=True)):
            assert np.array_equal(a, b), f"{mechanism} drew differently in call {month}"
    proposals_drawn = 0
    for states in (today["proposals"], chosen["proposals"]):  # none where climate is never on the agenda
        stream = Streams([3], [0]).states("proposals")  # the run's proposals stream, from its start
        for state in states:
            while stream[0, 3] < state[3]:  # the last word counts the draws
                sfc64_next(stream, 0)
                proposals_drawn += 1
            assert np.array_equal(stream[0], state), "a proposal drew from outside its own stream"
    assert proposals_drawn, "no proposal drew: a useless check"


def test_compiled_draws_are_numpys_own():
    """The compiled loops' generator gives exactly NumPy's SFC64 values: 64-bit outputs and uniforms."""
    seeds, places = [5, 6], [0, 301]
    states = Streams(seeds, places).states("uptake")
    with np.errstate(over="ignore"):
        raw = [[sfc64_next(states, run) for _ in range(1000)] for run in range(2)]
        uniform = [[sfc64_uniform(states, run) for _ in range(1000)] for run in range(2)]
    for run in range(2):
        generator = run_generators(seeds[run], places[run])["uptake"]
        assert np.array_equal(np.array(raw[run], dtype=np.uint64), generator.bit_generator.random_raw(1000))
        assert np.array_equal(np.array(uniform[run]), generator.random(1000))


def test_compiled_sums_add_as_numpy_does():
    """A compiled loop that replaced np.sum adds in NumPy's pairwise order, to the bit."""
    rng = np.random.default_rng(2)
    for n in (*range(0, 140), 257, 1000):
        rows = rng.random((3, n)) * 10 ** rng.uniform(-5, 8, (3, n))
        assert [numpy_sum(row) for row in rows] == rows.sum(axis=1).tolist(), n


SMALL_BATCH = """
import sys
import numpy as np
from greencoop.engine.runs import Run
from greencoop.params import Params
from greencoop.run import run_batch
runs = [Run(Params(employees=80, horizon_years=2, involvement=mode), seed)
        for seed in (1, 2) for mode in ("inform", "joint")]
np.savez(sys.argv[1], **run_batch(runs).outcomes())
"""


def test_the_compiled_employee_month_computes_exactly_what_its_python_source_does(tmp_path):
    """Numba compiles the employee rules; run as plain Python (NUMBA_DISABLE_JIT) they give the same bits."""
    outcomes = {}
    for jit in ("0", "1"):
        out = tmp_path / f"disable-jit-{jit}.npz"
        subprocess.run([sys.executable, "-c", SMALL_BATCH, str(out)], check=True, timeout=600,
                       env=os.environ | {"NUMBA_DISABLE_JIT": jit})
        outcomes[jit] = dict(np.load(out))
    assert outcomes["0"].keys() == outcomes["1"].keys()
    assert outcomes["0"]["behaviour_uptake"][:, -1].max() > 0, "nothing was taken up: a useless check"
    for name, compiled in outcomes["0"].items():
        assert np.array_equal(compiled, outcomes["1"][name]), name
