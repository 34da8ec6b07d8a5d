"""The workshop chart: one small image per panel, so a page can stack them on a phone and spread them on a projector.

Drawn with matplotlib's object API on Agg canvases (no pyplot state, safe on
the worker thread) and handed to the page as PNG bytes. Style and roles are
those of :mod:`greencoop.charts.style`: today's practice, the group's choice,
"no measures at all" and the guess each keep one colour and line style, and
the middle 80 % of runs is a band in its line's colour. Titles, units and the
legend are the page's HTML (:func:`legend_html`), so they stay readable at
any width; an image holds only its axes.

A page keeps one :class:`Chart`. Building a panel (axes, ticks) and drawing
today's practice is most of the cost of a chart; each panel does it once,
keeps the pixels, and for every new answer restores them and draws only the
group's choice on top (blitting), so a slider's answer costs a few
milliseconds of drawing per panel plus the PNGs. Axes and their ticks are
themselves kept for the next drawing: a panel whose backdrop is drawn again
is emptied and reused, and a preheated kernel draws a page's worth of empty
panels before its page is asked for (:func:`prepare_panels`).

Every axis starts at zero: a cut of 9 % looks like 9 % of the emissions, not
like most of an axis that starts at 14,000 tonnes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from greencoop.charts.png import png
from greencoop.charts.style import BAND_ALPHA, GUESS, NO_MEASURES, STYLE, TODAY, Role, number_axes
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.text import text
from greencoop.workshop.compute import Ensemble

#: The panels every module shows, in reading order; a module adds its own after emissions.
PANELS = ("emissions_total", "engagement", "trust", "workload")
#: The emissions panel: the only one showing "no measures at all" and the group's guess.
EMISSIONS = PANELS[0]
#: Pixels per inch of the PNGs.
DPI = 100
#: A panel's size in inches: 440 × 290 pixels, about the width a panel takes on a phone, a laptop (two
#: across) and a projector (three across), so its tick labels show at about their drawn size everywhere.
PANEL_SIZE = (4.4, 2.9)
#: Type size of the tick labels, in points (the panel's only words besides the axis label).
TICK_POINTS = 16
#: Room left above what is drawn on a panel with no fixed top, as a share of its top, so the axis stays
#: put while a group explores (it grows only when a line leaves it).
TOP_MARGIN = 0.15
#: The drawing style of every panel, its tick labels' size included.
PANEL_STYLE = STYLE | {"xtick.labelsize": TICK_POINTS, "ytick.labelsize": TICK_POINTS}


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


def panels_of(extra: Sequence[str]) -> tuple[str, ...]:
    """A module's panels: emissions, then what its levers move first (``extra``), then the people."""
    return tuple(dict.fromkeys((PANELS[0], *extra, *PANELS[1:])))


def is_share(outcome: str) -> bool:
    """Whether ``outcome`` is a share between 0 and 1 (its axis is fixed at 0–1)."""
    return OUTCOMES_BY_NAME[outcome].unit == "share 0-1"


class Chart:
    """One page's panels, each redrawn for each answer by drawing only what changed.

    :meth:`render` takes the reference and any pinned choices (the backdrop)
    and the group's current choice (the last line). A panel's backdrop, with
    its axes and today's practice, is built again only when it changes: the
    language, the backdrop's lines, the guess (emissions panel only), or a choice that leaves the
    panel's axis. Share panels are fixed at 0–1; the others run from 0.
    """

    def __init__(self, panels: Sequence[str] = PANELS) -> None:
        self.panels = tuple(panels)
        self._backdrops: dict[str, _Backdrop] = {}

    def render(self, lines: list[Line], lang: str, guess: float | None = None) -> list[bytes]:
        """Each panel for ``lines`` as PNG bytes, in the order of :attr:`panels`.

        Args:
            lines: the reference first, then pinned choices, then the group's
                current choice (the line that changes between calls).
            lang: ``"nb"`` or ``"en"``.
            guess: the group's predicted emission cut in per cent, marked at
                the end of the horizon on the emissions panel, or None.
        """
        *fixed, choice = lines
        shared = (lang, tuple((line.label, id(line.ensemble), line.colour, line.band) for line in fixed),
                  choice.colour)
        images = []
        with mpl.rc_context(PANEL_STYLE):
            for outcome in self.panels:
                key = (*shared, guess) if outcome == EMISSIONS else shared  # a new guess redraws one panel
                backdrop = self._backdrops.get(outcome)
                if backdrop is None or backdrop.key != key or not backdrop.holds(choice):
                    if backdrop is not None:
                        _SPARE_PANELS.append(backdrop.panel)  # the new backdrop takes it back at once
                    backdrop = self._backdrops[outcome] = _Backdrop(outcome, key, fixed, choice, lang, guess)
                images.append(backdrop.draw(choice))
        return images


