"""Runs shared by every kernel of one workshop server, kept on disk.

Each participant's page runs in its own kernel, and every page of a module
starts with the same two ensembles: today's practice and the module's starting
choice. Groups also try many of the same choices (the ends of a slider, the
round numbers). A run computed in one kernel is therefore written here and
read by all the others, so a room of 30 pages computes each of them once.

``greencoop present`` makes a fresh folder for each server (a changed model
never meets runs of an older one), fills it with the start of every module,
and names it in :data:`STORE_ENV` for its kernels. Without that variable
(JupyterLab, nbval, tests) the store is off and each kernel keeps its runs in
memory only.

A run is one ``.npy`` file named after a hash of every parameter value, the
seed and the greencoop version, written to a temporary name and renamed into
place, so a reader sees a whole run or none. It holds one record whose fields
are the outcomes: read in one piece, about five times faster than an ``.npz``
with one member per outcome, and a page reads some 24 runs as it opens.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from greencoop import __version__
from greencoop.params import Params

#: Environment variable naming the folder of shared runs.
STORE_ENV = "GREENCOOP_RUN_STORE"


def folder() -> Path | None:
    """The store's folder, or None when the store is off."""
    named = os.environ.get(STORE_ENV)
    return Path(named) if named else None


def run_key(params: Params, seed: int) -> str:
    """The file name of a run: a hash of every parameter value, the seed and the greencoop version.

    >>> run_key(Params(), 0) == run_key(Params(), 0) != run_key(Params(), 1)
    True
    """
    canonical = json.dumps({"parameters": params.as_dict(), "seed": seed, "greencoop": __version__},
                           sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32] + ".npy"


def load(params: Params, seed: int) -> dict[str, np.ndarray] | None:
    """The stored outcomes of a run, or None if the store is off or has not got it."""
    place = folder()
    if place is None:
        return None
    try:
        stored = np.load(place / run_key(params, seed))
    except (OSError, ValueError):  # not there yet (or unreadable: computed again)
        return None
    return {name: stored[name] for name in stored.dtype.names}


def save(params: Params, seed: int, outcomes: dict[str, np.ndarray]) -> None:
    """Keep a run's outcomes for the other kernels; a store that cannot be written is skipped silently."""
    place = folder()
    if place is None:
        return
    part = None
    try:
        with tempfile.NamedTemporaryFile(dir=place, suffix=".part", delete=False) as file:
            part = Path(file.name)
            np.save(file, as_record(outcomes))
        os.replace(part, place / run_key(params, seed))
    except OSError:  # a full or vanished folder costs speed, never a page
        if part is not None:
            part.unlink(missing_ok=True)


def as_record(outcomes: dict[str, np.ndarray]) -> np.ndarray:
    """The outcomes as one record, a field each (the form a run is stored in).

    >>> record = as_record({"trust": np.zeros(3), "workload": np.ones(3)})
    >>> record.dtype.names, record["workload"].tolist()
    (('trust', 'workload'), [1.0, 1.0, 1.0])
    """
    record = np.empty((), dtype=[(name, values.dtype, values.shape) for name, values in outcomes.items()])
    for name, values in outcomes.items():
        record[name] = values
    return record
