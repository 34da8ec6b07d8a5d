"""Scenario files: the shipped ones validate; every mistake is named in one line."""

import subprocess
import sys
from pathlib import Path

import pytest

from greencoop.experiments.batch import plan
from greencoop.experiments.scenarios import ScenarioError, load_scenario

SCENARIOS = sorted(p for p in (Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml")
                   if not p.stem.startswith("sector_"))  # sector scenarios: tests/test_sector.py
HEAD = "name: Test\ndescription: {nb: Prøve, en: Test}\nseeds: 2\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_validate(path):
    scenario = load_scenario(path)
    assert scenario.description["nb"] and scenario.description["en"]
    assert scenario.run_count == len(plan([scenario]))


def test_the_research_scenarios_are_shipped():
    assert {p.stem for p in SCENARIOS} >= {
        "business_as_usual", "employer_led", "rep_driven", "full_green_cooperation", "budget_squeeze",
        "strong_union_support",
    }


def test_parameters_and_defaults():
    scenario = load_scenario(SCENARIOS[0].with_name("full_green_cooperation.yaml"))
    assert scenario.params.involvement == "joint"
    assert scenario.params.union_toolkit == 0.0  # not set: declared default
    assert scenario.seeds == tuple(range(20))


def test_sweep_is_full_factorial_in_file_order(tmp_path):
    path = write(tmp_path, HEAD + "sweep:\n  involvement: [inform, joint]\n"
                 "  climate_budget: {from: 0, to: 1000, step: 500}\n")
    scenario = load_scenario(path)
    assert scenario.sweep == {"involvement": ("inform", "joint"), "climate_budget": (0.0, 500.0, 1000.0)}
    points = [(p.involvement, p.climate_budget) for p in scenario.parameter_sets()]
    assert points == [("inform", 0), ("inform", 500), ("inform", 1000), ("joint", 0), ("joint", 500), ("joint", 1000)]
    assert scenario.run_count == 12
    assert [spec.seed for spec in plan([scenario])][:4] == [0, 1, 0, 1]


def test_seed_list(tmp_path):
    text = HEAD.replace("seeds: 2", "seeds: [7, 3]")
    assert load_scenario(write(tmp_path, text)).seeds == (7, 3)


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty; a scenario needs name, description, seeds"),
    ("name: Test\n\tseeds: 2\n", ":2: not valid YAML: found character '\\t' that cannot start any token"),
    ("- a\n- b\n", "a scenario is a mapping of fields"),
    (HEAD + "colour: green\n", ":4: field 'colour': unknown field; allowed fields: name, description, seeds"),
    ("name: Test\nseeds: 2\n", "field 'description' is missing; it must be a mapping with 'nb' and 'en' texts"),
    (HEAD + "parameters:\n  rep_release_hour: 9\n",
     ":5: field 'parameters.rep_release_hour': unknown parameter 'rep_release_hour' "
     "(did you mean 'rep_release_hours'?)"),
    (HEAD + "parameters:\n  climate_budget: lots\n",
     ":5: field 'parameters.climate_budget': parameter 'climate_budget' must be a number (0 to 5,000 NOK per employee"),
    (HEAD + "parameters:\n  rep_release_hours: 100\n",
     ":5: field 'parameters.rep_release_hours': parameter 'rep_release_hours' = 100 is outside the allowed "
     "range 0 to 80"),
    (HEAD + "parameters:\n  involvement: together\n", "is not one of: inform, consult, joint"),
    (HEAD + "parameters:\n  municipality: Bergen\n  employees: 300\n", "either 'municipality' or 'employees'"),
    (HEAD + "parameters:\n  municipality: Atlantis\n", "unknown municipality 'Atlantis'"),
    (HEAD.replace("en: Test", "de: Test"), ":2: field 'description': must be a mapping with 'nb' and 'en' texts"),
    (HEAD.replace("seeds: 2", "seeds: 0"), ":3: field 'seeds': must be a number of seeds (1 or more)"),
    (HEAD.replace("seeds: 2", "seeds: [1, 1]"), "lists a seed twice"),
    (HEAD.replace("seeds: 2", "seeds: true"), "field 'seeds': must be"),
    (HEAD + "horizon_years: 40\n", ":4: field 'horizon_years': parameter 'horizon_years' = 40 is outside"),
    (HEAD + "horizon_years: 5\nparameters: {horizon_years: 5}\n", "given twice"),
    (HEAD + "sweep:\n  rep_release_hours: []\n", ":5: field 'sweep.rep_release_hours': must be a non-empty list"),
    (HEAD + "sweep:\n  rep_release_hours: [4, 90]\n", "90 is outside the allowed range 0 to 80"),
    (HEAD + "sweep:\n  climate_budget: {from: 10, to: 0, step: 5}\n", "a range needs step > 0 and to >= from"),
    (HEAD + "parameters: {involvement: joint}\nsweep:\n  involvement: [inform]\n", "is also set under 'parameters'"),
])
def test_mistakes_are_named(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ScenarioError, match=r"nothing\.yaml: no such file"):
        load_scenario(tmp_path / "nothing.yaml")


def test_a_scenario_file_cannot_run_code(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path, HEAD + f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(path)
    assert not marker.exists()


def test_validate_command(tmp_path):
    bad = write(tmp_path, HEAD + "parameters:\n  rep_release_hours: 100\n")
    result = subprocess.run([sys.executable, "-m", "greencoop.cli", "validate", str(SCENARIOS[0]), str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"{SCENARIOS[0]}: ok: " in result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{bad}:5: field 'parameters.rep_release_hours'" in result.stderr
    ok = subprocess.run([sys.executable, "-m", "greencoop.cli", "validate", *map(str, SCENARIOS)],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.count(": ok: ") == len(SCENARIOS)


@pytest.mark.parametrize(("text", "message"), [
    (None, "no such file"),
    ("", "the file is empty"),
    ("name: Test\n\tseeds: 2\n", ":2: not valid YAML"),
    (HEAD + "colour: green\n", ":4: field 'colour': unknown field"),
    (HEAD + "parameters:\n  climate_budget: lots\n",
     ":5: field 'parameters.climate_budget': parameter 'climate_budget' must be a number (0 to 5,000"),
    (HEAD + "parameters:\n  rep_release_hours: 100\n", "= 100 is outside the allowed range 0 to 80 h/month"),
])
@pytest.mark.parametrize("command", ["validate", "run", "report"])
def test_every_command_reports_scenario_mistakes_in_one_line(tmp_path, capsys, text, message, command):
    from greencoop.cli import main

    path = tmp_path / "scenario.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    extra = [] if command == "validate" else ["--out", str(out)]
    assert main([command, str(path), *extra]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and str(path) in error and message in error
    assert not out.exists()
