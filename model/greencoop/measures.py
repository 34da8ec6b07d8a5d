"""The catalogue of climate measures, read from ``data/measures.yaml``, and how measures roll out.

A municipality does not adopt a measure everywhere at once: it rolls it out
service area by service area (the nursing homes' kitchens first, the
kindergartens' later) and, for technical measures, site by site (one
building retrofitted after another). The model decides, pays for and
launches each :class:`Step` (a measure in one service area, at one site) on
its own, so a municipality has some sixty decisions to make, not thirteen,
and money, time and proposals keep mattering after the first are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from greencoop.emissions import CATEGORIES
from greencoop.files import load_yaml
from greencoop.organisation import SERVICE_AREAS

_FIELDS = {"name", "category", "abatement", "cost", "behaviour", "workload", "months_to_effect", "scope", "sites",
           "source"}


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
    sites: int
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


@dataclass(frozen=True)
class Step:
    """A measure rolled out in one service area, at one site: what the employer decides, pays for and launches.

    Attributes:
        measure: the measure.
        area: the service area (a key of ``SERVICE_AREAS``).
        site: which of the measure's sites in the area (0 for a behaviour measure).
        weight: the step's share of the measure's potential and cost: its area's share of the workforce
            among the areas the measure concerns (assumption: a category's emissions and a measure's
            cost scale with the staff who carry it), divided equally among the sites.
    """

    measure: Measure
    area: str
    site: int
    weight: float

    @property
    def key(self) -> str:
        site = f"/{self.site + 1}" if self.measure.sites > 1 else ""
        return f"{self.measure.key}/{self.area}{site}"

    def name(self, lang: str) -> str:
        """The measure's name with the service area (and site), e.g. "Less food waste ... (Health and care)"."""
        site = f", {self.site + 1}/{self.measure.sites}" if self.measure.sites > 1 else ""
        return f"{self.measure.name[lang]} ({SERVICE_AREAS[self.area][lang]}{site})"


@dataclass(frozen=True)
class Rollout:
    """Every step of every measure, with numpy columns for the model's vectorised rules.

    ``abatement`` and ``cost`` are the step's part (the measure's times the
    step's weight); ``workload`` is the measure's, spread over its sites (a
    site's implementation loads the staff at that site, a share of the area's);
    every other field is the measure's own.
    """

    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def keys(self) -> list[str]:
        return [step.key for step in self.steps]

    @property
    def category_index(self) -> np.ndarray:
        return load_catalogue().category_index[self.measure_index]

    @property
    def measure_index(self) -> np.ndarray:
        """Index in the catalogue of each step's measure."""
        keys = [m.key for m in load_catalogue().measures]
        return np.array([keys.index(step.measure.key) for step in self.steps])

    @property
    def area_index(self) -> np.ndarray:
        areas = list(SERVICE_AREAS)
        return np.array([areas.index(step.area) for step in self.steps])

    @property
    def scope_matrix(self) -> np.ndarray:
        """Boolean (service area x step): the one area whose staff carry each step."""
        matrix = np.zeros((len(SERVICE_AREAS), len(self)), dtype=bool)
        matrix[self.area_index, np.arange(len(self))] = True
        return matrix

    def column(self, field: str) -> np.ndarray:
        """One field of every step as an array (e.g. ``"abatement"``: the step's part of the measure's)."""
        values = np.array([getattr(step.measure, field) for step in self.steps])
        if field in ("abatement", "cost"):
            return values * np.array([step.weight for step in self.steps])
        if field == "workload":
            return values / np.array([step.measure.sites for step in self.steps])
        return values


@cache
def load_rollout() -> Rollout:
    """The shipped catalogue's measures, each split into one step per service area it concerns and site."""
    steps = []
    for measure in load_catalogue().measures:
        shares = np.array([SERVICE_AREAS[area]["share"] for area in measure.scope])
        for area, share in zip(measure.scope, shares / shares.sum(), strict=True):
            steps += [Step(measure, area, site, float(share) / measure.sites) for site in range(measure.sites)]
    return Rollout(tuple(steps))


@cache
def load_catalogue() -> Catalogue:
    """Read and check the shipped catalogue."""
    path = resources.files("greencoop") / "data" / "measures.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8"))
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
    if not isinstance(entry["sites"], int) or entry["sites"] < 1 or (entry["behaviour"] and entry["sites"] != 1):
        raise ValueError(f"{where}: sites must be a whole number >= 1, and 1 for a behaviour measure")
    return Measure(key=key, **{**entry, "scope": tuple(entry["scope"])})
