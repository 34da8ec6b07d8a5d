"""The sector model: every KS-area municipality in one run, its aggregates, levers and sweeps."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from greencoop.cli import main
from greencoop.measures import load_rollout
from greencoop.municipality import KS_AREA_EMPLOYEES
from greencoop.sector.batch import plan_sector, run_sector_batch
from greencoop.sector.layout import ks_municipalities, sample_municipalities
from greencoop.sector.params import SectorParams
from greencoop.sector.run import simulate_sector
from greencoop.sector.scenarios import load_sector_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SAMPLE = 10
SHORT = {"sample": SAMPLE, "horizon_years": 6}


def test_the_sector_is_the_ks_area_sized_like_ks():
    municipalities = ks_municipalities()
    assert len(municipalities) == 356
    assert "Oslo" not in {m.name for m in municipalities}
    assert sum(m.employees for m in municipalities) == pytest.approx(KS_AREA_EMPLOYEES, abs=50)


def test_a_sample_spans_the_sizes_and_is_always_the_same():
    sample = sample_municipalities(8)
    sizes = sorted(m.population for m in sample)
    everyone = sorted(m.population for m in ks_municipalities())
    assert len(sample) == 8 and sample == sample_municipalities(8)
    assert sizes[0] == everyone[0] and sizes[-1] == everyone[-1]
    with pytest.raises(ValueError, match="1 to 356"):
        sample_municipalities(0)


@pytest.fixture(scope="module")
def results():
    return simulate_sector(seed=3, **SHORT, grant_pool=200.0, climate_budget=300.0, ks_programme_share=0.5)


def test_tables_are_tidy(results):
    municipalities, sector, diffusion = results.municipalities, results.sector, results.diffusion
    months = 6 * 12 + 1
    assert len(municipalities) == SAMPLE * months and len(sector) == months
    assert len(diffusion) == months * 13
    assert municipalities.groupby("kommunenummer").month.apply(list).map(lambda m: m == list(range(months))).all()
    assert set(results.units) >= set(sector.columns) - {"seed", "month"}
    assert municipalities.ks_programme.groupby(municipalities.kommunenummer).first().sum() == SAMPLE // 2


def test_aggregates_equal_the_sum_of_the_municipalities(results):
    by_month = results.municipalities.groupby("month")
    sector = results.sector.set_index("month")
    for total in ("emissions_total", "emissions_bau", "reduction", "ideas_raised", "measures_proposed",
                  "proposals_tabled", "measures_adopted", "measures_adopted_from_proposals",
                  "measures_adopted_from_employer", "measures_in_use", "rep_climate_hours", "budget_left",
                  "grants_received", "grants_asked"):
        np.testing.assert_allclose(sector[total], by_month[total].sum(), rtol=1e-12, atol=1e-6, err_msg=total)
    m = results.municipalities

    def weighted(column, weight):
        return (m[column] * m[weight]).groupby(m.month).sum() / m[weight].groupby(m.month).sum()

    for share, weight in (("reps_on_climate", "reps"), ("engagement", "employees"), ("trust", "employees"),
                          ("behaviour_uptake", "employees")):
        np.testing.assert_allclose(sector[share], weighted(share, weight), rtol=1e-9, err_msg=share)
    np.testing.assert_allclose(sector.climate_standing, by_month.climate_standing.mean())
    np.testing.assert_allclose(sector.reduction_pct, 100 * sector.reduction / sector.emissions_bau)
    assert results.sector.grants_received.iloc[-1] > 0


def test_diffusion_counts_municipalities_that_adopted(results):
    m = results.municipalities
    final = m[m.month == m.month.max()]
    shares = results.diffusion[results.diffusion.month == m.month.max()].adopted_share.to_numpy()
    steps_per_measure = np.bincount(load_rollout().measure_index)  # a measure's share counts its steps rolled out
    assert (shares * steps_per_measure).sum() * SAMPLE == pytest.approx(final.measures_adopted.sum())
    assert results.diffusion.groupby("measure").adopted_share.apply(lambda s: s.is_monotonic_increasing).all()


def test_same_seed_same_results_and_a_different_seed_differs():
    one = simulate_sector(seed=5, sample=4, horizon_years=2)
    again = simulate_sector(seed=5, sample=4, horizon_years=2)
    other = simulate_sector(seed=6, sample=4, horizon_years=2)
    pd.testing.assert_frame_equal(one.municipalities, again.municipalities)
    assert not one.municipalities.equals(other.municipalities)


def ensemble_means(seeds=range(3), **levers) -> pd.Series:
    """Mean over seeds of the sector's outcomes over the last two years."""
    finals = []
    for seed in seeds:
        sector = simulate_sector(seed=seed, **SHORT, **levers).sector
        finals.append(sector[sector.month > sector.month.max() - 24].mean())
    return pd.concat(finals, axis=1).T.mean()


@pytest.fixture(scope="module")
def today():
    return ensemble_means()


def test_more_training_places_put_more_reps_to_work_on_climate(today):
    trained = ensemble_means(training_places=20_000)
    assert trained.reps_on_climate > today.reps_on_climate + 0.1
    assert trained.measures_proposed > 1.3 * today.measures_proposed


