"""Random numbers: one stream per run and per mechanism.

Every random draw of the model comes from the stream of one run (a
municipality, a seed and a parameter set) and one mechanism (colleague
ties, staff's starting values, ideas, the reps' month, proposals, the
employer, take-up of measures). Each stream is derived from the run's seed
and place alone, so:

- a run draws the same numbers whether it runs alone, in a batch of 50, on
  another worker or on a Dask cluster: its results are bit-identical;
- changing a lever that changes how many draws one mechanism makes leaves
  every other mechanism's draws untouched, so two choices compared on the same
  seeds (common random numbers) differ by the lever's effect, not by a
  reshuffled history.

Mechanisms also draw a fixed number of values each month wherever they can
(one per employee for ideas, one per employee and behaviour measure for take-up,
one per measure for the employer's decisions, whether or not the value is
needed), so that even within a mechanism the draws of month ``t`` are the
same under any lever that does not change the number of employees or reps.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Mechanisms that draw while a run is set up, each with a stream of its own per run.
SETUP_STREAMS = (
    "organisation",  # union membership, colleague ties, rep seats
    "concern", "trust", "workload",  # staff's starting values
    "competence", "priority",  # local reps' starting values
    "history",  # which reps had worked on climate before the start
)
#: Mechanisms that draw every month.
MONTHLY_STREAMS = (
    "ideas",  # members raising climate ideas
    "competing",  # the competing agenda's hours of each rep
    "training",  # whether a rep gets a course
    "proposing",  # how many proposals a rep's worked ideas become
    "proposals",  # which measure a proposal names
    "employer",  # initiatives and decisions on proposals
    "uptake",  # staff taking up and dropping behaviour measures
)
STREAMS = SETUP_STREAMS + MONTHLY_STREAMS
#: Uniform draws for take-up are whole numbers below 2**32: each 64-bit output gives two.
DRAW_LEVELS = 2**32
#: A mechanism that draws the same number of values every month draws up to a year of them at once, up to
#: about this many values for the whole batch: one call per run a year instead of one a month.
BLOCK_VALUES = 2**22


def run_generators(seed: int, place: int, mechanisms: Sequence[str] = STREAMS) -> dict[str, np.random.Generator]:
    """The generators of one run, by mechanism: SFC64 seeded from ``SeedSequence(seed, spawn_key=(place,))``.

    ``place`` tells runs with the same seed apart, so that the municipalities
    of a sector run, all run with the sector's seed, draw independently:
    it is the municipality's number (0 for a municipality given only by size).
    """
    words = np.random.SeedSequence(seed, spawn_key=(place,)).generate_state(2 * len(STREAMS), np.uint64)
    seeds = {m: int(high) << 64 | int(low) for m, (high, low) in zip(STREAMS, words.reshape(-1, 2), strict=True)}
    return {m: np.random.Generator(np.random.SFC64(seeds[m])) for m in mechanisms}


class Streams:
    """The monthly streams of every run in a batch; a draw concatenates the runs' own draws, run after run.

    Each mechanism draws one kind of value only, so drawing several months at
    once gives each run exactly the values it would draw month by month: how
    many months a block holds (fewer in a large batch, to bound memory) never
    changes a result.

    Args:
        seeds: each run's seed.
        places: each run's place key (see :func:`run_generators`).
    """

    def __init__(self, seeds: Sequence[int], places: Sequence[int]):
        self._generators = [run_generators(seed, place, MONTHLY_STREAMS)
                            for seed, place in zip(seeds, places, strict=True)]
        self._blocks: dict[str, list] = {}

    def uniform(self, mechanism: str, counts: Sequence[int]) -> np.ndarray:
        """This month's ``counts[r]`` uniform draws in [0, 1) from each run ``r``'s stream, concatenated.

        For a mechanism that draws the same counts every month (drawn a block of months at a time).
        """
        return self._monthly(mechanism, counts, lambda generator, n: generator.random(n))

    def standard_gamma(self, mechanism: str, shape: float, counts: Sequence[int]) -> np.ndarray:
        """This month's ``counts[r]`` Gamma(``shape``, 1) draws from each run's stream (same counts every month)."""
        return self._monthly(mechanism, counts, lambda generator, n: generator.standard_gamma(shape, n))

    def levels(self, mechanism: str, counts: Sequence[int]) -> np.ndarray:
        """This month's ``counts[r]`` uniform whole numbers 0 to DRAW_LEVELS - 1 (uint32) from each run's stream.

        ``level / DRAW_LEVELS`` is a uniform draw; comparing levels with chances
        scaled by DRAW_LEVELS needs no conversion at all, and two levels come
        from each 64-bit output: take-up draws millions a month in a sector
        run. Counts must be even and the same every month.
        """
        return self._monthly(mechanism, counts, lambda generator, n: generator.bit_generator.random_raw(n // 2).view(
            np.uint32))

    def uniform_each(self, mechanism: str, counts: Sequence[int]) -> np.ndarray:
        """``counts[r]`` uniform draws from each run's stream, for a mechanism whose counts change month to month.

        Runs that draw nothing are not asked (drawing none leaves a stream where it was).
        """
        parts = [self._generators[r][mechanism].random(counts[r]) for r in np.flatnonzero(counts)]
        return parts[0] if len(parts) == 1 else np.concatenate([np.zeros(0), *parts])

    def _monthly(self, mechanism: str, counts: Sequence[int], draw) -> np.ndarray:
        """The next month's row of the mechanism's block, drawing a new block when it is used up."""
        block = self._blocks.get(mechanism)
        if block is None or block[1] == len(block[0]):
            months = int(np.clip(BLOCK_VALUES // max(int(np.sum(counts)), 1), 1, 12))
            parts = [draw(g[mechanism], months * int(n)).reshape(months, int(n))
                     for g, n in zip(self._generators, counts, strict=True)]
            if len(parts) == 1:
                values = parts[0]  # one run: its block as drawn, no copy
            else:
                values = np.concatenate([p.ravel() for p in parts])[None] if months == 1 else np.hstack(parts)
            block = self._blocks[mechanism] = [values, 0]
        block[1] += 1
        return block[0][block[1] - 1]
