"""Emission categories of a municipality's own operations and their baseline.

The footprint of all municipal activity is about 1,053 kg CO2e per inhabitant
(Asplan Viak 2018), so a municipality's business-as-usual emissions are its
population times that figure, split over five categories. Food is 3 %:
Fredrikstad's municipal food purchases are ≈ 2,400 t CO2e, 2.7 % of its
modelled footprint [derived], and food in health and care alone is ≈ 150,000 t
of the sector's 5.8 Mt, 2.6 % (Asplan Viak 2018). The rest of the split is an
assumption informed by the same report (buildings, construction and goods
dominate, then energy) and CICERO's account of Oslo (purchased goods and
services are the largest source).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Category key -> (Bokmål, English) names.
CATEGORIES: dict[str, dict[str, str]] = {
    "buildings_energy": {"nb": "Energi i bygg", "en": "Buildings' energy"},
    "transport": {"nb": "Transport og reiser", "en": "Transport and travel"},
    "procurement": {"nb": "Innkjøp og bygging", "en": "Procurement and construction"},
    "food": {"nb": "Mat og matsvinn", "en": "Food and food waste"},
    "waste": {"nb": "Avfall", "en": "Waste"},
}

#: Share of the municipal footprint in each category (assumption, see module docstring).
CATEGORY_SHARES = np.array([0.20, 0.12, 0.61, 0.03, 0.04])


def baseline_emissions(population, per_inhabitant) -> np.ndarray:
    """Business-as-usual emissions by category, t CO2e per year, in CATEGORIES order (one row per run if arrays)."""
    return population * per_inhabitant * CATEGORY_SHARES


@njit(cache=True, nogil=True)
def emissions_by_category(baseline, category, abatement, effect, emissions):
    """Emissions by category after measures, t CO2e per year, written into ``emissions`` (run x category).

    Measures in one category combine multiplicatively: each removes its share
    of what the others left, so emissions never go below zero. The product is
    taken in catalogue order.

    Args:
        baseline: (run x category) business-as-usual emissions.
        category: category index of each measure.
        abatement: share of its category each measure removes at full effect.
        effect: (run x measure) how far each measure is in effect now, 0-1.
        emissions: (run x category) the result.
    """
    remaining = np.empty(baseline.shape[1])
    for r in range(baseline.shape[0]):
        remaining[:] = 1.0
        for k in range(len(category)):
            remaining[category[k]] *= 1.0 - abatement[k] * effect[r, k]
        for c in range(baseline.shape[1]):
            emissions[r, c] = baseline[r, c] * remaining[c]
