"""The lever atlas: every lever's response curve over its declared range, on common random numbers.

For each lever of the declaration (``group="lever"``), the model runs at a
grid of its values with the same seeds at every value (common random numbers:
the difference between two points comes from the lever, not from different
luck), all runs of one curve in one batch. Each run is scored by the mean of
an outcome over its final twelve months (as the sensitivity analysis scores
it), and each point of a curve is the median and the middle 80 % of the runs,
twice: over all runs, and over the first runs only, as many as a workshop page
draws (its seeds are the same first seeds), so the atlas shows what a room sees
as well as what the model does.

Issue 12's test of a lever is :func:`check_curve`: over its range the median
emission cut may not reverse by more than a quarter of the lever's effect, and
the effect must be at least one percentage point.

What drives the numbers lives elsewhere (the engine and the declaration); this
module only reads the declaration and runs the model, so it keeps working when
the rules change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greencoop.charts.style import BAND
from greencoop.engine.results import Results
from greencoop.engine.runs import Run
from greencoop.municipality import Municipality, all_municipalities
from greencoop.params import PARAMETERS, Parameter, Params
from greencoop.run import run_batch

#: The outcomes each lever is drawn against, in panel order.
ATLAS_OUTCOMES = ("reduction_pct", "reps_on_climate", "behaviour_uptake", "trust", "engagement", "workload")
#: The outcomes of the size curve.
SIZE_OUTCOMES = ("reduction_pct", "reps_on_climate")
#: Runs behind the atlas's main curves by default; issue 12 asks for at least 50.
DEFAULT_RUNS = 50
#: Evenly spaced values over a numeric lever's range (whole-number levers take every whole number instead).
DEFAULT_POINTS = 9
#: A numeric lever is also run this share of its range either side of its default, to see the curve near it.
NEAR_DEFAULT = 1 / 20
#: Municipalities on the size curve by default.
DEFAULT_SIZES = 12
#: Issue 12's tests of a lever: the largest reversal at most this share of the effect ...
MAX_REVERSAL_RATIO = 0.25
#: ... and an effect on the cut of at least this many percentage points over the lever's range.
MIN_EFFECT = 1.0


def levers() -> tuple[Parameter, ...]:
    """Every lever of the declaration, in declared order."""
    return tuple(p for p in PARAMETERS if p.group == "lever")


def find_levers(names: Sequence[str] | None) -> tuple[Parameter, ...]:
    """The levers named (all if None), in declared order.

    Raises:
        ValueError: naming an unknown lever and the known ones.
    """
    known = {p.name: p for p in levers()}
    if names is None:
        return tuple(known.values())
    for name in names:
        if name not in known:
            raise ValueError(f"unknown lever {name!r}; levers: {', '.join(known)}")
    return tuple(p for p in known.values() if p.name in names)


def lever_values(parameter: Parameter, points: int = DEFAULT_POINTS) -> tuple:
    """The values a lever's curve is run at, in order along the lever.

    A choice takes its options in declared order; a whole-number lever every
    whole number of its range; a numeric lever ``points`` evenly spaced values
    from its low to its high end, its default, and a value either side of the
    default (:data:`NEAR_DEFAULT` of the range), where a curve read near
    today's practice must not zig-zag either.
    """
    if parameter.kind == "choice":
        return parameter.choices
    if parameter.kind == "int":
        return tuple(range(int(parameter.low), int(parameter.high) + 1))
    if parameter.kind != "float":
        raise ValueError(f"parameter '{parameter.name}' ({parameter.kind}) has no range to sweep")
    low, high, default = parameter.low, parameter.high, parameter.default
    step = NEAR_DEFAULT * (high - low)
    grid = [*np.linspace(low, high, max(points, 2)), default, default - step, default + step]
    return tuple(sorted({round(float(v), 9) for v in grid if low <= v <= high}))


def position(parameter: Parameter, value) -> float:
    """Where ``value`` sits on the lever's axis: the value itself, or a choice's place in the declared order."""
    return float(parameter.choices.index(value)) if parameter.kind == "choice" else float(value)


def final_year(results: Results, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Each outcome's mean over every run's last twelve months (to its horizon), one value per run."""
    outcomes = results.outcomes(names)
    end = results.horizon + 1
    start = np.maximum(end - 12, 0)
    return {name: np.array([row[s:e].mean() for row, s, e in zip(values, start, end, strict=True)])
            for name, values in outcomes.items()}


def run_curve(parameter: Parameter, values: Sequence, seeds: Sequence[int], base: Params,
              outcomes: Sequence[str] = ATLAS_OUTCOMES) -> pd.DataFrame:
    """One lever's runs, every value on the same seeds, in one batch: a row per run, a column per outcome."""
    runs = [Run(base.replace(**{parameter.name: value}), seed) for value in values for seed in seeds]
    scores = final_year(run_batch(runs), outcomes)
    table = pd.DataFrame({"lever": parameter.name,
                          "value": [value for value in values for _ in seeds],
                          "seed": [seed for _ in values for seed in seeds]})
    return table.assign(**scores)


