"""Norway's municipalities and how their population sizes the model.

The package ships the 2025 municipality list (from aprestmo/norway-geodata,
MIT licence, populations from Statistics Norway). A municipality's workforce
is its population times the KS area's ratio of municipal employees to
inhabitants, computed from that list and KS's employee count.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from greencoop.errors import ParameterError
from greencoop.text import format_number

#: Employees in the municipalities of the KS area (all but Oslo), headcount.
#: Source: KS, "Sysselsetting i kommunesektoren i tariffsammenheng".
KS_AREA_EMPLOYEES = 446_800

#: Municipalities in the KS area: all of Norway's 357 but Oslo (KS).
KS_AREA_MUNICIPALITIES = 356

#: Workforce size when neither a municipality nor a size is given: the mean KS-area municipality
#: (≈ 1,255) [derived]. The mean rather than the median (under 5,000 inhabitants, ≈ 450 employees):
#: 356 default municipalities make up the sector's workforce, and a mean-sized one has every service
#: area with several units and reps in each.
DEFAULT_EMPLOYEES = round(KS_AREA_EMPLOYEES / KS_AREA_MUNICIPALITIES)

#: Headcounts reported directly, used instead of the KS-area ratio. Oslo is
#: outside the KS area and employs far fewer per inhabitant (same KS source).
REPORTED_EMPLOYEES = {"0301": 45_100}


@dataclass(frozen=True)
class Municipality:
    """One municipality as the model sees it."""

    number: str
    name: str
    county: str
    population: int
    in_ks_area: bool

    @property
    def employees(self) -> int:
        """Municipal employees: the reported headcount, or population times the KS-area ratio."""
        if self.number in REPORTED_EMPLOYEES:
            return REPORTED_EMPLOYEES[self.number]
        return max(1, round(self.population * employees_per_inhabitant()))


@cache
def all_municipalities() -> tuple[Municipality, ...]:
    """The 357 municipalities of 2025, in the order of the shipped list."""
    path = resources.files("greencoop") / "data" / "municipalities-2025.csv"
    with path.open(encoding="utf-8") as f:
        return tuple(
            Municipality(
                number=row["kommunenummer"],
                name=row["name"],
                county=row["county"],
                population=int(row["population"]),
                in_ks_area=row["in_ks_area"] == "yes",
            )
            for row in csv.DictReader(f)
        )


@cache
def employees_per_inhabitant() -> float:
    """KS-area municipal employees per inhabitant (≈ 0.092) [derived]."""
    ks_population = sum(m.population for m in all_municipalities() if m.in_ks_area)
    return KS_AREA_EMPLOYEES / ks_population


def folded(name: str) -> str:
    """``name`` as names are matched: whatever the case and accents, with ø, æ and å written o, ae and a.

    >>> folded("Bodø") == folded("bodo") == folded("BODØ")
    True
    """
    plain = name.strip().casefold().translate(str.maketrans({"ø": "o", "æ": "ae"}))
    return "".join(c for c in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(c))


def find_municipality(query: str) -> Municipality:
    """Find a municipality by 4-digit number, name, or "Name (County)".

    Names are matched whatever the case and accents (:func:`folded`). Two names occur twice (Herøy,
    Våler); those need the county in brackets or the number.

    Raises:
        ParameterError: naming the query and suggesting close names.
    """
    query = query.strip()
    towns = all_municipalities()
    matches = _matching(query)
    if len(matches) == 1:
        return matches[0]
    if matches:
        options = ", ".join(f"'{display_name(m)}' ({m.number})" for m in matches)
        raise ParameterError(f"municipality '{query}' is ambiguous; use one of {options}")
    close_names = difflib.get_close_matches(query, sorted({m.name for m in towns}), n=3)
    close = [display_name(m) for name in close_names for m in towns if m.name == name]
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise ParameterError(
        f"unknown municipality '{query}'{hint}; give a name or 4-digit kommunenummer from the 2025 list"
    )


@cache
def _matching(query: str) -> tuple[Municipality, ...]:
    """The municipalities a (stripped) query names, worked out once per query: a sector run asks thousands of times."""
    towns = all_municipalities()
    if query.isdigit():
        return tuple(m for m in towns if m.number == query.zfill(4))
    key = folded(query)
    return tuple(m for m in towns if key in (folded(m.name), folded(display_name(m))))


def display_name(m: Municipality) -> str:
    """The name, with the county added where two municipalities share it."""
    return f"{m.name} ({m.county})" if m.name in _shared_names() else m.name


@cache
def _shared_names() -> frozenset[str]:
    """Names that more than one municipality has."""
    names = Counter(m.name for m in all_municipalities())
    return frozenset(name for name, count in names.items() if count > 1)


@dataclass(frozen=True)
class Size:
    """How big the modelled municipality is: its workforce and population."""

    employees: int
    population: int
    label: str


def size_of(municipality: str | None, employees: int | None) -> Size:
    """Resolve the ``municipality`` and ``employees`` parameters to a size.

    A municipality gives both numbers from its population; a bare workforce
    size implies the population of a municipality with that many employees;
    with neither, a typical municipality of 1,500 employees is modelled.
    """
    if municipality is not None:
        m = find_municipality(municipality)
        return Size(m.employees, m.population, display_name(m))
    n = DEFAULT_EMPLOYEES if employees is None else employees
    return Size(n, round(n / employees_per_inhabitant()), f"{format_number(n, 'en')} employees")
