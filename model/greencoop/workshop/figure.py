"""The workshop chart: emissions, engagement, trust and workload in four panels.

Drawn with matplotlib's object API on an Agg canvas (no pyplot state, safe on
the worker thread) and handed to the page as PNG bytes. Style and palette are
those of :mod:`greencoop.charts.style`: Okabe-Ito colours, large type, titles that
say what is shown, units on the axes, and the middle 80 % of runs as a band.

A page keeps one :class:`Chart`. Building the panels (axes, ticks, titles,
legend) and drawing today's practice is most of the cost of a chart, about
200 ms; the chart does it once, keeps the pixels, and for every new answer
restores them and draws only the group's choice on top (blitting), so a
slider's answer costs a few milliseconds of drawing plus the PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from greencoop.charts.style import PALETTE, STYLE, number_axes
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.text import text
from greencoop.workshop.compute import Ensemble

#: The panels, in reading order.
PANELS = ("emissions_total", "engagement", "trust", "workload")
#: Colour of the reference (today's practice); choices take the next colours.
REFERENCE_COLOUR = PALETTE[0]
#: Pixels per inch of the PNG: 13 × 8 inches make a 1040 × 640 image, sharp on a projector.
DPI = 80
#: Room left on the emissions axis around what is drawn, as shares of the drawn range: more below, where
#: stronger choices go, so the axis stays put while a group explores (it widens only when a line leaves it).
EMISSIONS_MARGIN = (0.3, 0.05)


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


class Chart:
    """One page's chart, redrawn for each answer by drawing only what changed.

    :meth:`render` takes the reference and any pinned choices (the backdrop)
    and the group's current choice (the last line). The backdrop, with the
    axes, titles, legend and guess, is built again only when it changes: the
    language, the backdrop's lines, the guess, or a choice that leaves the
    emissions axis. The engagement, trust and workload axes are fixed at 0–1.
    """

    def __init__(self) -> None:
        self._backdrop: _Backdrop | None = None

    def render(self, lines: list[Line], lang: str, guess: float | None = None, guess_label: str = "") -> bytes:
        """The four panels for ``lines`` as PNG bytes.

        Args:
            lines: the reference first, then pinned choices, then the group's
                current choice (the line that changes between calls).
            lang: ``"nb"`` or ``"en"``.
            guess: the group's predicted emission cut in per cent, marked at
                the end of the horizon on the emissions panel, or None.
            guess_label: the legend entry for that mark.
        """
        *fixed, choice = lines
        key = (lang, tuple((line.label, id(line.ensemble), line.colour, line.band) for line in fixed),
               choice.label, choice.colour, guess, guess_label)
        with mpl.rc_context(STYLE):
            backdrop = self._backdrop
            if backdrop is None or backdrop.key != key or not backdrop.holds(choice):
                backdrop = self._backdrop = _Backdrop(key, fixed, choice, lang, guess, guess_label)
            return backdrop.draw(choice)


class _Backdrop:
    """A drawn figure with everything but the current choice, and the choice's artists to redraw on it."""

    def __init__(self, key: tuple, fixed: list[Line], choice: Line, lang: str, guess: float | None,
                 guess_label: str):
        self.key, self.fixed = key, fixed  # holding the lines keeps the ids in ``key`` from being reused
        # A fixed layout: constrained layout would double the drawing time.
        self.figure = Figure(figsize=(13, 8), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.1, right=0.98, top=0.94, bottom=0.2, hspace=0.3, wspace=0.22)
        self.axes = self.figure.subplots(2, 2, sharex=True).ravel()
        self.choice_lines = []
        for ax, outcome in zip(self.axes, PANELS, strict=True):
            for line in fixed:
                _draw(ax, line, outcome)
            self.choice_lines.append(ax.plot(choice.ensemble.years, choice.ensemble.median(outcome),
                                             color=choice.colour, label=choice.label, animated=True)[0])
            _label(ax, outcome, lang)
        emissions_ax = self.axes[0]
        reference = fixed[0].ensemble
        years, bau = reference.years, reference.median("emissions_bau")
        emissions_ax.plot(years, bau, color="#555555", linestyle="--", linewidth=2, label=text("chart.bau", lang))
        drawn = [bau, *(_extent(line, "emissions_total") for line in [*fixed, choice])]
        if guess is not None:
            marked = bau[-1] * (1 - guess / 100)
            emissions_ax.plot([years[-1]], [marked], marker="*", markersize=22, color=PALETTE[5],
                              linestyle="none", label=guess_label)
            drawn.append(np.array([marked]))
        self.emissions_limits = _padded(np.concatenate(drawn))
        emissions_ax.set_ylim(*self.emissions_limits)
        emissions_ax.fill_between([], [], [], color="#999999", alpha=0.25, label=text("chart.band", lang))
        self.figure.legend(*emissions_ax.get_legend_handles_labels(), loc="lower center", ncols=3, frameon=False)
        self.canvas.draw()
        for ax in self.axes:  # the limits stay as drawn: the choice's artists must not rescale them
            ax.set_autoscale_on(False)
        self.pixels = self.canvas.copy_from_bbox(self.figure.bbox)
        self.choice_bands: list = []

    def holds(self, choice: Line) -> bool:
        """Whether ``choice`` fits inside the emissions axis as drawn."""
        extent = _extent(choice, "emissions_total")
        low, high = self.emissions_limits
        return bool(low <= extent.min() and extent.max() <= high)

    def draw(self, choice: Line) -> bytes:
        """The backdrop with ``choice`` drawn on top, as PNG bytes."""
        self.canvas.restore_region(self.pixels)
        for band in self.choice_bands:
            band.remove()
        self.choice_bands = []
        runs = choice.ensemble
        for ax, outcome, median in zip(self.axes, PANELS, self.choice_lines, strict=True):
            if choice.band:
                low, high = runs.band(outcome)
                band = ax.fill_between(runs.years, low, high, color=choice.colour, alpha=0.25, linewidth=0,
                                       animated=True)
                self.choice_bands.append(band)
                ax.draw_artist(band)
            median.set_data(runs.years, runs.median(outcome))
            ax.draw_artist(median)
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        # Fast compression: the PNG is sent once over a local network, so encoding time matters more than bytes.
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def _draw(ax, line: Line, outcome: str) -> None:
    runs = line.ensemble
    if line.band:
        low, high = runs.band(outcome)
        ax.fill_between(runs.years, low, high, color=line.colour, alpha=0.25, linewidth=0)
    ax.plot(runs.years, runs.median(outcome), color=line.colour, label=line.label)


def _label(ax, outcome: str, lang: str) -> None:
    spec = OUTCOMES_BY_NAME[outcome]
    ax.set_title(spec.label[lang])
    ax.set_ylabel(spec.unit_label(lang))
    number_axes(ax, lang)
    if outcome != "emissions_total":
        ax.set_ylim(0, 1)
    if ax.get_subplotspec().is_last_row():
        ax.set_xlabel(text("chart.years", lang))


def _extent(line: Line, outcome: str) -> np.ndarray:
    """The values ``line`` draws for ``outcome``: its median, and its band's edges when the band is shown."""
    runs = line.ensemble
    return np.concatenate([runs.median(outcome), *runs.band(outcome)]) if line.band else runs.median(outcome)


def _padded(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    span = (high - low) or abs(high) * 0.1 or 1.0
    below, above = EMISSIONS_MARGIN
    return low - below * span, high + above * span
