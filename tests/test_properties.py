"""Property tests: whatever the parameters, no state leaves its bounds.

Hypothesis draws every parameter from its declared range (small workforces and
short horizons keep each example fast) and the model is checked month by month.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greencoop import GreenCoopModel, Params
from greencoop.params import PARAMETERS


def _value(p):
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "int":
        return st.integers(int(p.low), int(p.high))
    return st.floats(p.low, p.high, allow_nan=False)


_SIZED = {"municipality", "employees", "horizon_years"}
parameter_sets = st.fixed_dictionaries(
    {p.name: _value(p) for p in PARAMETERS if p.name not in _SIZED}
    | {"employees": st.integers(10, 400), "horizon_years": st.integers(1, 3)}
)


def _assert_within(values, low, high, what):
    values = np.asarray(values)
    assert np.all(values >= low) and np.all(values <= high), f"{what} left [{low}, {high}]"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=parameter_sets, seed=st.integers(0, 2**32 - 1))
def test_no_state_leaves_its_bounds(values, seed):
    model = GreenCoopModel(Params(**values), rng=seed)
    while model.running:
        model.step()
        engine = model.engine
        wf, reps = engine.staff, engine.reps
        for name in ("concern", "engagement", "trust", "workload"):
            _assert_within(getattr(wf, name), 0.0, 1.0, name)
        _assert_within(wf.adopted, 0.0, 1.0, "uptake")
        assert not np.any(wf.adopted[~wf.in_scope]), "someone outside a measure's scope took it up"
        _assert_within(reps.competence, 0.0, 1.0, "rep competence")
        _assert_within(engine.effect, 0.0, 1.0, "measure effect")
        assert np.all(reps.backlog >= 0) and np.all(reps.climate_hours >= 0)
        assert model.employer.budget >= 0
        assert np.all(engine.emissions >= 0) and np.all(engine.emissions <= engine.baseline + 1e-9)
    results = model.results()
    assert (results.filter(like="emissions_") >= 0).all().all()
    for share in ("behaviour_uptake", "engagement", "trust", "concern", "workload", "reps_on_climate",
                  "climate_item_share"):
        _assert_within(results[share], 0.0, 1.0, share)
