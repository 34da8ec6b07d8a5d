"""The validation table: the model's magnitudes against the sourced figures of the domain facts.

Each comparison is one declared :class:`Comparison` in :data:`COMPARISONS`:
what is compared, its source, the sourced target (a figure or a range), the
tolerance around it and why, and how the modelled value is computed from
runs. A new comparison is one more entry. A figure the model's outputs cannot
speak to is declared too, with the reason, and shown as not computed rather
than approximated by something else.

Every computed comparison is run on the same seeds 0..N-1; runs with the same
parameters are shared by all comparisons that need them, and each parameter
set goes through the engine as one batch. The modelled value is the median
over the runs, with the middle 80 % beside it; the verdict compares the median.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from greencoop.charts.style import BAND
from greencoop.engine.results import Results
from greencoop.engine.runs import Run
from greencoop.measures import load_catalogue, load_rollout
from greencoop.params import Params
from greencoop.run import run_batch
from greencoop.text import format_number

#: Food waste's share of food emissions, the catalogue's assumption (``data/measures.yaml``, ``food_waste``):
#: it turns the food-waste measure's cut of the food category into a cut of food waste.
FOOD_WASTE_SHARE_OF_FOOD = 1 / 3
#: Months before reps' climate work is counted: Fafo asked about the last two years (as the pattern tests).
REPS_FROM_MONTH = 24


class NotComputable(Exception):
    """The model's outputs cannot give this comparison; the message says why."""


class Runs:
    """Runs on seeds 0..N-1 by parameter set, each set run once, as one batch, when first asked for."""

    def __init__(self, count: int):
        self.count = count
        self._done: dict[Params, Results] = {}

    def __call__(self, **overrides) -> Results:
        params = Params(**overrides)
        if params not in self._done:
            self._done[params] = run_batch([Run(params, seed) for seed in range(self.count)])
        return self._done[params]


@dataclass(frozen=True)
class Comparison:
    """One modelled magnitude against one sourced figure.

    Attributes:
        name: short key, used in the CSV.
        what: what is compared, in words.
        source: the sourced figure, as the domain facts give it, with its source.
        target: the sourced value as a range (low, high); a single figure has low == high; an open end is
            ``math.inf``; None where the source gives no one figure the model could be held to.
        tolerance: how far outside ``target`` the model may be and still be "within", in ``unit``.
        unit: the unit of target, tolerance and modelled value.
        why_tolerance: why the tolerance is what it is.
        compute: the modelled value of every run, from :class:`Runs`; None if the model cannot give it.
        note: what the comparison leaves out, or why it cannot be computed.
    """

    name: str
    what: str
    source: str
    target: tuple[float, float] | None
    tolerance: float
    unit: str
    why_tolerance: str
    compute: Callable[[Runs], np.ndarray] | None
    note: str = ""
    decimals: int = field(default=1)

    def verdict(self, modelled: float) -> str:
        """``within`` if ``modelled`` lies inside the target widened by the tolerance, else ``outside``."""
        if self.target is None:
            raise ValueError(f"comparison '{self.name}' has no target to judge against")
        low, high = self.target
        return "within" if low - self.tolerance <= modelled <= high + self.tolerance else "outside"


def food_waste_cut(results: Results) -> np.ndarray:
    """Each run's cut of food waste, per cent, over its final year: what the food-waste measure's steps in
    effect cut of food emissions, over food waste's share of food emissions."""
    keys = [m.key for m in load_catalogue().measures]
    if "food_waste" not in keys:
        raise NotComputable("the catalogue has no measure 'food_waste'")
    rollout = load_rollout()
    steps = rollout.measure_index == keys.index("food_waste")
    cut = results.record.effect[: results.rows][:, :, steps] @ rollout.column("abatement")[steps]  # month x run
    end = results.horizon + 1
    in_final_year = np.array([cut[max(e - 12, 0):e, run].mean() for run, e in enumerate(end)])
    return 100 * in_final_year / FOOD_WASTE_SHARE_OF_FOOD


def starting(outcome: str) -> Callable[[Results], np.ndarray]:
    """Each run's ``outcome`` at month 0: emissions before any measure, as business as usual."""
    return lambda results: results.outcomes([outcome])[outcome][:, 0]


def reps_on_climate(results: Results) -> np.ndarray:
    """Each run's mean share of reps working on climate from month 24 on (Fafo asked about two years)."""
    shares = results.outcomes(["reps_on_climate"])["reps_on_climate"]
    return np.array([row[REPS_FROM_MONTH:e + 1].mean() for row, e in zip(shares, results.horizon, strict=True)])


def climate_items(results: Results) -> np.ndarray:
    """Each run's mean share of climate items in the cooperation meetings, from year one to the horizon."""
    shares = results.outcomes(["climate_item_share"])["climate_item_share"]
    return np.array([row[12:e + 1].mean() for row, e in zip(shares, results.horizon, strict=True)])


