"""Make the repository root importable, so tests can reach ``benchmarks``."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
