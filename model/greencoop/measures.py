"""The catalogue of climate measures, read from ``data/measures.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml

from greencoop.emissions import CATEGORIES
from greencoop.organisation import SERVICE_AREAS

_FIELDS = {"name", "category", "abatement", "cost", "behaviour", "workload", "months_to_effect", "scope", "source"}


@dataclass(frozen=True)
class Measure:
    """One climate measure; see ``data/measures.yaml`` for the fields' meaning."""

    key: str
    name: dict[str, str]
    category: str
    abatement: float
    cost: float
    behaviour: bool
    workload: float
    months_to_effect: int
    scope: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Catalogue:
    """All measures, with numpy columns for the model's vectorised rules."""

    measures: tuple[Measure, ...]

    def __len__(self) -> int:
        return len(self.measures)

    @property
    def category_index(self) -> np.ndarray:
        keys = list(CATEGORIES)
        return np.array([keys.index(m.category) for m in self.measures])

    @property
    def scope_matrix(self) -> np.ndarray:
        """Boolean (service area x measure): whose staff carry each measure."""
        areas = list(SERVICE_AREAS)
        matrix = np.zeros((len(areas), len(self)), dtype=bool)
        for j, m in enumerate(self.measures):
            matrix[[areas.index(a) for a in m.scope], j] = True
        return matrix

    def column(self, field: str) -> np.ndarray:
        """One field of every measure as an array (e.g. ``"abatement"``)."""
        return np.array([getattr(m, field) for m in self.measures])


@cache
def load_catalogue() -> Catalogue:
    """Read and check the shipped catalogue."""
    path = resources.files("greencoop") / "data" / "measures.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Catalogue(tuple(_measure(key, entry) for key, entry in raw.items()))


def _measure(key: str, entry: dict) -> Measure:
    where = f"measures.yaml: measure '{key}'"
    if set(entry) != _FIELDS:
        raise ValueError(f"{where}: fields must be exactly {sorted(_FIELDS)}, got {sorted(entry)}")
    if entry["category"] not in CATEGORIES:
        raise ValueError(f"{where}: category must be one of {list(CATEGORIES)}")
    unknown_areas = set(entry["scope"]) - set(SERVICE_AREAS)
    if unknown_areas:
        raise ValueError(f"{where}: scope has unknown service areas {sorted(unknown_areas)}")
    if not 0 <= entry["abatement"] <= 1 or not 0 <= entry["workload"] <= 1:
        raise ValueError(f"{where}: abatement and workload must be between 0 and 1")
    return Measure(key=key, **{**entry, "scope": tuple(entry["scope"])})
