"""The lever atlas's charts: a lever's response curves in six small panels, and results against size.

Each panel draws, along the lever, the median and the middle 80 % of the runs
at the atlas's full ensemble (line and shaded band) and at the page's ensemble
(dashed line, band edges dotted), with today's default marked. Figures are
built with Matplotlib's object API (no pyplot state), so an atlas of many
charts holds one figure at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from greencoop.charts.style import PALETTE, STYLE, NumberFormatter, number_axes
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import Parameter
from greencoop.text import format_number, text

#: Smaller type than a workshop chart: six panels share one figure.
PANEL_STYLE = STYLE | {"font.size": 12, "axes.titlesize": 14, "axes.labelsize": 12, "legend.fontsize": 12,
                       "lines.linewidth": 2.2}


def lever_chart(points: pd.DataFrame, parameter: Parameter, outcomes: Sequence[str], lang: str) -> Figure:
    """One lever's curves on each outcome, a panel each.

    Args:
        points: the lever's tidy points (``outcome, runs, position, median, p10, p90, default``); the
            largest ``runs`` is drawn as the full ensemble, the smallest as the page's.
        parameter: the lever's declaration (label, unit, choices).
        outcomes: the outcomes to draw, in panel order (two rows of three for six).
        lang: ``"nb"`` or ``"en"``.
    """
    full, page = int(points.runs.max()), int(points.runs.min())
    default = points.loc[points.default, "position"].iloc[0]
    columns = 3
    rows = -(-len(outcomes) // columns)
    with rc_context(PANEL_STYLE):
        figure = Figure(figsize=(15, 4.2 * rows + 1.2), layout="constrained")
        axes = figure.subplots(rows, columns, squeeze=False).ravel()
        for ax, outcome in zip(axes, outcomes, strict=False):
            curve = points[points.outcome == outcome].sort_values("position")
            _curve(ax, curve[curve.runs == full], PALETTE[0], "-", text("atlas.chart.full", lang, runs=full),
                   shade=True)
            if page != full:
                _curve(ax, curve[curve.runs == page], PALETTE[5], "--", text("atlas.chart.page", lang, runs=page),
                       shade=False)
            ax.axvline(default, color="#555555", linestyle=":", linewidth=2,
                       label=text("atlas.chart.default", lang, value=parameter.words(_default_value(points), lang)))
            spec = OUTCOMES_BY_NAME[outcome]
            ax.set_title(spec.label[lang])
            ax.set_ylabel(f"{spec.unit_label(lang)}, {text('atlas.chart.final_year', lang)}")
            _lever_axis(ax, parameter, lang)
        for ax in axes[len(outcomes):]:
            ax.set_visible(False)
        title = parameter.label[lang] + (f" ({parameter.unit[lang]})" if parameter.unit[lang] else "")
        figure.suptitle(title, fontsize=18)
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    return figure


def size_chart(points: pd.DataFrame, outcomes: Sequence[str], default_employees: int, lang: str) -> Figure:
    """Each outcome's median and 80 % band against the municipalities' workforce (log axis), a panel each."""
    with rc_context(PANEL_STYLE):
        figure = Figure(figsize=(15, 5.8), layout="constrained")
        axes = figure.subplots(1, len(outcomes), squeeze=False).ravel()
        for ax, outcome in zip(axes, outcomes, strict=True):
            curve = points[points.outcome == outcome].sort_values("employees")
            runs = int(curve.runs.max())
            ax.fill_between(curve.employees, curve.p10, curve.p90, color=PALETTE[0], alpha=0.25, linewidth=0)
            ax.plot(curve.employees, curve["median"], "o-", color=PALETTE[0],
                    label=text("atlas.chart.full", lang, runs=runs))
            ax.axvline(default_employees, color="#555555", linestyle=":", linewidth=2,
                       label=text("atlas.chart.default_size", lang, value=format_number(default_employees, lang)))
            for _, point in curve.iloc[[0, -1]].iterrows():
                ax.annotate(point.municipality, (point.employees, point["median"]), textcoords="offset points",
                            xytext=(0, 8), ha="center", fontsize=11)
            spec = OUTCOMES_BY_NAME[outcome]
            ax.set_xscale("log")
            ax.set_title(spec.label[lang])
            ax.set_xlabel(text("atlas.chart.employees", lang))
            ax.set_ylabel(f"{spec.unit_label(lang)}, {text('atlas.chart.final_year', lang)}")
            number_axes(ax, lang)
        figure.suptitle(text("atlas.chart.size_title", lang), fontsize=18)
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    return figure


def _curve(ax: Axes, curve: pd.DataFrame, colour: str, style: str, label: str, shade: bool) -> None:
    """A median line with markers at the points run, and its band: shaded, or as dotted edges."""
    x = curve.position
    if shade:
        ax.fill_between(x, curve.p10, curve.p90, color=colour, alpha=0.22, linewidth=0)
    else:
        for edge in (curve.p10, curve.p90):
            ax.plot(x, edge, color=colour, linestyle=":", linewidth=1.4)
    ax.plot(x, curve["median"], color=colour, linestyle=style, marker="o", markersize=4, label=label)


def _lever_axis(ax: Axes, parameter: Parameter, lang: str) -> None:
    """The lever's values along x (a choice's words at its places), numbers as ``lang`` writes them."""
    if parameter.kind == "choice":
        ax.set_xticks(range(len(parameter.options)), [o.label[lang] for o in parameter.options])
        ax.set_xlim(-0.3, len(parameter.options) - 0.7)
        ax.yaxis.set_major_formatter(NumberFormatter(lang))
    else:
        number_axes(ax, lang)
    ax.set_xlabel(parameter.label[lang])


def _default_value(points: pd.DataFrame):
    value = points.loc[points.default, "value"].iloc[0]
    return value.item() if hasattr(value, "item") else value
