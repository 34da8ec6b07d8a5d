"""Charts a room can read from a projector: ensembles as a median and a band.

Colours are the Okabe-Ito palette (distinguishable with the common forms of
colour blindness), type is large, every chart says what it shows and carries
its unit on the axis, and the spread across seeds is drawn, never hidden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from greencoop.charts.style import BAND, PALETTE, STYLE, NumberFormatter, number_axes
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.text import text


def summarise(results: pd.DataFrame, outcome: str, band: tuple[float, float] = BAND) -> pd.DataFrame:
    """Median and band of ``outcome`` across seeds, per month (columns: month, median, low, high)."""
    by_month = results.groupby("month")[outcome]
    return pd.DataFrame({
        "median": by_month.median(),
        "low": by_month.quantile(band[0]),
        "high": by_month.quantile(band[1]),
    }).reset_index()


def compare(runs: Mapping[str, pd.DataFrame], outcome: str, lang: str = "nb", ax: Axes | None = None,
            show_bau: bool = False) -> Axes:
    """Draw each ensemble in ``runs`` (label -> stacked results) as a median line and a band.

    Args:
        runs: ensembles to compare, by the label shown in the legend.
        outcome: an outcome name from :data:`greencoop.outcomes.OUTCOMES`.
        lang: ``"nb"`` or ``"en"`` for titles and axes.
        ax: axes to draw on; a new figure if None.
        show_bau: also draw the emissions with no measures at all (the model's
            business-as-usual baseline) as a dashed line.
    """
    spec = OUTCOMES_BY_NAME[outcome]
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 6), layout="constrained")
        for (label, results), colour in zip(runs.items(), PALETTE, strict=False):
            summary = summarise(results, outcome)
            years = summary["month"] / 12
            ax.fill_between(years, summary["low"], summary["high"], color=colour, alpha=0.25, linewidth=0)
            ax.plot(years, summary["median"], color=colour, label=label)
        if show_bau:
            first = next(iter(runs.values()))
            bau = first.groupby("month")["emissions_bau"].first()
            ax.plot(bau.index / 12, bau.values, color="#555555", linestyle="--", linewidth=2,
                    label=text("chart.bau", lang))
        ax.fill_between([], [], [], color="#999999", alpha=0.25, label=text("chart.band", lang))
        ax.set_title(spec.label[lang])
        ax.set_xlabel(text("chart.years", lang))
        ax.set_ylabel(spec.unit_label(lang))
        number_axes(ax, lang)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2)
    return ax


def predictions(groups: Sequence[str], predicted: Sequence[float | None], outcomes: pd.DataFrame, outcome: str,
                lang: str = "nb", reference: float | None = None, ax: Axes | None = None) -> Axes:
    """Each group's prediction beside what the model gave, one row per group.

    Args:
        groups: group names, top to bottom.
        predicted: each group's predicted value (None where a group made none).
        outcomes: the model's result per group, columns ``median``, ``low``, ``high``
            (the band across runs), in the order of ``groups``.
        outcome: the outcome predicted, for the axis label.
        lang: ``"nb"`` or ``"en"``.
        reference: the model's median for the module's starting point, drawn as a dashed line.
        ax: axes to draw on; a new figure if None.
    """
    spec = OUTCOMES_BY_NAME[outcome]
    rows = list(range(len(groups)))[::-1]
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 2.5 + 0.7 * len(groups)), layout="constrained")
        ax.hlines(rows, outcomes["low"], outcomes["high"], color=PALETTE[0], alpha=0.35, linewidth=12)
        ax.plot(outcomes["median"], rows, "o", color=PALETTE[0], markersize=12, label=text("chart.model", lang))
        shown = [(row, value) for row, value in zip(rows, predicted, strict=True) if value is not None]
        if shown:
            ax.plot([v for _, v in shown], [r for r, _ in shown], "D", markersize=12, markerfacecolor="white",
                    markeredgewidth=3, color=PALETTE[5], linestyle="none", label=text("chart.predicted", lang))
        if reference is not None:
            ax.axvline(reference, color="#555555", linestyle="--", linewidth=2, label=text("chart.reference", lang))
        ax.set_yticks(rows, groups)
        ax.set_ylim(-0.7, len(groups) - 0.3)
        ax.set_title(spec.label[lang])
        ax.set_xlabel(spec.unit_label(lang))
        ax.xaxis.set_major_formatter(NumberFormatter(lang))
        ax.figure.legend(frameon=False, loc="outside lower center", ncols=2)
    return ax
