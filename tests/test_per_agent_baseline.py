"""The per-agent benchmark baseline computes the same employee month as the model.

Random draws cannot match between the two (they are taken in different orders),
so uptake and reverting are switched off; everything else (colleague influence,
fading, feedback, trust recovery, workload from carried measures, trust lost to
imposed load) must agree to rounding.
"""

import numpy as np

from benchmarks.per_agent import PerAgentWorkforce
from benchmarks.run import employee_month_inputs, vectorised_employee_month
from greencoop import GreenCoopModel


def test_baseline_and_vectorised_rules_agree():
    model = GreenCoopModel(rng=5, employees=300, uptake_rate=0.0, revert_rate=0.0, idea_rate=0.0,
                           involvement="consult", leadership_commitment=1.0)
    for _ in range(48):
        model.step()
    wf = model.engine.staff
    in_force = wf.in_force[0][wf.step_of[wf.runs.org.area]] & wf.in_scope  # (employee x behaviour measure)
    assert in_force.any(), "no behaviour measure in force to carry"
    wf.adopted[:, ::2] = in_force[:, ::2]  # staff carry every other behaviour measure rolled out where they work
    inputs = employee_month_inputs(model)
    inputs["results_signal"] = 0.6
    assert inputs["implementing"].any() or inputs["in_force"].any(), "nothing in force to compare"

    baseline = PerAgentWorkforce(wf, model.params, model.engine.scope, rng=1)
    baseline.set_inputs(**inputs)
    month = vectorised_employee_month(model, inputs)
    for _ in range(3):
        baseline.step()
        month()

    for name in ("concern", "engagement", "trust", "workload"):
        per_agent = np.array([getattr(e, name) for e in baseline.employees])
        np.testing.assert_allclose(per_agent, getattr(wf, name), rtol=1e-6, err_msg=name)
    assert any(e.trust != e.initial_trust for e in baseline.employees)
