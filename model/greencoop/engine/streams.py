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
from numba import njit

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
#: Uniform draws for take-up are whole numbers below 2**32: each 64-bit output gives two, low half first.
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
        self._states: dict[str, np.ndarray] = {}

    def standard_gamma(self, mechanism: str, shape: float, counts: Sequence[int]) -> np.ndarray:
        """This month's ``counts[r]`` Gamma(``shape``, 1) draws from each run's stream (same counts every month)."""
        return self._monthly(mechanism, counts, lambda generator, n: generator.standard_gamma(shape, n))

    def states(self, mechanism: str) -> np.ndarray:
        """(run x 4) each run's SFC64 state for ``mechanism``, for compiled loops that draw as they go.

        :func:`sfc64_next` and :func:`sfc64_uniform` draw from a row and advance it in
        place, exactly as NumPy's generator would: a loop over a million employees
        draws each value where it is used, with no array of draws in between. The
        same array is returned on every call; from the first, the mechanism draws
        only through it (its NumPy generators are retired, so nothing can draw
        from a stale copy).
        """
        if mechanism not in self._states:
            if mechanism in self._blocks:
                raise ValueError(f"'{mechanism}' already draws in blocks through NumPy")
            self._states[mechanism] = np.array([g.pop(mechanism).bit_generator.state["state"]["state"]
                                                for g in self._generators], dtype=np.uint64).reshape(-1, 4)
        return self._states[mechanism]

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


@njit(inline="always")
def sfc64_step(a, b, c, counter):
    """One step of NumPy's SFC64 (Chris Doty-Humphrey's Small Fast Chaotic generator): output and new state.

    Takes and gives the state as four words, so a loop drawing many values from one
    run can keep the state in local variables and write it back once.
    Callers keep NumPy's integer-overflow warnings off (the sums wrap by design).
    """
    out = a + b + counter
    return (out, b ^ (b >> np.uint64(11)), c + (c << np.uint64(3)), ((c << np.uint64(24)) | (c >> np.uint64(40))) + out,
            counter + np.uint64(1))


@njit(inline="always")
def uniform_of(out):
    """A 64-bit output as a uniform draw in [0, 1), as NumPy's ``random()`` makes it (the top 53 bits)."""
    return (out >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True)
def sfc64_next(states, run):
    """The next 64-bit output of run ``run``'s generator (row ``run`` of ``states``), advancing it.

    Step for step what NumPy's ``random_raw`` gives, so a compiled loop draws exactly NumPy's values.
    """
    out, states[run, 0], states[run, 1], states[run, 2], states[run, 3] = sfc64_step(
        states[run, 0], states[run, 1], states[run, 2], states[run, 3])
    return out


@njit(cache=True, nogil=True)
def sfc64_uniform(states, run):
    """A uniform draw in [0, 1) from run ``run``'s generator: NumPy's ``random()``."""
    return uniform_of(sfc64_next(states, run))
