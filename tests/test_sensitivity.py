"""Sensitivity analysis: the SALib problem comes from the declaration; indices rank the right things."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from greencoop import Params
from greencoop.experiments.sensitivity import analyse, problem, varied_parameters
from greencoop.params import PARAMETERS_BY_NAME

ROOT = Path(__file__).resolve().parents[1]
QUICK = Params(horizon_years=1)


def test_problem_uses_declared_ranges():
    spec = problem()
    assert spec["names"] == varied_parameters()
    assert "involvement" not in spec["names"] and "employees" not in spec["names"]
    for name, (low, high) in zip(spec["names"], spec["bounds"], strict=True):
        assert (low, high) == (PARAMETERS_BY_NAME[name].low, PARAMETERS_BY_NAME[name].high)


def test_morris_ranks_the_known_driver_first():
    """Total emissions scale with emissions per inhabitant; nothing else comes close."""
    table = analyse("emissions_total", "morris", samples=2, base=QUICK)
    assert len(table) == len(varied_parameters())
    assert table.parameter.iloc[0] == "emissions_per_inhabitant"
    assert table.mu_star.iloc[0] > 5 * table.mu_star.iloc[1]
    assert (table.mu_star >= 0).all()


def test_sobol_gives_total_order_indices():
    table = analyse("emissions_total", "sobol", samples=8, base=QUICK)
    assert table.parameter.iloc[0] == "emissions_per_inhabitant"
    assert table.ST.iloc[0] > 0.5


def test_same_arguments_same_indices():
    first = analyse("reduction_pct", "morris", samples=2, base=QUICK)
    pd.testing.assert_frame_equal(first, analyse("reduction_pct", "morris", samples=2, base=QUICK))


def test_unknown_outcome_is_named():
    with pytest.raises(ValueError, match="unknown outcome 'co2'; choose one of emissions_buildings_energy"):
        analyse("co2")


def test_command_writes_indices_and_chart(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "greencoop.cli", "sensitivity", "--outcome", "emissions_total", "--samples", "2",
         "--horizon-years", "1", "--workers", "2", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "sensitivity-emissions_total-morris.csv")
    assert table.parameter.iloc[0] == "emissions_per_inhabitant"
    assert (tmp_path / "sensitivity-emissions_total-morris.png").stat().st_size > 10_000
    bad = subprocess.run([sys.executable, "-m", "greencoop.cli", "sensitivity", "--method", "sobol", "--samples", "10",
                          "--out", str(tmp_path / "no")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "power of 2" in bad.stderr and not (tmp_path / "no").exists()


def test_notebook_runs_with_papermill(tmp_path):
    out = tmp_path / "sensitivity.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "papermill", str(ROOT / "scenarios" / "sensitivity.ipynb"), str(out),
         "-p", "samples", "2", "-p", "horizon_years", "1", "-p", "workers", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "image/png" in out.read_text(encoding="utf-8")
