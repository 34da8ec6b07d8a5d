"""The look every greencoop chart shares: palette, band, type sizes and numbers on the axes.

Kept apart from :mod:`greencoop.charts.bands` (which draws with pyplot) so that the
workshop's kernels, which draw with matplotlib's object API only, can use it
without importing pyplot. The words on the charts are in the text catalogue
(:mod:`greencoop.text`, section ``chart``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.ticker import Formatter

from greencoop.text import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")



@dataclass(frozen=True)
class Role:
    """How one role looks on every chart and legend: the app, the dashboard, the debrief, the handouts.

    Attributes:
        colour: the line's, band's and marker's colour.
        linestyle: Matplotlib's line style ("-" solid, "--" dashed, "none" for a marker only).
        marker: the marker drawn for a single value (a guess, a group's result), or "".
        words: the key of its name in the text catalogue (section ``role``).
    """

    colour: str
    linestyle: str
    marker: str
    words: str

    @property
    def dash(self) -> str:
        """The line style as an SVG ``stroke-dasharray`` (empty for a solid line)."""
        return "8 5" if self.linestyle == "--" else ""


#: Today's practice: the declared defaults, what every module starts at and compares against.
TODAY = Role(PALETTE[0], "-", "o", "role.today")
#: The group's own choice.
CHOICE = Role(PALETTE[1], "-", "o", "role.choice")
#: The same municipality with no climate measures at all (the model's business as usual).
NO_MEASURES = Role("#555555", "--", "", "role.no_measures")
#: The group's guess, written before it saw the result.
GUESS = Role(PALETTE[5], "none", "*", "role.guess")
#: Further choices a group keeps for comparison in the sandbox, in the order kept.
COMPARED = (PALETTE[2], PALETTE[3], PALETTE[4], PALETTE[7])
#: Every role by name, for tests and legends.
ROLES = {"today": TODAY, "choice": CHOICE, "no_measures": NO_MEASURES, "guess": GUESS}
#: Opacity of a band (the middle 80 % of runs) drawn in its line's colour.
BAND_ALPHA = 0.25

#: Share of runs inside the drawn band: the middle 80 %.
BAND = (0.1, 0.9)

STYLE = {
    "font.size": 16,
    "axes.titlesize": 20,
    "axes.labelsize": 17,
    "legend.fontsize": 15,
    "lines.linewidth": 3,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class NumberFormatter(Formatter):
    """Tick labels as ``lang`` writes numbers, every tick of an axis with the same decimals.

    The decimals are the fewest (up to three) that show each tick exactly:
    ``0,0 0,2 … 1,0`` on a share axis, ``1 500 2 000`` on an emissions axis.
    """

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_number(x, self.lang, _decimals([x]))

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        decimals = _decimals(values)
        return [format_number(value, self.lang, decimals) for value in values]


def number_axes(ax: Axes, lang: str) -> None:
    """Write the numbers on both of ``ax``'s axes as ``lang`` does (decimal comma in Bokmål)."""
    ax.xaxis.set_major_formatter(NumberFormatter(lang))
    ax.yaxis.set_major_formatter(NumberFormatter(lang))


def _decimals(values: Sequence[float], most: int = 3) -> int:
    return next((d for d in range(most) if all(abs(v - round(v, d)) < 1e-9 * max(1.0, abs(v)) for v in values)),
                most)
