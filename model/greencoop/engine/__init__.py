"""The engine: every rule of the model's month, written once over a batch of independent runs.

- :mod:`~greencoop.engine.runs`: a batch of runs laid out as arrays, and what each run starts with;
- :mod:`~greencoop.engine.streams`: a random stream per run and per mechanism;
- :mod:`~greencoop.engine.staff`, :mod:`~greencoop.engine.reps`, :mod:`~greencoop.engine.employer`:
  the actors' state and rules;
- :mod:`~greencoop.engine.month`: the month, in order, over all runs;
- :mod:`~greencoop.engine.results`: what is recorded and the tidy outcomes derived from it.

Where a month's rule is a handful of operations per run, rep or employee, it is a
loop compiled with Numba rather than many small NumPy calls, whose fixed cost
would exceed the work in a small batch. Each gives exactly the bits the NumPy
form gave (tests/test_engine.py runs the engine compiled and uncompiled). The
compiled code is cached on disk; Numba does not notice when a compiled function
it calls from another module changes (``streams.sfc64_next``,
``employer.numpy_sum``), so after editing one of those, delete the package's
``__pycache__`` folders: a stale cache shows as compiled != uncompiled.
"""