def _more_release_time(runs: Runs) -> np.ndarray:
    """How much more of the agenda climate takes with twice the default release time, run by run (per cent)."""
    more, today = climate_items(runs(rep_release_hours=2 * Params().rep_release_hours)), climate_items(runs())
    ratio = np.divide(more, today, out=np.where(more > 0, np.inf, 1.0), where=today > 0)
    return 100 * (ratio - 1)


def _larger_minus_smaller(runs: Runs) -> np.ndarray:
    """Reps on climate in a workforce of 5,000 minus in one of 300, run by run on the same seeds (points)."""
    return 100 * (reps_on_climate(runs(employees=5000)) - reps_on_climate(runs(employees=300)))


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "food_waste_inform", "Food-waste cut in the final year, default municipality, today's practice (inform)",
        "Klimasats food-waste projects typically cut waste 25–30 % (Klimasats, facts: municipal climate work)",
        (25.0, 30.0), 5.0, "%", "a project figure, read as typical: ±5 points around the range",
        lambda runs: food_waste_cut(runs()),
        note="Klimasats figures are per funded project; the model's cut is over every nursing home and "
             "kindergarten. Food waste taken as 1/3 of food emissions (catalogue assumption).",
    ),
    Comparison(
        "food_waste_joint", "Food-waste cut in the final year, default municipality, decided jointly",
        "Klimasats food-waste projects typically cut waste 25–30 % (Klimasats, facts: municipal climate work)",
        (25.0, 30.0), 5.0, "%", "a project figure, read as typical: ±5 points around the range",
        lambda runs: food_waste_cut(runs(involvement="joint")),
        note="As the row above, with measures decided jointly.",
    ),
    Comparison(
        "oygarden", "Food-waste cut in the final year, Øygarden, today's practice",
        "Øygarden nursing homes cut food waste from 32.8 t to 17.8 t a year, −45.8 % (case, facts)",
        (45.8, 45.8), 15.0, "%", "one case at a few sites: ±15 points",
        lambda runs: food_waste_cut(runs(municipality="Øygarden")),
        note="The case is the nursing homes; the model's cut is over the whole municipality's food services.",
    ),
    Comparison(
        "early_phase_building", "Footprint cut of a new building by early-phase measures",
        "Early-phase building measures cut the footprint 35–40 % (Klimasats, facts)",
        (35.0, 40.0), 0.0, "%", "", None,
        note="Not computable: the model has no single building; low-carbon new builds are one measure cutting "
             "a share of the procurement and construction category.",
    ),
    Comparison(
        "fredrikstad_food", "Food emissions of Fredrikstad municipality, business as usual",
        "Fredrikstad's municipal food purchases ≈ 2,400 t CO2e (case, facts)",
        (2400.0, 2400.0), 600.0, "t CO2e/year", "±25 %: one year's purchases, scope not matched exactly",
        lambda runs: starting("emissions_food")(runs(municipality="Fredrikstad", horizon_years=1)),
        note="The model's food category is population × 1,053 kg × its food share (assumption), food waste "
             "included.", decimals=0,
    ),
    Comparison(
        "oslo_footprint", "Footprint of Oslo municipality's own operations, business as usual",
        "Oslo municipality's own footprint 580,000 t (2010); purchased goods and services largest (CICERO, facts)",
        (580_000.0, 580_000.0), 145_000.0, "t CO2e/year", "±25 %: a 2010 account against today's population",
        lambda runs: starting("emissions_bau")(runs(municipality="Oslo", horizon_years=1)),
        note="The model scales the national 1,053 kg per inhabitant (Asplan Viak 2018) to Oslo's population.",
        decimals=0,
    ),
    Comparison(
        "fact1_reps_on_climate", "Share of reps working on climate (last two years), default municipality",
        "About 1 in 4 union reps worked concretely on climate in the last two years (Fafo LO reps panel "
        "2017–19; facts pattern 1)",
        (0.25, 0.25), 0.08, "share 0–1", "±0.08, as the pattern test: the upper end is the 2016 third",
        lambda runs: reps_on_climate(runs()), decimals=2,
        note="Months 24 on, as the pattern test.",
    ),
    Comparison(
        "fact1_2016", "Fall in reps working on climate since 2016",
        "Down from a third in 2016 (Fafo LO reps panel; facts pattern 1)",
        (1 / 3, 1 / 3), 0.0, "share 0–1", "", None, decimals=2,
        note="Not a test: the model starts with a third of reps having worked on climate in the two years "
             "before (ODD 5.5), from this figure; the fall to about a quarter is the row above.",
    ),
    Comparison(
        "fact2_release_time", "More climate on the agenda with twice the default release time, same seeds",
        "The more time reps have for the role, the more likely climate is on the workplace agenda (Fafo, "
        "'Klimaarbeid på arbeidsplassene krever tid'; facts pattern 2)",
        (10.0, math.inf), 0.0, "% more", "a direction, at least 10 % more as the pattern test asks",
        _more_release_time,
        note="Climate items' share of the meetings' agendas, years one to the horizon.",
    ),
    Comparison(
        "fact3_larger_workplaces", "Reps on climate in a workforce of 5,000 minus in one of 300, same seeds",
        "Reps in larger workplaces more often say they can contribute to the green transition (Fafo panel "
        "2023, n ≈ 1,450; facts pattern 3)",
        (0.0, math.inf), 0.0, "points", "a direction: any positive difference",
        _larger_minus_smaller,
        note="A proxy: municipalities' workforces, not workplaces, and working on climate, not saying one can "
             "contribute.",
    ),
    Comparison(
        "fact3_can_contribute", "Reps who say they can contribute to the green transition",
        "2 in 10 reps say they can contribute (Fafo panel 2023; facts pattern 3)",
        (0.2, 0.2), 0.0, "share 0–1", "", None, decimals=2,
        note="Not a test: reps' starting competence is set from this figure (initial_competence), and the model "
             "records no rep's own view.",
    ),
    Comparison(
        "fact3_attitudes", "Reps' attitudes to the green transition",
        "~50 % positive, 9 % negative, 38 % neutral; 6 in 10 fear it will be unfair; 64 % need more competence "
        "(Fafo panel 2023; facts pattern 3)",
        None, 0.0, "share 0–1", "", None, decimals=2,
        note="Not computable: the model has no attitudes to the transition, fairness or felt need for competence.",
    ),
)


