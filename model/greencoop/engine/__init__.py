"""The engine: every rule of the model's month, written once over a batch of independent runs.

- :mod:`~greencoop.engine.runs`: a batch of runs laid out as arrays, and what each run starts with;
- :mod:`~greencoop.engine.streams`: a random stream per run and per mechanism;
- :mod:`~greencoop.engine.staff`, :mod:`~greencoop.engine.reps`, :mod:`~greencoop.engine.employer`:
  the actors' state and rules;
- :mod:`~greencoop.engine.month`: the month, in order, over all runs;
- :mod:`~greencoop.engine.results`: what is recorded and the tidy outcomes derived from it.
"""
