"""What a scenario report computes; ``scenarios/report.ipynb`` only calls these.

A report runs a scenario (every parameter set, every seed) beside business as
usual, and summarises the final year. ``greencoop report`` executes the
notebook with papermill for each scenario and exports it to HTML.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from greencoop.experiments.scenarios import Scenario
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.run import ensemble
from greencoop.text import format_number

#: Outcomes in the final-year table, in reading order.
SUMMARY_OUTCOMES = ("reduction_pct", "measures_adopted", "behaviour_uptake", "engagement", "trust", "workload",
                    "reps_on_climate")
#: Lines per chart, the comparison included; a larger sweep is charted by sets spread across it.
MAX_CHARTED_SETS = 6


def run_scenario(scenario: Scenario, seeds: int | None = None, horizon_years: int | None = None
                 ) -> dict[str, pd.DataFrame]:
    """Every parameter set of ``scenario`` as an ensemble, by a readable label.

    Args:
        scenario: a validated scenario.
        seeds: seeds 0..seeds-1 instead of the file's seeds.
        horizon_years: a shorter or longer horizon than the file's (e.g. for a quick look).
    """
    seed_list = range(seeds) if seeds is not None else scenario.seeds
    runs = {}
    for params in scenario.parameter_sets():
        if horizon_years is not None:
            params = params.replace(horizon_years=horizon_years)
        runs[set_label(scenario, params)] = ensemble(params, seeds=seed_list)
    return runs


def charted(scenario_runs: dict[str, pd.DataFrame], reference_runs: dict[str, pd.DataFrame]
            ) -> dict[str, pd.DataFrame]:
    """The runs to draw: up to MAX_CHARTED_SETS - 1 of the scenario's sets, evenly spread, and the reference."""
    labels = list(scenario_runs)
    keep = min(len(labels), MAX_CHARTED_SETS - 1)
    picked = [labels[round(i * (len(labels) - 1) / max(keep - 1, 1))] for i in range(keep)]
    return {label: scenario_runs[label] for label in dict.fromkeys(picked)} | reference_runs


def set_label(scenario: Scenario, params) -> str:
    """The scenario's name, with the swept values when it has a sweep."""
    if not scenario.sweep:
        return scenario.name
    return ", ".join(f"{name} = {getattr(params, name):g}" if isinstance(getattr(params, name), float)
                     else f"{name} = {getattr(params, name)}" for name in scenario.sweep)


def final_year(runs: dict[str, pd.DataFrame], lang: str = "en") -> pd.DataFrame:
    """Median and 10-90 % range over seeds of the final year's key outcomes, one row per label."""
    rows = {}
    for label, results in runs.items():
        last_year = results[results.month > results.month.max() - 12]
        per_seed = last_year.groupby("seed")[list(SUMMARY_OUTCOMES)].mean()
        rows[label] = {
            OUTCOMES_BY_NAME[name].label[lang]: f"{format_number(per_seed[name].median(), lang, 2)} "
                                                f"({format_number(per_seed[name].quantile(0.1), lang, 2)}–"
                                                f"{format_number(per_seed[name].quantile(0.9), lang, 2)})"
            for name in SUMMARY_OUTCOMES
        }
    return pd.DataFrame(rows).T


def resolve_beside(path: str | Path, scenario_path: str | Path) -> Path:
    """``path`` as given if it exists, else next to the scenario file (for the baseline scenario)."""
    path = Path(path)
    return path if path.exists() else Path(scenario_path).parent / path


def write_report(scenario_path: Path, out: Path, template: Path, seeds: int | None = None,
                 horizon_years: int | None = None, lang: str = "en") -> Path:
    """Execute ``template`` with papermill for one scenario; write the notebook and HTML into ``out``.

    Both files appear only when complete. Returns the HTML file.
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    name = scenario_path.stem
    parameters = {"scenario": str(scenario_path.resolve()), "seeds": seeds, "horizon_years": horizon_years,
                  "lang": lang}
    with tempfile.TemporaryDirectory(dir=out) as work:
        executed = Path(work) / f"{name}.ipynb"
        papermill.execute_notebook(str(template), str(executed), parameters=parameters, progress_bar=False,
                                   cwd=str(template.parent))
        html, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, as_version=4))
        (Path(work) / f"{name}.html").write_text(html, encoding="utf-8")
        for suffix in (".ipynb", ".html"):
            (Path(work) / f"{name}{suffix}").replace(out / f"{name}{suffix}")
    return out / f"{name}.html"
