"""How a municipality's workforce is organised: service areas, units, unions, reps, ties.

Built once per run from the workforce size and the random generator. Every
employee is an individual with a service area, a unit (a nursing home, a
school, a kindergarten, an office), union membership and ties to colleagues
in the same unit; the arrays here are indexed by employee.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

#: Service area key -> names, share of the workforce and typical unit size.
#: Shares: KS, "Dette er de ansatte i kommunene" (2022): ~40/30/10/6/6 %; the
#: remaining ~8 % in other services are spread proportionally (assumption).
#: Unit sizes: assumption (a nursing home, a school, a kindergarten, an office).
SERVICE_AREAS: dict[str, dict] = {
    "health_care": {"nb": "Helse og omsorg", "en": "Health and care", "share": 0.40, "unit_size": 30},
    "schools": {"nb": "Skole", "en": "Schools", "share": 0.30, "unit_size": 40},
    "kindergartens": {"nb": "Barnehage", "en": "Kindergartens", "share": 0.10, "unit_size": 15},
    "administration": {"nb": "Administrasjon", "en": "Administration", "share": 0.06, "unit_size": 25},
    "technical": {"nb": "Tekniske tjenester", "en": "Technical services", "share": 0.06, "unit_size": 20},
}

#: Negotiating associations and their members in the KS area (the associations'
#: own pages). YS Kommune's count was not found: 40,000 is an assumption.
UNIONS: dict[str, int] = {
    "LO Kommune": 191_905,
    "Unio Kommune": 139_894,
    "YS Kommune": 40_000,
    "Akademikerne Kommune": 27_000,
}

#: Colleague ties per employee (ring lattice within the unit) and the share rewired
#: to a random colleague of the same unit (Watts-Strogatz). Assumption.
TIES_PER_EMPLOYEE = 6
REWIRING = 0.1

#: Reps per workplace by its employees: (upper bound of employees, reps). Proxy from
#: the LO-NHO basic agreement § 5-3; no KS rule was found (facts). Larger
#: workplaces keep the last row's 8 (units here stay far below 500).
REP_RATIO = ((25, 2), (50, 3), (150, 4), (300, 6), (500, 8))


@dataclass(frozen=True)
class Organisation:
    """The fixed structure of one municipality's workforce.

    Attributes:
        area: service area index of each employee.
        unit: unit index of each employee; employees of a unit are contiguous.
        member: whether each employee is a union member.
        union: union index of each member, -1 for non-members.
        unit_area: service area index of each unit.
        unit_size: employees in each unit.
        tie_from, tie_to: directed colleague ties (each tie appears both ways).
        rep_unit, rep_union: unit and union of each local rep.
    """

    area: np.ndarray
    unit: np.ndarray
    member: np.ndarray
    union: np.ndarray
    unit_area: np.ndarray
    unit_size: np.ndarray
    tie_from: np.ndarray
    tie_to: np.ndarray
    rep_unit: np.ndarray
    rep_union: np.ndarray

    @property
    def employees(self) -> int:
        return len(self.area)

    @property
    def units(self) -> int:
        return len(self.unit_size)

    @cached_property
    def colleague_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Whose mean each employee follows: CSR rows of colleagues, and each employee's weight per colleague.

        Row i lists i's colleagues (or i itself, if alone), each weighing 1 / their number, so the
        row's weighted sum is their mean. Worked out once per organisation and shared by every batch that
        runs it, so the arrays are read-only (a batch joins copies of them).

        Returns:
            ``indptr`` (employees + 1, uint64), ``colleague`` (one per tie, uint32), ``inverse_degree``.
        """
        n = self.employees
        degree = np.bincount(self.tie_to, minlength=n)
        alone = np.flatnonzero(degree == 0)
        rows = np.concatenate([self.tie_to, alone])
        cols = np.concatenate([self.tie_from, alone])
        order = np.argsort(rows * n + cols)  # row by row, each row's colleagues in ascending order (pairs are unique)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
        csr = indptr.astype(np.uint64), cols[order].astype(np.uint32), 1.0 / np.maximum(degree, 1)
        for values in csr:
            values.flags.writeable = False
        return csr


def build_organisation(employees: int, union_density: float, rng: np.random.Generator) -> Organisation:
    """Lay out ``employees`` in service areas and units, with unions, reps and ties."""
    unit_size, unit_area = unit_layout(employees)
    return organise(unit_size, unit_area, union_density, rng)


