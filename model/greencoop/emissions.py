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


def emissions_by_category(baseline: np.ndarray, category: np.ndarray, abatement: np.ndarray,
                          effect: np.ndarray) -> np.ndarray:
    """Emissions by category after measures, t CO2e per year.

    Measures in one category combine multiplicatively: each removes its share
    of what the others left, so emissions never go below zero.

    Args:
        baseline: business-as-usual emissions by category (one row per municipality, or one municipality).
        category: category index of each measure.
        abatement: share of its category each measure removes at full effect.
        effect: how far each measure is in effect now, 0-1 (rows matching ``baseline``).
    """
    remaining = np.ones(baseline.shape)
    np.multiply.at(remaining.T, category, (1.0 - abatement * effect).T)
    return baseline * remaining
