"""The look every greencoop chart shares: palette, band, type sizes and the words on the charts.

Kept apart from :mod:`greencoop.charts.bands` (which draws with pyplot) so that the
workshop's kernels, which draw with matplotlib's object API only, can use it
without importing pyplot.
"""

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

#: Share of runs inside the drawn band: the middle 80 %.
BAND = (0.1, 0.9)

TEXT = {
    "years": {"nb": "År", "en": "Years"},
    "band": {"nb": "80 % av kjøringene", "en": "80 % of runs"},
    "bau": {"nb": "Ingen tiltak i det hele tatt", "en": "No measures at all"},
    "model": {"nb": "Modellen: median og 80 % av kjøringene", "en": "Model: median and 80 % of runs"},
    "predicted": {"nb": "Gruppens spådom", "en": "The group's prediction"},
    "reference": {"nb": "Utgangspunktet (standardvalgene)", "en": "Starting point (default choices)"},
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
