"""Make the repository root importable, so tests can reach ``benchmarks``; keep notebooks quick.

The whole-sector notebook (``workshops/07_sector.ipynb``) reads
``GREENCOOP_SECTOR_SAMPLE``: under the suite it runs a sample of six
municipalities instead of all 356. This file is loaded before the notebooks
are collected (``tests`` comes first in ``testpaths``), and the kernels nbval
starts inherit the environment.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GREENCOOP_SECTOR_SAMPLE", "6")