def summarise_runs(runs: pd.DataFrame, keys: Sequence[str], outcomes: Sequence[str], count: int) -> pd.DataFrame:
    """Median and 80 % band of each outcome over the first ``count`` seeds, per ``keys``: a tidy row per point."""
    first = runs[runs.seed < count]
    long = first.melt(id_vars=[*keys, "seed"], value_vars=list(outcomes), var_name="outcome",
                     value_name="score")
    grouped = long.groupby([*keys, "outcome"], sort=False)["score"]
    points = pd.DataFrame({"runs": grouped.size(), "median": grouped.median(),
                           "p10": grouped.quantile(BAND[0]), "p90": grouped.quantile(BAND[1])})
    return points.reset_index()


@dataclass(frozen=True)
class CurveCheck:
    """How one median curve fares against issue 12's tests.

    Attributes:
        effect: median at the lever's high end minus at its low end (its last minus first value).
        reversal: the largest fall of the curve against the direction of ``effect``, between any
            value and any later one (0 for a curve that never turns back).
        ratio: ``reversal / |effect|`` (infinite if the curve turns back but has no effect; 0 if it is flat).
        passes: the reversal is at most :data:`MAX_REVERSAL_RATIO` of the effect, and the effect
            is at least :data:`MIN_EFFECT`.
    """

    effect: float
    reversal: float
    ratio: float
    passes: bool


def check_curve(medians: Sequence[float], max_ratio: float = MAX_REVERSAL_RATIO,
                min_effect: float = MIN_EFFECT) -> CurveCheck:
    """Test a median curve, given in order along its lever, against issue 12's "done when".

    The reversal is the curve's largest drawdown against its overall
    direction, so a fall spread over several steps counts in full, not just
    its largest step.

    >>> check_curve([0, 4, 3, 8]).ratio
    0.125
    >>> check_curve([0, 4, 1, 8]).passes
    False
    """
    y = np.asarray(medians, dtype=float)
    effect = float(y[-1] - y[0])
    along = y if effect >= 0 else -y
    reversal = float(np.max(np.maximum.accumulate(along) - along))
    ratio = 0.0 if reversal == 0 else reversal / abs(effect) if effect else math.inf
    passes = ratio <= max_ratio and abs(effect) >= min_effect
    return CurveCheck(effect, reversal, ratio, passes)


def lever_summary(points: pd.DataFrame, page_runs: int, full_runs: int, outcome: str = "reduction_pct"
                  ) -> pd.DataFrame:
    """One row per lever: effect, largest reversal and their ratio on ``outcome``, at both ensemble sizes.

    ``passes`` is issue 12's test at the page's ensemble size, the size the
    room reads a curve at.
    """
    rows = []
    for lever, curve in points[points.outcome == outcome].groupby("lever", sort=False):
        row = {"lever": lever}
        for size, runs in (("page", page_runs), ("full", full_runs)):
            ordered = curve[curve.runs == runs].sort_values("position")
            check = check_curve(ordered["median"].to_numpy())
            row |= {f"runs_{size}": runs, f"effect_{size}": check.effect, f"reversal_{size}": check.reversal,
                    f"ratio_{size}": check.ratio}
            if size == "page":
                row["passes"] = check.passes
        rows.append(row)
    return pd.DataFrame(rows)


def lever_points(parameter: Parameter, points: int, runs: int, page_runs: int, base: Params) -> pd.DataFrame:
    """Every point of one lever's curves (tidy: value, outcome, runs, median, p10, p90, position, default)."""
    values = lever_values(parameter, points)
    table = run_curve(parameter, values, range(max(runs, page_runs)), base)
    summaries = [summarise_runs(table, ["lever", "value"], ATLAS_OUTCOMES, count)
                 for count in sorted({page_runs, runs})]
    tidy = pd.concat(summaries, ignore_index=True)
    tidy["position"] = [position(parameter, v) for v in tidy["value"]]
    tidy["default"] = tidy["value"] == getattr(base, parameter.name)
    return tidy


def size_municipalities(count: int = DEFAULT_SIZES) -> tuple[Municipality, ...]:
    """KS-area municipalities nearest ``count`` workforce sizes evenly spaced on a log scale, smallest first.

    A log spacing gives the curve small rural municipalities and cities
    alike; most municipalities are small, so evenly spaced ranks would leave
    the cities out.
    """
    towns = sorted((m for m in all_municipalities() if m.in_ks_area), key=lambda m: (m.employees, m.number))
    sizes = np.log([m.employees for m in towns])
    chosen = {int(np.argmin(np.abs(sizes - target))) for target in np.linspace(sizes[0], sizes[-1], count)}
    return tuple(towns[i] for i in sorted(chosen))


def size_points(municipalities: Sequence[Municipality], runs: int, base: Params) -> pd.DataFrame:
    """The cut and reps on climate at the given levers in each municipality, on the same seeds (tidy)."""
    frames = []
    for town in municipalities:  # one batch per municipality: the largest hold tens of thousands of staff
        params = base.replace(municipality=town.number)
        scores = final_year(run_batch([Run(params, seed) for seed in range(runs)]), SIZE_OUTCOMES)
        frames.append(pd.DataFrame({"municipality": town.name, "number": town.number,
                                    "employees": town.employees, "seed": range(runs)} | scores))
    return summarise_runs(pd.concat(frames, ignore_index=True), ["municipality", "number", "employees"],
                          SIZE_OUTCOMES, runs)

