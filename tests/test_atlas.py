"""The lever atlas: its grid, issue 12's curve test, and the command end to end on a small setting."""

import subprocess
import sys

import pandas as pd
import pytest

from greencoop.experiments.atlas import (
    check_curve,
    find_levers,
    lever_points,
    lever_values,
    levers,
    size_municipalities,
)
from greencoop.params import PARAMETERS_BY_NAME, Params


def test_every_lever_of_the_declaration_is_in_the_atlas():
    assert [p.name for p in levers()] == [p.name for p in PARAMETERS_BY_NAME.values() if p.group == "lever"]
    assert "involvement" in [p.name for p in levers()]


def test_values_span_the_range_and_hold_the_default_and_its_neighbours():
    release = PARAMETERS_BY_NAME["rep_release_hours"]
    values = lever_values(release, points=5)
    assert values[0] == release.low and values[-1] == release.high
    assert list(values) == sorted(values)
    step = (release.high - release.low) / 20
    assert {release.default, release.default - step, release.default + step} <= set(values)
    assert lever_values(PARAMETERS_BY_NAME["involvement"]) == ("inform", "consult", "joint")
    agenda = PARAMETERS_BY_NAME["climate_agenda_per_year"]
    assert lever_values(agenda) == tuple(range(int(agenda.low), int(agenda.high) + 1))


def test_unknown_lever_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown lever 'budget'.*climate_budget"):
        find_levers(["budget"])


def test_a_steady_curve_passes():
    check = check_curve([1.0, 2.0, 2.5, 2.4, 4.0])
    assert check.effect == pytest.approx(3.0)
    assert check.reversal == pytest.approx(0.1)
    assert check.passes


def test_a_zig_zag_fails():
    check = check_curve([10.0, 12.1, 9.0, 9.9, 13.0])
    assert check.reversal == pytest.approx(3.1)
    assert check.ratio == pytest.approx(3.1 / 3.0)
    assert not check.passes


def test_a_fall_over_several_steps_counts_in_full():
    """Three small steps down are one reversal of their sum, not three small ones."""
    assert check_curve([0.0, 8.0, 7.0, 6.0, 5.0, 12.0]).reversal == pytest.approx(3.0)


def test_a_falling_curve_is_judged_against_its_own_direction():
    check = check_curve([10.0, 8.0, 8.5, 4.0])
    assert check.effect == pytest.approx(-6.0)
    assert check.reversal == pytest.approx(0.5)
    assert check.passes


def test_a_lever_that_barely_moves_the_cut_fails_even_when_smooth():
    check = check_curve([5.0, 5.2, 5.5])
    assert check.ratio == 0 and not check.passes


def test_a_flat_curve_that_wobbles_has_an_infinite_ratio():
    assert check_curve([3.0, 4.0, 3.0]).ratio == float("inf")


def test_points_use_the_same_seeds_at_every_value():
    """Common random numbers: one run per seed at each value, and the page's runs are the first of them."""
    lever = PARAMETERS_BY_NAME["union_toolkit"]
    points = lever_points(lever, points=2, runs=3, page_runs=2, base=Params(horizon_years=1))
    assert set(points.runs) == {2, 3}
    assert points.groupby("runs").value.nunique().tolist() == [len(lever_values(lever, 2))] * 2
    assert (points.p10 <= points["median"]).all() and (points["median"] <= points.p90).all()
    assert points[points.default].value.unique().tolist() == [lever.default]


def test_size_curve_spans_small_municipalities_and_cities():
    towns = size_municipalities(5)
    sizes = [t.employees for t in towns]
    assert sizes == sorted(sizes) and len(towns) == 5
    assert sizes[0] < 100 and sizes[-1] > 10_000


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "greencoop.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_atlas_command_writes_every_file_and_a_sensible_summary(tmp_path):
    out = tmp_path / "atlas"
    result = run_cli("atlas", "--out", str(out), "--runs", "3", "--page-runs", "2", "--points", "2",
                     "--sizes", "2", "--horizon-years", "1", "--lang", "en")
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    for lever in levers():
        assert f"lever-{lever.name}.en.png" in names
    assert {"index.en.html", "size.en.png", "atlas-points.csv", "atlas-summary.csv", "size-points.csv"} <= names
    assert not any(name.startswith("lever-") and name.endswith(".nb.png") for name in names)
    summary = pd.read_csv(out / "atlas-summary.csv")
    assert summary.lever.tolist() == [lever.name for lever in levers()]
    assert (summary.runs_page == 2).all() and (summary.runs_full == 3).all()
    assert (summary.reversal_page >= 0).all() and (summary.reversal_full >= 0).all()
    for row in summary.itertuples():  # the verdict is issue 12's test of the page's curve
        assert row.passes == (row.ratio_page <= 0.25 and abs(row.effect_page) >= 1)
    points = pd.read_csv(out / "atlas-points.csv")
    assert set(points.outcome) == {"reduction_pct", "reps_on_climate", "behaviour_uptake", "trust", "engagement",
                                   "workload"}
    page = (out / "index.en.html").read_text(encoding="utf-8")
    assert "Leadership commitment" in page and "lever-involvement.en.png" in page and "size.en.png" in page
    assert [p.name for p in tmp_path.iterdir()] == ["atlas"], "no staging folder is left behind"


@pytest.mark.parametrize(("args", "message"), [
    (["--levers", "budget"], "unknown lever 'budget'"),
    (["--runs", "1"], "--runs must be at least 2, got 1"),
    (["--lang", "de"], "languages must be among nb, en"),
])
def test_atlas_mistakes_give_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    result = run_cli("atlas", "--out", str(tmp_path / "atlas"), *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_atlas_never_replaces_a_folder_that_is_not_an_atlas(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("atlas", "--out", str(tmp_path), "--runs", "2")
    assert result.returncode == 2 and "not an earlier atlas" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_atlas_into_a_missing_folder_names_it(tmp_path):
    result = run_cli("atlas", "--out", str(tmp_path / "no" / "atlas"))
    assert result.returncode == 2 and f"folder {tmp_path / 'no'} does not exist" in result.stderr
