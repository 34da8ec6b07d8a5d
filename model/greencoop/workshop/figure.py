"""The workshop chart: emissions, engagement, trust and workload in four panels.

Drawn with matplotlib's object API on an Agg canvas (no pyplot state, safe on
the worker thread) and handed to the page as PNG bytes. Style and palette are
those of :mod:`greencoop.charts`: Okabe-Ito colours, large type, titles that
say what is shown, units on the axes, and the middle 80 % of runs as a band.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from greencoop.charts import PALETTE, STYLE, TEXT
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.workshop.compute import Ensemble
from greencoop.workshop.i18n import number

#: The panels, in reading order.
PANELS = ("emissions_total", "engagement", "trust", "workload")
#: Colour of the reference (today's practice); choices take the next colours.
REFERENCE_COLOUR = PALETTE[0]
#: Pixels per inch of the PNG: 13 × 8 inches make a 1040 × 640 image, sharp on a projector.
DPI = 80


@dataclass(frozen=True)
class Line:
    """One choice on the chart: its legend label, runs and colour.

    ``band`` is False while only the first few runs are in: too few to draw
    an honest band, so only their median is shown until the rest arrive.
    """

    label: str
    ensemble: Ensemble
    colour: str
    band: bool = True


def render(lines: list[Line], lang: str, guess: float | None = None, guess_label: str = "") -> bytes:
    """The four panels for ``lines`` as PNG bytes.

    Args:
        lines: the reference first, then the group's choices.
        lang: ``"nb"`` or ``"en"``.
        guess: the group's predicted emission cut in per cent, marked at the
            end of the horizon on the emissions panel, or None.
        guess_label: the legend entry for that mark.
    """
    with mpl.rc_context(STYLE):
        # A fixed layout: constrained layout would double the drawing time.
        figure = Figure(figsize=(13, 8))
        figure.subplots_adjust(left=0.1, right=0.98, top=0.94, bottom=0.2, hspace=0.3, wspace=0.22)
        axes = figure.subplots(2, 2, sharex=True).ravel()
        for ax, outcome in zip(axes, PANELS, strict=True):
            _panel(ax, lines, outcome, lang)
        emissions_ax = axes[0]
        bau = lines[0].ensemble.median("emissions_bau")
        years = lines[0].ensemble.years
        emissions_ax.plot(years, bau, color="#555555", linestyle="--", linewidth=2, label=TEXT["bau"][lang])
        if guess is not None:
            emissions_ax.plot([years[-1]], [bau[-1] * (1 - guess / 100)], marker="*", markersize=22,
                              color=PALETTE[5], linestyle="none", label=guess_label)
        emissions_ax.fill_between([], [], [], color="#999999", alpha=0.25, label=TEXT["band"][lang])
        figure.legend(*emissions_ax.get_legend_handles_labels(), loc="lower center", ncols=3, frameon=False)
        buffer = io.BytesIO()
        # Fast compression: the PNG is sent once over a local network, so encoding time matters more than bytes.
        figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _panel(ax, lines: list[Line], outcome: str, lang: str) -> None:
    spec = OUTCOMES_BY_NAME[outcome]
    for line in lines:
        runs = line.ensemble
        if line.band:
            low, high = runs.band(outcome)
            ax.fill_between(runs.years, low, high, color=line.colour, alpha=0.25, linewidth=0)
        ax.plot(runs.years, runs.median(outcome), color=line.colour, label=line.label)
    ax.set_title(spec.label[lang])
    ax.set_ylabel(spec.unit_label(lang))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang, 0 if value >= 100 else 1)))
    if outcome != "emissions_total":
        ax.set_ylim(0, 1)
    if ax.get_subplotspec().is_last_row():
        ax.set_xlabel(TEXT["years"][lang])
