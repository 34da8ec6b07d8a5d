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
from matplotlib.patches import Patch

from greencoop.charts.style import (
    BAND,
    BAND_ALPHA,
    CHOICE,
    GUESS,
    NO_MEASURES,
    PALETTE,
    STYLE,
    TODAY,
    NumberFormatter,
    number_axes,
)
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
            show_bau: bool = False, colours: Sequence[str] = PALETTE,
            guess: tuple[float, float] | None = None) -> Axes:
    """Draw each ensemble in ``runs`` (label -> stacked results) as a median line and a band.

    Args:
        runs: ensembles to compare, by the label shown in the legend.
        outcome: an outcome name from :data:`greencoop.outcomes.OUTCOMES`.
        lang: ``"nb"`` or ``"en"`` for titles and axes.
        ax: axes to draw on; a new figure if None.
        show_bau: also draw the emissions with no measures at all (the model's
            business-as-usual baseline), dashed as :data:`~greencoop.charts.style.NO_MEASURES`.
        colours: each ensemble's colour, in the order of ``runs``; give a role's colour
            (:data:`~greencoop.charts.style.ROLES`) where an ensemble plays one.
        guess: a group's guess as (years, value), marked as :data:`~greencoop.charts.style.GUESS`.

    Each legend entry shows its line on its own band, so the legend's shading is the chart's.
    """
    spec = OUTCOMES_BY_NAME[outcome]
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 6), layout="constrained")
        handles, labels = [], []
        for (label, results), colour in zip(runs.items(), colours, strict=False):
            summary = summarise(results, outcome)
            years = summary["month"] / 12
            ax.fill_between(years, summary["low"], summary["high"], color=colour, alpha=BAND_ALPHA, linewidth=0)
            line, = ax.plot(years, summary["median"], color=colour, label=label)
            handles.append((Patch(color=colour, alpha=BAND_ALPHA, linewidth=0), line))
            labels.append(label)
        if show_bau:
            first = next(iter(runs.values()))
            bau = first.groupby("month")["emissions_bau"].first()
            line, = ax.plot(bau.index / 12, bau.values, color=NO_MEASURES.colour, linestyle=NO_MEASURES.linestyle,
                            linewidth=2, label=text(NO_MEASURES.words, lang))
            handles.append(line)
            labels.append(line.get_label())
        if guess is not None:
            marker, = ax.plot(*([value] for value in guess), linestyle="none", marker=GUESS.marker, markersize=20,
                              color=GUESS.colour, clip_on=False)
            handles.append(marker)
            labels.append(text(GUESS.words, lang))
        ax.set_title(spec.label[lang])
        ax.set_xlabel(text("chart.years", lang))
        ax.set_ylabel(spec.unit_label(lang))
        number_axes(ax, lang)
        ax.legend(handles, labels, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2)
    return ax


def predictions(groups: Sequence[str], predicted: Sequence[float | None], outcomes: pd.DataFrame, outcome: str,
                lang: str = "nb", reference: float | None = None, ax: Axes | None = None,
                legend: bool = True) -> Axes:
    """Each group's prediction beside what the model gave, one row per group.

    Args:
        groups: group names, top to bottom.
        predicted: each group's predicted value (None where a group made none).
        outcomes: the model's result per group, columns ``median``, ``low``, ``high``
            (the band across runs), in the order of ``groups``.
        outcome: the outcome predicted, for the axis label.
        lang: ``"nb"`` or ``"en"``.
        reference: the model's median for today's practice, drawn as a line in its role's colour.
        ax: axes to draw on; a new figure if None.
        legend: add the legend under the figure (one legend serves several such axes in one figure).
    """
    spec = OUTCOMES_BY_NAME[outcome]
    rows = list(range(len(groups)))[::-1]
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(11, 2.5 + 0.7 * len(groups)), layout="constrained")
        ax.hlines(rows, outcomes["low"], outcomes["high"], color=CHOICE.colour, alpha=BAND_ALPHA, linewidth=14)
        ax.plot(outcomes["median"], rows, linestyle="none", marker=CHOICE.marker, color=CHOICE.colour,
                markersize=12, label=f"{text(CHOICE.words, lang)} – {text('chart.model', lang)}")
        shown = [(row, value) for row, value in zip(rows, predicted, strict=True) if value is not None]
        if shown:
            ax.plot([v for _, v in shown], [r for r, _ in shown], linestyle="none", marker=GUESS.marker,
                    markersize=18, color=GUESS.colour, label=text(GUESS.words, lang))
        if reference is not None:
            ax.axvline(reference, color=TODAY.colour, linestyle=TODAY.linestyle, linewidth=3,
                       label=text(TODAY.words, lang))
        ax.set_yticks(rows, groups)
        ax.set_ylim(-0.7, len(groups) - 0.3)
        ax.set_title(spec.label[lang])
        ax.set_xlabel(spec.unit_label(lang))
        ax.xaxis.set_major_formatter(NumberFormatter(lang))
        if legend:
            ax.figure.legend(frameon=False, loc="outside lower center", ncols=2)
    return ax
