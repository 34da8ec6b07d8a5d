"""Global sensitivity analysis with SALib over the declared parameter ranges.

Every numeric lever and calibration parameter is varied over its declared
range (what is modelled, the municipality and horizon, stays fixed, and so
does the involvement mode, which is a choice rather than a number). Each
sample runs the model and is scored by the final-year mean of one outcome,
averaged over seeds. Morris elementary effects are the default (cheap, good
for ranking many parameters); Sobol indices are the option for variance
shares.

Read every index with its confidence interval. The model is stochastic, and a
parameter with no mechanism behind it can still show a small effect: a change
in the last bit of a ratio can flip one random draw near its threshold, after
which the runs part. More seeds per sample (``seeds``) shrink that noise.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from greencoop.charts.style import PALETTE, STYLE, NumberFormatter
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS, PARAMETERS_BY_NAME, Params
from greencoop.run import simulate
from greencoop.text import text

Method = Literal["morris", "sobol"]

#: Sampling and bootstrap are seeded, so an analysis reproduces exactly.
SAMPLE_SEED = 0


def varied_parameters() -> list[str]:
    """The parameters the analysis varies: every numeric lever and calibration parameter."""
    return [p.name for p in PARAMETERS if p.group != "municipality" and p.kind in ("float", "int")]


def check_outcome(outcome: str) -> None:
    """Raise ValueError naming the allowed outcomes unless ``outcome`` can be scored."""
    if outcome not in OUTCOMES_BY_NAME or outcome == "month":
        raise ValueError(f"unknown outcome {outcome!r}; choose one of {', '.join(list(OUTCOMES_BY_NAME)[1:])}")


def problem(names: list[str] | None = None) -> dict:
    """SALib's problem definition, bounds taken from the declaration."""
    names = names or varied_parameters()
    return {"num_vars": len(names), "names": names,
            "bounds": [[PARAMETERS_BY_NAME[n].low, PARAMETERS_BY_NAME[n].high] for n in names]}


def analyse(outcome: str = "reduction_pct", method: Method = "morris", samples: int = 10, seeds: int = 1,
            base: Params | None = None, workers: int = 1) -> pd.DataFrame:
    """Sensitivity indices of ``outcome`` to every varied parameter, most influential first.

    Args:
        outcome: an outcome name (see ``greencoop.outcomes.OUTCOMES``).
        method: ``"morris"`` (trajectories = ``samples``) or ``"sobol"`` (base sample = ``samples``,
            a power of 2).
        samples: Morris trajectories or Sobol base sample size; runs = samples x (k + 1) for
            Morris and samples x (2k + 2) for Sobol, with k varied parameters, times ``seeds``.
        seeds: seeds each sample is averaged over (common random numbers across samples).
        base: values of everything not varied (municipality, horizon, involvement).
        workers: processes to run the samples in.
    """
    check_outcome(outcome)
    spec = problem()
    if method == "morris":
        x = morris_sample.sample(spec, samples, num_levels=4, seed=SAMPLE_SEED)
    elif method == "sobol":
        x = sobol_sample.sample(spec, samples, calc_second_order=False, seed=SAMPLE_SEED)
    else:
        raise ValueError(f"unknown method {method!r}; choose morris or sobol")
    y = evaluate(x, spec["names"], outcome, seeds, base or Params(), workers)
    if method == "morris":
        result = morris_analyze.analyze(spec, x, y, num_levels=4, seed=SAMPLE_SEED)
        columns = {"mu_star": result["mu_star"], "mu_star_conf": result["mu_star_conf"], "sigma": result["sigma"]}
        rank_by = "mu_star"
    else:
        result = sobol_analyze.analyze(spec, y, calc_second_order=False, seed=SAMPLE_SEED)
        columns = {"S1": result["S1"], "S1_conf": result["S1_conf"], "ST": result["ST"], "ST_conf": result["ST_conf"]}
        rank_by = "ST"
    table = pd.DataFrame({"parameter": spec["names"], **{k: np.asarray(v, dtype=float) for k, v in columns.items()}})
    table.insert(1, "group", [PARAMETERS_BY_NAME[n].group for n in spec["names"]])
    table = table.sort_values(rank_by, ascending=False, ignore_index=True)
    table.attrs |= {"outcome": outcome, "method": method, "runs": len(y) * seeds}
    return table


def evaluate(x: np.ndarray, names: list[str], outcome: str, seeds: int, base: Params, workers: int) -> np.ndarray:
    """The final-year mean of ``outcome`` for every sample row, averaged over seeds."""
    fixed = {k: v for k, v in base.overrides().items() if k not in names}
    tasks = [(_sample_values(row, names) | fixed, outcome, seeds) for row in x]
    if workers == 1:
        return np.array([_score(task) for task in tasks])
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return np.array(list(pool.map(_score, tasks, chunksize=max(1, len(tasks) // (8 * workers)))))


def _sample_values(row: np.ndarray, names: list[str]) -> dict:
    return {n: round(float(v)) if PARAMETERS_BY_NAME[n].kind == "int" else float(v)
            for n, v in zip(names, row, strict=True)}


def _score(task: tuple[dict, str, int]) -> float:
    values, outcome, seeds = task
    params = Params(**values)
    scores = []
    for seed in range(seeds):
        results = simulate(params, seed=seed)
        scores.append(results.loc[results.month > results.month.max() - 12, outcome].mean())
    return float(np.mean(scores))


def plot(table: pd.DataFrame, lang: str = "en", top: int = 15, ax: Axes | None = None) -> Axes:
    """Horizontal bars of the ranking index with its confidence interval, most influential on top."""
    index, conf = ("mu_star", "mu_star_conf") if table.attrs["method"] == "morris" else ("ST", "ST_conf")
    shown = table.head(top).iloc[::-1]
    labels = [PARAMETERS_BY_NAME[n].label[lang] for n in shown["parameter"]]
    outcome = OUTCOMES_BY_NAME[table.attrs["outcome"]].label[lang]
    title = text("sensitivity.title", lang, outcome=outcome)
    axis = text(f"sensitivity.{table.attrs['method']}", lang)
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 0.45 * len(shown) + 2), layout="constrained")
        ax.barh(labels, shown[index], xerr=shown[conf], color=PALETTE[0], ecolor="#555555", capsize=3)
        ax.set_title(title)
        ax.set_xlabel(axis)
        ax.xaxis.set_major_formatter(NumberFormatter(lang))
    return ax
