"""The three tidy tables of a sector run: municipalities, the sector, and diffusion.

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
from greencoop.engine.results import Results, last_twelve
from greencoop.measures import load_catalogue, load_rollout
from greencoop.municipality import Municipality, display_name
from greencoop.outcomes import OUTCOMES, Outcome
from greencoop.sector.national import NationalCouplings

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


@dataclass(frozen=True)
class SectorResults:
    """The three tidy tables of a sector run; units of every column in ``units``."""

    municipalities: pd.DataFrame
    sector: pd.DataFrame
    diffusion: pd.DataFrame

    @property
    def units(self) -> dict[str, str]:
        return self.sector.attrs["units"]


def tables(results: Results, municipalities: tuple[Municipality, ...], national: NationalCouplings,
           commitment: np.ndarray, in_programme: np.ndarray) -> SectorResults:
    """Derive every outcome, for all municipalities and months at once.

    Args:
        results: the engine's results, one run per municipality.
        municipalities: the municipalities, in run order.
        national: the run's national couplings (the grants' record).
        commitment: each municipality's leadership commitment (after any programme).
        in_programme: whether each municipality is in the KS programme.
    """
    rows, count, record, runs = results.rows, len(municipalities), results.record, results.runs
    month = np.arange(rows)
    adopted = results.adopted_by()  # (month x municipality x measure)
    employees, reps = runs.employees, runs.reps
    items = record.items[:rows]
    item_share = results.item_share()
    standing = last_twelve(items > 0) >= STANDING_ITEM_MEETINGS
    grants_asked, grants_received = national.grants_asked[:rows], national.grants_received[:rows]

    def flat(values: np.ndarray) -> np.ndarray:  # (month x municipality) -> (municipality-month)
        return np.swapaxes(values, 0, 1).reshape(rows * count, *values.shape[2:])

    def by_month(values: np.ndarray) -> np.ndarray:  # (municipality x month) -> the sector's total per month
        return values.sum(axis=0)

    outcomes = results.outcomes()
    described = {
        "kommunenummer": np.repeat([m.number for m in municipalities], rows),
        "municipality": np.repeat([display_name(m) for m in municipalities], rows),
        "employees": np.repeat(employees, rows), "reps": np.repeat(reps, rows),
        "population": np.repeat(runs.population.astype(int), rows), "commitment": np.repeat(commitment, rows),
        "ks_programme": np.repeat(in_programme, rows),
    }
    municipalities_table = pd.DataFrame(described | {name: values.ravel() for name, values in outcomes.items()} | {
        "grants_asked": flat(grants_asked), "grants_received": flat(grants_received),
        "climate_standing": flat(standing),
    })

    totals = record.emissions[:rows].sum(axis=1)
    bau = np.full(rows, results.baseline.sum())
    in_force = adopted & results.behaviour
    uptake = (record.effect[:rows] * in_force).sum(axis=2) / np.maximum(in_force.sum(axis=2), 1)
    staff = record.staff[:rows].sum(axis=1) / employees.sum()
    sector = pd.DataFrame({
        "month": month,
        **{f"emissions_{key}": totals[:, i] for i, key in enumerate(CATEGORIES)},
        "emissions_total": totals.sum(axis=1),
        "emissions_bau": bau,
        "reduction": bau - totals.sum(axis=1),
        "reduction_pct": 100.0 * (bau - totals.sum(axis=1)) / bau,
        "ideas_raised": by_month(outcomes["ideas_raised"]),
        "measures_proposed": record.reps[:rows, :, 0].sum(axis=1).astype(int),
        "proposals_tabled": by_month(outcomes["proposals_tabled"]),
        "measures_adopted": adopted.sum(axis=(1, 2)),
        "measures_adopted_from_proposals": by_month(outcomes["measures_adopted_from_proposals"]),
        "measures_adopted_from_employer": by_month(outcomes["measures_adopted_from_employer"]),
        "measures_in_use": record.effect[:rows].sum(axis=(1, 2)),
        "behaviour_uptake": uptake @ employees / employees.sum(),
        "engagement": staff[:, 0], "trust": staff[:, 1], "concern": staff[:, 2], "workload": staff[:, 3],
        "rep_climate_hours": record.reps[:rows, :, 1].sum(axis=1),
        "reps_on_climate": record.reps[:rows, :, 2] @ reps / reps.sum(),
        "climate_item_share": item_share.mean(axis=1),
        "budget_left": record.budget[:rows].sum(axis=1),
        "grants_asked": grants_asked.sum(axis=1),
        "grants_received": grants_received.sum(axis=1),
        "climate_standing": standing.mean(axis=1),
    })

    measure_keys = [m.key for m in load_catalogue().measures]
    steps_of = np.eye(len(measure_keys))[load_rollout().measure_index]  # (step x measure)
    rolled_out = adopted @ (steps_of / steps_of.sum(axis=0))  # share of each measure's steps, per municipality
    diffusion = pd.DataFrame({
        "month": np.repeat(month, len(measure_keys)),
        "measure": np.tile(measure_keys, rows),
        "adopted_share": rolled_out.mean(axis=1).ravel(),
    })
    units = {o.name: o.unit for o in SECTOR_OUTCOMES_BY_NAME.values()} | {
        "employees": "employees", "reps": "reps", "population": "inhabitants", "commitment": "share 0-1",
        "adopted_share": "share 0-1",
    }
    for frame in (municipalities_table, sector, diffusion):
        frame.attrs["units"] = units
        frame.attrs["municipalities"] = count
        frame.attrs["employees"] = int(employees.sum())
    return SectorResults(municipalities_table, sector, diffusion)
