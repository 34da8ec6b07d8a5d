"""Which municipalities a sector run holds, and their workforces laid end to end.

Employees, units and local reps of every municipality are concatenated into
one :class:`~greencoop.organisation.Organisation`: municipality after
municipality, so each municipality's employees (and its units, and its reps)
are one contiguous block, and per-municipality sums are one
``np.add.reduceat`` over the block starts. Colleague ties and rep seats stay
within a unit, so within a municipality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greencoop.municipality import Municipality, all_municipalities, display_name
from greencoop.organisation import Organisation, organise, unit_layout


def ks_municipalities() -> tuple[Municipality, ...]:
    """The 356 municipalities of the KS area (all but Oslo), in the order of the shipped list."""
    return tuple(m for m in all_municipalities() if m.in_ks_area)


def sample_municipalities(count: int | None) -> tuple[Municipality, ...]:
    """``count`` KS-area municipalities spread evenly over the range of sizes (all if None).

    The sample is the same every time: municipalities at evenly spaced ranks
    of population, smallest and largest included, so a small sample still
    spans small rural municipalities and cities.

    Raises:
        ValueError: if ``count`` is not between 1 and 356.
    """
    everyone = ks_municipalities()
    if count is None:
        return everyone
    if not 1 <= count <= len(everyone):
        raise ValueError(f"a sample must hold 1 to {len(everyone)} municipalities, got {count}")
    by_size = sorted(everyone, key=lambda m: (m.population, m.number))
    ranks = np.unique(np.linspace(0, len(everyone) - 1, count).round().astype(int))
    chosen = {by_size[r].number for r in ranks}
    return tuple(m for m in everyone if m.number in chosen)


@dataclass(frozen=True)
class SectorLayout:
    """The municipalities of a run and where each one's people sit in the concatenated arrays.

    Attributes:
        municipalities: the municipalities, in run order.
        org: every employee, unit and rep of all of them, municipality after municipality.
        employee_start, unit_start, rep_start: first index of each municipality's
            block (employees, units, reps).
        employee_municipality, unit_municipality, rep_municipality: municipality
            index of each employee, unit and rep.
    """

    municipalities: tuple[Municipality, ...]
    org: Organisation
    employee_start: np.ndarray
    unit_start: np.ndarray
    rep_start: np.ndarray
    employee_municipality: np.ndarray
    unit_municipality: np.ndarray
    rep_municipality: np.ndarray

    def __len__(self) -> int:
        return len(self.municipalities)

    @property
    def employees(self) -> np.ndarray:
        """Employees of each municipality."""
        return np.diff(np.append(self.employee_start, self.org.employees))

    @property
    def reps(self) -> np.ndarray:
        """Local reps of each municipality."""
        return np.bincount(self.rep_municipality, minlength=len(self))

    @property
    def population(self) -> np.ndarray:
        return np.array([m.population for m in self.municipalities])

    @property
    def names(self) -> list[str]:
        return [display_name(m) for m in self.municipalities]

    @property
    def numbers(self) -> list[str]:
        return [m.number for m in self.municipalities]


def lay_out(municipalities: tuple[Municipality, ...], union_density: float,
            rng: np.random.Generator) -> SectorLayout:
    """Build the workforce of every municipality, sized from its population, as one organisation."""
    layouts = [unit_layout(m.employees) for m in municipalities]
    units_each = np.array([len(sizes) for sizes, _ in layouts])
    unit_size = np.concatenate([sizes for sizes, _ in layouts])
    org = organise(unit_size, np.concatenate([areas for _, areas in layouts]), union_density, rng)
    index = np.arange(len(municipalities))
    unit_municipality = np.repeat(index, units_each)
    employee_municipality = unit_municipality[org.unit]
    rep_municipality = unit_municipality[org.rep_unit]
    return SectorLayout(
        municipalities=tuple(municipalities),
        org=org,
        employee_start=_starts(employee_municipality, len(index)),
        unit_start=_starts(unit_municipality, len(index)),
        rep_start=_starts(rep_municipality, len(index)),
        employee_municipality=employee_municipality,
        unit_municipality=unit_municipality,
        rep_municipality=rep_municipality,
    )


def _starts(block_of: np.ndarray, blocks: int) -> np.ndarray:
    """First index of each block in an array sorted by block."""
    return np.searchsorted(block_of, np.arange(blocks))
