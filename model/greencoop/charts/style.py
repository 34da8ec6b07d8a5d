"""The look every greencoop chart shares: palette, band, type sizes and numbers on the axes.

Kept apart from :mod:`greencoop.charts.bands` (which draws with pyplot) so that the
workshop's kernels, which draw with matplotlib's object API only, can use it
without importing pyplot. The words on the charts are in the text catalogue
(:mod:`greencoop.text`, section ``chart``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.ticker import Formatter

from greencoop.text import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

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
