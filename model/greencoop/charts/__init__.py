"""Charts shared by the workshop, the research reports and the sector: one look, drawn one way.

- :mod:`.style`: palette, band, type sizes and chart words, with no drawing
  library, for the workshop's kernels;
- :mod:`.bands`: ensembles as a median and a band, and groups' predictions
  beside the model's, drawn with pyplot.

Nothing is imported here, so importing the style does not import pyplot.
"""
