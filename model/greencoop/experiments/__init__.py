"""The research wing: scenario files, batches of runs, sensitivity analysis and reports.

- :mod:`.scenarios` reads and checks scenario files (named parameter sets with
  seeds and a sweep);
- :mod:`.batch` runs every (scenario, parameter set, seed) and writes tidy
  Parquet results, resuming where a batch stopped;
- :mod:`.sensitivity` scores outcomes over the declared parameter ranges with SALib;
- :mod:`.atlas` runs every lever over its range on common random numbers, and
  :mod:`.atlas_page` writes the lever atlas (charts, a page per language, tables);
- :mod:`.validation` compares the model's magnitudes with the sourced figures;
- :mod:`.report` runs a scenario for the report notebook ``scenarios/report.ipynb``.

It builds on the model core only; the sector wing (:mod:`greencoop.sector`)
builds its scenarios and batches on this one, never the other way round.
"""