def validation_table(runs: int = 50, comparisons: tuple[Comparison, ...] = COMPARISONS) -> pd.DataFrame:
    """Every comparison with its modelled median and 80 % band over ``runs`` seeds, and its verdict."""
    shared = Runs(runs)
    rows = []
    for c in comparisons:
        low, high = c.target or (math.nan, math.nan)
        row = {"name": c.name, "what": c.what, "source": c.source, "target_low": low,
               "target_high": high, "tolerance": c.tolerance, "unit": c.unit,
               "why_tolerance": c.why_tolerance, "runs": 0, "median": math.nan, "p10": math.nan, "p90": math.nan,
               "verdict": "not computed", "note": c.note}
        if c.compute is not None:
            try:
                values = np.asarray(c.compute(shared), dtype=float)
            except NotComputable as reason:
                row["note"] = f"Not computable: {reason}. {c.note}".strip()
            else:
                median = float(np.median(values))
                row |= {"runs": len(values), "median": median, "p10": float(np.quantile(values, BAND[0])),
                        "p90": float(np.quantile(values, BAND[1])), "verdict": c.verdict(median)}
        rows.append(row)
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame, comparisons: tuple[Comparison, ...] = COMPARISONS, version: str = "") -> str:
    """The table as Markdown for the ODD: target with tolerance, modelled median and band, verdict, notes,
    and how it was made (``version``: the model's, if given)."""
    decimals = {c.name: c.decimals for c in comparisons}
    lines = ["| comparison | source | target | modelled: median (80 % of runs) | verdict |",
             "|---|---|---|---|---|"]
    notes = []
    for row in table.itertuples():
        d = decimals.get(row.name, 1)
        modelled = "–" if row.verdict == "not computed" else (
            f"{_number(row.median, d)} ({_number(row.p10, d)} to {_number(row.p90, d)}), {row.runs} runs")
        lines.append(f"| {row.what} | {row.source} | {_target(row, d)} | {modelled} | **{row.verdict}** |")
        said = [f"tolerance {row.why_tolerance}." if row.why_tolerance else "", row.note]
        notes.append(f"- *{row.what}*: " + " ".join(filter(None, said)))
    runs = int(table.runs.max())
    made = (f"Generated by `greencoop validation --runs {runs}`" + (f" from model {version}" if version else "")
            + f"; seeds 0–{runs - 1}, the same for every comparison; the verdict compares the median.")
    return "\n".join([*lines, "", made, "", *notes, ""])


def _target(row, decimals: int) -> str:
    low, high, tolerance, unit = row.target_low, row.target_high, row.tolerance, row.unit
    if math.isnan(low):
        return "–"
    if math.isinf(high):
        return f"> {_number(low, decimals)} {unit}"
    figure = _number(low, decimals) if low == high else f"{_number(low, decimals)}–{_number(high, decimals)}"
    return f"{figure} ± {_number(tolerance, decimals)} {unit}" if tolerance else f"{figure} {unit}"


def _number(value: float, decimals: int) -> str:
    return format_number(value, "en", decimals)