def test_a_stronger_union_network_spreads_know_how(today):
    none, strong = ensemble_means(union_network=0.0), ensemble_means(union_network=1.0)
    assert strong.reps_on_climate > none.reps_on_climate + 0.05
    assert strong.measures_proposed > 1.2 * none.measures_proposed


def test_a_ks_programme_raises_adoption_and_cuts(today):
    programme = ensemble_means(ks_programme_share=1.0, ks_programme_commitment=0.4)
    assert programme.measures_adopted > 1.15 * today.measures_adopted
    assert programme.reduction_pct > today.reduction_pct


def test_national_grants_relax_a_tight_budget():
    tight, granted = ensemble_means(climate_budget=200.0), ensemble_means(climate_budget=200.0, grant_pool=300.0)
    assert tight.grants_received == 0 and granted.grants_received > 0
    assert granted.reduction_pct > 1.1 * tight.reduction_pct
    assert granted.measures_adopted > tight.measures_adopted


def test_sector_params_refuse_what_a_sector_cannot_take():
    with pytest.raises(ValueError, match="'employees' cannot be set for a sector run"):
        SectorParams(employees=300)
    with pytest.raises(ValueError, match="did you mean 'union_network'"):
        SectorParams(union_netwrk=0.3)
    assert SectorParams(involvement="joint").replace(grant_pool=50).local.involvement == "joint"


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("sector_*.yaml")), ids=lambda p: p.stem)
def test_shipped_sector_scenarios_validate(path):
    scenario = load_sector_scenario(path)
    assert scenario.description["nb"] and scenario.description["en"]
    assert scenario.run_count == len(plan_sector([scenario]))


SWEEP = """name: Small sector sweep
description: {nb: Liten, en: Small}
seeds: 2
horizon_years: 1
national: {grant_pool: 100}
sweep:
  union_network: [0.0, 0.6]
"""


@pytest.fixture
def sweep(tmp_path):
    path = tmp_path / "sector_sweep.yaml"
    path.write_text(SWEEP, encoding="utf-8")
    return path


def test_sweep_writes_three_tidy_tables_and_a_manifest(tmp_path, sweep):
    out = tmp_path / "out"
    assert main(["sector", "run", str(sweep), "--sample", "3", "--out", str(out)]) == 0
    municipalities = pd.read_parquet(out / "municipalities.parquet")
    sector = pd.read_parquet(out / "sector.parquet")
    assert list(sector.columns[:5]) == ["scenario", "set", "union_network", "seed", "month"]
    assert len(sector) == 4 * 13 and len(municipalities) == 4 * 13 * 3
    assert len(pd.read_parquet(out / "diffusion.parquet")) == 4 * 13 * 13
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sample"] == 3 and manifest["runs"] == {"planned": 4, "finished": 4, "failed": []}
    assert manifest["scenarios"][0]["parameters"]["grant_pool"] == 100


def test_sweep_on_a_dask_cluster_gives_the_same_results(tmp_path, sweep):
    import distributed

    scenario = [load_sector_scenario(sweep)]
    run_sector_batch(scenario, tmp_path / "local", sample=3, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        summary = run_sector_batch(scenario, tmp_path / "dask", sample=3, progress=False,
                                   scheduler=cluster.scheduler_address)
        assert (summary.ran, summary.failed) == (4, [])
        assert len(cluster.workers) == 2
    for table in ("municipalities", "sector", "diffusion"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "local" / f"{table}.parquet"),
                                      pd.read_parquet(tmp_path / "dask" / f"{table}.parquet"))


def test_a_second_start_does_only_what_is_missing(tmp_path, sweep):
    out = tmp_path / "out"
    scenario = [load_sector_scenario(sweep)]
    run_sector_batch(scenario, out, sample=2, progress=False)
    complete = pd.read_parquet(out / "sector.parquet")
    plan_sector(scenario, sample=2)[0].path(out).unlink()
    summary = run_sector_batch(scenario, out, sample=2, progress=False)
    assert (summary.ran, summary.already_done) == (1, 3)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "sector.parquet"), complete)


@pytest.mark.parametrize(("args", "message"), [
    (["--sample", "400"], "--sample must be 1 to 356 municipalities, got 400"),
    (["--workers", "0"], "--workers must be at least 1"),
])
def test_option_mistakes_give_one_line_exit_2_and_no_file(tmp_path, sweep, capsys, args, message):
    out = tmp_path / "out"
    assert main(["sector", "run", str(sweep), "--out", str(out), *args]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("greencoop sector run: error: ") and message in error
    assert not out.exists()


def test_scenario_mistakes_give_one_line_exit_2_and_no_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SWEEP.replace("national: {grant_pool: 100}", "national: {grant_pool: 100, employees: 5}"),
                   encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "greencoop.cli", "sector", "run", str(bad), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "bad.yaml:5: field 'national.employees': unknown national lever (a local parameter" in result.stderr
    assert not (tmp_path / "out").exists()


def test_each_kind_of_scenario_points_to_its_own_command(tmp_path, sweep, capsys):
    assert main(["run", str(sweep), "--out", str(tmp_path / "a")]) == 2
    assert "a sector scenario (it has 'national'); run it with: greencoop sector run" in capsys.readouterr().err
    assert main(["sector", "run", str(SCENARIOS / "rep_driven.yaml"), "--out", str(tmp_path / "b")]) == 2
    assert "not a sector scenario" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
