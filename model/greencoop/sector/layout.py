"""Which municipalities a sector run holds: the KS area, or a sample spread over its sizes."""

from __future__ import annotations

import numpy as np

from greencoop.municipality import Municipality, all_municipalities


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
