"""Charts a room can read from a projector: ensembles as a median and a band.

Colours are the Okabe-Ito palette (distinguishable with the common forms of
colour blindness), type is large, every chart says what it shows and carries
its unit on the axis, and the spread across seeds is drawn, never hidden.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from greencoop.outcomes import OUTCOMES_BY_NAME

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

#: Share of runs inside the drawn band: the middle 80 %.
BAND = (0.1, 0.9)

TEXT = {
    "years": {"nb": "År", "en": "Years"},
    "band": {"nb": "80 % av kjøringene", "en": "80 % of runs"},
    "bau": {"nb": "Ingen tiltak i det hele tatt", "en": "No measures at all"},
}

STYLE = {
    "font.size": 16,
    "axes.titlesize": 20,
    "axes.labelsize": 17,
    "legend.fontsize": 15,
    "lines.linewidth": 3,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


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
                    label=TEXT["bau"][lang])
        ax.fill_between([], [], [], color="#999999", alpha=0.25, label=TEXT["band"][lang])
        ax.set_title(spec.label[lang])
        ax.set_xlabel(TEXT["years"][lang])
        ax.set_ylabel(spec.unit_label(lang))
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2)
    return ax
