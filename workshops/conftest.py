"""Run the notebooks here quickly under the test suite (nbval).

The whole-sector notebook reads ``GREENCOOP_SECTOR_SAMPLE``: under the suite
it runs a sample of municipalities spread over sizes instead of all 356. The
kernel nbval starts inherits this environment.
"""

import os

os.environ.setdefault("GREENCOOP_SECTOR_SAMPLE", "6")
