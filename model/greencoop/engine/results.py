"""What the engine records each month, and the tidy results derived from it.

The engine writes raw state only (month 0 is the start); every outcome of
:data:`greencoop.outcomes.OUTCOMES` is derived once, for all runs and months
together. Adoption is permanent, so which measures were adopted by each month
follows from their adoption months. Tables (pandas) are made only when asked
for: the workshop's pages read the outcome arrays and never load pandas.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from greencoop.emissions import CATEGORIES
from greencoop.engine.runs import RunSet
from greencoop.outcomes import OUTCOMES, outcome_columns

if TYPE_CHECKING:
    import pandas as pd

#: Other items on each monthly cooperation meeting's agenda: wages, staffing,
#: working environment, budget (assumption).
OTHER_ITEMS_PER_MEETING = 4


class Record:
    """Raw state of every run, one row per month (month x run x ...)."""

    def __init__(self, months: int, runs: int, measures: int):
        shape = (months + 1, runs)
        #: Emissions by category, t CO2e/year.
        self.emissions = np.zeros((*shape, len(CATEGORIES)))
        #: How far each measure is in effect, 0-1.
        self.effect = np.zeros((*shape, measures))
        #: Sums over employees of engagement, trust, concern and workload.
        self.staff = np.zeros((*shape, 4))
        #: Proposals so far, reps' climate hours (sum), share of reps on climate.
        self.reps = np.zeros((*shape, 3))
        #: Climate items at this month's meeting (0 without a climate item).
        self.items = np.zeros(shape)
        #: Unspent climate budget, NOK.
        self.budget = np.zeros(shape)
        #: New climate ideas reaching the reps this month, their members' and their own (0 at the start).
        self.ideas = np.zeros(shape)
        #: Proposals tabled at a cooperation meeting so far, each counted at its first meeting.
        self.tabled = np.zeros(shape)

    @classmethod
    def joined(cls, parts: Sequence[Record]) -> Record:
        """The records of batches run apart, side by side along the run axis (all of the same months)."""
        record = cls.__new__(cls)
        for name in vars(parts[0]):
            setattr(record, name, np.concatenate([getattr(part, name) for part in parts], axis=1))
        return record


class Results:
    """The recorded months of a batch, and every outcome derived from them.

    Args:
        record: what the engine wrote down.
        months_recorded: the last month written.
        runs: the batch.
        horizon: each run's last month (a run's table stops there).
        baseline: (run x category) business-as-usual emissions.
        adopted_month: (run x measure) month each measure was adopted, -1 if not.
        adopted_from_proposal: (run x measure) whether an adopted measure came from the reps' proposals
            (else it was the employer's own initiative).
        behaviour: which measures are behaviour measures.
    """

    def __init__(self, record: Record, months_recorded: int, runs: RunSet, horizon: np.ndarray,
                 baseline: np.ndarray, adopted_month: np.ndarray, adopted_from_proposal: np.ndarray,
                 behaviour: np.ndarray):
        self.record = record
        self.rows = months_recorded + 1
        self.runs = runs
        self.horizon = np.minimum(horizon, months_recorded)
        self.baseline = baseline
        self.adopted_month = adopted_month
        self.adopted_from_proposal = adopted_from_proposal
        self.behaviour = behaviour

    @classmethod
    def joined(cls, parts: Sequence[Results], runs: RunSet) -> Results:
        """The results of batches run apart, as those of one batch: ``runs`` are the parts' runs, in order.

        Every part must have been stepped through the same months (``Engine(months=...)``), as one
        batch steps every run to its longest horizon.
        """
        if len({part.rows for part in parts}) > 1:
            raise ValueError("results can be joined only over the same months")
        return cls(Record.joined([part.record for part in parts]), parts[0].rows - 1, runs,
                   *(np.concatenate([getattr(part, name) for part in parts])
                     for name in ("horizon", "baseline", "adopted_month", "adopted_from_proposal")),
                   parts[0].behaviour)

    def item_share(self) -> np.ndarray:
        """(month x run) climate items' share of the meetings' agendas over the last 12 months."""
        items = last_twelve(self.record.items[: self.rows])
        return items / (items + 12 * OTHER_ITEMS_PER_MEETING)

    def adopted_by(self) -> np.ndarray:
        """(month x run x measure) whether each measure had been adopted by each month."""
        month = np.arange(self.rows)
        return (self.adopted_month >= 0) & (self.adopted_month <= month[:, None, None])

    def outcomes(self, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Outcomes by name, each (run x month) over every recorded month."""
        rows, count, record = self.rows, len(self.runs), self.record

        def flat(values: np.ndarray) -> np.ndarray:  # (month x run ...) -> (run-month ...)
            return np.swapaxes(values, 0, 1).reshape(rows * count, *values.shape[2:])

        reps = np.concatenate([record.reps[:rows], self.item_share()[..., None]], axis=2)
        adopted = self.adopted_by()
        chain = np.stack([np.cumsum(record.ideas[:rows], axis=0), record.tabled[:rows]], axis=2)
        columns = outcome_columns(
            np.tile(np.arange(rows), count), flat(record.emissions[:rows]), np.repeat(self.baseline.sum(axis=1), rows),
            flat(record.effect[:rows]), flat(adopted), flat(adopted & self.adopted_from_proposal), self.behaviour,
            flat(record.staff[:rows] / self.runs.employees[:, None]), flat(reps), flat(chain),
            flat(record.budget[:rows]),
        )
        wanted = [o.name for o in OUTCOMES] if names is None else list(names)
        return {name: columns[name].reshape(count, rows) for name in wanted}

    def frame(self, run: int = 0) -> pd.DataFrame:
        """One run's tidy results: a row per month up to its horizon, a column per outcome; units in ``attrs``."""
        return self.frames([run])[0]

    def frames(self, runs: Iterable[int] | None = None) -> list[pd.DataFrame]:
        """Tidy results of several runs (all by default), one table each."""
        import pandas as pd

        outcomes = self.outcomes()
        chosen = range(len(self.runs)) if runs is None else runs
        frames = []
        for r in chosen:
            end = self.horizon[r] + 1
            frame = pd.DataFrame({name: values[r, :end] for name, values in outcomes.items()})
            frame.attrs |= {"units": {o.name: o.unit for o in OUTCOMES}, "municipality": self.runs.labels[r],
                            "employees": int(self.runs.employees[r]), "population": int(self.runs.population[r])}
            frames.append(frame)
        return frames


def last_twelve(values: np.ndarray) -> np.ndarray:
    """Sum over the last 12 months, this one included, along the first (month) axis."""
    running = np.cumsum(values, axis=0, dtype=float)
    earlier = np.zeros_like(running)
    earlier[12:] = running[:-12]
    return running - earlier