def unit_layout(employees: int) -> tuple[np.ndarray, np.ndarray]:
    """Split one municipality's ``employees`` over service areas and units: each unit's size and area."""
    headcount = _largest_remainder(employees, np.array([a["share"] for a in SERVICE_AREAS.values()]))
    unit_sizes, unit_areas = [], []
    for area, (n, spec) in enumerate(zip(headcount, SERVICE_AREAS.values(), strict=True)):
        if n == 0:
            continue
        k = max(1, round(n / spec["unit_size"]))
        unit_sizes.append(np.full(k, n // k) + (np.arange(k) < n % k))
        unit_areas.append(np.full(k, area))
    return np.concatenate(unit_sizes), np.concatenate(unit_areas)


def organise(unit_size: np.ndarray, unit_area: np.ndarray, union_density: float,
             rng: np.random.Generator) -> Organisation:
    """Fill units with employees: membership, unions, colleague ties within units and rep seats.

    The units may be those of several municipalities, one after another (the
    sector model): ties and rep seats never cross a unit.
    """
    unit = np.repeat(np.arange(len(unit_size)), unit_size)
    employees = len(unit)
    member = rng.random(employees) < union_density
    union_share = np.array(list(UNIONS.values()), dtype=float)
    union = np.where(member, rng.choice(len(UNIONS), size=employees, p=union_share / union_share.sum()), -1)

    tie_from, tie_to = _colleague_ties(unit, unit_size, rng)
    rep_unit, rep_union = _rep_seats(unit, member, union, len(unit_size), rng)
    return Organisation(
        area=unit_area[unit], unit=unit, member=member, union=union,
        unit_area=unit_area, unit_size=unit_size,
        tie_from=tie_from, tie_to=tie_to, rep_unit=rep_unit, rep_union=rep_union,
    )


def reps_for_workplace(employees: np.ndarray) -> np.ndarray:
    """Rep seats for workplaces of ``employees`` (REP_RATIO)."""
    bounds = np.array([b for b, _ in REP_RATIO])
    seats = np.array([r for _, r in REP_RATIO])
    return seats[np.minimum(np.searchsorted(bounds, employees), len(bounds) - 1)]


def _largest_remainder(total: int, shares: np.ndarray) -> np.ndarray:
    """Split ``total`` into whole numbers proportional to ``shares``."""
    exact = total * shares / shares.sum()
    counts = np.floor(exact).astype(int)
    counts[np.argsort(-(exact - counts))[: total - counts.sum()]] += 1
    return counts


def _colleague_ties(unit: np.ndarray, unit_size: np.ndarray, rng: np.random.Generator):
    """Small-world ties inside each unit: a ring lattice with some ties rewired."""
    n = len(unit)
    start = np.concatenate([[0], np.cumsum(unit_size)[:-1]])[unit]
    size = unit_size[unit]
    position = np.arange(n) - start
    sources, targets = [], []
    for step in range(1, TIES_PER_EMPLOYEE // 2 + 1):
        keep = size > step
        sources.append(np.arange(n)[keep])
        targets.append((start + (position + step) % size)[keep])
    source, target = np.concatenate(sources), np.concatenate(targets)
    rewire = rng.random(len(source)) < REWIRING
    target[rewire] = start[source[rewire]] + rng.integers(0, size[source[rewire]])
    low, high = np.minimum(source, target), np.maximum(source, target)
    pair = _sorted_unique(low[low != high].astype(np.int64) * n + high[low != high])
    low, high = pair // n, pair % n
    return np.concatenate([low, high]), np.concatenate([high, low])


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by sorting: NumPy 2's hash-based unique is ten times slower on a sector's ties."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _rep_seats(unit, member, union, units: int, rng: np.random.Generator):
    """Seats per unit from its size (none without members); each goes to the union of a random member."""
    members_in_unit = np.bincount(unit[member], minlength=units)
    seats = np.where(members_in_unit > 0, reps_for_workplace(np.bincount(unit, minlength=units)), 0)
    rep_unit = np.repeat(np.arange(units), seats)
    member_index = np.flatnonzero(member)  # sorted by unit, as employees are
    first = np.searchsorted(unit[member_index], rep_unit)
    pick = first + (rng.random(len(rep_unit)) * members_in_unit[rep_unit]).astype(int)
    return rep_unit, union[member_index[pick]]
