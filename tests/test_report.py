"""Scenario reports: papermill runs the notebook; the CLI writes HTML; mistakes are one line."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

from greencoop.experiments.report import MAX_CHARTED_SETS, charted, final_year, run_scenario
from greencoop.experiments.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scenarios" / "report.ipynb"


def greencoop(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "greencoop.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_report_command_writes_html_without_code(tmp_path):
    result = greencoop("report", "scenarios/rep_driven.yaml", "--seeds", "2", "--horizon-years", "1",
                       "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "rep_driven.html").read_text(encoding="utf-8")
    assert "Rep-driven" in html and "Business as usual" in html
    assert html.count("<img") >= 5
    assert "from greencoop" not in html  # code is hidden
    assert (tmp_path / "rep_driven.ipynb").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep_driven.html", "rep_driven.ipynb"]


def test_plain_papermill_works_too(tmp_path):
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "papermill", str(TEMPLATE), str(out), "-p", "scenario", "scenarios/budget_squeeze.yaml",
         "-p", "seeds", "2", "-p", "horizon_years", "1", "-p", "lang", "nb"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Kutt i prosent" in out.read_text(encoding="utf-8")  # the final-year table, in Bokmål


def test_report_mistakes_are_one_line_and_write_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: {nb: a, en: b}\nseeds: 0\n", encoding="utf-8")
    result = greencoop("report", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "bad.yaml:3: field 'seeds'" in result.stderr
    assert not (tmp_path / "out").exists()
    elsewhere = greencoop("report", str(ROOT / "scenarios" / "rep_driven.yaml"), "--out", str(tmp_path / "out"),
                          cwd=tmp_path)
    assert elsewhere.returncode == 2 and "no report template at scenarios/report.ipynb" in elsewhere.stderr
    assert "Traceback" not in result.stderr + elsewhere.stderr


def test_sweeps_are_charted_by_spread_sets_and_tabled_in_full():
    sweep = load_scenario(ROOT / "scenarios" / "release_time_sweep.yaml")
    runs = run_scenario(sweep, seeds=1, horizon_years=1)
    assert len(runs) == 20
    drawn = charted(runs, {"reference": pd.DataFrame()})
    assert len(drawn) == MAX_CHARTED_SETS
    assert next(iter(drawn)) == "rep_release_hours = 2, climate_budget = 0"
    assert list(drawn)[-2] == "rep_release_hours = 18, climate_budget = 2000"
    table = final_year(runs)
    assert len(table) == 20 and "Reduction, per cent" in table.columns