@dataclass(frozen=True)
class _Panel:
    """One panel's figure, its Agg canvas and its axes."""

    figure: Figure
    canvas: FigureCanvasAgg
    ax: Axes


#: Panels no backdrop draws on, each with its axes and ticks built. Making them new took some 40 % of a
#: group's first reveal (``benchmarks/README.md``).
_SPARE_PANELS: list[_Panel] = []


def prepare_panels(count: int) -> None:
    """Draw ``count`` empty panels and keep them spare, so that a page's first chart finds its axes and their
    ticks built: a preheated kernel does this before its page is asked for."""
    with mpl.rc_context(PANEL_STYLE):
        for _ in range(count):
            panel = _new_panel()
            panel.ax.set_xlim(0, 10)
            panel.ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(5))
            panel.ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(6, integer=True))
            panel.canvas.draw()
            _SPARE_PANELS.append(panel)


def _take_panel() -> _Panel:
    """A panel with empty axes: a spare one, emptied, or else a new one.

    Two pages of one kernel may draw at once, each on its own thread: taking a spare panel is one step.
    """
    try:
        panel = _SPARE_PANELS.pop()
    except IndexError:
        return _new_panel()
    for artist in [*panel.ax.lines, *panel.ax.collections]:  # the lines, bands and choice drawn before
        artist.remove()
    panel.ax.set_autoscale_on(True)
    return panel


def _new_panel() -> _Panel:
    figure = Figure(figsize=PANEL_SIZE, dpi=DPI)
    # A fixed layout: constrained layout would double the drawing time.
    figure.subplots_adjust(left=0.2, right=0.94, top=0.92, bottom=0.24)
    return _Panel(figure, FigureCanvasAgg(figure), figure.subplots())


class _Backdrop:
    """One panel drawn with everything but the current choice, and the choice's artists to redraw on it."""

    def __init__(self, outcome: str, key: tuple, fixed: list[Line], choice: Line, lang: str, guess: float | None):
        self.outcome, self.key, self.fixed = outcome, key, fixed  # the lines keep the ids in ``key`` from reuse
        self.panel = _take_panel()
        self.figure, self.canvas, ax = self.panel.figure, self.panel.canvas, self.panel.ax
        self.ax = ax
        for line in fixed:
            _draw(ax, line, outcome)
        self.choice_line = ax.plot(choice.ensemble.years, choice.ensemble.median(outcome), color=choice.colour,
                                   animated=True)[0]
        drawn = [_extent(line, outcome) for line in [*fixed, choice]]
        if outcome == EMISSIONS:
            reference = fixed[0].ensemble
            years, bau = reference.years, reference.median("emissions_bau")
            ax.plot(years, bau, color=NO_MEASURES.colour, linestyle=NO_MEASURES.linestyle, linewidth=2)
            drawn.append(bau)
            if guess is not None:
                marked = bau[-1] * (1 - guess / 100)
                ax.plot([years[-1]], [marked], marker=GUESS.marker, markersize=20, color=GUESS.colour,
                        linestyle=GUESS.linestyle, clip_on=False)
                drawn.append(np.array([marked]))
        self.top = 1.0 if is_share(outcome) else _rounded_top(np.concatenate(drawn))
        ax.set_ylim(0, self.top)
        ax.set_xlim(0, fixed[0].ensemble.years[-1])
        ax.set_xlabel(text("chart.years", lang))
        number_axes(ax, lang)
        ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(5))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(6, integer=True))  # whole years
        self.canvas.draw()
        ax.set_autoscale_on(False)  # the limits stay as drawn: the choice's artists must not rescale them
        self.pixels = self.canvas.copy_from_bbox(self.figure.bbox)
        self.choice_band = None

    def holds(self, choice: Line) -> bool:
        """Whether ``choice`` fits inside the panel's axis as drawn."""
        extent = _extent(choice, self.outcome)
        return bool(extent.min() >= 0 and extent.max() <= self.top)

    def draw(self, choice: Line) -> bytes:
        """The backdrop with ``choice`` drawn on top, as PNG bytes."""
        self.canvas.restore_region(self.pixels)
        if self.choice_band is not None:
            self.choice_band.remove()
            self.choice_band = None
        runs = choice.ensemble
        if choice.band:
            low, high = runs.band(self.outcome)
            self.choice_band = self.ax.fill_between(runs.years, low, high, color=choice.colour, alpha=BAND_ALPHA,
                                                    linewidth=0, animated=True)
            self.ax.draw_artist(self.choice_band)
        self.choice_line.set_data(runs.years, runs.median(self.outcome))
        self.ax.draw_artist(self.choice_line)
        return png(np.asarray(self.canvas.buffer_rgba()))


