"""Charts of the whole sector for a national audience: how municipalities move, and how fast practice travels.

In the style of :mod:`greencoop.charts.bands`: Okabe-Ito colours, large type, the
unit on every axis, and spread drawn, never hidden. Two kinds of spread
differ here and each chart says which it shows: across *runs* (seeds) for
the national trajectory, and across *municipalities* for their distribution.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from greencoop.charts.bands import summarise
from greencoop.charts.style import BAND, PALETTE, STYLE, NumberFormatter, number_axes
from greencoop.measures import load_catalogue
from greencoop.outcomes import UNIT_LABELS
from greencoop.sector.outcomes import SECTOR_OUTCOMES_BY_NAME, SectorResults
from greencoop.text import text


def national_trajectory(runs: Mapping[str, SectorResults], outcome: str, lang: str = "nb",
                        ax: Axes | None = None) -> Axes:
    """The sector's ``outcome`` per scenario: median across runs and the middle 80 % of runs."""
    frames = {label: results.sector for label, results in runs.items()}
    return _bands(frames, outcome, lang, ax, f"{text('sector_chart.sector', lang)}: {_label(outcome, lang)}",
                  text("chart.band", lang))


def municipality_spread(runs: Mapping[str, SectorResults], outcome: str, lang: str = "nb",
                        ax: Axes | None = None) -> Axes:
    """How the municipalities are distributed on ``outcome`` over time: median and middle 80 % of municipalities.

    All runs of a scenario are pooled, so the band holds 80 % of
    municipality-runs: differences between municipalities and chance together.
    """
    frames = {label: results.municipalities for label, results in runs.items()}
    return _bands(frames, outcome, lang, ax, f"{text('sector_chart.spread', lang)}: {_label(outcome, lang)}",
                  text("sector_chart.municipalities", lang))


def years_to_half(diffusion: pd.DataFrame) -> pd.Series:
    """Per measure: median over runs of the years until half the municipalities have adopted it.

    A run in which the measure never gets there counts as later than any
    that did; NaN means it did not get there in most runs.
    """
    reached = diffusion[diffusion.adopted_share >= 0.5].groupby(["measure", "seed"]).month.min()
    every = pd.MultiIndex.from_product([diffusion.measure.unique(), diffusion.seed.unique()],
                                       names=["measure", "seed"])
    months = reached.reindex(every).fillna(np.inf).groupby(level="measure", sort=False).median()
    return months.replace(np.inf, np.nan) / 12


def practice_travel(runs: Mapping[str, SectorResults], lang: str = "nb", ax: Axes | None = None) -> Axes:
    """Years until half the municipalities use each measure, per scenario (median over runs)."""
    names = {m.key: m.name[lang] for m in load_catalogue().measures}
    table = pd.DataFrame({label: years_to_half(results.diffusion) for label, results in runs.items()})
    table = table.loc[table.min(axis=1).sort_values(na_position="last").index]
    horizon = max(results.sector.month.max() for results in runs.values()) / 12
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 0.55 * len(table) * len(runs) + 2), layout="constrained")
        height = 0.8 / len(runs)
        rows = np.arange(len(table))
        for i, (label, colour) in enumerate(zip(table.columns, PALETTE, strict=False)):
            years = table[label]
            ax.barh(rows + i * height, years.fillna(horizon), height, color=colour, label=label)
            for row in np.flatnonzero(years.isna()):
                ax.barh(row + i * height, horizon, height, color="white", edgecolor=colour, hatch="//")
                ax.text(horizon, row + i * height, " " + text("sector_chart.not_reached", lang), va="center",
                        fontsize=12)
        ax.set_yticks(rows + height * (len(runs) - 1) / 2, [names[key] for key in table.index])
        ax.invert_yaxis()
        ax.set_xlabel(text("sector_chart.half", lang))
        ax.xaxis.set_major_formatter(NumberFormatter(lang))
        ax.set_xlim(0, horizon * 1.25)
        ax.set_title(text("sector_chart.travel", lang))
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2)
    return ax


def _bands(frames: Mapping[str, pd.DataFrame], outcome: str, lang: str, ax: Axes | None, title: str,
           band: str) -> Axes:
    """Median lines and bands of ``outcome`` per scenario; ``band`` says in the legend what the band holds."""
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 6), layout="constrained")
        for (label, frame), colour in zip(frames.items(), PALETTE, strict=False):
            summary = summarise(frame, outcome, BAND)
            years = summary["month"] / 12
            ax.fill_between(years, summary["low"], summary["high"], color=colour, alpha=0.25, linewidth=0)
            ax.plot(years, summary["median"], color=colour, label=label)
        ax.fill_between([], [], [], color="#999999", alpha=0.25, label=band)
        ax.set_title(title)
        ax.set_xlabel(text("chart.years", lang))
        ax.set_ylabel(UNIT_LABELS[SECTOR_OUTCOMES_BY_NAME[outcome].unit][lang])
        number_axes(ax, lang)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2)
    return ax


def _label(outcome: str, lang: str) -> str:
    return SECTOR_OUTCOMES_BY_NAME[outcome].label[lang]
