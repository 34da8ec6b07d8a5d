"""The model's contract: constructs, runs, reproduces, and records tidy outcomes."""

import numpy as np
import pandas as pd
import pytest

from greencoop import OUTCOMES, GreenCoopModel, ParameterError, Params, ensemble, simulate
from greencoop.emissions import CATEGORIES
from greencoop.engine.runs import Run
from greencoop.municipality import find_municipality
from greencoop.run import run_batch


def test_constructs_with_no_arguments_and_runs():
    model = GreenCoopModel()
    model.run_model()
    results = model.results()
    assert len(results) == 12 * 10 + 1
    assert results["month"].tolist() == list(range(121))
    assert not model.running


def test_results_are_tidy_with_units():
    results = simulate(seed=1, horizon_years=2)
    assert list(results.columns) == ["seed", *(o.name for o in OUTCOMES)]
    assert set(results.attrs["units"]) == {o.name for o in OUTCOMES}
    assert results.attrs["units"]["emissions_total"] == "t CO2e/year"
    assert not results.isna().any().any()


def test_same_parameters_and_seed_give_identical_results():
    params = Params(involvement="consult", horizon_years=5)
    pd.testing.assert_frame_equal(simulate(params, seed=7), simulate(params, seed=7))
    assert not simulate(params, seed=7).equals(simulate(params, seed=8))


def test_emissions_add_up_and_reduction_is_against_baseline():
    results = simulate(seed=2)
    by_category = results[[f"emissions_{c}" for c in CATEGORIES]].sum(axis=1)
    np.testing.assert_allclose(by_category, results["emissions_total"])
    np.testing.assert_allclose(results["reduction"], results["emissions_bau"] - results["emissions_total"])
    assert results["reduction"].iloc[0] == 0
    assert results["reduction"].iloc[-1] > 0


def test_emissions_scale_with_the_municipality():
    bergen = find_municipality("Bergen")
    model = GreenCoopModel(rng=0, municipality="Bergen", horizon_years=1)
    assert model.results()["emissions_bau"].iloc[0] == pytest.approx(bergen.population * 1.053)
    assert len(model.engine.staff.trust) == bergen.employees
    assert model.results().attrs | {"units": None} == {
        "units": None, "municipality": "Bergen", "employees": bergen.employees, "population": bergen.population,
    }


def test_tiny_municipality_runs():
    results = simulate(seed=0, municipality="Utsira")
    assert results["emissions_total"].min() > 0


def test_overrides_are_validated():
    with pytest.raises(ParameterError, match="unknown parameter 'budget'"):
        GreenCoopModel(budget=3)


def test_no_climate_on_the_agenda_means_nothing_is_tabled():
    results = simulate(seed=0, climate_agenda_per_year=0)
    assert results["measures_proposed"].max() == 0
    assert results["proposals_tabled"].max() == 0
    assert results["ideas_raised"].iloc[-1] > 0  # staff still have ideas; the reps have no channel for them
    assert results["measures_adopted"].iloc[-1] > 0  # the employer still acts alone
    assert results["measures_adopted_from_proposals"].max() == 0
    assert results["measures_adopted_from_employer"].equals(results["measures_adopted"])


CHAIN = ("ideas_raised", "measures_proposed", "proposals_tabled", "measures_adopted_from_proposals")


@pytest.mark.parametrize("involvement", ["inform", "consult", "joint"])
def test_the_chain_from_ideas_to_measures_narrows_and_never_goes_back(involvement):
    """Every proposal is tabled at most once, and a step adopted from proposals had one tabled; counts only grow."""
    results = simulate(seed=4, involvement=involvement, climate_agenda_per_year=6, horizon_years=4)
    assert (results.iloc[0][[*CHAIN, "measures_adopted_from_employer"]] == 0).all()
    for name in (*CHAIN, "measures_adopted_from_employer"):
        assert results[name].is_monotonic_increasing, name
    assert (results["proposals_tabled"] <= results["measures_proposed"]).all()
    assert (results["measures_adopted_from_proposals"] <= results["proposals_tabled"]).all()
    assert (results["measures_adopted_from_proposals"] + results["measures_adopted_from_employer"]
            == results["measures_adopted"]).all()
    assert results["proposals_tabled"].iloc[-1] > 0


def test_reps_who_do_not_propose_leave_every_measure_to_the_employer():
    params = Params(horizon_years=4, involvement="joint", climate_agenda_per_year=12)
    results = run_batch([Run(params, 1, switched_off=frozenset({"reps_propose"}))]).frame(0)
    assert results["ideas_raised"].iloc[-1] > 0
    assert results["measures_proposed"].max() == results["measures_adopted_from_proposals"].max() == 0
    assert results["measures_adopted_from_employer"].iloc[-1] == results["measures_adopted"].iloc[-1] > 0


def test_deciding_jointly_adopts_more_of_the_reps_proposals_than_informing():
    def from_proposals(involvement):
        final = ensemble(seeds=range(4), horizon_years=5, climate_agenda_per_year=6, involvement=involvement)
        return final.groupby("seed")["measures_adopted_from_proposals"].last().sum()

    assert from_proposals("joint") > from_proposals("inform")


def test_ensemble_stacks_seeds():
    results = ensemble(seeds=[3, 4], horizon_years=1)
    assert results.groupby("seed").size().to_dict() == {3: 13, 4: 13}
