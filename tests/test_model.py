"""The model's contract: constructs, runs, reproduces, and records tidy outcomes."""

import numpy as np
import pandas as pd
import pytest

from greencoop import OUTCOMES, GreenCoopModel, ParameterError, Params, ensemble, simulate
from greencoop.emissions import CATEGORIES
from greencoop.municipality import find_municipality


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
    assert results["measures_adopted"].iloc[-1] > 0  # the employer still acts alone


def test_ensemble_stacks_seeds():
    results = ensemble(seeds=[3, 4], horizon_years=1)
    assert results.groupby("seed").size().to_dict() == {3: 13, 4: 13}