def panel_title(outcome: str, lang: str) -> str:
    """A panel's heading as HTML: what it shows, then its unit, e.g. "Utslipp i alt, tonn CO2e per år"."""
    spec = OUTCOMES_BY_NAME[outcome]
    return f"{html.escape(spec.label[lang])}, <span class='gc-unit'>{html.escape(spec.unit_label(lang))}</span>"


def legend_html(lines: Sequence[Line], lang: str, guess: bool) -> str:
    """The chart's legend as HTML: each line on its own band, "no measures at all", and the guess if there is one.

    Drawn with the same colours, opacities and dashes as the panels (the band under its line, as the panels
    draw it), so a swatch looks like what it names; where two bands can overlap, the note shows their mixed
    colour beside the words that explain it.
    """
    entries = [(line.colour, _swatch(line.colour, band=True), line.label) for line in lines]
    entries.append((NO_MEASURES.colour, _swatch(NO_MEASURES.colour, dash=NO_MEASURES.dash),
                    text(NO_MEASURES.words, lang)))
    if guess:
        entries.append((GUESS.colour, _star(GUESS), text(GUESS.words, lang)))
    items = "".join(f"<span class='gc-legend-item' data-colour='{colour}'>{svg}"
                    f"<span class='gc-legend-label'>{html.escape(label)}</span></span>"
                    for colour, svg, label in entries)
    banded = [line.colour for line in lines if line.band]
    mixed = _overlap(banded[0], banded[-1]) if len(banded) > 1 else ""
    note = html.escape(text("module.legend_band", lang))
    return f"<div class='gc-legend'>{items}<span class='gc-legend-note'>{mixed}{note}</span></div>"


def _swatch(colour: str, band: bool = False, dash: str = "") -> str:
    fill = f"<rect x='0' y='3' width='40' height='16' fill='{colour}' fill-opacity='{BAND_ALPHA}'/>" if band else ""
    dashes = f" stroke-dasharray='{dash}'" if dash else ""
    return (f"<svg class='gc-swatch' width='40' height='22' viewBox='0 0 40 22' aria-hidden='true'>"
            f"{fill}<line x1='0' y1='11' x2='40' y2='11' stroke='{colour}' stroke-width='4'{dashes}/></svg>")


def _overlap(first: str, second: str) -> str:
    """Two bands overlapping, as on the panels: each colour alone at its end, their mix where they overlap."""
    return (f"<svg class='gc-swatch gc-overlap' width='40' height='22' viewBox='0 0 40 22' aria-hidden='true'>"
            f"<rect x='0' y='3' width='27' height='16' fill='{first}' fill-opacity='{BAND_ALPHA}'/>"
            f"<rect x='13' y='3' width='27' height='16' fill='{second}' fill-opacity='{BAND_ALPHA}'/></svg>")


def _star(role: Role) -> str:
    return (f"<svg class='gc-swatch' width='40' height='22' viewBox='0 0 40 22' aria-hidden='true'>"
            f"<text x='20' y='19' text-anchor='middle' font-size='24' fill='{role.colour}'>★</text></svg>")


def _draw(ax, line: Line, outcome: str) -> None:
    runs = line.ensemble
    if line.band:
        low, high = runs.band(outcome)
        ax.fill_between(runs.years, low, high, color=line.colour, alpha=BAND_ALPHA, linewidth=0)
    ax.plot(runs.years, runs.median(outcome), color=line.colour, linestyle=TODAY.linestyle)


def _extent(line: Line, outcome: str) -> np.ndarray:
    """The values ``line`` draws for ``outcome``: its median, and its band's edges when the band is shown."""
    runs = line.ensemble
    return np.concatenate([runs.median(outcome), *runs.band(outcome)]) if line.band else runs.median(outcome)


def _rounded_top(values: np.ndarray) -> float:
    """An axis top above ``values`` with room to explore, rounded to 1, 2 or 5 times a power of ten."""
    top = max(float(values.max()), 0.0) * (1 + TOP_MARGIN) or 1.0
    power = 10.0 ** np.floor(np.log10(top))
    return float(next(m * power for m in (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if m * power >= top))
