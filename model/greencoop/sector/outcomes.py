"""What a sector run records, and its three tidy tables: municipalities, the sector, and diffusion.

- ``municipalities``: one row per municipality per month, with every outcome
  of a single run (:data:`greencoop.outcomes.OUTCOMES`) and the sector's own
  (:data:`SECTOR_OUTCOMES`).
- ``sector``: one row per month; totals are sums over municipalities, shares
  and means are weighted by what they are shares of (employees, reps,
  municipalities).
- ``diffusion``: one row per month per measure: the share of municipalities
  that have adopted it, which shows how fast a practice travels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greencoop.emissions import CATEGORIES
from greencoop.model import OTHER_ITEMS_PER_MEETING
from greencoop.outcomes import OUTCOMES, Outcome, outcome_columns
from greencoop.sector.layout import SectorLayout

#: Climate counts as a standing item in a municipality's cooperation when it had
#: items at this many meetings or more in the last 12 months: at least twice a
#: year, e.g. with the budget and the annual report (assumption).
STANDING_ITEM_MEETINGS = 2

SECTOR_OUTCOMES: tuple[Outcome, ...] = (
    Outcome("grants_asked", "NOK", {"nb": "Søkt om i tilskudd (sum)", "en": "Grants applied for (cumulative)"}),
    Outcome("grants_received", "NOK", {"nb": "Tilskudd mottatt (sum)", "en": "Grants received (cumulative)"}),
    Outcome("climate_standing", "share 0-1", {"nb": "Klima fast på sakslista i partssamarbeidet",
                                              "en": "Climate a standing item in local cooperation"}),
)
SECTOR_OUTCOMES_BY_NAME: dict[str, Outcome] = {o.name: o for o in (*OUTCOMES, *SECTOR_OUTCOMES)}


class SectorRecorder:
    """Raw state of every municipality, written each month (month 0 is the start)."""

    def __init__(self, months: int, municipalities: int, measures: int):
        rows = months + 1
        shape = (rows, municipalities)
        self.emissions = np.zeros((*shape, len(CATEGORIES)))
        self.effect = np.zeros((*shape, measures))
        #: Sums over employees of engagement, trust, concern and workload.
        self.staff = np.zeros((*shape, 4))
        #: Proposals so far, reps' climate hours, share of reps on climate.
        self.reps = np.zeros((*shape, 3))
        #: Climate items at this month's meeting (0 without a climate item).
        self.items = np.zeros(shape)
        self.budget = np.zeros(shape)
        self.grants_asked = np.zeros(shape)
        self.grants_received = np.zeros(shape)


@dataclass(frozen=True)
class SectorResults:
    """The three tidy tables of a sector run; units of every column in ``units``."""

    municipalities: pd.DataFrame
    sector: pd.DataFrame
    diffusion: pd.DataFrame

    @property
    def units(self) -> dict[str, str]:
        return self.sector.attrs["units"]


def tables(record: SectorRecorder, months_recorded: int, layout: SectorLayout, baseline: np.ndarray,
           adopted_month: np.ndarray, behaviour: np.ndarray, measure_keys: list[str], commitment: np.ndarray,
           in_programme: np.ndarray) -> SectorResults:
    """Derive every outcome, for all municipalities and months at once.

    Args:
        record: what the run wrote down.
        months_recorded: the last month written.
        layout: the municipalities.
        baseline: (municipality x category) business-as-usual emissions.
        adopted_month: (municipality x measure) month each measure was adopted, -1 if not.
        behaviour: which measures are behaviour measures.
        measure_keys: the measures' keys, in catalogue order.
        commitment: each municipality's leadership commitment (after any programme).
        in_programme: whether each municipality is in the KS programme.
    """
    rows, count = months_recorded + 1, len(layout)
    month = np.arange(rows)
    adopted = (adopted_month >= 0) & (adopted_month <= month[:, None, None])  # (month x municipality x measure)
    employees, reps = layout.employees, layout.reps
    items = record.items[:rows]
    items_last_year = _last_twelve(items)
    item_share = items_last_year / (items_last_year + 12 * OTHER_ITEMS_PER_MEETING)
    standing = _last_twelve(items > 0) >= STANDING_ITEM_MEETINGS
    reps_record = np.concatenate([record.reps[:rows], item_share[..., None]], axis=2)

    def flat(values: np.ndarray) -> np.ndarray:  # (month x municipality ...) -> (municipality-month ...)
        return np.swapaxes(values, 0, 1).reshape(rows * count, *values.shape[2:])

    columns = outcome_columns(
        np.tile(month, count), flat(record.emissions[:rows]), np.repeat(baseline.sum(axis=1), rows),
        flat(record.effect[:rows]), flat(adopted), behaviour, flat(record.staff[:rows] / employees[:, None]),
        flat(reps_record), flat(record.budget[:rows]),
    )
    described = {
        "kommunenummer": np.repeat(layout.numbers, rows), "municipality": np.repeat(layout.names, rows),
        "employees": np.repeat(employees, rows), "reps": np.repeat(reps, rows),
        "population": np.repeat(layout.population, rows), "commitment": np.repeat(commitment, rows),
        "ks_programme": np.repeat(in_programme, rows),
    }
    municipalities = pd.DataFrame(described | columns | {
        "grants_asked": flat(record.grants_asked[:rows]),
        "grants_received": flat(record.grants_received[:rows]),
        "climate_standing": flat(standing),
    })

    totals = record.emissions[:rows].sum(axis=1)
    bau = np.full(rows, baseline.sum())
    in_force = adopted & behaviour
    uptake = (record.effect[:rows] * in_force).sum(axis=2) / np.maximum(in_force.sum(axis=2), 1)
    staff = record.staff[:rows].sum(axis=1) / employees.sum()
    sector = pd.DataFrame({
        "month": month,
        **{f"emissions_{key}": totals[:, i] for i, key in enumerate(CATEGORIES)},
        "emissions_total": totals.sum(axis=1),
        "emissions_bau": bau,
        "reduction": bau - totals.sum(axis=1),
        "reduction_pct": 100.0 * (bau - totals.sum(axis=1)) / bau,
        "measures_proposed": record.reps[:rows, :, 0].sum(axis=1).astype(int),
        "measures_adopted": adopted.sum(axis=(1, 2)),
        "measures_in_use": record.effect[:rows].sum(axis=(1, 2)),
        "behaviour_uptake": uptake @ employees / employees.sum(),
        "engagement": staff[:, 0], "trust": staff[:, 1], "concern": staff[:, 2], "workload": staff[:, 3],
        "rep_climate_hours": record.reps[:rows, :, 1].sum(axis=1),
        "reps_on_climate": record.reps[:rows, :, 2] @ reps / reps.sum(),
        "climate_item_share": item_share.mean(axis=1),
        "budget_left": record.budget[:rows].sum(axis=1),
        "grants_asked": record.grants_asked[:rows].sum(axis=1),
        "grants_received": record.grants_received[:rows].sum(axis=1),
        "climate_standing": standing.mean(axis=1),
    })

    diffusion = pd.DataFrame({
        "month": np.repeat(month, len(measure_keys)),
        "measure": np.tile(measure_keys, rows),
        "adopted_share": adopted.mean(axis=1).ravel(),
    })
    units = {o.name: o.unit for o in SECTOR_OUTCOMES_BY_NAME.values()} | {
        "employees": "employees", "reps": "reps", "population": "inhabitants", "commitment": "share 0-1",
        "adopted_share": "share 0-1",
    }
    for frame in (municipalities, sector, diffusion):
        frame.attrs["units"] = units
        frame.attrs["municipalities"] = count
        frame.attrs["employees"] = int(employees.sum())
    return SectorResults(municipalities, sector, diffusion)


def _last_twelve(values: np.ndarray) -> np.ndarray:
    """Sum over the last 12 months, this one included, along the first (month) axis."""
    running = np.cumsum(values, axis=0, dtype=float)
    earlier = np.zeros_like(running)
    earlier[12:] = running[:-12]
    return running - earlier
